"""GC III art. 13, arts 99-108; common art. 3 (rules/gc3_treatment.lp).
Legal brief §1.6, §1.7, expectations 1, 21, 22.
"""

from rulecase import person, run, scenario, status_of, verdict


def test_13_1_pow_treated_humanely():
    """Humane treatment at all times (expectation 1)."""
    assert verdict(run(scenario()), "humane_treatment:ua") == "required"


def test_13_2_pow_not_exposed_to_public_curiosity():
    """Publishing identifying images or interrogation videos breaches art. 13 (expectation 22)."""
    assert verdict(run(scenario()), "public_exposure:ua") == "forbidden"


def test_13_applies_to_presumed_pow_too():
    """Art. 5(2): the Convention's protection while the tribunal is pending."""
    data = scenario(person(), positions={"party_status": "acknowledgment"})
    data["states"]["dprk"]["acknowledges_participation"] = False
    res = run(data)
    assert status_of(res) == {"presumed_pow": "necessary"}
    assert verdict(res, "public_exposure:ua") == "forbidden"
    assert verdict(res, "humane_treatment:ua") == "required"


def test_99_108_pow_tried_for_war_crimes_gets_gc3_guarantees():
    assert verdict(run(scenario(person(war_crime_suspect=True))), "fair_trial:gc3") == "required"


def test_ca3_non_international_fighter_humane_treatment_and_fair_trial():
    """Common art. 3(1)(a), (d): no POW status, but humane treatment and a regular court."""
    res = run(scenario(kind="non_international"))
    assert status_of(res) == {"unprivileged_belligerent": "necessary"}
    assert verdict(res, "prosecute:participation") == "permitted"
    assert verdict(res, "humane_treatment:ua") == "required"
    assert verdict(res, "fair_trial:ca3") == "required"


def test_ca3_outrages_on_dignity_forbid_public_exposure():
    """Common art. 3(1)(c)."""
    assert verdict(run(scenario(kind="non_international")), "public_exposure:ua") == "forbidden"


def test_ca3_no_gc3_repatriation_duty():
    """GC III art. 118 does not apply in a non-international conflict."""
    res = run(scenario(kind="non_international", ended=True))
    assert verdict(res, "repatriate:dprk") != "required"
    assert "tribunal:art5" not in res["outcomes"]
