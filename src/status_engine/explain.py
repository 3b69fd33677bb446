"""Explanations from the solver's own derivations.

No template restates the law here.  The rule files are parsed with clingo's AST and each
rule ``H :- B`` gains a twin ``_why(N, H, (positive body atoms), (negated atoms)) :- B``,
so every model carries, for each derived atom, the rule (number ``N``, hence its
``rule(Id)``, file and line) and the atoms that made it fire.  From that:

* a **derivation tree** of a conclusion in a world where it holds, down to the scenario
  facts (file:line, evidence) and the cited article of every step;
* **what decides it**: a cover of the worlds where the conclusion holds (and where it
  does not) by minimal conditions on the open facts and positions, found by the solver
  (take a world, drop every condition that is not needed, block the region, repeat);
* **why not**: for a conclusion that does not hold, every rule that could derive it and
  the first of its conditions that fails;
* **contrast**: why one conclusion rather than another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Optional

import clingo
import clingo.ast as ast
from clingo import Function, Symbol

from .engine import ENFORCE, MECHANISM, SHOWN
from .rulebook import RuleBook

SCHEMA_VERSION = "status-engine/explanation/v1"
MAX_CASES = 32  # regions per value before merging (the Kursk cases need 12)

# The contract's verdict of one outcome in one world, as an atom (mechanism, no law).
VERDICT_MECHANISM = """
_verdict(P, O, forbidden) :- outcome(P, O), forbidden(P, O).
_verdict(P, O, required) :- outcome(P, O), obligatory(P, O), not forbidden(P, O).
_verdict(P, O, permitted) :- outcome(P, O), not obligatory(P, O), not forbidden(P, O).
"""
INPUT_PREDICATES = {"fact", "open", "domain", "rule", "state", "person", "party_at_start",
                    "has_profile", "profile", "profile_open", "profile_domain"}


# ------------------------------------------------------------------ the instrumented program

@dataclass(frozen=True)
class RuleMeta:
    """One rule of the rule base as the explanations see it."""

    index: int
    rule_id: Optional[str]  # from its rule(Id) literal; None for views (inputs.lp)
    file: str
    line: int
    text: str
    head: Any  # AST term
    body: tuple  # AST body literals


@dataclass
class Instrumented:
    statements: list
    metas: list[RuleMeta]
    by_head: dict[tuple[str, int], list[RuleMeta]]


def _rule_id(body: Iterable[Any]) -> Optional[str]:
    for lit in body:
        if lit.ast_type == ast.ASTType.Literal and lit.atom.ast_type == ast.ASTType.SymbolicAtom:
            term = lit.atom.symbol
            if term.ast_type == ast.ASTType.Function and term.name == "rule" and len(term.arguments) == 1:
                return str(term.arguments[0])
    return None


def _head_term(stm: Any) -> Any:
    head = stm.head
    if head.ast_type == ast.ASTType.Literal and head.sign == ast.Sign.NoSign \
            and head.atom.ast_type == ast.ASTType.SymbolicAtom:
        return head.atom.symbol
    return None


class _NameAnonymous(ast.Transformer):
    """``_`` in a positive literal becomes a fresh named variable, so it may be copied."""

    def __init__(self) -> None:
        self.n = 0

    def visit_Variable(self, node: Any) -> Any:
        if node.name != "_":
            return node
        self.n += 1
        return node.update(name=f"Anon_{self.n}")


def _has_anonymous(term: Any) -> bool:
    return "_" in {v for v in str(term).replace("(", " ").replace(")", " ").replace(",", " ").split()}


def _why_rule(meta_index: int, stm: Any, head: Any) -> Any:
    loc = stm.location
    namer = _NameAnonymous()
    body = []
    for lit in stm.body:
        if lit.ast_type == ast.ASTType.Literal and lit.atom.ast_type == ast.ASTType.SymbolicAtom \
                and lit.sign == ast.Sign.NoSign:
            lit = namer(lit)
        body.append(lit)
    pos, neg = [], []
    for lit in body:
        if lit.ast_type != ast.ASTType.Literal or lit.atom.ast_type != ast.ASTType.SymbolicAtom:
            continue
        term = lit.atom.symbol
        if term.ast_type == ast.ASTType.Function and term.name == "rule":
            continue
        if lit.sign == ast.Sign.NoSign:
            pos.append(term)
        elif not _has_anonymous(term):
            neg.append(term)
    tup = lambda items: ast.Function(loc, "", items, 0)  # noqa: E731
    why = ast.Function(loc, "_why", [ast.SymbolicTerm(loc, clingo.Number(meta_index)), head, tup(pos), tup(neg)], 0)
    return ast.Rule(loc, ast.Literal(loc, ast.Sign.NoSign, ast.SymbolicAtom(why)), body)


@lru_cache(maxsize=4)
def _instrument(files: tuple[str, ...]) -> Instrumented:
    statements: list = []
    metas: list[RuleMeta] = []

    def take(stm: Any) -> None:
        statements.append(stm)
        if stm.ast_type != ast.ASTType.Rule:
            return
        head = _head_term(stm)
        if head is None or head.ast_type != ast.ASTType.Function:
            return
        begin = stm.location.begin
        meta = RuleMeta(len(metas), _rule_id(stm.body), "rules/" + Path(begin.filename).name, begin.line, str(stm),
                        head, tuple(stm.body))
        metas.append(meta)
        statements.append(_why_rule(meta.index, stm, head))

    ast.parse_files(list(files), take)
    by_head: dict[tuple[str, int], list[RuleMeta]] = {}
    for m in metas:
        by_head.setdefault((m.head.name, len(m.head.arguments)), []).append(m)
    return Instrumented(statements, metas, by_head)


def instrumented(rules: RuleBook) -> Instrumented:
    return _instrument(tuple(str(f) for f in rules.files))


def explain_control(prep: Any, extra_atoms: Iterable[Symbol] = ()) -> clingo.Control:
    """A grounded Control over the instrumented rules, showing every atom."""
    inst = instrumented(prep.rules)
    ctl = clingo.Control(["--warn=none"])
    with ast.ProgramBuilder(ctl) as builder:
        for stm in inst.statements:
            builder.add(stm)
    ctl.add("base", [], MECHANISM + VERDICT_MECHANISM)
    with ctl.backend() as backend:
        for sym in [*prep.facts.atoms, *extra_atoms]:
            backend.add_rule([backend.add_atom(sym)])
    ctl.ground([("base", [])])
    ctl.assign_external(ENFORCE, True)
    return ctl


# ------------------------------------------------------------------------- data classes

@dataclass
class FactRef:
    """A scenario fact used by a derivation."""

    path: str
    value: str
    file: Optional[str] = None
    line: Optional[int] = None
    evidence: Optional[str] = None
    source: Optional[str] = None
    set_by: Optional[str] = None
    assumed: bool = False  # unknown in the scenario; this is the value of the world shown

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in (None, False)} | {"assumed": self.assumed}

    def text(self) -> str:
        where = f"{self.file}:{self.line}" if self.file and self.line else (self.set_by or "not in the file: default")
        extra = " (unknown; this world)" if self.assumed else ""
        ev = f"; evidence: {self.evidence}" if self.evidence else ""
        src = f"; source: {self.source}" if self.source else ""
        return f"{self.path} = {self.value}{extra} [{where}{ev}{src}]"


@dataclass
class Step:
    """One derived atom, the rule that derived it and what it rests on."""

    id: str
    atom: str
    rule_id: Optional[str]
    citation: Optional[str]
    paraphrase: Optional[str]
    verified: Optional[bool]
    rule_file: str
    rule_line: int
    facts: list[FactRef] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)  # negated conditions that held
    children: list["Step"] = field(default_factory=list)
    # For each negated condition a legal rule could have derived: why no rule did.
    absent_why: list["Failure"] = field(default_factory=list)
    instrument: Optional[str] = None  # the citation split (rules/sources.yaml)
    article: Optional[str] = None
    paragraph: Optional[str] = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "atom": self.atom, "rule": self.rule_id, "citation": self.citation,
            "instrument": self.instrument, "article": self.article, "paragraph": self.paragraph,
            "paraphrase": self.paraphrase, "verified": self.verified,
            "rule_location": f"{self.rule_file}:{self.rule_line}",
            "facts": [f.to_dict() for f in self.facts], "absent": self.absent,
            "absent_why": [f.to_dict() for f in self.absent_why],
            "children": [c.to_dict() for c in self.children],
        }

    def citations(self) -> list[str]:
        out = [f"{self.rule_id} [{self.citation}]"] if self.rule_id else []
        for c in self.children:
            out += [x for x in c.citations() if x not in out]
        return out

    def all_facts(self) -> list[FactRef]:
        out = list(self.facts)
        for c in self.children:
            out += [f for f in c.all_facts() if f.path not in {x.path for x in out}]
        return out


@dataclass
class Case:
    """A region of worlds, described by a minimal condition, with a derivation in one of them."""

    condition: list[tuple[str, list[str]]]  # (path, allowed values)
    derivation: Optional[Step] = None
    why_not: list["Failure"] = field(default_factory=list)
    # For a ``permitted`` verdict: the derivation of ``outcome(P, O)`` (why the outcome is
    # considered at all); its why-not lists the rules that could forbid or require it.
    scope: Optional[Step] = None

    def condition_text(self) -> str:
        if not self.condition:
            return "in every world"
        return " and ".join(f"{p}={'|'.join(v)}" for p, v in self.condition)

    def to_dict(self) -> dict[str, Any]:
        return {"condition": [{"path": p, "values": v} for p, v in self.condition],
                "derivation": self.derivation.to_dict() if self.derivation else None,
                "why_not": [f.to_dict() for f in self.why_not],
                "scope": self.scope.to_dict() if self.scope else None}


@dataclass
class Failure:
    """A rule that could have derived the atom, and the condition that failed."""

    rule_id: Optional[str]
    citation: Optional[str]
    paraphrase: Optional[str]
    failed: str
    rule_location: str
    because: list["Failure"] = field(default_factory=list)  # why the failed condition fails
    id: str = ""
    instrument: Optional[str] = None
    article: Optional[str] = None
    paragraph: Optional[str] = None
    verified: Optional[bool] = None
    # The scenario facts the failed condition tested (their actual values in this world).
    facts: list[FactRef] = field(default_factory=list)
    # For a failed ``not X``: the derivation of X, which holds and so blocks the rule.
    blocker: Optional[Step] = None

    def to_dict(self) -> dict[str, Any]:
        return {**{k: v for k, v in self.__dict__.items() if k not in ("because", "facts", "blocker")},
                "rule": self.rule_id,  # the same key as a Step's
                "facts": [f.to_dict() for f in self.facts],
                "blocker": self.blocker.to_dict() if self.blocker else None,
                "because": [b.to_dict() for b in self.because]}

    def text(self) -> str:
        head = f"{self.rule_id} [{self.citation}]" if self.rule_id else f"rule at {self.rule_location}"
        return f"{head}: fails at `{self.failed}`"

    def lines(self, indent: int = 0) -> list[str]:
        out = [" " * indent + self.text()]
        for b in self.because:
            out += b.lines(indent + 2)
        return out


@dataclass
class Explanation:
    """Why a status or verdict is what it is, for one person in one scenario."""

    scenario: str
    person: str
    key: str
    kind: str  # "status" or "outcome"
    value: str  # necessary/possible/absent, or required/permitted/forbidden/depends/absent
    cases: dict[str, list[Case]] = field(default_factory=dict)  # per world-value: where it holds
    mirror_of: Optional[str] = None  # explained through this identical person (not grounded himself)
    truncated: list[str] = field(default_factory=list)  # values with more than MAX_CASES regions (not all listed)

    def one_line(self) -> str:
        parts = []
        for value, cases in self.cases.items():
            if not cases:
                continue
            c = cases[0]
            cites = c.derivation.citations()[:2] if c.derivation else []
            if not cites and c.why_not:
                cites = [f.text() for f in c.why_not[:1]]
            cond = "" if c.condition_text() == "in every world" else f" if {c.condition_text()}"
            more = f" (+{len(cases) - 1} more case(s))" if len(cases) > 1 else ""
            parts.append(f"{value}{cond}: {'; '.join(cites) or 'no rule derives it'}{more}")
        return f"{self.person} {self.key} = {self.value} — " + " | ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        out = {"schema": SCHEMA_VERSION, "scenario": self.scenario, "person": self.person, "key": self.key,
               "kind": self.kind, "value": self.value,
               "cases": {v: [c.to_dict() for c in cs] for v, cs in self.cases.items()}}
        if self.mirror_of:
            out["mirror_of"] = self.mirror_of
        if self.truncated:
            out["truncated"] = self.truncated
        return out


@dataclass
class Reason:
    """What one conclusion is in one world, and why (used by contrasts)."""

    key: str
    value: str  # holds / does not hold (status); forbidden / required / permitted / absent (outcome)
    derivation: Optional[Step] = None
    why_not: list[Failure] = field(default_factory=list)
    scope: Optional[Step] = None  # permitted: why the outcome is considered

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "value": self.value,
                "derivation": self.derivation.to_dict() if self.derivation else None,
                "why_not": [f.to_dict() for f in self.why_not],
                "scope": self.scope.to_dict() if self.scope else None}


@dataclass
class ContrastCase:
    """A region of worlds where one conclusion holds and the other does not."""

    condition: list[tuple[str, list[str]]]
    first: Reason
    second: Reason

    def condition_text(self) -> str:
        return Case(self.condition).condition_text()

    def to_dict(self) -> dict[str, Any]:
        return {"condition": [{"path": p, "values": v} for p, v in self.condition],
                "first": self.first.to_dict(), "second": self.second.to_dict()}


@dataclass
class Contrast:
    """Why ``key`` rather than ``versus`` (see ``Explainer.contrast``)."""

    scenario: str
    person: str
    key: str
    versus: str
    first: Explanation
    second: Explanation
    rather: list[ContrastCase] = field(default_factory=list)  # key holds, versus does not
    instead: list[ContrastCase] = field(default_factory=list)  # versus holds, key does not

    def one_line(self) -> str:
        if not self.rather:
            return f"{self.person}: {self.key} never holds without {self.versus}"
        c = self.rather[0]
        cond = "" if not c.condition else f" if {c.condition_text()}"
        fail = c.second.why_not[0].text() if c.second.why_not else (
            c.second.derivation.citations()[0] if c.second.derivation and c.second.derivation.citations() else "")
        more = f" (+{len(self.rather) - 1} more case(s))" if len(self.rather) > 1 else ""
        return f"{self.person}: {self.key} rather than {self.versus}{cond}: {self.versus} {c.second.value}: {fail}{more}"

    def to_dict(self) -> dict[str, Any]:
        return {"schema": SCHEMA_VERSION, "scenario": self.scenario, "person": self.person, "key": self.key,
                "versus": self.versus, "first": self.first.to_dict(), "second": self.second.to_dict(),
                "rather": [c.to_dict() for c in self.rather], "instead": [c.to_dict() for c in self.instead]}


# -------------------------------------------------------------------------- the explainer

class Explainer:
    """Explains conclusions of one evaluated scenario; one Control, reused."""

    def __init__(self, ev: Any):
        self.ev = ev
        self.prep = ev.prepared
        self.rules = self.prep.rules
        self.inst = instrumented(self.rules)
        self.ctl = explain_control(self.prep)
        self.keys = list(self.prep.facts.open_domains())
        self.open_keys = {k for k, _ in self.keys}
        self._ids = 0
        self._contrasts = 0
        self.truncated = False  # whether the last cover stopped at MAX_CASES with worlds left
        self._lites: dict[Symbol, Any] = {}
        self._open_literals: Optional[list[tuple[Symbol, Symbol, int]]] = None
        self._compiled_rules: dict[int, tuple[Any, list]] = {}

    # -- public
    def explain(self, person: str, key: str) -> Explanation:
        res = self.ev.result["persons"].get(person)
        if res is None:
            raise KeyError(f"no person {person!r}")
        rep = self.prep.facts.mirror_of.get(person)
        if rep is not None:  # not grounded: he mirrors an identical person
            exp = self.explain(rep, key)
            exp.person, exp.mirror_of = person, rep
            return exp
        pid = Function(person)
        if ":" in key:
            term = _outcome_term(key)
            value = res["outcomes"].get(key, "absent")
            exp = Explanation(self.ev.result["scenario"], person, key, "outcome", value)
            forbidden, obligatory = Function("forbidden", [pid, term]), Function("obligatory", [pid, term])
            for v in ("forbidden", "required", "permitted"):
                self.truncated = False
                target = Function("_verdict", [pid, term, Function(v)])
                if v == "permitted":  # nothing forbids it and nothing obliges it
                    cases = self._cases(target, True, forbidden, derive=False, also=(obligatory,),
                                        scope=Function("outcome", [pid, term]))
                else:
                    cases = self._cases(target, True, forbidden if v == "forbidden" else obligatory, derive=True)
                if cases:
                    exp.cases[v] = cases
                    if self.truncated:
                        exp.truncated.append(v)
            if not exp.cases:  # never considered for him: why no rule puts it on the table
                exp.cases["absent"] = self._cases(Function("outcome", [pid, term]), False,
                                                  Function("outcome", [pid, term]), derive=False)
            _number(exp)
            return exp
        value = res["status"].get(key, "absent")
        exp = Explanation(self.ev.result["scenario"], person, key, "status", value)
        target = Function("status", [pid, Function(key)])
        for v, want, derive in (("holds", True, True), ("does not hold", False, False)):
            self.truncated = False
            exp.cases[v] = self._cases(target, want, target, derive=derive)
            if self.truncated:
                exp.truncated.append(v)
        _number(exp)
        return exp

    def why_not(self, person: str, key: str) -> list[Failure]:
        """Rules that could derive the conclusion, and what fails, in a world where it fails."""
        exp = self.explain(person, key)
        label = "does not hold" if exp.kind == "status" else None
        cases = exp.cases.get(label, []) if label else [c for v, cs in exp.cases.items() for c in cs]
        return [f for c in cases for f in c.why_not]

    def conclusions(self, person: str) -> tuple[list[str], list[str]]:
        """Status names and outcome keys the rules could derive for a person (for checking a key)."""
        from .verdicts import outcome_key

        pid = Function(self.prep.facts.mirror_of.get(person, person))
        statuses = {str(m.head.arguments[1]) for m in self.inst.by_head.get(("status", 2), [])
                    if m.head.arguments[1].ast_type == ast.ASTType.SymbolicTerm}
        outcomes = set()
        for a in self.ctl.symbolic_atoms.by_signature("status", 2):
            if a.symbol.arguments[0] == pid:
                statuses.add(str(a.symbol.arguments[1]))
        for a in self.ctl.symbolic_atoms.by_signature("outcome", 2):
            if a.symbol.arguments[0] == pid:
                outcomes.add(outcome_key(a.symbol.arguments[1]))
        return sorted(statuses), sorted(outcomes)

    def could_derive(self, person: str, key: str) -> bool:
        """Whether some rule could conclude ``key`` (a status name, or an outcome verb:args)."""
        statuses, outcomes = self.conclusions(person)
        if key in statuses or key in outcomes:
            return True
        if ":" not in key:
            return False
        verb = key.partition(":")[0]
        heads = self.inst.by_head.get(("outcome", 2), [])
        return any(m.head.arguments[1].ast_type == ast.ASTType.Function and m.head.arguments[1].name == verb
                   for m in heads)

    def contrast(self, person: str, key: str, versus: str) -> "Contrast":
        """Why ``key`` rather than ``versus``: where one holds and the other does not.

        A status *holds* in a world where it is derived; an outcome *holds* where it is
        allowed (considered and not forbidden).  ``rather`` covers the worlds where ``key``
        holds and ``versus`` does not, ``instead`` the converse; each region comes with the
        reason of both conclusions in one of its worlds (a derivation, or the rules that
        fail and where).
        """
        rep = self.prep.facts.mirror_of.get(person, person)
        first, second = self.explain(person, key), self.explain(person, versus)
        a, b = self._holds_literal(rep, key), self._holds_literal(rep, versus)
        out = Contrast(self.ev.result["scenario"], person, key, versus, first, second)
        for name, (x, y) in (("rather", (a, b)), ("instead", (b, a))):
            self._contrasts += 1
            target = Function("_contrast", [clingo.Number(self._contrasts)])
            with self.ctl.backend() as backend:
                lit = backend.add_atom(target)
                backend.add_rule([lit], [x, -y])

            def make(world: dict, minimal: list) -> "ContrastCase":
                return ContrastCase(self._condition(minimal), self._reason(rep, key, world),
                                    self._reason(rep, versus, world))

            setattr(out, name, self._merge(self._cover(target, True, make)))
        _number_contrast(out)
        return out

    # -- regions of worlds
    def _cases(self, target: Symbol, want: bool, detail: Symbol, derive: bool,
               also: tuple[Symbol, ...] = (), scope: Optional[Symbol] = None) -> list[Case]:
        """Cover the worlds where ``target`` is ``want`` by minimal conditions on open facts.

        In one world of each region, ``detail`` is derived (``derive``) or the rules that
        could derive it (and ``also``) are shown failing (why-not); ``scope`` is derived too.
        """
        if self.ctl.symbolic_atoms[target] is None:  # derivable in no world
            if want:
                return []
            world = self._world([])
            return [Case([], None, [f for d in (detail, *also) for f in self._failures(d, world)])]

        def make(world: dict, minimal: list) -> Case:
            case = Case(self._condition(minimal))
            if derive:
                case.derivation = self._derive(detail, world)
            else:
                case.why_not = [f for d in (detail, *also) for f in self._failures(d, world)]
            if scope is not None:
                case.scope = self._derive(scope, world)
            return case

        return self._merge(self._cover(target, want, make))

    def _cover(self, target: Symbol, want: bool, make: Any) -> list:
        """Regions (minimal conditions) covering the worlds where ``target`` is ``want``."""
        if self.ctl.symbolic_atoms[target] is None:
            return []
        guard = self._guard()
        cases: list = []
        while len(cases) < MAX_CASES:
            world = self._world([(target, want), guard])
            if world is None:
                break
            minimal = self._shrink(target, want, list(world["open"].items()))
            self._block(guard, minimal)
            cases.append(self._closest_case(target, want, make, world, minimal))
        # Is the cover complete?  (Beyond MAX_CASES regions, the rest is not listed.)
        self.truncated = len(cases) >= MAX_CASES and self._world([(target, want), guard]) is not None
        return cases

    def _closest_case(self, target: Symbol, want: bool, make: Any, world: dict, minimal: list) -> Any:
        """The region's reason, shown in a world where it turns on the region's condition.

        The world shown keeps the region's condition and takes its other open values from
        a world on the other side that differs from the condition in one key only (one
        such world exists per key, as the condition is minimal): then every rule's
        failure (or the derivation) points at the condition rather than at values that
        merely happen to hold.  Of those candidates, the one whose reason tests most of
        the condition's facts and fewest other open facts is kept.
        """
        fixed = [(Function("fact", [k, v]), True) for k, v in minimal]
        keys = {k for k, _ in minimal}
        candidates = []
        for i in range(min(len(minimal), 3)):
            other = self._world(fixed[:i] + fixed[i + 1:] + [(target, not want)])
            if other is None:
                continue
            closest = self._world(fixed + [(Function("fact", [k, v]), True) for k, v in other["open"].items()
                                           if k not in keys])
            if closest is not None:
                candidates.append(closest)
        if not candidates:
            return make(world, minimal)
        if len(candidates) == 1:
            return make(candidates[0], minimal)
        paths = {self.prep.facts.info(k).path if self.prep.facts.info(k) else str(k) for k in keys}
        best, best_score = None, None
        for cand in candidates:
            case = make(cand, minimal)
            used = _fact_refs(case)
            score = (len({f.path for f in used if f.path in paths}),
                     -len({f.path for f in used if f.assumed and f.path not in paths}))
            if best_score is None or score > best_score:
                best, best_score = case, score
        return best

    def _holds_literal(self, person: str, key: str) -> int:
        """A program literal true in the worlds where the conclusion holds (see ``contrast``)."""
        pid = Function(person)
        with self.ctl.backend() as backend:
            if ":" not in key:
                atom = self.ctl.symbolic_atoms[Function("status", [pid, Function(key)])]
                return atom.literal if atom is not None else backend.add_atom()  # no rule: false
            term = _outcome_term(key)
            lit = backend.add_atom()
            for v in ("required", "permitted"):
                atom = self.ctl.symbolic_atoms[Function("_verdict", [pid, term, Function(v)])]
                if atom is not None:
                    backend.add_rule([lit], [atom.literal])
            return lit

    def _reason(self, person: str, key: str, world: dict) -> "Reason":
        """What a conclusion is in one world and why."""
        pid = Function(person)
        atoms = _atom_set(world)
        if ":" not in key:
            atom = Function("status", [pid, Function(key)])
            if atom in atoms:
                return Reason(key, "holds", self._derive(atom, world))
            return Reason(key, "does not hold", None, self._failures(atom, world))
        term = _outcome_term(key)
        outcome, forbidden = Function("outcome", [pid, term]), Function("forbidden", [pid, term])
        obligatory = Function("obligatory", [pid, term])
        if outcome not in atoms:
            return Reason(key, "absent", None, self._failures(outcome, world))
        if forbidden in atoms:
            return Reason(key, "forbidden", self._derive(forbidden, world))
        if obligatory in atoms:
            return Reason(key, "required", self._derive(obligatory, world))
        return Reason(key, "permitted", None, self._failures(forbidden, world) + self._failures(obligatory, world),
                      self._derive(outcome, world))

    def _guard(self) -> int:
        """A fresh switch for the regions blocked while covering one conclusion."""
        with self.ctl.backend() as backend:
            lit = backend.add_atom()
            backend.add_external(lit, clingo.TruthValue.Free)
        return lit

    def _block(self, guard: int, region: list[tuple[Symbol, Symbol]]) -> None:
        """Exclude the worlds of an explained region (while ``guard`` is assumed)."""
        lits = [guard] + [self.ctl.symbolic_atoms[Function("fact", [k, v])].literal for k, v in region]
        with self.ctl.backend() as backend:
            backend.add_rule([], lits)

    def _world(self, assumptions: list) -> Optional[dict]:
        """One world satisfying the assumptions (symbols with a truth value, or literals)."""
        found: dict[str, Any] = {}

        if self._open_literals is None:  # each open key's values as program literals, once
            self._open_literals = []
            for k, domain in self.keys:
                for v in domain:
                    atom = self.ctl.symbolic_atoms[Function("fact", [k, v])]
                    if atom is not None:
                        self._open_literals.append((k, v, atom.literal))

        def on_model(m: clingo.Model) -> None:
            found["atoms"] = m.symbols(atoms=True)
            opened = {k: v for k, v, lit in self._open_literals if m.is_true(lit)}
            found["open"] = {k: opened[k] for k, _ in self.keys if k in opened}

        self.ctl.configuration.solve.models = 1
        self.ctl.solve(assumptions=assumptions, on_model=on_model)
        return found or None

    def _holds_everywhere(self, target: Symbol, want: bool, region: list[tuple[Symbol, Symbol]]) -> bool:
        lits = [(Function("fact", [k, v]), True) for k, v in region] + [(target, not want)]
        self.ctl.configuration.solve.models = 1
        return self.ctl.solve(assumptions=lits).unsatisfiable

    def _shrink(self, target: Symbol, want: bool, assignment: list) -> list:
        region = list(assignment)
        for item in list(assignment):
            trial = [x for x in region if x != item]
            if self._holds_everywhere(target, want, trial):
                region = trial
        return region

    def _condition(self, region: list[tuple[Symbol, Symbol]]) -> list[tuple[str, list[str]]]:
        out = []
        for k, v in region:
            info = self.prep.facts.info(k)
            out.append((info.path if info else str(k), [str(v)]))
        return sorted(out)

    @staticmethod
    def _merge(cases: list[Case]) -> list[Case]:
        """Join cases that differ only in the value of one condition."""
        merged: list[Case] = []
        for c in cases:
            for m in merged:
                if len(m.condition) == len(c.condition) and [p for p, _ in m.condition] == [p for p, _ in c.condition]:
                    diff = [i for i, (a, b) in enumerate(zip(m.condition, c.condition)) if a[1] != b[1]]
                    if len(diff) == 1:
                        i = diff[0]
                        m.condition[i] = (m.condition[i][0], sorted(set(m.condition[i][1]) | set(c.condition[i][1])))
                        break
            else:
                merged.append(c)
        return merged

    # -- derivations
    def _derive(self, atom: Symbol, world: dict, seen: Optional[set] = None, why_absent: bool = True
                ) -> Optional[Step]:
        """The derivation of ``atom`` in ``world``; with ``why_absent``, each negated condition
        that a legal rule could have derived comes with why it was not derived."""
        seen = set() if seen is None else seen
        if atom in seen:
            return None
        seen = seen | {atom}
        whys = list(_index(world)["why"].get(atom, ()))
        if not whys:
            return None
        # Prefer a legal rule (with an id) over a view; then the lowest rule number (stable).
        whys.sort(key=lambda a: (self.inst.metas[a.arguments[0].number].rule_id is None, a.arguments[0].number))
        why = whys[0]
        meta = self.inst.metas[why.arguments[0].number]
        pos, neg = why.arguments[2].arguments, why.arguments[3].arguments
        step = self._step(atom, meta)
        for b in pos:
            if b.name == "fact" and len(b.arguments) == 2:
                step.facts.append(self._fact_ref(b, world))
            elif b.name in INPUT_PREDICATES:
                continue
            else:
                child = self._derive(b, world, seen, why_absent)
                if child is None:
                    continue
                if child.rule_id is None:  # a view: show what it rests on directly
                    step.facts += [f for f in child.facts if f not in step.facts]
                    step.children += child.children
                    step.absent += child.absent
                    step.absent_why += child.absent_why
                else:
                    step.children.append(child)
        step.absent += [str(n) for n in neg]
        if why_absent:
            for n in neg:
                if any(m.rule_id for m in self.inst.by_head.get((n.name, len(n.arguments)), [])):
                    step.absent_why += self._failures(n, world, 4)
        return step

    def _step(self, atom: Symbol, meta: RuleMeta) -> Step:
        src = self.rules.sources.get(meta.rule_id) if meta.rule_id else None
        self._ids += 1
        return Step(f"n{self._ids}", str(atom), meta.rule_id, src.citation if src else None,
                    src.paraphrase if src else None, src.verified if src else None, meta.file, meta.line,
                    instrument=src.instrument if src else None, article=src.article if src else None,
                    paragraph=(src.paragraph or None) if src else None)

    def _fact_ref(self, fact: Symbol, world: dict) -> FactRef:
        key, value = fact.arguments
        info = self.prep.facts.info(key)
        if info is None:
            return FactRef(str(key), str(value))
        line = None
        set_by = self.prep.provenance.get(info.path)
        if set_by and set_by.startswith("events["):
            line, _ = self.prep.located.where(("events", int(set_by[7:set_by.index("]")])))
        elif not set_by:
            line, _ = self.prep.located.where(info.loc) if _present(self.prep.located, info.loc) else (None, None)
        return FactRef(info.path, str(value), self.prep.located.file if line else None, line,
                       info.fact.evidence, info.fact.source, set_by, key in self.open_keys)

    # -- why not: a small evaluator over plain Python values (clingo symbols cost a C call per part)
    def _lite(self, sym: Symbol) -> Any:
        """A symbol as a plain value: int, ('"', text) for a string, (name, *args) for a function."""
        got = self._lites.get(sym)
        if got is None:
            t = sym.type
            if t == clingo.SymbolType.Function:
                got = (sym.name, *(self._lite(a) for a in sym.arguments))
            elif t == clingo.SymbolType.Number:
                got = sym.number
            elif t == clingo.SymbolType.String:
                got = ('"', sym.string)
            else:
                got = ("\0x", str(sym))
            self._lites[sym] = got
        return got

    def _lite_index(self, world: dict) -> dict:
        """A world's atoms (but ``_why``) as plain values: a set, by signature, facts by key."""
        if "_lite" not in world:
            true: set = set()
            by_name: dict[tuple[str, int], list] = {}
            facts: dict[Any, list[Symbol]] = {}
            for a in _index(world)["plain"]:
                x = self._lite(a)
                true.add(x)
                if type(x) is tuple:
                    by_name.setdefault((x[0], len(x) - 1), []).append(x)
                    if x[0] == "fact" and len(x) == 3:
                        facts.setdefault(x[1], []).append(a)
            world["_lite"] = {"true": true, "by_name": by_name, "facts": facts}
        return world["_lite"]

    def _compiled(self, meta: RuleMeta) -> tuple[Any, list]:
        """A rule's head and body literals as patterns over plain values (once per rule)."""
        got = self._compiled_rules.get(meta.index)
        if got is None:
            got = (_compile(meta.head, self._lite), _compile_body(meta.body, self._lite))
            self._compiled_rules[meta.index] = got
        return got

    # -- why not
    def _failures(self, atom: Symbol, world: Optional[dict], depth: int = 5) -> list[Failure]:
        if world is None or depth == 0:
            return []
        index = self._lite_index(world)
        target = self._lite(atom)
        out = []
        for meta in self.inst.by_head.get((atom.name, len(atom.arguments)), []):
            head, body = self._compiled(meta)
            binding = _lunify(head, target, {})
            if binding is None:
                continue
            failed = _lfirst_failure(body, [binding], index["true"], index["by_name"])
            if failed is None:
                continue
            src = self.rules.sources.get(meta.rule_id) if meta.rule_id else None
            because, facts, blocker = [], [], None
            negated = failed.startswith("not ")
            ground = _ground_atom(failed[4:] if negated else failed)
            if ground is not None and ground.name == "fact" and len(ground.arguments) == 2:
                facts = [self._fact_ref(f, world) for f in index["facts"].get(self._lite(ground.arguments[0]), ())]
                if not facts and self.prep.facts.info(ground.arguments[0]) is not None:
                    facts = [FactRef(self.prep.facts.info(ground.arguments[0]).path, "(no value)")]
            elif ground is not None and negated:
                blocker = self._derive(ground, world, why_absent=False)  # it holds: what it rests on
            elif ground is not None and ground.name in {k[0] for k in self.inst.by_head} and ground.name != atom.name:
                because = self._failures(ground, world, depth - 1)  # a ground atom the rules could derive
            elif ground is None and not negated:  # e.g. pow_ground(ri,_): every rule that could derive it
                pattern = _pattern_atom(failed)
                if pattern is not None and pattern.name in {k[0] for k in self.inst.by_head} \
                        and pattern.name != atom.name:
                    because = self._failures(pattern, world, depth - 1)
            out.append(Failure(meta.rule_id, src.citation if src else None, src.paraphrase if src else None,
                               failed, f"{meta.file}:{meta.line}", because,
                               instrument=src.instrument if src else None, article=src.article if src else None,
                               paragraph=(src.paragraph or None) if src else None,
                               verified=src.verified if src else None, facts=facts, blocker=blocker))
        return out


