"""From consequences to the result of SCENARIO-FORMAT.md section 2.

This is the contract's own arithmetic, not law: a status is ``necessary`` if it holds in
every world and ``possible`` if in some; an outcome is ``required`` if obligatory in every
world, ``forbidden`` if forbidden in every world, ``permitted`` if forbidden in none and
not required in all, and ``depends`` otherwise.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from clingo import Symbol

from . import FORMAT
from .engine import Consequences
from .errors import RuleBaseError


def outcome_key(term: Symbol) -> str:
    """``repatriate(dprk)`` -> ``repatriate:dprk``; ``transfer`` alone -> ``transfer``."""
    if not term.arguments:
        return term.name
    return term.name + ":" + ",".join(str(a) for a in term.arguments)


def _by_person(symbols: set[Symbol], name: str) -> dict[str, set[Symbol]]:
    out: dict[str, set[Symbol]] = {}
    for s in symbols:
        if s.name == name and len(s.arguments) == 2:
            out.setdefault(str(s.arguments[0]), set()).add(s.arguments[1])
    return out


def person_results(cons: Consequences, persons: list[str], mirror_of: dict[str, str] | None = None
                   ) -> dict[str, dict[str, dict[str, str]]]:
    """Per person: status modalities and outcome verdicts (mirrored persons share theirs)."""
    clashes = sorted(str(s) for s in cons.brave if s.name == "clash")
    if clashes:
        raise RuleBaseError("rule base defect: an outcome is both obligatory and forbidden in one world: "
                            + ", ".join(clashes))
    b_status, c_status = _by_person(cons.brave, "status"), _by_person(cons.cautious, "status")
    outcomes = _by_person(cons.brave, "outcome")
    b_forb, c_forb = _by_person(cons.brave, "forbidden"), _by_person(cons.cautious, "forbidden")
    c_obl = _by_person(cons.cautious, "obligatory")
    out = {}
    mirror_of = mirror_of or {}
    for pid in persons:
        if pid in mirror_of:
            continue
        status = {str(s): ("necessary" if s in c_status.get(pid, ()) else "possible")
                  for s in b_status.get(pid, ())}
        verdicts = {}
        for o in outcomes.get(pid, ()):
            if o in c_forb.get(pid, ()):
                v = "forbidden"
            elif o in c_obl.get(pid, ()):
                v = "required"
            elif o not in b_forb.get(pid, ()):
                v = "permitted"
            else:
                v = "depends"
            verdicts[outcome_key(o)] = v
        out[pid] = {"status": dict(sorted(status.items())), "outcomes": dict(sorted(verdicts.items()))}
    for pid, rep in mirror_of.items():
        out[pid] = out[rep]
    return out


def result(scenario_id: str, as_of: dt.date, rules_digest: str, cons: Consequences, persons: list[str],
           open_paths: list[str], mirror_of: dict[str, str] | None = None) -> dict[str, Any]:
    """The JSON result object (keys sorted when rendered)."""
    return {
        "format": FORMAT,
        "scenario": scenario_id,
        "as_of": as_of.isoformat(),
        "rules": rules_digest,
        "worlds": cons.worlds,
        "open": sorted(open_paths),
        "persons": dict(sorted(person_results(cons, persons, mirror_of).items())),
    }
