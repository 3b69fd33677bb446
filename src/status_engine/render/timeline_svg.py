"""The timeline as a self-contained SVG chart: one lane per status or changing verdict.

Renders a ``whatif.timeline.Timeline`` (its points, lanes and changes); computes nothing.
"""

from __future__ import annotations

import datetime as dt
from html import escape as _escape
from typing import Any

from ..contract import ABSENT, Modality, Verdict


def escape(text: str) -> str:
    """XML text: markup escaped, and control characters (which XML 1.0 cannot carry) shown as escapes."""
    from . import visible

    return _escape(visible(str(text)))


COLOURS: dict[str, str] = {
    Modality.NECESSARY: "#1b5e20", Modality.POSSIBLE: "#81c784",
    Verdict.REQUIRED: "#1565c0", Verdict.PERMITTED: "#64b5f6", Verdict.FORBIDDEN: "#c62828",
    Verdict.DEPENDS: "#f9a825", ABSENT: "#eeeeee",
}
LEGEND: tuple[str, ...] = (Modality.NECESSARY, Modality.POSSIBLE, Verdict.REQUIRED, Verdict.PERMITTED,
                           Verdict.DEPENDS, Verdict.FORBIDDEN, ABSENT)


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    out, day = [], dt.date(first.year, first.month, 1)
    while day <= last:
        if day >= first:
            out.append(day)
        day = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return out


