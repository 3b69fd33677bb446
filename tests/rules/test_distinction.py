"""AP I art. 44(3)-(4): a combatant captured while failing to distinguish himself forfeits POW
status but keeps equivalent protection (rules/api_protocol1.lp, gc3_status.lp). Legal brief
§1.2 (doctrinal note: ICRC 2020 commentary para. 1039 as reported), §3.2, expectation 5.
"""

import pytest

from rulecase import person, run, scenario, set_path, status_of, verdict
from status_engine import api
from status_engine.api import evaluate_data

UNDISTINGUISHED = dict(failed_to_distinguish=True)


def test_44_3_captured_undistinguished_soldier_is_presumed_pow_until_a_tribunal_rules():
    """The failure is the only ground that can exclude an art. 4 person (para. 1039); whether he
    so failed is for the competent tribunal (GC III 5(2)): meanwhile protected as a POW."""
    res = run(scenario(person(**UNDISTINGUISHED)))
    assert status_of(res) == {"presumed_pow": "necessary"}
    assert verdict(res, "tribunal:art5") == "required"
    assert verdict(res, "prosecute:participation") == "forbidden"


def test_44_4_forfeiture_found_unprivileged_but_protected_as_a_pow():
    """Tribunal rules him no POW: he may be tried for having fought, with protections equivalent
    in all respects to a POW's, at trial too (44(4))."""
    res = run(scenario(person(tribunal_decision="not_pow", **UNDISTINGUISHED)))
    assert status_of(res) == {"unprivileged_belligerent": "necessary"}
    assert verdict(res, "prosecute:participation") == "permitted"
    assert verdict(res, "fair_trial:gc3") == "required"
    assert "fair_trial:api75" not in res["outcomes"]
    assert verdict(res, "public_exposure:ua") == "forbidden"
    assert verdict(res, "humane_treatment:ua") == "required"


def test_44_4_equivalent_protection_includes_release_and_repatriation():
    """After active hostilities he is released and repatriated like a POW (GC III 118)."""
    res = run(scenario(person(tribunal_decision="not_pow", **UNDISTINGUISHED), ended=True))
    assert verdict(res, "repatriate:dprk") == "required"
    assert verdict(res, "intern:ua") == "forbidden"


def test_44_tribunal_finding_him_a_pow_settles_the_doubt():
    res = run(scenario(person(tribunal_decision="pow", **UNDISTINGUISHED)))
    assert status_of(res) == {"pow": "necessary"}


def test_44_claimant_presumed_pow_under_45_1():
    res = run(scenario(person(claims_pow=True, **UNDISTINGUISHED)))
    assert status_of(res) == {"presumed_pow": "necessary"}
    assert verdict(res, "tribunal:art5") == "required"


def test_44_3_distinguished_soldier_is_pow():
    """The condition matters: without the failure, a KPA member is a POW under 4A(1)."""
    assert status_of(run(scenario(person(failed_to_distinguish=False)))) == {"pow": "necessary"}


def test_44_4_equivalent_protection_only_for_a_person_in_an_art4_category():
    """No art. 4 ground at all (DPRK denies, acknowledgment reading, not incorporated): a tribunal's
    negative finding leaves AP I 75 guarantees only, failure to distinguish or not."""
    data = scenario(person(tribunal_decision="not_pow", **UNDISTINGUISHED),
                    positions={"party_status": "acknowledgment"})
    data = set_path(data, "states.dprk.acknowledges_participation", False)
    res = run(data)
    assert status_of(res) == {"unprivileged_belligerent": "necessary"}
    assert verdict(res, "fair_trial:api75") == "required"
    assert "fair_trial:gc3" not in res["outcomes"]


def test_44_unknown_conduct_pow_or_presumed_pow():
    res = run(scenario(person(failed_to_distinguish="unknown")))
    assert status_of(res) == {"pow": "possible", "presumed_pow": "possible"}


@pytest.mark.parametrize("rid", ["api_44_3", "api_44_4"])
def test_44_rules_switched_off_leave_him_a_pow(rid):
    data = scenario(person(**UNDISTINGUISHED))
    res = evaluate_data(data, rules=api.rules_for(None).without(rid))["persons"]["p"]
    assert status_of(res) == {"pow": "necessary"}
