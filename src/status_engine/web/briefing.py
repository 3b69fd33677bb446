"""The briefing of a scenario sent in a request body (``POST /v1/brief``), through ``brief``.

``brief.scenario_brief`` re-reads the scenario *file* at each event date for its timeline;
a request's scenario has no file, and nothing on disk is read on a request's say-so.  So
the brief is built with the events hidden from that step (they are already applied to
the facts), and the timeline is computed here from the body as parsed, the same way.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Optional

from .. import api, brief, explain
from ..contract import diff
from ..render import words

TOGGLES = 6  # as `status-engine brief`'s default


def _timeline(prep: Any, overrides: list, timeout: Optional[float]) -> list[brief.TimelineEntry]:
    """As ``brief._timeline``, from ``prep.located`` instead of a path."""
    events = prep.source.events
    if not events:
        return []
    first = min(e.on for e in events)
    dates = sorted({first - dt.timedelta(days=1)} | {e.on for e in events} | {prep.as_of})
    out: list[brief.TimelineEntry] = []
    previous: Optional[Any] = None
    for d in dates:
        notes = ["before the first event"] if d < first else []
        for e in events:
            if e.on == d:
                sets = ", ".join(f"{k}={brief._value(v)}" for k, v in e.set.items())
                notes.append(f"{e.note + ': ' if e.note else ''}{sets}")
        entry = brief.TimelineEntry(d.isoformat(), notes, [], d > prep.as_of, d == prep.as_of)
        try:
            ev = api.evaluate_prepared(api.prepare_located(prep.located, as_of=d, overrides=overrides,
                                                           rules=prep.rules), timeout)
        except Exception as exc:  # noqa: BLE001 - reported in the briefing, not fatal
            entry.error = str(exc).splitlines()[0]
            out.append(entry)
            continue
        if previous is not None:
            entry.changes = diff(previous, ev.typed)
            if entry.changes:
                ex = explain.Explainer(ev)
                entry.changes = [c.explained(words.one_line(ex.explain(c.person, str(c.key))))
                                 for c in entry.changes]
        previous = ev.typed
        out.append(entry)
    return out


def briefing(prep: Any, overrides: list, fmt: str, timeout: Optional[float]) -> str:
    """The Markdown (``fmt="md"``) or HTML briefing of one prepared scenario."""
    quiet = dataclasses.replace(prep, source=prep.source.model_copy(update={"events": []}))
    html = fmt == "html"
    b = brief.scenario_brief(quiet, prep.located.file, overrides, timeout, toggles=html, max_toggles=TOGGLES)
    b.timeline = _timeline(prep, overrides, timeout)
    if html:
        from ..render.html import briefing as render
    else:
        from ..render.markdown import briefing as render
    return render([b])
