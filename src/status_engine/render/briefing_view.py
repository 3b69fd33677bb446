"""A briefing as a view-model: every section a reader sees, in order, already in words.

``brief.build`` computes (verdicts, explanations, open questions, timeline, toggles);
this module decides *what* a briefing says and in which order, once; ``markdown`` and
``html`` only decide *how* it looks.  So the two formats cannot drift apart, and a new
field of the explanation model is added to a briefing in one place.

The sections, in reading order: a summary per person, the glossary of the verdict words,
the conclusions at a glance, the detail per person (each conclusion with what decides it
and its reasons), the open questions and what each would change, the timeline, the
sources, and the provenance (file, rule base, open keys).

The words come from the briefing's ``Speaker`` (the rule base's phrases and the
scenario's names); nothing here states law.  Two things are computed here from what
``brief`` gives, because ``brief`` does not expose them: the order of the glance table's
rows (statuses first) and the facts each person's conclusions rely on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from ..contract import Key, value_text
from . import words

INTRO = ("Every statement below comes from the rule base and the scenario file: each reason names the rule "
         "(citation and id) and the facts it used.")
DETAIL_GROUPS = (("status", "Status"), ("outcome", "What may, must or must not be done"))


@dataclass(frozen=True)
class ChangeView:
    """A conclusion that changes: who, what (in words), the value before and after."""

    person: str
    conclusion: str
    before: str
    after: str
    why: str = ""

    @property
    def text(self) -> str:
        return f"{self.person}: {self.conclusion} {self.before} → {self.after}"


@dataclass(frozen=True)
class ReasonView:
    """One case of a conclusion in one line: the value, its condition, its grounds, its facts."""

    value: str
    condition: str  # "" when the case holds in every world
    grounds: str
    facts: str


@dataclass
class ConclusionView:
    person: str
    key: str
    label: str
    value: str
    decides: Optional[str]  # what decides it, for a conclusion that differs between worlds
    reasons: list[ReasonView]
    explanation: Any  # explain.Explanation: the derivations behind the provenance folds
    mirror_of: Optional[str] = None  # the person (name) whose derivation is shown
    # A firm verdict: every ground it rests on, together covering every world ("on every
    # reading: by AP I art. 43(2) where ...; by GC III art. 5(2) where ..."); "" if none found.
    grounds: str = ""


@dataclass(frozen=True)
class FactView:
    """A stated fact a person's conclusions rely on."""

    text: str
    path: str
    where: str
    evidence: str
    source: str


@dataclass
class PersonView:
    id: str
    title: str
    summary: list[tuple[str, str]]  # (heading, sentence)
    mirror_of: Optional[str] = None  # the name of the person with the same facts
    groups: list[tuple[str, list[ConclusionView]]] = field(default_factory=list)
    facts: list[FactView] = field(default_factory=list)


@dataclass(frozen=True)
class OptionView:
    """One value of an open question: its label, source, and what pinning it changes."""

    label: str
    source: str
    verified: Optional[bool]
    impossible: bool
    changes: list[ChangeView]


@dataclass
class QuestionView:
    title: str
    evidence: str
    source: str
    decides: list[str]  # "Ri: prisoner of war [pow]"
    options: list[OptionView]
    key: str  # the scenario key (provenance)
    location: Optional[str]  # file:line (provenance)


@dataclass(frozen=True)
class SettledView:
    """A contested question the scenario pins: the question and the chosen position(s)."""

    question: str
    values: list[tuple[str, Optional[bool]]]  # (label, verified)


@dataclass(frozen=True)
class TimelineRow:
    date: str
    marks: list[str]  # "scenario date", "after the scenario date"
    events: str
    error: Optional[str]
    changes: list[ChangeView]


@dataclass(frozen=True)
class SourceView:
    citation: str
    rule: str
    paraphrase: str
    link: str
    verified: bool
    last_reviewed: str


@dataclass(frozen=True)
class ToggleView:
    """An open key offered as a toggle: its label and the labels of its values."""

    path: str
    label: str
    values: list[str]
    labels: list[str]


@dataclass
class ExplorerView:
    """The toggles and the rows they update; ``toggles`` is ``brief.Toggles`` (the precomputed worlds)."""

    keys: list[ToggleView]
    rows: list[tuple[str, str, str, str]]  # person id, person name, conclusion key, conclusion label
    toggles: Any


@dataclass
class BriefingView:
    id: str
    title: Optional[str]
    as_of: str
    worlds: int
    overrides: list[str]
    persons: list[PersonView]
    glossary: list[tuple[str, str]]
    glance: tuple[list[str], list[tuple[str, list[Optional[str]]]]]  # person names; (label, values)
    explorer: Optional[ExplorerView]
    questions: list[QuestionView]
    idle: list[str]  # open, but no single value changes anything
    settled: list[SettledView]
    timeline: list[TimelineRow]
    timeline_reasons: list[str]  # "date, change: the rules behind it" (provenance)
    sources: list[SourceView]
    unverified: list[str]  # rule ids resting on unverified sources
    provenance: list[tuple[str, str]]  # (what, text): file, rules, open keys
    file: str = ""  # the scenario file (fact locations in it are shown by line)


# ------------------------------------------------------------------------------ building