def _fact_refs(case: Any) -> list[FactRef]:
    """Every scenario fact a case's reason mentions (derivation, scope, why-not)."""
    out: list[FactRef] = []
    roots = [getattr(case, "derivation", None), getattr(case, "scope", None)]
    reasons = [getattr(case, "first", None), getattr(case, "second", None)]
    for r in reasons:
        if r is not None:
            roots += [r.derivation, r.scope]
    stack: list[Any] = list(getattr(case, "why_not", []))
    for r in reasons:
        if r is not None:
            stack += r.why_not
    steps = [r for r in roots if r is not None]
    while steps:
        st = steps.pop()
        out += st.facts
        stack += st.absent_why
        steps += st.children
    while stack:
        f = stack.pop()
        out += f.facts
        if f.blocker is not None:
            steps = [f.blocker]
            while steps:
                st = steps.pop()
                out += st.facts
                steps += st.children
        stack += f.because
    return out


def _ground_atom(text: str) -> Optional[Symbol]:
    """The failed condition as a ground atom, if it is one (not a comparison, no variable)."""
    text = text.removesuffix(" (rule switched off)")
    if "(" not in text or " " in text.split("(")[0]:
        return None
    try:
        sym = clingo.parse_term(text)
    except RuntimeError:
        return None  # not ground (an unbound variable)
    return sym if sym.type == clingo.SymbolType.Function else None


