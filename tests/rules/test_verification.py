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

def test_unverified_refuser_may_be_held_while_his_refusal_is_verified():
    """By analogy (review A.10) with Korea 1953 (NNRC custody up to 120 days) and Gulf 1991
    (ICRC procedure): where only his refusal bars return, holding him for the verification is
    no unjustifiable delay."""
    res = run(after("will_based", person(**UNVERIFIED_REFUSAL)))
    assert verdict(res, "intern:ua") == "permitted"
    assert verdict(res, "release:ua") == "permitted"
    assert verdict(res, "verify_wish:icrc") == "required"
    assert verdict(res, "repatriate:dprk") == "forbidden"


def test_no_hold_where_the_risk_bars_return_since_verification_cannot_change_an_objective_risk():
    """Part B row 6: the risk is objective; non-refoulement bars return whatever the interview
    shows of a refusal, so captivity must end now."""
    res = run(after("risk_based", person(**UNVERIFIED_REFUSAL, risk_on_return=RISK_DPRK)))
    assert verdict(res, "intern:ua") == "forbidden"
    assert verdict(res, "verify_wish:icrc") == "required"


def test_verified_refuser_must_be_released():
    """Nothing left to verify: captivity ends (no further internment); where he goes is among
    the lawful routes (review A.5)."""
    res = run(after("will_based", person(wish="rok", wish_verified=True)))
    assert verdict(res, "intern:ua") == "forbidden"
    assert verdict(res, "release:ua") == "permitted"


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
    assert verdict(res, "release:ua") == "permitted"


def test_open_reading_unverified_refusal_without_risk_internment_depends():
    """Unpinned: may be held for the verification on the will-based reading, not otherwise."""
    res = run(scenario(person(**UNVERIFIED_REFUSAL), ended=True))
    assert verdict(res, "intern:ua") == "depends"


# --- (b) the interview is owed before acting on a refusal (review A.9) ---------------------

@pytest.mark.parametrize("wish", ["origin", "rok", "stay", "undecided"])
def test_no_unverified_wish_requires_an_interview_while_hostilities_continue(wish):
    """Art. 126 gives the ICRC a right to interview; nothing obliges the detaining power to
    have a wish verified while it simply holds him (changed from the author's question (b))."""
    res = run(scenario(person(wish=wish, wish_verified=False)))
    assert verdict(res, "verify_wish:icrc") == "permitted"


@pytest.mark.parametrize("wish,owed", [("origin", "permitted"), ("undecided", "permitted"),
                                       ("rok", "required"), ("stay", "required")])
def test_after_hostilities_only_a_refusal_must_be_verified_before_it_is_acted_on(wish, owed):
    res = run(scenario(person(wish=wish, wish_verified=False), ended=True))
    assert verdict(res, "verify_wish:icrc") == owed


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



def test_109_3_is_read_protectively_an_undecided_wounded_man_is_not_sent_home():
    """Unlike the will bar of art. 118 (review A.11), art. 109(3) would otherwise let art. 109(1)
    send a wounded man home at once: a return he has not asked for counts as against his will."""
    res = run(scenario(person(seriously_wounded=True, wish="undecided")))
    assert verdict(res, "repatriate:dprk") == "forbidden"
