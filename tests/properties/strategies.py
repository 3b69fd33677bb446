"""Hypothesis strategies: small, valid scenarios built from the pydantic models.

A scenario has 3-5 states (ids ``aa``..``ee``; which is the ROK or the DPRK is drawn, as
the rules only read the ``korea`` tag), 1-3 persons with every fact drawn (the facts with
a fixed vocabulary are read off the models' ``Literal`` types, so an extension added to
the format is generated without touching this file; a default is drawn three times out
of four), and then up to ``max_open`` facts or positions replaced by ``unknown`` (an unpinned position is
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

from status_engine.scenario.model import FACT_GROUPS, Person, Scenario, State, row_of

STATE_IDS = ("aa", "bb", "cc", "dd", "ee")
QUESTIONS = {"party_status": ("factual", "acknowledgment"),
             "refused_repatriation": ("risk_based", "will_based", "strict"),
             "incorporation_party": ("sending_state_party", "receiving_state_only"),
             "nonrefoulement_custom": ("customary", "treaty_only")}
# Instruments whose binding a state carries (states.<id>.treaties; the ids aa..ee identify no
# real state, so the treaty registry supplies nothing and each is drawn).
INSTRUMENTS = ("ap1", "cat", "iccpr", "echr", "refugee_1951", "refugee_1967")
AS_OF = "2026-01-01"
# Person facts whose values are state ids (the rest are read off the models' Literal types).
STATE_VALUED = ("origin", "armed_forces", "incorporated_into", "fought_for", "captured_by", "wish",
                "under_command_of")
SKIPPED = {"id", "label", "name", "captured_on", "risk_on_return", "korea"}  # no rule reads captured_on


def literal_facts(model: Any) -> dict[str, tuple[tuple, Any]]:
    """Fields of a model whose values are a Literal: name -> (known values, default value).

    Read from the inputs table through the models, so that a fact added to the format is generated too.
    """
    out = {}
    for name in model.model_fields:
        row = row_of(model, name)
        if name in SKIPPED or row is None or row.domain not in ("bool", "enum") or row.grouped \
                and name not in row.parts:
            continue
        out[name] = ((True, False) if row.domain == "bool" else row.values, row.default)
    return out


PERSON_FACTS = STATE_VALUED + tuple(literal_facts(Person))
STATE_FACTS = tuple(literal_facts(State)) + ("korea",)
GROUPS = {g: tuple(m.model_fields) for g, m in FACT_GROUPS.items()}
booleans = st.booleans()


def _fact(draw: Any, values: tuple, default: Any) -> Any:
    """A known value; a default other than `unknown` is drawn three times out of four."""
    if default in values and draw(st.integers(0, 3)):
        return default
    return draw(st.sampled_from(values))


@st.composite
def person(draw: Any, pid: str, states: list[str]) -> dict[str, Any]:
    origin = draw(st.sampled_from(states))
    fought_for = draw(st.sampled_from(states + ["none"]))
    incorporated = draw(st.sampled_from(["none", "none"] + states))
    captor = draw(st.sampled_from([s for s in states if s not in (fought_for, incorporated)]))
    out: dict[str, Any] = {
        "id": pid,
        "origin": origin,
        "armed_forces": draw(st.sampled_from(states + ["none"])),
        "incorporated_into": incorporated,
        "fought_for": fought_for,
        "captured_by": captor,
        "wish": draw(st.sampled_from(["origin", "stay", "undecided"] + [s for s in states if s != origin])),
        "under_command_of": draw(st.sampled_from(["none", "none"] + [s for s in states if s != captor])),
        "risk_on_return": {s: draw(st.sampled_from(["substantial", "none"])) for s in states},
    }
    for name, (values, default) in literal_facts(Person).items():
        out[name] = _fact(draw, values, default)
    for group, model in FACT_GROUPS.items():
        out[group] = {n: _fact(draw, v, d) for n, (v, d) in literal_facts(model).items()}
    return out


def fact_paths(data: dict[str, Any]) -> list[tuple]:
    """Every place of a scenario that holds a fact or a pinned position (as a path)."""
    out: list[tuple] = [("conflict", "kind"), ("conflict", "hostilities_ended")]
    for s in data["states"]:
        out += [("states", s, f) for f in STATE_FACTS]
    for i, p in enumerate(data["persons"]):
        out += [("persons", i, f) for f in PERSON_FACTS]
        out += [("persons", i, g, n) for g, names in GROUPS.items() for n in names]
        out += [("persons", i, "risk_on_return", s) for s in p["risk_on_return"]]
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
    state_data = {}
    for s in states:
        state_data[s] = {n: _fact(draw, v, d) for n, (v, d) in literal_facts(State).items()}
        state_data[s]["korea"] = "rok" if s == rok else "dprk" if s == dprk else "none"
        state_data[s]["treaties"] = {i: draw(booleans) for i in INSTRUMENTS}
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
