"""Minimal scenarios for the rule tests: every fact known unless a test opens it.

The base case is a soldier of the DPRK's regular forces ("dprk" is tagged `korea: dprk`;
its forces take part in the hostilities),
fighting for Russia, captured by Ukraine, in an international armed conflict between
Russia and Ukraine in which the DPRK has acknowledged its participation; hostilities
continue; no risk anywhere; he wants to go home and the ICRC has verified it. Each test
changes only what its legal point needs.
"""

from __future__ import annotations

from typing import Any

from conftest import variant
from status_engine.api import evaluate_data

# The instruments whose binding the rules read (states.<id>.treaties.<I>). ru, ua, dprk and
# rok are identified states: the treaty registry supplies theirs on the date (Ukraine, the
# detaining power, is bound by AP I, CAT, ICCPR, ECHR and the refugee instruments).
INSTRUMENTS = ("ap1", "cat", "iccpr", "echr", "refugee_1951", "refugee_1967")
FOUR = ("pow", "presumed_pow", "unprivileged_belligerent", "civilian")
# Substantial risk in the third state xx only (non-refoulement tests).
RISK_XX = {"ru": "none", "ua": "none", "dprk": "none", "rok": "none", "xx": "substantial"}


def person(**over: Any) -> dict[str, Any]:
    p = {
        "id": "p", "origin": "dprk", "armed_forces": "dprk", "incorporated_into": "none",
        "fought_for": "ru", "captured_by": "ua",
        "conditions_4a2": {"responsible_command": False, "distinctive_sign": False,
                           "arms_openly": False, "laws_of_war": False},
        "wish": "origin", "wish_verified": True,
        "risk_on_return": {s: "none" for s in ("ru", "ua", "dprk", "rok", "xx")},
        "proceedings": "none", "seriously_wounded": False,
        "foreign_nationality": False, "claims_pow": False, "tribunal_decision": "none",
        "recruited_for_gain": False, "war_crime_suspect": False, "under_command_of": "none",
    }
    p.update(over)
    return p


def scenario(*persons: dict[str, Any], positions: dict[str, str] | None = None,
             ended: bool = False, kind: str = "international") -> dict[str, Any]:
    return {
        "format": "status-engine/v1",
        "id": "rule-test",
        "as_of": "2026-06-01",
        "conflict": {"kind": kind, "parties": ["ru", "ua"],
                     "hostilities_ended": "2026-01-01" if ended else None},
        "states": {
            "ru": {"acknowledges_participation": True, "willing_to_receive": True, "korea": "none"},
            "ua": {"acknowledges_participation": True, "willing_to_receive": True, "korea": "none"},
            "dprk": {"acknowledges_participation": True, "willing_to_receive": True, "korea": "dprk",
                     "forces_participate": True},
            "rok": {"acknowledges_participation": False, "willing_to_receive": True, "korea": "rok",
                    "forces_participate": False},
            "xx": {"acknowledges_participation": False, "willing_to_receive": True, "korea": "none",
                   "forces_participate": False, "treaties": {i: False for i in INSTRUMENTS}},
        },
        "persons": list(persons) or [person()],
        "positions": dict(positions or {}),
    }


def set_path(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A deep copy with one dotted path changed (``states.dprk.korea``)."""
    return variant(data, **{path: value})


def run(data: dict[str, Any], pid: str = "p") -> dict[str, Any]:
    """The result for one person: {"status": {...}, "outcomes": {...}}."""
    return evaluate_data(data)["persons"][pid]


def result(data: dict[str, Any]) -> dict[str, Any]:
    return evaluate_data(data)


def status_of(res: dict[str, Any]) -> dict[str, str]:
    """Only the four exclusive statuses."""
    return {k: v for k, v in res["status"].items() if k in FOUR}


def verdict(res: dict[str, Any], key: str) -> str | None:
    return res["outcomes"].get(key)
