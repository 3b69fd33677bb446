"""``status-engine rules --treaties [STATE]``: the treaty registry as rows and a table."""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Any

from ..errors import InputError, Problem
from ..rulebook.treaties import Registry, Row


def _row(kind: str, code: str, row: Row, date: dt.date | None) -> dict[str, Any]:
    return {
        "kind": kind, "code": code, "from": row.start.isoformat(),
        "until": row.end.isoformat() if row.end else None, "basis": row.basis,
        "deposited": row.deposited.isoformat() if row.deposited else None,
        "summary": row.summary, "source": row.source, "link": row.link, "verified": row.verified,
        **({"in_force": row.covers(date)} if date else {}),
    }


def treaty_rows(registry: Registry, state: str | None, as_of: str | None) -> dict[str, Any]:
    """Registry rows by state (one state if named); input errors name the state or date."""
    date = None
    if as_of:
        try:
            date = dt.date.fromisoformat(as_of)
        except ValueError:
            raise InputError([Problem("--as-of", None, None, "", f"{as_of!r} is not a date", "YYYY-MM-DD")]) from None
    known = registry.states
    if state:
        hit = registry.identify(state.lower()) or registry.identify(state, state if len(state) == 3 else None)
        if hit is None:
            names = sorted(set(registry.by_id) | set(known))
            close = difflib.get_close_matches(state.lower(), names, n=3)
            hint = f"did you mean {', '.join(close)}? " if close else ""
            raise InputError([Problem("rules --treaties", None, None, "STATE",
                                      f"the treaty registry knows no state `{state}`",
                                      hint + "a state id or ISO code from `status-engine rules --treaties`")])
        known = {hit.code: hit}
    return {
        code: {"name": ks.name, "ids": list(ks.ids), "korea": ks.korea, "continues": ks.continues,
               "notes": ks.notes,
               "rows": [_row("treaty", c, r, date) for c, r in sorted(ks.treaties.items(), key=lambda x: x[1].start)]
               + [_row("reservation", c, r, date) for c, r in sorted(ks.reservations.items())]}
        for code, ks in sorted(known.items())
    }


def treaty_table(data: dict[str, Any], width: int = 80) -> Any:
    from rich.table import Table

    t = Table(title="Who is bound by what, since when (treaty registry)", show_lines=False)
    for col in ("state", "instrument", "binds from", "until", "checked"):
        t.add_column(col, overflow="fold")
    for code, st in data.items():
        label = f"{st['name']} ({code})"
        for r in st["rows"]:
            mark = {True: " (in force)", False: " (not in force)"}.get(r.get("in_force"), "")
            name = LABELS.get(r["code"], r["code"])
            what = name if r["kind"] == "treaty" else f"reservation: {name}"
            t.add_row(label, what + mark, r["from"], r["until"] or "", "yes" if r["verified"] else "no")
            label = ""
        if not st["rows"]:
            t.add_row(label, "none of the instruments listed", "", "", "")
        t.add_section()
    return t


# Display names of the registry's codes (the codes themselves are the registry's keys).
LABELS = {
    "gc3": "GC III", "ap1": "AP I", "cat": "CAT", "iccpr": "ICCPR", "echr": "ECHR",
    "refugee_1951": "Refugee Convention 1951", "refugee_1967": "Refugee Protocol 1967",
    "gc3_12": "GC III art. 12", "gc3_85": "GC III art. 85", "gc3_118_will": "GC III art. 118 (free will)",
}
