"""The verification of the wish (rules/icrc2020_art118.lp) and what may happen meanwhile; the
reading choices on the scenario author's questions (rules/README.md "Reading choices").
Legal brief §2, §6.1-6.3, expectations 13, 14.
"""

import pytest

from rulecase import person, run, scenario, verdict
from status_engine import api
from status_engine.api import evaluate_data

RISK_DPRK = {"ru": "none", "ua": "none", "dprk": "substantial", "rok": "none", "xx": "none"}
UNVERIFIED_REFUSAL = dict(wish="rok", wish_verified=False)


def after(position, p):
    return scenario(p, positions={"refused_repatriation": position}, ended=True)


# --- (a) holding a refuser while his refusal is verified -----------------------------------

@pytest.mark.parametrize("position,extra", [("will_based", {}), ("risk_based", {"risk_on_return": RISK_DPRK})])
def test_unverified_refuser_may_be_held_while_his_refusal_is_verified(position, extra):
    """Korea 1953 (NNRC custody up to 120 days), Gulf 1991 (ICRC procedure): internment for the
    verification is no unjustifiable delay; release is owed once the refusal is verified."""
    res = run(after(position, person(**UNVERIFIED_REFUSAL, **extra)))
    assert verdict(res, "intern:ua") == "permitted"
    assert verdict(res, "release:ua") == "permitted"
    assert verdict(res, "verify_wish:icrc") == "required"
    assert verdict(res, "repatriate:dprk") == "forbidden"


def test_verified_refuser_must_be_released():
    """Nothing left to verify: release without delay, no further internment (expectation 13)."""
    res = run(after("will_based", person(wish="rok", wish_verified=True)))
    assert verdict(res, "intern:ua") == "forbidden"
    assert verdict(res, "release:ua") == "required"


@pytest.mark.parametrize("position,p", [
    ("strict", person(**UNVERIFIED_REFUSAL)),       # his will does not matter: nothing to wait for
    ("risk_based", person(**UNVERIFIED_REFUSAL)),   # no risk: repatriation owed whatever he says
    ("will_based", person(wish="origin", wish_verified=False)),  # he asks to go home
])
def test_no_hold_where_his_refusal_would_not_bar_repatriation(position, p):
    assert verdict(run(after(position, p)), "intern:ua") == "forbidden"


def test_hold_rule_switched_off_forbids_internment():
    data = after("will_based", person(**UNVERIFIED_REFUSAL))
    res = evaluate_data(data, rules=api.rules_for(None).without("korea1953_verification_hold"))["persons"]["p"]
    assert verdict(res, "intern:ua") == "forbidden"
    assert verdict(res, "release:ua") == "required"


def test_open_reading_unverified_refusal_internment_depends():
    """Unpinned: may be held for the verification on the protective readings, not under strict."""
    res = run(scenario(person(**UNVERIFIED_REFUSAL, risk_on_return=RISK_DPRK), ended=True))
    assert verdict(res, "intern:ua") == "depends"


# --- (b) every unverified wish is verified, also a wish to go home --------------------------

@pytest.mark.parametrize("wish", ["origin", "rok", "stay", "undecided"])
def test_every_unverified_wish_requires_icrc_private_interview(wish):
    """Gulf 1991 and Iran-Iraq 2002: the ICRC interviewed each returner too (brief §6.2-6.3)."""
    res = run(scenario(person(wish=wish, wish_verified=False)))
    assert verdict(res, "verify_wish:icrc") == "required"


# --- (c) art. 117 concerns repatriated persons only ----------------------------------------

@pytest.mark.parametrize("wish", ["stay", "undecided", "rok"])
def test_117_no_military_service_question_for_wounded_pow_who_is_not_repatriated(wish):
    """Art. 109(3) forbids his repatriation against his will, so he is never a 'repatriated
    person' and art. 117 has nothing to apply to."""
    res = run(scenario(person(seriously_wounded=True, wish=wish)))
    assert verdict(res, "repatriate:dprk") == "forbidden"
    assert "military_service:dprk" not in res["outcomes"]


def test_117_wounded_pow_sent_home_not_employed_on_active_service():
    res = run(scenario(person(seriously_wounded=True, wish="origin")))
    assert verdict(res, "military_service:dprk") == "forbidden"
