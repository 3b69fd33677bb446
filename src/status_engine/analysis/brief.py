"""Briefings: what a desk officer can hand on, assembled from the engine's own answers.

For each scenario and person: every status and verdict with its explanation (the solver's
derivation, see ``explain``), the open facts and positions and what pinning each would
change, the timeline at the scenario's event dates, and the sources cited (unverified
ones flagged).  For the HTML page, the *decisive* open keys (those named by the
explanations' conditions) become toggles; the engine precomputes the verdicts of every
combination of their values (each key pinned or left open) on one grounded Control, and
the one-line explanation of each conclusion in that combination (the explanation's cases
that meet it, with the rest of their condition).

Nothing here states law: texts come from the rules' source registry and the scenario.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional

from clingo import Function, Symbol, SymbolType

from .. import api
from . import explain
from .explain import batch
from .explain.document import explain_document, meta  # noqa: F401  (explain's documents, named here too)
from .whatif.progress import Progress
from ..contract import ABSENT, Change, Conclusions, Modality, Verdict, diff, value_text
from ..render import words

MAX_TOGGLES = 6  # decisive keys offered as toggles
MAX_COMBINATIONS = 4096  # precomputed combinations of toggle values (each key: open or one value)


@dataclass
class Question:
    """An open fact or position: its values and what pinning each changes."""

    key: Symbol
    path: str
    values: list[str]
    domain: tuple = ()  # the values as symbols
    location: Optional[str] = None  # file:line of the fact (or where a position would go)
    evidence: Optional[str] = None
    source: Optional[str] = None
    question: Optional[str] = None  # for a position: the contested question
    positions: dict[str, dict[str, Any]] = field(default_factory=dict)  # position -> summary, source, verified
    effects: dict[str, list[Change]] = field(default_factory=dict)  # value -> changes (empty: none)
    impossible: list[str] = field(default_factory=list)  # values that leave no world
    decisive_for: list[str] = field(default_factory=list)  # "person key" named in explanations' conditions

    @property
    def matters(self) -> bool:
        return any(self.effects.values()) or bool(self.impossible)


@dataclass
class TimelineEntry:
    date: str
    notes: list[str]
    changes: list[Change]
    after_as_of: bool = False
    is_as_of: bool = False
    error: Optional[str] = None


@dataclass
class Toggles:
    """Precomputed worlds for the HTML page's toggles.

    ``combos`` is indexed in mixed radix over ``keys`` (first key most significant): digit
    0 leaves the key open, digit n pins its n-th value.  Each entry is ``None`` (no world:
    the pinned values contradict the scenario) or one row index per person of ``persons``;
    a row lists ``[value, text index]`` per conclusion of ``conclusions[person]``, then
    ``[value, text index, key]`` for conclusions that arise only under those pins.
    """

    keys: list[dict[str, Any]]  # path, short, values
    persons: list[str]
    conclusions: dict[str, list[str]]
    rows: list[list[list[Any]]]
    combos: list[Optional[list[int]]]
    texts: list[str]  # string table for the one-line explanations

    def to_dict(self) -> dict[str, Any]:
        return {"keys": self.keys, "persons": self.persons, "conclusions": self.conclusions, "rows": self.rows,
                "combos": self.combos, "texts": self.texts}


@dataclass
class PersonBrief:
    id: str
    label: Optional[str]
    result: dict[str, dict[str, str]]
    explanations: list[explain.Explanation]
    mirror_of: Optional[str] = None


@dataclass
class ScenarioBrief:
    file: str
    id: str
    title: Optional[str]
    as_of: str
    rules: str
    worlds: int
    open: list[str]
    overrides: list[str]
    persons: list[PersonBrief]
    questions: list[Question]
    timeline: list[TimelineEntry]
    sources: list[Any]  # rulebook.Source, cited by the explanations
    positions: list[Question]  # the contested questions (open or pinned) with their sources
    toggles: Optional[Toggles] = None
    instruments: dict[str, Any] = field(default_factory=dict)
    speaker: Any = None  # render.words.Speaker: the rule base's phrases and the scenario's names


# --------------------------------------------------------------------- explain documents

# ------------------------------------------------------------------------- pinned results

class Pinner:
    """Results with some open keys pinned, as assumptions on the scenario's session (the one
    grounding its evaluation used), never re-grounding; person by person, so a pin on one
    person's fact re-solves his profile only and every other answer is memoised.  Where a
    rule relates persons, the whole program's Control under assumptions.  The verdicts are
    the contract's own arithmetic (``verdicts.person_results``)."""

    def __init__(self, prep: Any):
        from ..solver import per_profile

        self.prep = prep
        self.split = per_profile.solver(prep.rules, prep.facts)
        self._ctl: Any = None
        self._light: dict[Symbol, _Light] = {}

    def persons(self, pinned: list[tuple[Symbol, Symbol]]) -> Optional[dict[str, Conclusions]]:
        """Per person status/verdicts with ``pinned`` facts; ``None`` if no world is left."""
        from ..solver.verdicts import conclusions, person_results

        if self.split is not None:
            cons = self.split(dict(pinned))
            return None if cons is None else conclusions(person_results(cons, self.prep.facts.persons))
        return self._whole(pinned)

    def _whole(self, pinned: list[tuple[Symbol, Symbol]]) -> Optional[dict[str, Conclusions]]:
        from ..solver.engine import ENFORCE, Consequences, control
        from ..solver.session import Deadline, consequences
        from ..solver.verdicts import conclusions, person_results

        if self._ctl is None:
            self._ctl = control(self.prep.rules, self.prep.facts)
            self._ctl.assign_external(ENFORCE, True)
        assumptions = [(Function("fact", [k, v]), True) for k, v in pinned]
        deadline = Deadline(None)
        brave = consequences(self._ctl, "brave", deadline, assumptions)
        if brave is None:
            return None
        cautious = consequences(self._ctl, "cautious", deadline, assumptions) or []
        cons = Consequences({self.light(s) for s in brave}, {self.light(s) for s in cautious}, 0, set())
        return conclusions(person_results(cons, self.prep.facts.persons,  # type: ignore[arg-type]
                                          self.prep.facts.mirror_of))

    def light(self, sym: Symbol) -> "_Light":
        """A pure-Python copy of a symbol (reading a clingo symbol's parts costs C calls)."""
        got = self._light.get(sym)
        if got is None:
            if sym.type == SymbolType.Function:
                got = _Light(sym.name, tuple(self.light(a) for a in sym.arguments), str(sym))
            else:
                got = _Light("", (), str(sym))
            self._light[sym] = got
        return got