WILDCARD = "any__"  # stands for a variable of a failed condition (matches any value)


def _pattern_atom(text: str) -> Optional[Symbol]:
    """A failed condition with variables, as a symbol whose variables are wildcards."""
    import re

    if "(" not in text or " " in text.split("(")[0] or '"' in text:
        return None
    try:
        sym = clingo.parse_term(re.sub(r"(?<![A-Za-z0-9_'])(_[A-Za-z0-9_']*|[A-Z][A-Za-z0-9_']*)", WILDCARD, text))
    except RuntimeError:
        return None
    return sym if sym.type == clingo.SymbolType.Function else None


def _outcome_term(key: str) -> Symbol:
    """``transfer:rok`` -> ``transfer(rok)`` (the inverse of ``verdicts.outcome_key``)."""
    verb, _, arg = key.partition(":")
    return Function(verb, [Function(a) if not a.isdigit() else clingo.Number(int(a)) for a in arg.split(",")])


def _number(exp: "Explanation") -> None:
    """Stable node ids: their place in the explanation (person/key/value/case/path)."""
    base = f"{exp.person}/{exp.key}"
    for value, cases in exp.cases.items():
        for i, c in enumerate(cases):
            _number_case(c, f"{base}/{value.replace(' ', '-')}/{i}")


