"""`status-engine needs`: minimal change sets, checked against `eval`, and impossible goals."""

from __future__ import annotations

import itertools
import json

import pytest

from conftest import SCENARIOS, cli
from status_engine import api
from status_engine.errors import InputError
from status_engine.scenario.check import parse_override
from status_engine.analysis.whatif.common import open_paths, set_text
from status_engine.analysis.whatif.needs import Goal, needs, parse_goal

KURSK_02 = SCENARIOS / "kursk-2025-02.yaml"
KURSK_06 = SCENARIOS / "kursk-2025-06.yaml"
GULF = SCENARIOS / "gulf-1991.yaml"


def _needs(path, person, goal, *args):
    res = cli("needs", path, "--person", person, "--goal", goal, "--format", "json", *args)
    assert res.exit_code == 0, res.stderr
    return json.loads(res.stdout)


def _value(path, sets, goal: Goal):
    prep = api.prepare(str(path), overrides=[parse_override(s) for s in sets])
    res = api.evaluate_prepared(prep).result["persons"][goal.person]
    return res["outcomes" if goal.kind == "outcome" else "status"].get(goal.key, "absent")


def _holds(value: str, want: str) -> bool:
    if want == "permitted":  # allowed in every world: permitted or required
        return value in ("permitted", "required")
    return value == want


def test_baek_reaches_seoul_if_he_asks():
    """Done criterion: `needs --goal transfer:rok=permitted` gives the minimal set with its explanation."""
    out = _needs(KURSK_06, "baek", "transfer:rok=permitted")
    assert not out["impossible"] and not out["already_holds"]
    first = out["solutions"][0]
    assert first["set"] == ["persons.baek.wish=rok"]
    assert first["result"] == "permitted"
    assert first["reason"]  # the explanation of the goal in the changed scenario


def test_goal_already_met_needs_no_change():
    out = _needs(KURSK_06, "ri", "transfer:rok=permitted", "--no-reasons")
    assert out["already_holds"] and out["solutions"][0]["changes"] == []


def test_a_status_goal_before_the_acknowledgment():
    """Feb 2025: what makes Ri a POW on every reading? The DPRK's acknowledgment."""
    out = _needs(KURSK_02, "ri", "pow=necessary", "--no-reasons")
    assert [s["set"] for s in out["solutions"]] == [["states.dprk.acknowledges_participation=true"]]


def test_impossible_goal_names_the_rule_that_blocks_it():
    """Prosecution for having fought: forbidden for a POW (AP I 43(2)) whatever changes."""
    out = _needs(KURSK_06, "ri", "prosecute:participation=permitted", "--no-reasons")
    assert out["impossible"] and out["solutions"] == []
    blocked = out["blocked_by"]
    assert blocked["kind"] in ("rules", "rules-jointly")
    assert any(item.startswith("api_43_2 ") for item in blocked["items"])


def test_impossible_goal_names_the_fact_that_cannot_change():
    """Gulf 1991: no change of facts bars the return of a refuser at risk where the strict reading
    of art. 118 meets a detaining power bound by no non-refoulement treaty and custom is denied."""
    out = _needs(GULF, "karim", "repatriate:iq=forbidden", "--no-reasons")
    assert out["impossible"]
    assert out["blocked_by"]["kind"] == "facts"
    assert out["blocked_by"]["items"] == ["positions.nonrefoulement_custom=treaty_only",
                                          "positions.refused_repatriation=strict"]


def test_impossible_is_reported_in_the_table():
    res = cli("needs", KURSK_06, "--person", "ri", "--goal", "prosecute:participation=permitted", "--no-reasons")
    assert res.exit_code == 0 and "impossible under these rules" in res.stdout and "api_43_2" in res.stdout


def test_can_change_widens_what_may_change():
    """With the reading of art. 118 allowed to change, the return can be barred after all."""
    out = _needs(GULF, "karim", "repatriate:iq=forbidden", "--no-reasons",
                 "--can-change", "positions.refused_repatriation")
    assert not out["impossible"]
    assert out["solutions"][0]["changes"][0]["path"] == "positions.refused_repatriation"


def test_solutions_are_minimal_and_correct_against_brute_force():
    """Every combination of values of three facts, evaluated by the ordinary pipeline."""
    can = ["persons.ri.wish", "conflict.hostilities_ended", "persons.ri.proceedings"]
    goal = parse_goal("repatriate:dprk=required", "ri")
    prep = api.prepare(str(KURSK_06))
    axes = open_paths(prep, can).axes
    options = [[None] + [v for v in axes[p].values if v != axes[p].baseline] for p in can]
    works = []
    for combo in itertools.product(*options):
        sets = [set_text(p, v, prep.as_of) for p, v in zip(can, combo) if v is not None]
        if _holds(_value(KURSK_06, sets, goal), goal.want):
            works.append(frozenset(sets))
    smallest = min(len(w) for w in works)
    expected = {w for w in works if len(w) == smallest}
    found = needs(prep, goal, can_change=can, reasons=False)
    assert {frozenset(s.overrides) for s in found.solutions} == expected


def test_all_minimal_lists_no_superset_of_another_solution():
    out = _needs(KURSK_06, "baek", "transfer:rok=permitted", "--no-reasons", "--all-minimal")
    sets = [frozenset(s["set"]) for s in out["solutions"]]
    assert all(not (a < b) for a in sets for b in sets)


@pytest.mark.parametrize("goal", ["transfer:rok", "transfer:rok=maybe", "pow:x=necessary", "Bad=required"])
def test_bad_goals_are_input_errors(goal):
    res = cli("needs", KURSK_06, "--person", "ri", "--goal", goal)
    assert res.exit_code == 2 and res.stdout == ""


def test_unknown_person_and_bad_can_change_are_input_errors():
    prep = api.prepare(str(KURSK_06))
    with pytest.raises(InputError):
        needs(prep, parse_goal("pow=necessary", "zz"))
    res = cli("needs", KURSK_06, "--person", "ri", "--goal", "pow=necessary", "--can-change", "persons.ri.nothing")
    assert res.exit_code == 2 and "nothing" in res.stderr