class _Light:
    """Name, arguments and text of a symbol, compared by text (enough for ``verdicts``)."""

    __slots__ = ("name", "arguments", "text")

    def __init__(self, name: str, arguments: tuple, text: str):
        self.name, self.arguments, self.text = name, arguments, text

    def __str__(self) -> str:
        return self.text

    def __hash__(self) -> int:
        return hash(self.text)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Light) and other.text == self.text


# -------------------------------------------------------------------------- the briefing

def build(paths: list[str], *, as_of: Optional[dt.date] = None, overrides: Optional[list] = None,
          rules: Any = None, timeout: Optional[float] = None, toggles: bool = True,
          max_toggles: int = MAX_TOGGLES, jobs: int = 1) -> list[ScenarioBrief]:
    """Evaluate and explain every scenario (all inputs are checked before any is solved)."""
    book = rules or api.rules_for(None)
    prepared = []
    from ..errors import InputError

    problems = []
    for p in paths:
        try:
            prepared.append(api.prepare(p, as_of=as_of, overrides=overrides or [], rules=book))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    return [scenario_brief(p, path, overrides or [], timeout, toggles, max_toggles, jobs)
            for p, path in zip(prepared, paths)]


def scenario_brief(prep: Any, path: str, overrides: list, timeout: Optional[float] = None,
                   toggles: bool = True, max_toggles: int = MAX_TOGGLES, jobs: int = 1) -> ScenarioBrief:
    """One scenario's briefing; ``jobs`` > 1 explains in parallel worker processes (forked:
    only for a process that owns its threads, as the CLI)."""
    from ..rulebook.phrases import names_for
    from ..render.words import Speaker

    ev = api.evaluate_prepared(prep, timeout)
    res = ev.result
    speaker = Speaker(prep.rules.phrases, names_for(prep.scenario, prep.rules.registry, prep.rules.phrases))
    persons = []
    models = {p.id: p for p in prep.scenario.persons}
    asked = [(pid, k) for pid, r in res["persons"].items() if pid not in prep.facts.mirror_of
             for k in list(r["status"]) + list(r["outcomes"])]
    # The explanations are most of a briefing's time: in parts, in parallel with ``jobs``
    # (``batch``), and a bar on standard error (a terminal only).
    with Progress(f"briefing {res['scenario']}: explaining", len(asked)) as bar:
        done = batch.explain_many(ev, asked, jobs=jobs, progress=bar.update)
    for pid, r in res["persons"].items():
        rep = prep.facts.mirror_of.get(pid)
        exps = [] if rep else [done[(pid, k)] for k in list(r["status"]) + list(r["outcomes"])]
        persons.append(PersonBrief(pid, getattr(models.get(pid), "label", None), r, exps, rep))
    all_exps = [e for p in persons for e in p.explanations]
    pinner = Pinner(prep)
    questions = _questions(prep, pinner, ev.typed.persons, all_exps)
    brief = ScenarioBrief(
        file=prep.located.file, id=res["scenario"], title=prep.scenario.title, as_of=res["as_of"],
        rules=res["rules"], worlds=res["worlds"], open=res["open"],
        overrides=[f"{o.path}={o.value}" for o in overrides], persons=persons, questions=questions,
        timeline=_timeline(prep, overrides, timeout, done),
        sources=[prep.rules.sources[r] for r in sorted(words.rule_ids(all_exps)) if r in prep.rules.sources],
        positions=_positions(prep, questions), instruments=dict(prep.rules.instruments), speaker=speaker,
    )
    if toggles:
        brief.toggles = _toggles(prep, pinner, persons, questions, max_toggles, speaker)
    return brief


