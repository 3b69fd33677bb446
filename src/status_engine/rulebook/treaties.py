"""Which real state a scenario's state id means, and which law binds it on a date.

The knowledge itself is law and lives in the rule base (``rules/treaties.yaml``): for
each known state, the ids that identify it, which Korea it is, the dates from which each
instrument binds it (and until which), and the reservations and declarations the rules
use.  This module only reads that file, checks its shape, and answers two mechanical
questions: *which known state is this id?* and *does this row cover this date?*.  What
follows from a state being bound is for the rules to say (they read ``bound(I)`` facts).

A scenario may always state a fact itself; what it states overrides what is known here
(SCENARIO-FORMAT section 1).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import RuleBaseError

REGISTRY_FILE = "treaties.yaml"

# Instruments whose participation becomes the state facts ``bound(I)``; GC III is the
# older key ``gc3_party``.  Reservations become the state facts named beside them.
BOUND_INSTRUMENTS = ("ap1", "cat", "iccpr", "echr", "refugee_1951", "refugee_1967")
INSTRUMENTS = ("gc3",) + BOUND_INSTRUMENTS
RESERVATIONS = {"gc3_12": "reserves_gc3_12", "gc3_85": "reserves_gc3_85", "gc3_118_will": "declares_118_will"}


@dataclass(frozen=True)
class Row:
    """One dated entry: a state's participation in an instrument, or a reservation."""

    code: str  # instrument or reservation code
    start: dt.date
    end: dt.date | None
    basis: str
    deposited: dt.date | None
    source: str
    link: str
    verified: bool
    summary: str = ""

    def covers(self, date: dt.date) -> bool:
        """In force on ``date``: from its start, up to (not including) its end."""
        return self.start <= date and (self.end is None or date < self.end)

    def evidence(self, state: str) -> str:
        """A sentence for explanations: where the engine's knowledge of this row comes from."""
        span = f"from {self.start.isoformat()}" + (f" until {self.end.isoformat()}" if self.end else "")
        basis = f" ({self.basis}" + (f" deposited {self.deposited.isoformat()}" if self.deposited else "") + ")" \
            if self.basis else ""
        flag = "" if self.verified else "; not verified against the depositary's record"
        return f"treaty registry: {state} {span}{basis}{flag}"


@dataclass(frozen=True)
class KnownState:
    code: str
    name: str
    ids: tuple[str, ...]
    korea: str | None
    continues: str | None
    treaties: dict[str, Row]
    reservations: dict[str, Row]
    notes: str = ""

    def bound(self, instrument: str, date: dt.date) -> Row | None:
        """The row under which ``instrument`` binds this state on ``date``, if any."""
        row = self.treaties.get(instrument)
        return row if row is not None and row.covers(date) else None

    def reserved(self, code: str, date: dt.date) -> Row | None:
        row = self.reservations.get(code)
        return row if row is not None and row.covers(date) else None


@dataclass(frozen=True)
class Registry:
    instruments: dict[str, dict[str, Any]] = field(default_factory=dict)
    states: dict[str, KnownState] = field(default_factory=dict)
    by_id: dict[str, str] = field(default_factory=dict)  # lower-case id -> code

    def identify(self, state_id: str, iso: str | None = None) -> KnownState | None:
        """The known state an id (or an explicit ``iso:`` code) means, if the registry has it."""
        if iso:
            return self.states.get(iso.upper())
        code = self.by_id.get(state_id) or (state_id.upper() if state_id.upper() in self.states else None)
        return self.states.get(code) if code else None


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise RuleBaseError(f"{where}: expected a date (YYYY-MM-DD), got {value!r}")


def _row(code: str, spec: Any, where: str) -> Row:
    if not isinstance(spec, dict) or "from" not in spec or "verified" not in spec:
        raise RuleBaseError(f"{where}: expected a mapping with at least `from` and `verified`")
    end = spec.get("until")
    dep = spec.get("deposited")
    return Row(code, _date(spec["from"], where + ".from"), _date(end, where + ".until") if end else None,
               str(spec.get("basis", "") or ""), _date(dep, where + ".deposited") if dep else None,
               str(spec.get("source", "") or ""), str(spec.get("link", "") or ""), bool(spec["verified"]),
               str(spec.get("summary", "") or ""))


def _state(code: str, spec: Any, where: str) -> KnownState:
    if not isinstance(spec, dict) or "name" not in spec:
        raise RuleBaseError(f"{where}: expected a mapping with at least `name`")
    treaties = spec.get("treaties") or {}
    reservations = spec.get("reservations") or {}
    for name, known, kind in ((treaties, INSTRUMENTS, "instrument"), (reservations, RESERVATIONS, "reservation")):
        unknown = sorted(set(name) - set(known))
        if unknown:
            raise RuleBaseError(f"{where}: unknown {kind} code {', '.join(unknown)} (known: {', '.join(known)})")
    korea = spec.get("korea")
    if korea not in (None, "rok", "dprk"):
        raise RuleBaseError(f"{where}.korea: expected rok or dprk, got {korea!r}")
    return KnownState(
        code, str(spec["name"]), tuple(str(i) for i in spec.get("ids") or ()), korea, spec.get("continues"),
        {i: _row(i, r, f"{where}.treaties.{i}") for i, r in treaties.items()},
        {c: _row(c, r, f"{where}.reservations.{c}") for c, r in reservations.items()},
        str(spec.get("notes", "") or "").strip(),
    )


def parse(data: Any, where: str) -> Registry:
    """Check the registry's shape; a defect is a rule-base error naming the entry."""
    if not isinstance(data, dict):
        raise RuleBaseError(f"{where}: the treaty registry must be a mapping")
    states = {str(code): _state(str(code), spec, f"{where}: states.{code}")
              for code, spec in (data.get("states") or {}).items()}
    by_id: dict[str, str] = {}
    for code, st in states.items():
        for i in st.ids:
            if i in by_id and by_id[i] != code:
                raise RuleBaseError(f"{where}: id `{i}` identifies both {by_id[i]} and {code}")
            by_id[i] = code
    return Registry(dict(data.get("instruments") or {}), states, by_id)


def load(directory: Path) -> tuple[Registry, str]:
    """The registry of a rule directory and its text (for the rule base's hash); empty if absent."""
    path = directory / REGISTRY_FILE
    if not path.exists():
        return Registry(), ""
    import yaml

    text = path.read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(text, Loader=loader) or {}
    except yaml.YAMLError as exc:
        raise RuleBaseError(f"{path}: cannot read the treaty registry: {exc}") from None
    return parse(data, str(path)), text