def _number_case(c: Any, pre: str) -> None:
    if isinstance(c, ContrastCase):
        _number_reason(c.first, pre + "/a")
        _number_reason(c.second, pre + "/b")
        return
    if c.derivation:
        _number_step(c.derivation, pre + "/d")
    if c.scope:
        _number_step(c.scope, pre + "/s")
    for j, f in enumerate(c.why_not):
        _number_failure(f, f"{pre}/w{j}")


def _number_reason(r: "Reason", pre: str) -> None:
    if r.derivation:
        _number_step(r.derivation, pre + "/d")
    if r.scope:
        _number_step(r.scope, pre + "/s")
    for j, f in enumerate(r.why_not):
        _number_failure(f, f"{pre}/w{j}")


def _number_contrast(c: "Contrast") -> None:
    for name in ("rather", "instead"):
        for i, case in enumerate(getattr(c, name)):
            _number_case(case, f"{c.person}/{c.key}~{c.versus}/{name}/{i}")


def _number_step(step: Step, sid: str) -> None:
    step.id = sid
    for k, child in enumerate(step.children):
        _number_step(child, f"{sid}.{k}")
    for k, f in enumerate(step.absent_why):
        _number_failure(f, f"{sid}/n{k}")


def _number_failure(f: Failure, fid: str) -> None:
    f.id = fid
    if f.blocker:
        _number_step(f.blocker, fid + "/b")
    for k, b in enumerate(f.because):
        _number_failure(b, f"{fid}.{k}")


