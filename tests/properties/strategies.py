"""Hypothesis strategies: small, valid scenarios built from the pydantic models.

A scenario has 3-5 states (ids ``aa``..``ee``; which is the ROK or the DPRK is drawn, as
the rules only read the ``korea`` tag), 1-3 persons with every fact drawn, and then up
to ``max_open`` facts or positions replaced by ``unknown`` (an unpinned position is
explored like an unknown fact).  Known facts never contradict each other (the captor
is never the state he fought for or was incorporated into), so only opened facts can
create the excluded worlds of ``consistency.lp``.  Every drawn scenario is validated by
``Scenario.model_validate``: what we generate is what a user could write.

Sizes are small on purpose: with at most a few open keys each example grounds and
solves in milliseconds, so a property can enumerate every world.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st

from status_engine.scenario import Conditions4A2, DefectorsActArt9, Scenario

STATE_IDS = ("aa", "bb", "cc", "dd", "ee")
CONDITIONS = tuple(Conditions4A2.model_fields)
ART9 = tuple(DefectorsActArt9.model_fields)
QUESTIONS = {"party_status": ("factual", "acknowledgment"),
             "refused_repatriation": ("risk_based", "will_based", "strict")}
AS_OF = "2026-01-01"
STATE_FACTS = ("acknowledges_participation", "willing_to_receive", "korea", "gc3_party", "recognised_by_detainer")
PERSON_FACTS = ("origin", "armed_forces", "incorporated_into", "fought_for", "captured_by", "wish", "wish_verified",
                "proceedings", "seriously_wounded", "foreign_nationality", "claims_pow", "tribunal_decision",
                "recruited_for_gain", "war_crime_suspect")

booleans = st.booleans()
mostly_true = st.sampled_from([True, True, True, False])
mostly_false = st.sampled_from([False, False, False, True])


@st.composite
def person(draw: Any, pid: str, states: list[str]) -> dict[str, Any]:
    origin = draw(st.sampled_from(states))
    fought_for = draw(st.sampled_from(states + ["none"]))
    incorporated = draw(st.sampled_from(["none", "none"] + states))
    captor = draw(st.sampled_from([s for s in states if s not in (fought_for, incorporated)]))
    return {
        "id": pid,
        "origin": origin,
        "armed_forces": draw(st.sampled_from(states + ["none"])),
        "incorporated_into": incorporated,
        "fought_for": fought_for,
        "captured_by": captor,
        "conditions_4a2": {c: draw(booleans) for c in CONDITIONS},
        "wish": draw(st.sampled_from(["origin", "stay", "undecided"] + [s for s in states if s != origin])),
        "wish_verified": draw(booleans),
        "risk_on_return": {s: draw(st.sampled_from(["substantial", "none"])) for s in states},
        "proceedings": draw(st.sampled_from(["none", "none", "pending", "convicted"])),
        "seriously_wounded": draw(mostly_false),
        "foreign_nationality": draw(mostly_false),
        "claims_pow": draw(mostly_false),
        "tribunal_decision": draw(st.sampled_from(["none", "none", "pow", "not_pow"])),
        "recruited_for_gain": draw(mostly_false),
        "war_crime_suspect": draw(mostly_false),
        "defectors_act_art9": {g: draw(mostly_false) for g in ART9},
    }


def fact_paths(data: dict[str, Any]) -> list[tuple]:
    """Every place of a scenario that holds a fact or a pinned position (as a path)."""
    out: list[tuple] = [("conflict", "kind"), ("conflict", "hostilities_ended")]
    for s in data["states"]:
        out += [("states", s, f) for f in STATE_FACTS]
    for i, p in enumerate(data["persons"]):
        out += [("persons", i, f) for f in PERSON_FACTS]
        out += [("persons", i, "conditions_4a2", c) for c in CONDITIONS]
        out += [("persons", i, "risk_on_return", s) for s in p["risk_on_return"]]
        out += [("persons", i, "defectors_act_art9", g) for g in ART9]
    out += [("positions", q) for q in data["positions"]]
    return out


def set_unknown(data: dict[str, Any], path: tuple) -> dict[str, Any]:
    """A copy with the fact at ``path`` unknown (a pinned position: unpinned)."""
    out = copy.deepcopy(data)
    cur: Any = out
    for part in path[:-1]:
        cur = cur[part]
    if path[0] == "positions":
        del cur[path[-1]]
    else:
        cur[path[-1]] = "unknown"
    return out


def is_known(data: dict[str, Any], path: tuple) -> bool:
    cur: Any = data
    for part in path:
        if isinstance(cur, dict) and part not in cur:
            return False
        cur = cur[part]
    return cur != "unknown"


@st.composite
def scenarios(draw: Any, min_persons: int = 1, max_persons: int = 3, max_open: int = 3,
              positions: dict[str, str] | None = None, persons: Any = None) -> dict[str, Any]:
    """A valid scenario; ``positions`` pins questions (and keeps them pinned)."""
    states = list(STATE_IDS[:draw(st.integers(3, 5))])
    parties = draw(st.lists(st.sampled_from(states), min_size=1, max_size=2, unique=True))
    rok = draw(st.sampled_from(states + [None]))
    dprk = draw(st.sampled_from([s for s in states if s != rok] + [None]))
    state_data = {
        s: {"acknowledges_participation": draw(booleans), "willing_to_receive": draw(booleans),
            "korea": "rok" if s == rok else "dprk" if s == dprk else "none",
            "gc3_party": draw(mostly_true), "recognised_by_detainer": draw(mostly_true)}
        for s in states
    }
    if persons is None:
        n = draw(st.integers(min_persons, max_persons))
        people = [draw(person(f"p{i}", states)) for i in range(n)]
    else:
        people = draw(persons(states))
    pinned = {q: draw(st.sampled_from(vs)) for q, vs in QUESTIONS.items()}
    pinned.update(positions or {})
    data = {
        "format": "status-engine/v1",
        "id": "generated",
        "as_of": AS_OF,
        "conflict": {"kind": draw(st.sampled_from(["international", "international", "non_international"])),
                     "parties": parties,
                     "hostilities_ended": draw(st.sampled_from([None, None, "2025-06-01", "2026-06-01"]))},
        "states": state_data,
        "persons": people,
        "positions": pinned,
    }
    candidates = [p for p in fact_paths(data) if not (p[0] == "positions" and p[1] in (positions or {}))]
    for path in draw(st.lists(st.sampled_from(candidates), max_size=max_open, unique=True)):
        data = set_unknown(data, path)
    Scenario.model_validate(data)
    return data


@st.composite
def with_events(draw: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The scenario plus 0-3 events on distinct dates (some after as_of, hence ignored)."""
    out = copy.deepcopy(data)
    states = list(out["states"])
    dates = draw(st.lists(st.sampled_from(["2025-01-10", "2025-03-01", "2025-09-30", "2026-02-01"]),
                          max_size=3, unique=True))
    events = []
    for on in dates:
        pid = draw(st.sampled_from([p["id"] for p in out["persons"]]))
        path, value = draw(st.sampled_from([
            (f"persons.{pid}.wish", draw(st.sampled_from(["origin", "stay", "undecided"]))),
            (f"persons.{pid}.wish_verified", draw(booleans)),
            (f"states.{draw(st.sampled_from(states))}.acknowledges_participation", draw(booleans)),
            (f"persons.{pid}.risk_on_return.{draw(st.sampled_from(states))}",
             draw(st.sampled_from(["substantial", "none", "unknown"]))),
        ]))
        events.append({"on": on, "set": {path: value}, "note": f"event on {on}"})
    out["events"] = events
    Scenario.model_validate(out)
    return out


@st.composite
def twins(draw: Any, states: list[str]) -> list[dict[str, Any]]:
    """4-6 persons with identical facts (so facts.py mirrors all but three) and maybe one other."""
    base = draw(person("t0", states))
    out = [dict(copy.deepcopy(base), id=f"t{i}") for i in range(draw(st.integers(4, 6)))]
    if draw(booleans):
        out.append(draw(person("other", states)))
    return out
