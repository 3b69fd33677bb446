"""What an explanation is made of: facts, derivation steps, failures, cases and contrasts.

Plain data with ``to_dict`` (the JSON contract, ``SCHEMA_VERSION``) and the numbering
that gives every node a stable id (its place in the explanation).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Optional

from .minimise import Condition

SCHEMA_VERSION = "status-engine/explanation/v1"

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
    text: Optional[str] = None  # the atom in words (rules/phrases.yaml)
    absent_text: list[str] = field(default_factory=list)  # each negated condition in words

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "atom": self.atom, "text": self.text, "absent_text": self.absent_text,
            "rule": self.rule_id, "citation": self.citation,
            "instrument": self.instrument, "article": self.article, "paragraph": self.paragraph,
            "paraphrase": self.paraphrase, "verified": self.verified,
            "rule_location": f"{self.rule_file}:{self.rule_line}",
            "facts": [f.to_dict() for f in self.facts], "absent": self.absent,
            "absent_why": [f.to_dict() for f in self.absent_why],
            "children": [c.to_dict() for c in self.children],
        }

    def citations(self) -> list[str]:
        out = [f"{self.citation or self.rule_id} [{self.rule_id}]"] if self.rule_id else []  # as a failure says it
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
    failed_text: Optional[str] = None  # why it does not apply, in words (rules/phrases.yaml)

    def to_dict(self) -> dict[str, Any]:
        return {**{k: v for k, v in self.__dict__.items() if k not in ("because", "facts", "blocker")},
                "rule": self.rule_id,  # the same key as a Step's
                "facts": [f.to_dict() for f in self.facts],
                "blocker": self.blocker.to_dict() if self.blocker else None,
                "because": [b.to_dict() for b in self.because]}

    def text(self) -> str:
        """``CAT art. 3(1) [cat_3] does not apply: Ri would face no such risk ...`` (the failed
        condition in words when the phrases give them; else the atom, for a rule base without)."""
        head = f"{self.citation} [{self.rule_id}]" if self.rule_id else f"rule at {self.rule_location}"
        if self.failed_text:
            return f"{head} does not apply: {self.failed_text}"
        return f"{head}: fails at `{self.failed}`"

    def lines(self, indent: int = 0) -> list[str]:
        out = [" " * indent + self.text()]
        for b in self.because:
            out += b.lines(indent + 2)
        return out


@dataclass
class Ground:
    """One ground of a firm verdict: a rule that derives the conclusion, and where it applies.

    The grounds of an explanation together cover every world where the conclusion holds
    (found by the solver, then minimised: none can be dropped); ``condition`` is where this
    one fires (factored, in open facts and positions), ``derivation`` the rule at work in
    one world where it does.
    """

    rule_id: Optional[str]
    citation: Optional[str]
    paraphrase: Optional[str]
    verified: Optional[bool]
    rule_location: str
    condition: Condition
    derivation: Optional[Step] = None
    instrument: Optional[str] = None
    article: Optional[str] = None
    paragraph: Optional[str] = None
    id: str = ""
    # The only ground, but its premise holds on different rules in different worlds (protected
    # as a POW by GC III art. 5(1) or 5(2)): the premise (atom, words) and its grounds.
    premise: Optional[str] = None
    premise_text: Optional[str] = None
    premise_grounds: list["Ground"] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "rule": self.rule_id, "premise": self.premise, "premise_text": self.premise_text,
                "premise_grounds": [g.to_dict() for g in self.premise_grounds], "citation": self.citation, "instrument": self.instrument,
                "article": self.article, "paragraph": self.paragraph, "paraphrase": self.paraphrase,
                "verified": self.verified, "rule_location": self.rule_location,
                "condition": self.condition.to_dict(),
                "derivation": self.derivation.to_dict() if self.derivation else None}


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
    # Per value (as in ``cases``): where it takes that value, minimised and factored (the
    # short "what decides it"; the cases are the detail behind it).
    decisive: dict[str, Condition] = field(default_factory=dict)
    # A firm verdict (necessary, required, forbidden): every ground it holds on, which
    # together cover every world; ``grounds_of`` is the value they ground ("holds", ...).
    grounds: list[Ground] = field(default_factory=list)
    grounds_of: Optional[str] = None

    def one_line(self) -> str:
        """``ri pow = possible — holds if ...: GC III art. 4A(1) [gc3_4a1] | ...``: the one
        explanation one-liner (``render.words.one_line``) behind the conclusion it explains."""
        from ...render.words import one_line

        return f"{self.person} {self.key} = {self.value} — " + one_line(self)

    def to_dict(self) -> dict[str, Any]:
        out = {"schema": SCHEMA_VERSION, "scenario": self.scenario, "person": self.person, "key": self.key,
               "kind": self.kind, "value": self.value,
               "cases": {v: [c.to_dict() for c in cs] for v, cs in self.cases.items()}}
        if self.mirror_of:
            out["mirror_of"] = self.mirror_of
        if self.truncated:
            out["truncated"] = self.truncated
        if self.decisive:
            out["decisive"] = {v: c.to_dict() for v, c in self.decisive.items()}
        if self.grounds_of:
            out["grounds_of"] = self.grounds_of
            out["grounds"] = [g.to_dict() for g in self.grounds]
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


# -------------------------------------------------------------------------- node ids

def fresh_step(step: Optional[Step]) -> Optional[Step]:
    """A copy of a derivation tree that shares no node with another tree.

    ``Derivations`` and ``WhyNot`` memoise their trees per world, so one tree may appear in
    several cases or explanations; numbering writes ids into the nodes, so each explanation
    numbers copies of its own."""
    if step is None:
        return None
    out = copy.copy(step)
    out.facts, out.absent, out.absent_text = list(step.facts), list(step.absent), list(step.absent_text)
    out.children = [fresh_step(c) for c in step.children]  # type: ignore[misc]
    out.absent_why = [fresh_failure(f) for f in step.absent_why]
    return out


def fresh_failure(failure: Failure) -> Failure:
    """A copy of a failure tree (see ``fresh_step``)."""
    out = copy.copy(failure)
    out.facts = list(failure.facts)
    out.because = [fresh_failure(b) for b in failure.because]
    out.blocker = fresh_step(failure.blocker)
    return out


def fresh_case(case: Any) -> None:
    """Give a case (or a contrast case's reasons) trees of its own (see ``fresh_step``)."""
    for holder in (case.first, case.second) if isinstance(case, ContrastCase) else (case,):
        holder.derivation = fresh_step(holder.derivation)
        holder.scope = fresh_step(holder.scope)
        holder.why_not = [fresh_failure(f) for f in holder.why_not]


def fresh_ground(ground: Ground) -> Ground:
    """A copy of a ground (and of its premise's grounds) with a derivation of its own (see
    ``fresh_step``): the grounds finder memoises a premise's grounds for every verdict that
    rests on it, and numbering writes ids into what an explanation holds."""
    out = copy.copy(ground)
    out.derivation = fresh_step(ground.derivation)
    out.premise_grounds = [fresh_ground(sub) for sub in ground.premise_grounds]
    return out


def number(exp: "Explanation") -> None:
    """Stable node ids: their place in the explanation (person/key/value/case/path)."""
    base = f"{exp.person}/{exp.key}"
    for i, g in enumerate(exp.grounds):
        _number_ground(g, f"{base}/ground/{i}")
    for value, cases in exp.cases.items():
        for i, c in enumerate(cases):
            _number_case(c, f"{base}/{value.replace(' ', '-')}/{i}")


def _number_ground(g: Ground, gid: str) -> None:
    g.id = gid
    if g.derivation:
        _number_step(g.derivation, gid + "/d")
    for j, sub in enumerate(g.premise_grounds):
        _number_ground(sub, f"{gid}/p{j}")


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


def number_contrast(c: "Contrast") -> None:
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


def fact_refs(case: Any) -> list[FactRef]:
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
