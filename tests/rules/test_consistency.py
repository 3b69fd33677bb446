"""Contradictory facts (rules/consistency.lp): such worlds are excluded; with no world
left the engine reports the contradiction. GC III art. 4A: 'fallen into the power of the enemy'.
"""

import pytest

from status_engine.errors import EvaluationError

from rulecase import person, result, scenario


def test_captured_by_the_state_he_fought_for_is_a_contradiction():
    with pytest.raises(EvaluationError):
        result(scenario(person(fought_for="ua")))


def test_captured_by_the_state_whose_forces_he_joined_is_a_contradiction():
    with pytest.raises(EvaluationError):
        result(scenario(person(incorporated_into="ua")))


def test_contradictory_worlds_are_excluded_when_facts_are_open():
    """fought_for unknown: the world where he fought for his captor is not counted."""
    positions = {"party_status": "factual", "refused_repatriation": "risk_based",
                 "incorporation_party": "sending_state_party", "nonrefoulement_custom": "customary"}
    res = result(scenario(person(fought_for="unknown"), positions=positions))
    # domain: ru, ua, dprk, rok, xx, none -> 6 values, one (ua) contradictory
    assert res["open"] == ["persons.p.fought_for"]
    assert res["worlds"] == 5
    assert res["persons"]["p"]["status"]["pow"] == "necessary"