def _present(located: Any, loc: tuple) -> bool:
    cur = located.data
    for part in loc:
        if isinstance(cur, dict) and part in cur:
            cur = cur[part]
        elif isinstance(cur, list) and isinstance(part, int) and part < len(cur):
            cur = cur[part]
        else:
            return False
    return True


# ----------------------------------------------------------- a tiny evaluator for why-not

def _term_value(term: Any, binding: dict) -> Optional[Symbol]:
    t = term.ast_type
    if t == ast.ASTType.Variable:
        return binding.get(term.name)
    if t == ast.ASTType.SymbolicTerm:
        return term.symbol
    if t == ast.ASTType.Function:
        args = [_term_value(a, binding) for a in term.arguments]
        if any(a is None for a in args):
            return None
        return Function(term.name, args)
    return None


def _unify(pattern: Any, sym: Symbol, binding: dict) -> Optional[dict]:
    if sym.type == clingo.SymbolType.Function and sym.name == WILDCARD and not sym.arguments:
        return binding  # a wildcard matches anything and binds nothing
    t = pattern.ast_type
    if t == ast.ASTType.Variable:
        if pattern.name == "_":
            return binding
        if pattern.name in binding:
            return binding if binding[pattern.name] == sym else None
        return {**binding, pattern.name: sym}
    if t == ast.ASTType.SymbolicTerm:
        return binding if pattern.symbol == sym else None
    if t == ast.ASTType.Function:
        if sym.type != clingo.SymbolType.Function or sym.name != pattern.name \
                or len(sym.arguments) != len(pattern.arguments):
            return None
        for p, s in zip(pattern.arguments, sym.arguments):
            binding = _unify(p, s, binding)
            if binding is None:
                return None
        return binding
    return None


