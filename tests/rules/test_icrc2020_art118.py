"""The contested question `refused_repatriation` (rules/icrc2020_art118.lp).

SCENARIO-FORMAT §3; legal brief §2, §1.4 (art. 7), §6 (practice), expectations 13-16.
"""

import pytest

from rulecase import person, run, scenario, verdict

RISK_DPRK = {"ru": "none", "ua": "none", "dprk": "substantial", "rok": "none", "xx": "none"}
RISK_RU = {"ru": "substantial", "ua": "none", "dprk": "none", "rok": "none", "xx": "none"}


def pinned(position, p, ended=True):
    return scenario(p, positions={"refused_repatriation": position}, ended=ended)


REFUSES_AT_RISK = dict(wish="rok", risk_on_return=RISK_DPRK)
REFUSES_NO_RISK = dict(wish="stay")


# --- risk_based ----------------------------------------------------------------------------

def test_risk_based_refusal_with_substantial_risk_bars_repatriation():
    """ICRC 2020: no repatriation of an unwilling POW facing a real risk (expectation 13)."""
    res = run(pinned("risk_based", person(**REFUSES_AT_RISK)))
    assert verdict(res, "repatriate:dprk") == "forbidden"
    assert verdict(res, "release:ua") == "required"


def test_risk_based_mere_preference_does_not_bar_repatriation():
    """No risk, he merely prefers to stay: art. 118 with art. 7 still requires repatriation (expectation 15, A)."""
    res = run(pinned("risk_based", person(**REFUSES_NO_RISK)))
    assert verdict(res, "repatriate:dprk") == "required"
    assert verdict(res, "release:ua") == "forbidden"


def test_risk_based_voluntary_return_despite_risk_is_not_barred():
    """He asks to go home (verified): the bar protects the unwilling only; repatriation required."""
    res = run(pinned("risk_based", person(wish="origin", risk_on_return=RISK_DPRK)))
    assert verdict(res, "repatriate:dprk") == "required"


def test_risk_based_undecided_counts_as_not_consenting():
    """Return with a substantial risk of a man who has not asked for it is refoulement."""
    res = run(pinned("risk_based", person(wish="undecided", risk_on_return=RISK_DPRK)))
    assert verdict(res, "repatriate:dprk") == "forbidden"


def test_risk_based_exchange_during_hostilities_to_state_of_risk_forbidden():
    """Exchange to Russia against his will where Russia is a risk (expectation 16)."""
    res = run(pinned("risk_based", person(wish="rok", risk_on_return=RISK_RU), ended=False))
    assert verdict(res, "repatriate:ru") == "forbidden"


# --- will_based ----------------------------------------------------------------------------

def test_will_based_refusal_alone_bars_repatriation():
    """Korean armistice practice: no forcible repatriation, even without risk (expectation 15, B)."""
    res = run(pinned("will_based", person(**REFUSES_NO_RISK)))
    assert verdict(res, "repatriate:dprk") == "forbidden"
    assert verdict(res, "release:ua") == "required"


def test_will_based_willing_pow_is_repatriated():
    """He wants to go home: art. 118 applies as written."""
    assert verdict(run(pinned("will_based", person())), "repatriate:dprk") == "required"


# --- strict --------------------------------------------------------------------------------

def test_strict_repatriation_owed_despite_refusal_and_risk():
    """Art. 118 with art. 7: the refusal is an ineffective renunciation; required after hostilities."""
    res = run(pinned("strict", person(**REFUSES_AT_RISK)))
    assert verdict(res, "repatriate:dprk") == "required"
    assert verdict(res, "release:ua") == "forbidden"
    assert verdict(res, "transfer:rok") == "forbidden"


def test_strict_during_hostilities_return_is_permitted_not_required():
    """Strict reading, hostilities continue: no art. 118 duty, and no bar either."""
    res = run(pinned("strict", person(**REFUSES_AT_RISK), ended=False))
    assert verdict(res, "repatriate:dprk") == "permitted"


# --- open question -------------------------------------------------------------------------

def test_open_question_refusal_with_risk_depends_on_the_reading():
    """Unpinned: forbidden on two readings, required on the strict one -> depends."""
    res = run(scenario(person(**REFUSES_AT_RISK), ended=True))
    assert verdict(res, "repatriate:dprk") == "depends"


@pytest.mark.parametrize("position", ["risk_based", "will_based", "strict"])
def test_non_pow_return_to_risk_forbidden_on_every_reading(position):
    """Non-refoulement for those not protected as POWs is outside the art. 118 controversy."""
    p = person(armed_forces="none", fought_for="none", wish="stay", risk_on_return=RISK_DPRK)
    assert verdict(run(pinned(position, p)), "repatriate:dprk") == "forbidden"


# --- verification of the wish --------------------------------------------------------------

@pytest.mark.parametrize("position", ["risk_based", "will_based", "strict"])
def test_unverified_wish_requires_icrc_private_interview(position):
    """A refusal not yet checked by a neutral body: ICRC interview required (expectation 14)."""
    res = run(pinned(position, person(wish="rok", wish_verified=False), ended=False))
    assert verdict(res, "verify_wish:icrc") == "required"


def test_verified_wish_needs_no_further_interview():
    """Once verified the interview is no longer required (it stays permitted)."""
    assert verdict(run(scenario(person(wish="rok", wish_verified=True))), "verify_wish:icrc") == "permitted"
