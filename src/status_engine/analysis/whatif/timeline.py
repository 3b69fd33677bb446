"""Statuses and verdicts at each date where the scenario changes: the one timeline.

``evaluate`` and ``changes`` are the computation the briefing's timeline uses too (it
picks its own dates, ``briefing_dates``); the chart is drawn by ``render.timeline_svg``.

The dates are those of the file's events, the end of hostilities if the file dates it,
and the evaluation date (the file's ``as_of``, or ``--to``), within ``--from``/``--to``.
Each date is evaluated through the ordinary pipeline (events up to that date, then
``--set`` overrides), so a timeline shows exactly what ``eval --as-of DATE`` shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from ...contract import ABSENT, Change, diff
from ...render.timeline_svg import COLOURS, LEGEND, escape, svg
from .compare import _explainer, change_json
from .progress import Progress

__all__ = ["COLOURS", "LEGEND", "Point", "Timeline", "briefing_dates", "changes", "dates", "escape", "evaluate",
           "svg", "timeline"]


@dataclass
class Point:
    date: str
    events: list[str]  # notes (or the paths set) of the events dated that day
    worlds: int
    result: dict[str, Any]


@dataclass
class Timeline:
    file: str
    scenario: str
    title: str | None
    points: list[Point] = field(default_factory=list)
    changes: list[tuple[str, Change]] = field(default_factory=list)  # (date, change)

    def lanes(self, all_outcomes: bool = False) -> list[tuple[str, str, str, list[str]]]:
        """(person, kind, key, value at each point): every status; outcomes that change."""
        changed = {(c.person, c.kind, str(c.key)) for _, c in self.changes}
        keys: dict[tuple[str, str, str], None] = {}
        for p in self.points:
            for pid, res in p.result["persons"].items():
                for kind in ("status", "outcomes"):
                    for key in res[kind]:
                        if kind == "status" or all_outcomes or (pid, kind, key) in changed:
                            keys[(pid, kind, key)] = None
        out = []
        for pid, kind, key in sorted(keys, key=lambda k: (k[0], k[1] != "status", k[2])):
            values = [p.result["persons"].get(pid, {}).get(kind, {}).get(key, ABSENT) for p in self.points]
            out.append((pid, kind, key, values))
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file, "scenario": self.scenario,
            "points": [{"date": p.date, "events": p.events, "worlds": p.worlds, "persons": p.result["persons"]}
                       for p in self.points],
            "changes": [{"date": d, **change_json(c)} for d, c in self.changes],
        }


def dates(scn: Any, start: dt.date | None, end: dt.date) -> list[dt.date]:
    found = {e.on for e in scn.events}
    ended = scn.conflict.hostilities_ended.value
    if isinstance(ended, dt.date):
        found.add(ended)
    for e in scn.events:
        v = e.set.get("conflict.hostilities_ended")
        v = v.get("value") if isinstance(v, dict) else v
        if isinstance(v, dt.date):
            found.add(v)
        elif isinstance(v, str):
            try:
                found.add(dt.date.fromisoformat(v))
            except ValueError:
                pass
    out = sorted(d for d in found if (start is None or d >= start) and d <= end)
    if start is not None and start not in out:
        out.insert(0, start)
    if end not in out:
        out.append(end)
    return out


def briefing_dates(scn: Any, as_of: dt.date) -> list[dt.date]:
    """The briefing's dates: the day before the first event, each event's date, and ``as_of``."""
    if not scn.events:
        return []
    first = min(e.on for e in scn.events)
    return sorted({first - dt.timedelta(days=1)} | {e.on for e in scn.events} | {as_of})


def evaluate(located: Any, days: Iterable[dt.date], *, overrides: Iterable[Any] = (), rules: Any = None,
             timeout: float | None = None, keep_going: bool = False) -> list[Any]:
    """The evaluation at each date, from the scenario as already read (events up to that date,
    then ``--set`` overrides), every date on the shape's one session.  ``keep_going``: a date
    that fails gives its exception in its place instead of raising."""
    from ... import api

    out: list[Any] = []
    for day in days:
        try:
            prep = api.prepare_located(located, as_of=day, overrides=list(overrides), rules=rules)
            out.append(api.evaluate_prepared(prep, timeout))
        except Exception as exc:
            if not keep_going:
                raise
            out.append(exc)
    return out


def changes(before: Any, after: Any, why: Callable[[Any], Callable[[str, str], str]] | None) -> list[Change]:
    """What changed from one evaluation to the next, each change with its one-line reason
    (``why(after)`` gives the explainer of the later evaluation, asked only if something changed)."""
    found = diff(before.typed, after.typed)
    if why is not None and found:
        one = why(after)
        found = [c.explained(one(c.person, str(c.key))) for c in found]
    return found


def timeline(path: str, *, start: dt.date | None = None, end: dt.date | None = None, overrides: list[Any] = (),
             rules: Any = None, timeout: float | None = None, reasons: bool = True) -> Timeline:
    from ... import api
    from ...errors import InputError, Problem
    from ...scenario.load import load_file

    from ...scenario.load import Located

    located = path if isinstance(path, Located) else load_file(path)  # an HTTP body arrives already read
    path = located.file
    book = rules or api.rules_for(None)
    scn = api.check(located, book)
    end = end or scn.as_of or dt.date.today()
    if start is not None and start > end:
        raise InputError([Problem("--from", None, None, "--from", f"{start} is after {end}",
                                  "a date on or before --to (or the file's as_of)")])
    notes: dict[dt.date, list[str]] = {}
    for e in scn.events:
        notes.setdefault(e.on, []).append(e.note or ", ".join(e.set))
    out = Timeline(path, scn.id, scn.title)
    evaluations = []
    days = dates(scn, start, end)
    with Progress(f"timeline {scn.id}", 2 * len(days)) as bar:
        for day in days:
            ev = evaluate(located, [day], overrides=overrides, rules=book, timeout=timeout)[0]
            evaluations.append(ev)
            out.points.append(Point(day.isoformat(), notes.get(day, []), ev.result["worlds"], ev.result))
            bar.update(len(out.points))
        for i in range(1, len(out.points)):
            found = changes(evaluations[i - 1], evaluations[i], _explainer if reasons else None)
            out.changes += [(out.points[i].date, c) for c in found]
            bar.update(len(days) + i + 1)
    return out