def _location(prep: Any, info: Any) -> Optional[str]:
    line = None
    try:
        line, _ = prep.located.where(info.loc)
    except Exception:  # noqa: BLE001 - a fact not written in the file has no line
        line = None
    return f"{prep.located.file}:{line}" if line else None


def _open_keys(prep: Any) -> list[tuple[Symbol, tuple[Symbol, ...]]]:
    """Open keys of the solved persons and the shared facts (mirrored persons are not grounded)."""
    mirrored = set(prep.facts.mirror_of)
    out = []
    for k, d in prep.facts.open_domains():
        if k.name == "person" and k.arguments[0].name in mirrored:
            continue
        out.append((k, d))
    return out


def _questions(prep: Any, pinner: Pinner, persons: Mapping[str, Conclusions], exps: list[Any]) -> list[Question]:
    decisive: dict[str, list[str]] = {}
    for e in exps:
        if not words.is_open(e):
            continue
        for _, cases in e.cases.items():
            for c in cases:
                for p, _ in c.condition:
                    label = f"{e.person} {e.key}"
                    if label not in decisive.setdefault(p, []):
                        decisive[p].append(label)
    out = []
    for key, domain in _open_keys(prep):
        info = prep.facts.info(key)
        q = Question(key, info.path if info else str(key), [str(v) for v in domain], tuple(domain))
        if info is not None:
            q.location = _location(prep, info)
            q.evidence, q.source = info.fact.evidence, info.fact.source
        if q.path.startswith("positions."):
            spec = prep.rules.questions.get(q.path.split(".", 1)[1], {})
            q.question = spec.get("question")
            q.positions = dict(spec.get("positions", {}))
        q.decisive_for = decisive.get(q.path, [])
        for v in domain:
            pinned = pinner.persons([(key, v)])
            if pinned is None:
                q.impossible.append(str(v))
                continue
            q.effects[str(v)] = diff(persons, pinned)
        out.append(q)
    # The decisive questions first, then those that change something, then the rest.
    out.sort(key=lambda q: (-len(q.decisive_for), not q.matters, q.path))
    return out


