"""Defectors Act arts 7-8: application for protection and the decision on it (rules/rok_law.lp).
Legal brief §5.4, expectations 18-19.
"""

import pytest

from rulecase import person, run, scenario, set_path
from status_engine import api
from status_engine.api import evaluate_data

APPLICANT = dict(wish="rok", applied_for_protection=True)


def test_7_8_defector_who_applied_is_owed_a_decision_on_protection():
    """Applied in person (art. 7): the ROK must decide after the Council's deliberation (art. 8;
    expectation 18)."""
    res = run(scenario(person(**APPLICANT)))
    assert res["status"].get("defector_applicant") == "necessary"
    assert res["outcomes"].get("protection_decision:rok") == "required"


@pytest.mark.parametrize("change", [
    dict(applied_for_protection=False),  # art. 7: no application, no procedure
    dict(wish="undecided"),              # art. 3: no expressed wish for ROK protection
    dict(foreign_nationality=True),      # art. 2(1): not a North Korean defector
])
def test_7_each_condition_matters(change):
    res = run(scenario(person(**dict(APPLICANT, **change))))
    assert "defector_applicant" not in res["status"]
    assert "protection_decision:rok" not in res["outcomes"]


def test_7_application_unknown_decision_possible():
    res = run(scenario(person(**dict(APPLICANT, applied_for_protection="unknown"))))
    assert res["status"].get("defector_applicant") == "possible"


def test_8_decision_owed_even_where_art9_allows_refusal():
    """Art. 9 grounds let the ROK refuse protection; they do not dispense it from deciding."""
    res = run(scenario(person(defectors_act_art9={"serious_crime": True}, **APPLICANT)))
    assert res["status"].get("defector_protection_refusable") == "necessary"
    assert res["outcomes"].get("protection_decision:rok") == "required"


def test_8_rule_switched_off_decision_no_longer_owed():
    data = scenario(person(**APPLICANT))
    res = evaluate_data(data, rules=api.rules_for(None).without("nkda_8"))["persons"]["p"]
    assert res["outcomes"].get("protection_decision:rok") == "permitted"


def test_7_8_change_no_outcome_of_the_detaining_power():
    """The procedure is the ROK's: Ukraine's outcomes are the same whether he applied or not."""
    applied = run(scenario(person(**APPLICANT)))["outcomes"]
    not_applied = run(scenario(person(wish="rok")))["outcomes"]
    assert {k: v for k, v in applied.items() if not k.startswith("protection_decision:")} == not_applied


def test_7_8_read_state_roles_not_ids():
    data = set_path(scenario(person(**APPLICANT)), "states.rok.korea", "none")
    assert "protection_decision:rok" not in run(data)["outcomes"]