def view(b: Any) -> BriefingView:
    """The view-model of one ``brief.ScenarioBrief``."""
    from .words import speaker

    sp = speaker(b)
    open_paths = {q.path for q in b.questions}
    idle = [sp.topic(q) for q in b.questions if not (q.matters or q.decisive_for)]
    return BriefingView(
        id=b.id, title=b.title, as_of=b.as_of, worlds=b.worlds, overrides=list(b.overrides),
        persons=[_person(b, p, sp) for p in b.persons], glossary=sp.glossary(), glance=_glance(b, sp),
        explorer=_explorer(b, sp), questions=[_question(q, sp) for q in b.questions if q.matters or q.decisive_for],
        idle=idle, settled=[_settled(q, sp) for q in b.positions if q.path not in open_paths],
        timeline=[_timeline_row(t, sp) for t in b.timeline],
        timeline_reasons=[f"{t.date}, {sp.change(c)}: {c.why.replace('`', '')}"
                          for t in b.timeline if not t.error for c in t.changes if c.why],
        sources=[SourceView(s.citation or "", s.rule, s.paraphrase or "", s.link or "", bool(s.verified),
                            s.last_reviewed or "") for s in b.sources],
        unverified=[s.rule for s in b.sources if not s.verified],
        provenance=[("file", b.file), ("rules", b.rules),
                    (f"open facts and positions ({len(b.open)})", ", ".join(b.open))],
        file=b.file,
    )


def change(c: Any, sp: Any) -> ChangeView:
    return ChangeView(sp.person(c.person), sp.label(str(c.key)), value_text(c.before), value_text(c.after),
                      c.why.replace("`", ""))


def reasons(exp: Any, sp: Any) -> list[ReasonView]:
    """A conclusion in a few lines: per case its condition (in words), grounds (citations) and facts."""
    return [ReasonView(value, sp.condition(case.condition, ""), sp.case(exp, case, 3), sp.facts(case))
            for value, cases in words.ordered_cases(exp) for case in cases]


def _person(b: Any, p: Any, sp: Any) -> PersonView:
    out = PersonView(p.id, p.label or sp.person(p.id), sp.summary(b, p))
    if p.mirror_of:
        out.mirror_of = sp.person(p.mirror_of)
        return out
    for kind, title in DETAIL_GROUPS:
        exps = [e for e in p.explanations if e.kind == kind]
        if exps:
            out.groups.append((title, [_conclusion(e, sp) for e in exps]))
    out.facts = [FactView(sp.fact(f.path, f.value), f.path, words.where(f), f.evidence or "", f.source or "")
                 for f in _person_facts(p)]
    return out


def _conclusion(e: Any, sp: Any) -> ConclusionView:
    return ConclusionView(e.person, e.key, sp.label(e.key), e.value, sp.decides(e) if words.is_open(e) else None,
                          reasons(e, sp), e, sp.person(e.mirror_of) if e.mirror_of else None,
                          "" if words.is_open(e) else sp.grounds(e))


def _person_facts(person: Any) -> list[Any]:
    """The stated (not open) facts of every case of a person's conclusions, by path."""
    seen: dict[str, Any] = {}
    for e in person.explanations:
        for _, cases in e.cases.items():
            for c in cases:
                for f in words.facts_of_case(c):
                    if not f.assumed and f.path not in seen:
                        seen[f.path] = f
    return sorted(seen.values(), key=lambda f: f.path)


def _glance(b: Any, sp: Any) -> tuple[list[str], list[tuple[str, list[Optional[str]]]]]:
    """Every conclusion of any person (statuses first) and each person's value, ``None`` if not his."""
    keys: list[str] = []
    for p in b.persons:
        for k in list(p.result["status"]) + list(p.result["outcomes"]):
            if k not in keys:
                keys.append(k)
    keys = [k for k in keys if Key.parse(k).is_status] + [k for k in keys if Key.parse(k).is_outcome]
    rows = [(sp.label(k), [p.result["status"].get(k) or p.result["outcomes"].get(k) for p in b.persons])
            for k in keys]
    return [sp.person(p.id) for p in b.persons], rows


def _explorer(b: Any, sp: Any) -> Optional[ExplorerView]:
    t = b.toggles
    if t is None or not t.keys:
        return None
    keys = [ToggleView(k["path"], k.get("label", k["path"]), list(k["values"]), list(k.get("labels", k["values"])))
            for k in t.keys]
    rows = [(p.id, sp.person(p.id), key, sp.label(key)) for p in b.persons for key in t.conclusions[p.id]]
    return ExplorerView(keys, rows, t)


def _question(q: Any, sp: Any) -> QuestionView:
    options = []
    for v in q.values:
        pos = q.positions.get(v, {})
        options.append(OptionView(sp.fact(q.path, v), pos.get("source") or "", pos.get("verified"),
                                  v in q.impossible, [change(c, sp) for c in q.effects.get(v, [])]))
    decides = [f"{sp.person(d.split(' ', 1)[0])}: {sp.label(d.split(' ', 1)[1])}" for d in q.decisive_for]
    title = q.question or sp.topic(q)
    return QuestionView(title[:1].upper() + title[1:], q.evidence or "", q.source or "", decides, options, q.path,
                        q.location)


def _settled(q: Any, sp: Any) -> SettledView:
    return SettledView(q.question or q.path,
                       [(sp.fact(q.path, v), q.positions.get(v, {}).get("verified")) for v in q.values])


def _timeline_row(t: Any, sp: Any) -> TimelineRow:
    marks = (["scenario date"] if t.is_as_of else []) + (["after the scenario date"] if t.after_as_of else [])
    return TimelineRow(t.date, marks, "; ".join(t.notes), t.error,
                       [] if t.error else [change(c, sp) for c in t.changes])