def _positions(prep: Any, questions: list[Question]) -> list[Question]:
    """Every contested question of the rule base: open ones from ``questions``, pinned ones too."""
    by_path = {q.path: q for q in questions}
    out = []
    for name, spec in prep.rules.questions.items():
        path = f"positions.{name}"
        if path in by_path:
            out.append(by_path[path])
            continue
        pinned = prep.scenario.positions.get(name)
        q = Question(Function("position", [Function(name)]), path, [str(pinned)] if pinned else [],
                     question=spec.get("question"), positions=dict(spec.get("positions", {})))
        out.append(q)
    return out


def _timeline(prep: Any, overrides: list, timeout: Optional[float],
              explained: Optional[dict[tuple[str, str], Any]] = None) -> list[TimelineEntry]:
    """The result at each event date (and at the scenario's date), with what changed.

    The computation is ``whatif.timeline``'s (one timeline): each date is evaluated from
    the scenario as already read (``prep.located``), never by reading a file again, so a
    request's scenario (``web.briefing``) takes the same path, and every date is solved on
    the scenario shape's one session.  The change's reason is the mechanism's one line
    (the briefings print it in their provenance folds); at the scenario's own date the
    briefing's ``explained`` conclusions are reused rather than explained again.
    """
    from .whatif import timeline as tl

    dates = tl.briefing_dates(prep.source, prep.as_of)
    if not dates:
        return []
    first = dates[1] if len(dates) > 1 else dates[0]
    evaluations = tl.evaluate(prep.located, dates, overrides=overrides, rules=prep.rules, timeout=timeout,
                              keep_going=True)

    def why(ev: Any) -> Any:
        known = explained if explained is not None and ev.prepared.as_of == prep.as_of else {}
        made: list[Any] = []

        def line(person: str, key: str) -> str:
            exp = known.get((person, key))
            if exp is None:
                if not made:
                    made.append(explain.Explainer(ev))
                exp = made[0].explain(person, key)
            return words.one_line(exp)

        return line

    out: list[TimelineEntry] = []
    previous: Optional[Any] = None
    for d, ev in zip(dates, evaluations):
        notes = ["before the first event"] if d < first else []
        for e in prep.source.events:
            if e.on == d:
                sets = ", ".join(f"{k}={_value(v)}" for k, v in e.set.items())
                notes.append(f"{e.note + ': ' if e.note else ''}{sets}")
        entry = TimelineEntry(d.isoformat(), notes, [], d > prep.as_of, d == prep.as_of)
        if isinstance(ev, Exception):  # reported in the briefing, not fatal
            entry.error = str(ev).splitlines()[0]
        else:
            if previous is not None:
                entry.changes = tl.changes(previous, ev, why)
            previous = ev
        out.append(entry)
    return out


def _value(v: Any) -> str:
    if isinstance(v, dict) and "value" in v:
        v = v["value"]
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


# ------------------------------------------------------------------------------ toggles