def svg(tl: Any, all_outcomes: bool = False) -> str:
    """A self-contained SVG: one lane per status or changing verdict, coloured by value over time.

    Lanes run from each evaluated date to the next; the last date's value is drawn a
    little beyond it.  Numbered markers on top are the events (listed below the chart),
    a triangle marks each change, and the axis below has a tick per month.
    """
    lanes = tl.lanes(all_outcomes)
    days = [dt.date.fromisoformat(p.date) for p in tl.points]
    left, right, lane_h, gap = 200, 30, 20, 6
    width = 980
    plot = width - left - right
    span = (days[-1] - days[0]).days
    tail = max(8, span // 12) if span else 30
    total = span + tail
    end = days[-1] + dt.timedelta(days=tail)

    def x(day: dt.date) -> float:
        return left + (day - days[0]).days / total * plot

    numbered = [p for p in tl.points if p.events]
    marks = {p.date: n + 1 for n, p in enumerate(numbered)}
    # Stagger event numbers that would overlap.
    level: dict[str, int] = {}
    last_x: list[float] = []
    for p in numbered:
        xi = x(dt.date.fromisoformat(p.date))
        lv = 0
        while lv < len(last_x) and xi - last_x[lv] < 22:
            lv += 1
        if lv == len(last_x):
            last_x.append(xi)
        last_x[lv] = xi
        level[p.date] = lv
    rows_of_marks = max(level.values(), default=-1) + 1
    top = 62 + 16 * rows_of_marks
    bottom = top + len(lanes) * (lane_h + gap)
    height = bottom + 50 + 17 * (len(numbered) + 1) + 36
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" font-size="12">',
           '<rect width="100%" height="100%" fill="white"/>',
           f'<text x="20" y="22" font-size="15" font-weight="bold">{escape(tl.scenario)}: '
           f'statuses and verdicts over time</text>']
    if tl.title:
        out.append(f'<text x="20" y="40" fill="#555">{escape(tl.title[:150])}</text>')
    # Month grid and axis.
    for m in _months(days[0], end):
        xm = x(m)
        label = m.strftime("%b %Y") if m.month == 1 or m == _months(days[0], end)[0] else m.strftime("%b")
        out.append(f'<line x1="{xm:.1f}" y1="{top - 4}" x2="{xm:.1f}" y2="{bottom + 4}" stroke="#eee"/>')
        out.append(f'<line x1="{xm:.1f}" y1="{bottom}" x2="{xm:.1f}" y2="{bottom + 6}" stroke="#666"/>')
        out.append(f'<text x="{xm + 2:.1f}" y="{bottom + 18}" font-size="11" fill="#333">{label}</text>')
    out.append(f'<line x1="{left}" y1="{bottom}" x2="{left + plot}" y2="{bottom}" stroke="#666"/>')
    # Evaluated dates: solid for events, dashed otherwise; numbered markers on top.
    for p, day in zip(tl.points, days):
        xi = x(day)
        dash = "" if p.events else ' stroke-dasharray="3,3"'
        out.append(f'<line x1="{xi:.1f}" y1="{top - 6}" x2="{xi:.1f}" y2="{bottom}" stroke="#888"{dash}>'
                   f'<title>{escape(p.date)}</title></line>')
        if p.date in marks:
            y = top - 12 - 16 * level[p.date]
            out.append(f'<circle cx="{xi:.1f}" cy="{y - 4}" r="7" fill="#333"/>'
                       f'<text x="{xi:.1f}" y="{y}" font-size="10" fill="white" text-anchor="middle">'
                       f'{marks[p.date]}</text>')
    xe = x(days[-1])
    out.append(f'<text x="{xe + 3:.1f}" y="{top - 8}" font-size="10" fill="#555">{escape(tl.points[-1].date)}</text>')
    changed = {(c.person, c.kind, str(c.key), d) for d, c in tl.changes}
    for row, (pid, kind, key, values) in enumerate(lanes):
        y = top + row * (lane_h + gap)
        weight = ' font-weight="bold"' if kind == "status" else ""
        out.append(f'<text x="{left - 8}" y="{y + lane_h - 6}" text-anchor="end"{weight}>'
                   f'{escape(f"{pid} {key}")}</text>')
        i = 0
        while i < len(values):  # one rectangle per run of equal values
            j = i
            while j + 1 < len(values) and values[j + 1] == values[i]:
                j += 1
            x0 = x(days[i])
            x1 = x(days[j + 1]) if j + 1 < len(days) else left + plot
            value = values[i]
            tip = f"{pid} {key}: {value} from {tl.points[i].date}"
            out.append(f'<rect x="{x0:.1f}" y="{y}" width="{max(1.0, x1 - x0):.1f}" height="{lane_h}" '
                       f'fill="{COLOURS.get(value, "#cccccc")}" stroke="white" stroke-width="0.5">'
                       f'<title>{escape(tip)}</title></rect>')
            if value != ABSENT and x1 - x0 > 60:
                fill = "white" if value in (Modality.NECESSARY, Verdict.REQUIRED, Verdict.FORBIDDEN) else "#222"
                out.append(f'<text x="{x0 + 5:.1f}" y="{y + lane_h - 6}" font-size="10" fill="{fill}">'
                           f'{escape(value)}</text>')
            if i and (pid, kind, key, tl.points[i].date) in changed:
                out.append(f'<path d="M{x0:.1f},{y + 1} l-5,-6 h10 z" fill="#000"/>')
            i = j + 1
    y = bottom + 44
    for p in numbered:
        text = f"{marks[p.date]}  {p.date}: " + "; ".join(p.events)
        out.append(f'<text x="{left}" y="{y}" font-size="11" fill="#333">{escape(text[:140])}</text>')
        y += 17
    out.append(f'<text x="{left}" y="{y}" font-size="11" fill="#555">the last date, '
               f'{escape(tl.points[-1].date)}, is drawn to the right edge</text>')
    y += 28
    lx = left
    for value in LEGEND:
        out.append(f'<rect x="{lx}" y="{y - 10}" width="12" height="12" fill="{COLOURS[value]}" stroke="#999" '
                   f'stroke-width="0.5"/><text x="{lx + 16}" y="{y}" font-size="11">{value}</text>')
        lx += 30 + 7 * len(value)
    out.append(f'<path d="M{lx + 5},{y - 3} l-5,-6 h10 z" fill="#000"/>'
               f'<text x="{lx + 14}" y="{y}" font-size="11">a change</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
