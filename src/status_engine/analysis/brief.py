"""Briefings: what a desk officer can hand on, assembled from the engine's own answers.

For each scenario and person: every status and verdict with its explanation (the solver's
derivation, see ``explain``), the open facts and positions and what pinning each would
change, the timeline at the scenario's event dates, and the sources cited (unverified
ones flagged).  For the HTML page, the *decisive* open keys (those named by the
explanations' conditions) become toggles; the engine precomputes the verdicts of every
combination of their values (each key pinned or left open, ``toggles``) on one grounded Control, and
the one-line explanation of each conclusion in that combination (the explanation's cases
that meet it, with the rest of their condition).

Nothing here states law: texts come from the rules' source registry and the scenario.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional

from clingo import Function, Symbol

from .. import api
from . import explain
from .explain import batch
from .explain.document import explain_document, meta  # noqa: F401  (explain's documents, named here too)
from .explain.instrument import grounded_meanwhile
from .whatif.progress import Progress
from ..contract import Change, Conclusions, diff
from ..render import words
from .pinned import Pinner as Pinner  # re-exported: what the briefing's questions solve with
from .toggles import MAX_COMBINATIONS as MAX_COMBINATIONS, MAX_TOGGLES as MAX_TOGGLES, Toggles as Toggles
from .toggles import _toggles, combinations as combinations


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

    meanwhile = grounded_meanwhile(prep)  # the explanations' program, grounded while the evaluation runs
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
        done = batch.explain_many(ev, asked, jobs=jobs, progress=bar.update,
                                  explainer=explain.Explainer(ev, meanwhile.get()))
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