def _toggles(prep: Any, pinner: Pinner, persons: list[PersonBrief], questions: list[Question],
             max_toggles: int, speaker: Any) -> Toggles:
    chosen: list[tuple[Question, list[int]]] = []  # question, indexes of its possible values
    size = 1
    for q in questions:
        if not q.decisive_for or len(chosen) >= max_toggles:
            continue
        possible = [i for i, v in enumerate(q.values) if v not in q.impossible]
        if size * (len(possible) + 1) > MAX_COMBINATIONS:
            continue
        chosen.append((q, possible))
        size *= len(possible) + 1
    keys = [{"path": q.path, "short": words.short_path(q.path), "values": [q.values[i] for i in idx],
             "label": speaker.question(q.path, q.question) if q.question else q.path,
             "labels": [speaker.fact(q.path, q.values[i]) for i in idx]}
            for q, idx in chosen]
    exps = {p.id: {e.key: e for e in p.explanations} for p in persons if not p.mirror_of}
    conclusions = {p.id: list(p.result["status"]) + list(p.result["outcomes"]) for p in persons}
    texts: list[str] = []
    rows: list[list[list[Any]]] = []
    text_ids: dict[str, int] = {}
    row_ids: dict[str, int] = {}
    lines: dict[tuple, str] = {}

    def text_id(t: str) -> int:
        if t not in text_ids:
            text_ids[t] = len(texts)
            texts.append(t)
        return text_ids[t]

    def row_id(row: list[list[Any]]) -> int:
        k = repr(row)
        if k not in row_ids:
            row_ids[k] = len(rows)
            rows.append(row)
        return row_ids[k]

    named: dict[int, frozenset[str]] = {}  # per explanation: the paths its conditions name

    def line(exp: Any, pinned: dict[str, str], value: str) -> str:
        if id(exp) not in named:
            named[id(exp)] = frozenset(c for cs in exp.cases.values() for case in cs for c, _ in case.condition)
        mine = named[id(exp)]
        relevant = tuple(sorted((p, v) for p, v in pinned.items() if p in mine))
        k = (exp.person, exp.key, relevant, value)
        if k not in lines:
            lines[k] = _pinned_line(exp, dict(relevant), value, speaker)
        return lines[k]

    combos: list[Optional[list[int]]] = []
    for combo in itertools.product(*[[None] + idx for _, idx in chosen]):
        pins = [(q.key, q.domain[i]) for (q, _), i in zip(chosen, combo) if i is not None]
        pinned = {q.path: q.values[i] for (q, _), i in zip(chosen, combo) if i is not None}
        result = pinner.persons(pins)
        if result is None:
            combos.append(None)
            continue
        entry = []
        for p in persons:
            values = {str(k): value_text(v) for k, v in result.get(p.id, Conclusions()).items()}
            own = exps.get(p.mirror_of or p.id, {})
            row: list[list[Any]] = []
            for key in conclusions[p.id]:
                exp = own.get(key)
                value = values.get(key, ABSENT)
                row.append([value, text_id(line(exp, pinned, value) if exp else "")])
            for key in values:
                if key not in conclusions[p.id]:  # arises only under these pins
                    row.append([values[key], text_id(""), key])
            entry.append(row_id(row))
        combos.append(entry)
    return Toggles(keys, [p.id for p in persons], conclusions, rows, combos, texts)


# The values a conclusion takes in the worlds of a combination, given its verdict there.
# (The explanation's case names for outcomes are the verdict words themselves.)
WORLD_VALUES: dict[str, tuple[str, ...]] = {
    Modality.NECESSARY: ("holds",), Modality.POSSIBLE: ("holds", "does not hold"),
    Verdict.REQUIRED: (Verdict.REQUIRED,), Verdict.FORBIDDEN: (Verdict.FORBIDDEN,),
    Verdict.PERMITTED: (Verdict.PERMITTED, Verdict.REQUIRED),
    Verdict.DEPENDS: (Verdict.FORBIDDEN, Verdict.REQUIRED, Verdict.PERMITTED), ABSENT: ("does not hold", ABSENT),
}


def _pinned_line(exp: Any, pinned: dict[str, str], value: str, speaker: Any) -> str:
    """The explanation's cases that meet the pinned values, with the rest of their condition.

    Only the values the conclusion takes under the pins are shown; a case whose whole
    condition is pinned stands for its value alone.
    """
    shown: dict[str, list[Any]] = {}
    for v, cases in exp.cases.items():
        if v not in WORLD_VALUES.get(value, (v,)):
            continue
        for c in cases:
            if all(pinned[p] in vs for p, vs in c.condition if p in pinned):
                rest = [(p, vs) for p, vs in c.condition if p not in pinned]
                shown.setdefault(v, []).append(explain.Case(rest, c.derivation, c.why_not, c.scope))
    for v, cases in shown.items():
        whole = [c for c in cases if not c.condition]
        if whole:
            shown[v] = whole[:1]
    return speaker.one_line(exp, shown)


def combinations(brief: ScenarioBrief) -> int:
    """How many combinations of toggle values the page offers."""
    return math.prod(len(k["values"]) + 1 for k in brief.toggles.keys) if brief.toggles else 0