def _compare(op: Any, a: Symbol, b: Symbol) -> bool:
    name = str(op).split(".")[-1]
    return {"Equal": a == b, "NotEqual": a != b, "LessThan": a < b, "LessEqual": a <= b,
            "GreaterThan": a > b, "GreaterEqual": a >= b}.get(name, True)


def _atom_set(world: dict) -> set[Symbol]:
    if "_set" not in world:
        world["_set"] = set(world["atoms"])
    return world["_set"]


def _index(world: dict) -> dict:
    """A world's atoms indexed once: ``_why`` atoms by derived atom, all atoms by signature."""
    if "_index" not in world:
        why: dict[Symbol, list[Symbol]] = {}
        plain: list[Symbol] = []
        for a in world["atoms"]:
            if a.type == clingo.SymbolType.Function and a.name == "_why":
                why.setdefault(a.arguments[1], []).append(a)
            else:
                plain.append(a)
        world["_index"] = {"why": why, "plain": plain}
    return world["_index"]


def _first_failure(body: tuple, bindings: list[dict], true: set[Symbol],
                   by_name: Optional[dict[tuple[str, int], list[Symbol]]] = None) -> Optional[str]:
    """Walk the body left to right; the first literal no binding survives is the failure."""
    if by_name is None:
        by_name = {}
        for a in true:
            if a.type == clingo.SymbolType.Function:
                by_name.setdefault((a.name, len(a.arguments)), []).append(a)
    for lit in body:
        if lit.ast_type != ast.ASTType.Literal:
            continue
        if lit.atom.ast_type == ast.ASTType.SymbolicAtom:
            term = lit.atom.symbol
            if term.ast_type == ast.ASTType.Function and term.name == "rule":
                rid = _term_value(term, {})
                if rid is not None and Function("rule", [rid.arguments[0]]) not in true:
                    return f"{term} (rule switched off)"
                continue
            if lit.sign == ast.Sign.NoSign:
                nxt = []
                for b in bindings:
                    for cand in by_name.get((term.name, len(term.arguments)), []) if term.ast_type == ast.ASTType.Function else []:
                        nb = _unify(term, cand, b)
                        if nb is not None:
                            nxt.append(nb)
                if not nxt:
                    return _show(term, bindings[0] if bindings else {})
                bindings = nxt[:200]
            else:
                nxt = [b for b in bindings if _term_value(term, b) not in true]
                if not nxt:
                    return "not " + _show(term, bindings[0])
                bindings = nxt
        elif lit.atom.ast_type == ast.ASTType.Comparison:
            cmp = lit.atom
            nxt = []
            for b in bindings:
                left = _term_value(cmp.term, b)
                ok = True
                for guard in cmp.guards:
                    right = _term_value(guard.term, b)
                    if left is not None and right is not None and not _compare(guard.comparison, left, right):
                        ok = False
                if ok:
                    nxt.append(b)
            if not nxt:
                return _show(cmp, bindings[0])
            bindings = nxt
    return None


