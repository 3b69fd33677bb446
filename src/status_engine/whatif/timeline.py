"""Statuses and verdicts at each date where the scenario changes, and an SVG chart of them.

The dates are those of the file's events, the end of hostilities if the file dates it,
and the evaluation date (the file's ``as_of``, or ``--to``), within ``--from``/``--to``.
Each date is evaluated through the ordinary pipeline (events up to that date, then
``--set`` overrides), so a timeline shows exactly what ``eval --as-of DATE`` shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html import escape
from typing import Any

from .compare import Change, _explainer, diff


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
        changed = {(c.person, c.kind, c.key) for _, c in self.changes}
        keys: dict[tuple[str, str, str], None] = {}
        for p in self.points:
            for pid, res in p.result["persons"].items():
                for kind in ("status", "outcomes"):
                    for key in res[kind]:
                        if kind == "status" or all_outcomes or (pid, kind, key) in changed:
                            keys[(pid, kind, key)] = None
        out = []
        for pid, kind, key in sorted(keys, key=lambda k: (k[0], k[1] != "status", k[2])):
            values = [p.result["persons"].get(pid, {}).get(kind, {}).get(key, "absent") for p in self.points]
            out.append((pid, kind, key, values))
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file, "scenario": self.scenario,
            "points": [{"date": p.date, "events": p.events, "worlds": p.worlds, "persons": p.result["persons"]}
                       for p in self.points],
            "changes": [{"date": d, **c.to_dict()} for d, c in self.changes],
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


def timeline(path: str, *, start: dt.date | None = None, end: dt.date | None = None, overrides: list[Any] = (),
             rules: Any = None, timeout: float | None = None, reasons: bool = True) -> Timeline:
    from .. import api
    from ..errors import InputError, Problem
    from ..loader import load_file

    located = load_file(path)
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
    for day in dates(scn, start, end):
        prep = api.prepare_located(located, as_of=day, overrides=list(overrides), rules=book)
        ev = api.evaluate_prepared(prep, timeout)
        evaluations.append(ev)
        out.points.append(Point(day.isoformat(), notes.get(day, []), ev.result["worlds"], ev.result))
    for i in range(1, len(out.points)):
        changes = diff(out.points[i - 1].result, out.points[i].result)
        if reasons and changes:
            why = _explainer(evaluations[i])
            for c in changes:
                c.why = why(c.person, c.key)
        out.changes += [(out.points[i].date, c) for c in changes]
    return out


# --------------------------------------------------------------------------- the chart

COLOURS = {
    "necessary": "#1b5e20", "possible": "#81c784",
    "required": "#1565c0", "permitted": "#64b5f6", "forbidden": "#c62828", "depends": "#f9a825",
    "absent": "#eeeeee",
}
LEGEND = ("necessary", "possible", "required", "permitted", "depends", "forbidden", "absent")


def svg(tl: Timeline, all_outcomes: bool = False) -> str:
    """A self-contained SVG: one lane per status or changing verdict, coloured by value over time."""
    lanes = tl.lanes(all_outcomes)
    days = [dt.date.fromisoformat(p.date) for p in tl.points]
    left, right, top, lane_h, gap = 230, 40, 78, 20, 6
    width = 980
    plot = width - left - right
    span = max(1, (days[-1] - days[0]).days)
    tail = max(8, span // 12) if len(days) > 1 else 30  # the last date's value, drawn a little beyond it
    total = span + tail if len(days) > 1 else tail

    def x(day: dt.date) -> float:
        return left + (day - days[0]).days / total * plot

    height = top + len(lanes) * (lane_h + gap) + 40 + 18 * len([p for p in tl.points if p.events]) + 40
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" font-size="12">',
           '<rect width="100%" height="100%" fill="white"/>',
           f'<text x="{left}" y="22" font-size="15" font-weight="bold">{escape(tl.scenario)}: '
           f'statuses and verdicts over time</text>']
    if tl.title:
        out.append(f'<text x="{left}" y="40" fill="#555">{escape(tl.title[:120])}</text>')
    axis_y = top - 10
    out.append(f'<line x1="{left}" y1="{axis_y}" x2="{left + plot}" y2="{axis_y}" stroke="#999"/>')
    numbered = [p for p in tl.points if p.events]
    marks = {p.date: n + 1 for n, p in enumerate(numbered)}
    bottom = top + len(lanes) * (lane_h + gap)
    for i, (p, day) in enumerate(zip(tl.points, days)):
        xi = x(day)
        dash = "" if p.events else ' stroke-dasharray="3,3"'
        out.append(f'<line x1="{xi:.1f}" y1="{axis_y - 4}" x2="{xi:.1f}" y2="{bottom}" stroke="#bbb"{dash}/>')
        label = p.date + (f" ({marks[p.date]})" if p.date in marks else "")
        out.append(f'<text x="{xi:.1f}" y="{axis_y - 8}" font-size="10" fill="#333" '
                   f'transform="rotate(-30 {xi:.1f} {axis_y - 8})">{escape(label)}</text>')
    changed = {(c.person, c.kind, c.key, d) for d, c in tl.changes}
    for row, (pid, kind, key, values) in enumerate(lanes):
        y = top + row * (lane_h + gap)
        weight = ' font-weight="bold"' if kind == "status" else ""
        out.append(f'<text x="{left - 8}" y="{y + lane_h - 6}" text-anchor="end"{weight}>'
                   f'{escape(f"{pid} {key}")}</text>')
        for i, value in enumerate(values):
            x0 = x(days[i])
            x1 = x(days[i + 1]) if i + 1 < len(days) else left + plot
            out.append(f'<rect x="{x0:.1f}" y="{y}" width="{max(1.0, x1 - x0):.1f}" height="{lane_h}" '
                       f'fill="{COLOURS.get(value, "#cccccc")}" stroke="white" stroke-width="0.5">'
                       f'<title>{escape(f"{pid} {key}: {value} from {tl.points[i].date}")}</title></rect>')
            if value != "absent" and x1 - x0 > 60:
                fill = "white" if value in ("necessary", "required", "forbidden") else "#222"
                out.append(f'<text x="{x0 + 4:.1f}" y="{y + lane_h - 6}" font-size="10" fill="{fill}">'
                           f'{escape(value)}</text>')
            if i and (pid, kind, key, tl.points[i].date) in changed:
                out.append(f'<path d="M{x0:.1f},{y - 3} l-4,-5 h8 z" fill="#000"/>')
    y = bottom + 24
    for p in numbered:
        text = f"({marks[p.date]}) {p.date}: " + "; ".join(p.events)
        out.append(f'<text x="{left}" y="{y}" font-size="11" fill="#333">{escape(text[:150])}</text>')
        y += 18
    y += 10
    lx = left
    for value in LEGEND:
        out.append(f'<rect x="{lx}" y="{y - 10}" width="12" height="12" fill="{COLOURS[value]}" stroke="#999" '
                   f'stroke-width="0.5"/><text x="{lx + 16}" y="{y}" font-size="11">{value}</text>')
        lx += 20 + 7 * len(value) + 14
    out.append(f'<text x="{lx + 6}" y="{y}" font-size="11">▼ change</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
