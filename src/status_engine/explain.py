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
MAX_CASES = 8

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
        return {"schema": SCHEMA_VERSION, "scenario": self.scenario, "person": self.person, "key": self.key,
                "kind": self.kind, "value": self.value,
                "cases": {v: [c.to_dict() for c in cs] for v, cs in self.cases.items()}}


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

    # -- public
    def explain(self, person: str, key: str) -> Explanation:
        res = self.ev.result["persons"].get(person)
        if res is None:
            raise KeyError(f"no person {person!r}")
        pid = Function(person)
        if ":" in key:
            verb, _, arg = key.partition(":")
            term = Function(verb, [Function(a) if not a.isdigit() else clingo.Number(int(a)) for a in arg.split(",")])
            value = res["outcomes"].get(key, "absent")
            exp = Explanation(self.ev.result["scenario"], person, key, "outcome", value)
            for v in ("forbidden", "required", "permitted"):
                target = Function("_verdict", [pid, term, Function(v)])
                if v == "permitted":  # nothing forbids it (and nothing obliges it)
                    cases = self._cases(target, True, Function("forbidden", [pid, term]), derive=False)
                else:
                    detail = Function("forbidden" if v == "forbidden" else "obligatory", [pid, term])
                    cases = self._cases(target, True, detail, derive=True)
                if cases:
                    exp.cases[v] = cases
            return exp
        value = res["status"].get(key, "absent")
        exp = Explanation(self.ev.result["scenario"], person, key, "status", value)
        target = Function("status", [pid, Function(key)])
        exp.cases["holds"] = self._cases(target, True, target, derive=True)
        exp.cases["does not hold"] = self._cases(target, False, target, derive=False)
        return exp

    def why_not(self, person: str, key: str) -> list[Failure]:
        """Rules that could derive the conclusion, and what fails, in a world where it fails."""
        exp = self.explain(person, key)
        label = "does not hold" if exp.kind == "status" else None
        cases = exp.cases.get(label, []) if label else [c for v, cs in exp.cases.items() for c in cs]
        return [f for c in cases for f in c.why_not]

    # -- regions of worlds
    def _cases(self, target: Symbol, want: bool, detail: Symbol, derive: bool) -> list[Case]:
        """Cover the worlds where ``target`` is ``want`` by minimal conditions on open facts.

        In one world of each region, ``detail`` is derived (``derive``) or the rules that
        could derive it are shown failing (why-not).
        """
        if self.ctl.symbolic_atoms[target] is None:  # derivable in no world
            if want:
                return []
            return [Case([], None, self._failures(detail, self._world([])))]
        guard = self._guard()
        cases: list[Case] = []
        while len(cases) < MAX_CASES:
            world = self._world([(target, want), guard])
            if world is None:
                break
            minimal = self._shrink(target, want, list(world["open"].items()))
            self._block(guard, minimal)
            if derive:
                cases.append(Case(self._condition(minimal), self._derive(detail, world)))
            else:
                cases.append(Case(self._condition(minimal), None, self._failures(detail, world)))
        return self._merge(cases)

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

        def on_model(m: clingo.Model) -> None:
            atoms = m.symbols(atoms=True)
            opened = {a.arguments[0]: a.arguments[1] for a in atoms if a.name == "fact" and a.arguments[0] in self.open_keys}
            found["atoms"] = set(atoms)
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
    def _derive(self, atom: Symbol, world: dict, seen: Optional[set] = None) -> Optional[Step]:
        seen = set() if seen is None else seen
        if atom in seen:
            return None
        seen = seen | {atom}
        whys = [a for a in world["atoms"] if a.name == "_why" and a.arguments[1] == atom]
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
                child = self._derive(b, world, seen)
                if child is None:
                    continue
                if child.rule_id is None:  # a view: show what it rests on directly
                    step.facts += [f for f in child.facts if f not in step.facts]
                    step.children += child.children
                    step.absent += child.absent
                else:
                    step.children.append(child)
        step.absent += [str(n) for n in neg]
        return step

    def _step(self, atom: Symbol, meta: RuleMeta) -> Step:
        src = self.rules.sources.get(meta.rule_id) if meta.rule_id else None
        self._ids += 1
        return Step(f"n{self._ids}", str(atom), meta.rule_id, src.citation if src else None,
                    src.paraphrase if src else None, src.verified if src else None, meta.file, meta.line)

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

    # -- why not
    def _failures(self, atom: Symbol, world: Optional[dict], depth: int = 3) -> list[Failure]:
        if world is None or depth == 0:
            return []
        true = world["atoms"]
        out = []
        for meta in self.inst.by_head.get((atom.name, len(atom.arguments)), []):
            binding = _unify(meta.head, atom, {})
            if binding is None:
                continue
            failed = _first_failure(meta.body, [binding], true)
            if failed is None:
                continue
            src = self.rules.sources.get(meta.rule_id) if meta.rule_id else None
            because = []
            if not failed.startswith("not ") and "(" in failed and " " not in failed.split("(")[0]:
                try:
                    ground = clingo.parse_term(failed)  # a ground atom the rules could derive
                    if ground.name in {k[0] for k in self.inst.by_head} and ground.name != atom.name:
                        because = self._failures(ground, world, depth - 1)
                except RuntimeError:
                    pass  # not ground (an unbound variable): no deeper reason to give
            out.append(Failure(meta.rule_id, src.citation if src else None, src.paraphrase if src else None,
                               failed, f"{meta.file}:{meta.line}", because))
        return out


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


def _first_failure(body: tuple, bindings: list[dict], true: set[Symbol]) -> Optional[str]:
    """Walk the body left to right; the first literal no binding survives is the failure."""
    by_name: dict[tuple[str, int], list[Symbol]] = {}
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


__all__ = ["Explainer", "Explanation", "Case", "Step", "FactRef", "Failure", "explain", "explain_all",
           "explainer", "SCHEMA_VERSION", "SHOWN"]