def _show(term: Any, binding: dict) -> str:
    text = str(term)
    for name, value in sorted(binding.items(), key=lambda kv: -len(kv[0])):
        text = _replace_var(text, name, str(value))
    return text


def _replace_var(text: str, name: str, value: str) -> str:
    import re

    return re.sub(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", value, text)


# Patterns over plain values: ("\0v", name) is a variable, ("\0x", text) a term the evaluator
# does not compute (arithmetic, pools); anything else is a value or a function pattern.
_VAR, _OTHER = "\0v", "\0x"
_WILD = (WILDCARD,)


def _compile(term: Any, lite: Any) -> Any:
    t = term.ast_type
    if t == ast.ASTType.Variable:
        return (_VAR, term.name)
    if t == ast.ASTType.SymbolicTerm:
        return lite(term.symbol)
    if t == ast.ASTType.Function and not term.external:
        return (term.name, *(_compile(a, lite) for a in term.arguments))
    return (_OTHER, str(term))


def _compile_body(body: tuple, lite: Any) -> list:
    """Body literals as ("rule", value, text) / ("pos"|"neg", pattern, ast) / ("cmp", left, guards, ast)."""
    out = []
    for lit in body:
        if lit.ast_type != ast.ASTType.Literal:
            continue
        if lit.atom.ast_type == ast.ASTType.SymbolicAtom:
            term = lit.atom.symbol
            pattern = _compile(term, lite)
            if term.ast_type == ast.ASTType.Function and term.name == "rule":
                out.append(("rule", _lvalue(pattern, {}), str(term)))
            elif lit.sign == ast.Sign.NoSign:
                out.append(("pos", pattern, term))
            else:
                out.append(("neg", pattern, term))
        elif lit.atom.ast_type == ast.ASTType.Comparison:
            cmp = lit.atom
            guards = [(str(g.comparison).split(".")[-1], _compile(g.term, lite)) for g in cmp.guards]
            out.append(("cmp", _compile(cmp.term, lite), guards, cmp))
    return out


def _lunify(p: Any, v: Any, b: dict) -> Optional[dict]:
    if v == _WILD:
        return b  # a wildcard matches anything and binds nothing
    if type(p) is tuple:
        head = p[0] if p else None
        if head == _VAR:
            name = p[1]
            if name == "_":
                return b
            if name in b:
                return b if b[name] == v else None
            nb = dict(b)
            nb[name] = v
            return nb
        if head == _OTHER or type(v) is not tuple or len(v) != len(p) or v[0] != head:
            return None
        for pi, vi in zip(p[1:], v[1:]):
            b = _lunify(pi, vi, b)
            if b is None:
                return None
        return b
    return b if p == v else None


def _lvalue(p: Any, b: dict) -> Any:
    if type(p) is tuple:
        head = p[0] if p else None
        if head == _VAR:
            return b.get(p[1])
        if head == _OTHER:
            return None
        args = [_lvalue(a, b) for a in p[1:]]
        if any(a is None for a in args):
            return None
        return (head, *args)
    return p


def _lstr(v: Any) -> str:
    if type(v) is int:
        return str(v)
    if v[0] == '"':
        return '"' + v[1].replace("\\", "\\\\").replace('"', '\\"') + '"'
    if v[0] == _OTHER:
        return v[1]
    args = ",".join(_lstr(a) for a in v[1:])
    return f"{v[0]}({args})" if len(v) > 1 else (v[0] or "()")


def _lcompare(op: str, a: Any, b: Any) -> bool:
    if op == "Equal":
        return a == b
    if op == "NotEqual":
        return a != b
    x, y = clingo.parse_term(_lstr(a)), clingo.parse_term(_lstr(b))  # an order: clingo's own
    return {"LessThan": x < y, "LessEqual": x <= y, "GreaterThan": x > y, "GreaterEqual": x >= y}.get(op, True)


def _lfirst_failure(body: list, bindings: list[dict], true: set,
                    by_name: dict[tuple[str, int], list]) -> Optional[str]:
    """Walk the body left to right; the first literal no binding survives is the failure."""
    for item in body:
        kind = item[0]
        if kind == "rule":
            if item[1] is not None and item[1] not in true:
                return f"{item[2]} (rule switched off)"
            continue
        if kind == "pos":
            pattern, term = item[1], item[2]
            cands = by_name.get((pattern[0], len(pattern) - 1), []) \
                if type(pattern) is tuple and pattern and pattern[0] not in (_VAR, _OTHER) else []
            nxt = []
            for b in bindings:
                for cand in cands:
                    nb = _lunify(pattern, cand, b)
                    if nb is not None:
                        nxt.append(nb)
            if not nxt:
                return _lshow(term, bindings[0] if bindings else {})
            bindings = nxt[:200]
        elif kind == "neg":
            nxt = [b for b in bindings if _lvalue(item[1], b) not in true]
            if not nxt:
                return "not " + _lshow(item[2], bindings[0])
            bindings = nxt
        else:
            left_p, guards, cmp = item[1], item[2], item[3]
            nxt = []
            for b in bindings:
                left = _lvalue(left_p, b)
                ok = True
                for op, right_p in guards:
                    right = _lvalue(right_p, b)
                    if left is not None and right is not None and not _lcompare(op, left, right):
                        ok = False
                if ok:
                    nxt.append(b)
            if not nxt:
                return _lshow(cmp, bindings[0])
            bindings = nxt
    return None


def _lshow(term: Any, binding: dict) -> str:
    text = str(term)
    for name, value in sorted(binding.items(), key=lambda kv: -len(kv[0])):
        text = _replace_var(text, name, _lstr(value))
    return text


# ----------------------------------------------------------------------------- entry points

def explainer(ev: Any) -> Explainer:
    return Explainer(ev)


def explain(ev: Any, person: str, key: str) -> Explanation:
    """Explain one status (``pow``) or outcome (``transfer:rok``) of one person."""
    return Explainer(ev).explain(person, key)


def explain_all(ev: Any, persons: Optional[list[str]] = None) -> list[Explanation]:
    ex = Explainer(ev)
    out = []
    for pid in persons or list(ev.result["persons"]):
        res = ev.result["persons"][pid]
        for key in list(res["status"]) + list(res["outcomes"]):
            out.append(ex.explain(pid, key))
    return out


__all__ = ["Explainer", "Explanation", "Case", "Step", "FactRef", "Failure", "Reason", "Contrast", "ContrastCase",
           "explain", "explain_all", "explainer", "SCHEMA_VERSION", "SHOWN"]
