"""The contested question `refused_repatriation` (rules/icrc2020_art118.lp).

SCENARIO-FORMAT §3; legal brief §2, §1.4 (art. 7), §6 (practice), expectations 13-16.
"""

import pytest

from rulecase import person, run, scenario, set_path, verdict

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
    assert verdict(res, "intern:ua") == "forbidden"
    assert verdict(res, "release:ua") == "permitted"


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
    assert verdict(res, "intern:ua") == "forbidden"
    assert verdict(res, "release:ua") == "permitted"


def test_will_based_undecided_man_has_expressed_no_refusal():
    """Review A.11: the ROK declarations speak of an openly and freely expressed will; an
    undecided man (no risk) has expressed none, so art. 118 applies on the will-based reading."""
    res = run(pinned("will_based", person(wish="undecided")))
    assert verdict(res, "repatriate:dprk") == "required"


def test_will_based_willing_pow_is_repatriated():
    """He wants to go home: art. 118 applies as written."""
    assert verdict(run(pinned("will_based", person())), "repatriate:dprk") == "required"


# --- strict ---------------------------------------------------------------------------------

def test_strict_repatriation_owed_despite_a_refusal_without_risk():
    """Art. 118 with art. 7: a refusal without risk is an ineffective renunciation (exp. 15, A)."""
    res = run(pinned("strict", person(**REFUSES_NO_RISK)))
    assert verdict(res, "repatriate:dprk") == "required"
    assert verdict(res, "release:ua") == "forbidden"
    assert verdict(res, "transfer:rok") == "forbidden"


def test_pow_facing_torture_is_not_returned_on_strict_reading():
    """Review A.1: non-refoulement binds Ukraine (CAT art. 3, ICCPR 6-7, ECHR 2-3) on every
    reading; the strict reading concerns only a refusal without risk (brief exp. 13)."""
    res = run(pinned("strict", person(**REFUSES_AT_RISK)))
    assert verdict(res, "repatriate:dprk") == "forbidden"
    assert verdict(res, "intern:ua") == "forbidden"
    assert verdict(res, "transfer:rok") == "permitted"


def test_pow_facing_torture_is_not_exchanged_during_hostilities_on_strict_reading():
    """Review A.1: during hostilities art. 118 is not engaged and no reading makes such a return lawful."""
    res = run(pinned("strict", person(**REFUSES_AT_RISK), ended=False))
    assert verdict(res, "repatriate:dprk") == "forbidden"


def test_strict_during_hostilities_return_without_risk_is_permitted_not_required():
    """Strict reading, hostilities continue, no risk: no art. 118 duty, and no bar either."""
    res = run(pinned("strict", person(**REFUSES_NO_RISK), ended=False))
    assert verdict(res, "repatriate:dprk") == "permitted"


# --- open question -------------------------------------------------------------------------

def test_open_question_refusal_with_risk_is_forbidden_on_every_reading():
    """The readings differ only for a refusal without risk (SCENARIO-FORMAT §3, corrected)."""
    res = run(scenario(person(**REFUSES_AT_RISK), ended=True))
    assert verdict(res, "repatriate:dprk") == "forbidden"


def test_open_question_refusal_without_risk_depends_on_the_reading():
    """Forbidden on the will-based reading, required on the other two -> depends (exp. 15)."""
    res = run(scenario(person(**REFUSES_NO_RISK), ended=True))
    assert verdict(res, "repatriate:dprk") == "depends"


# --- where no non-refoulement obligation binds the detaining power (cf. Gulf 1991) --------

UNBOUND = {f"states.ua.treaties.{i}": False for i in ("ap1", "cat", "iccpr", "echr", "refugee_1951", "refugee_1967")}


def unbound(position, custom, p):
    data = scenario(p, positions={"refused_repatriation": position, "nonrefoulement_custom": custom}, ended=True)
    for path, v in UNBOUND.items():
        data = set_path(data, path, v)
    return data


def test_without_any_binding_obligation_strict_reading_returns_a_refuser_at_risk_only_if_custom_does_not_bind():
    """The detaining power bound by no human-rights treaty: on the strict reading the customary
    question alone decides the return of a refuser at risk (review C.1; gulf-1991)."""
    assert verdict(run(unbound("strict", "treaty_only", person(**REFUSES_AT_RISK))), "repatriate:dprk") == "required"
    assert verdict(run(unbound("strict", "customary", person(**REFUSES_AT_RISK))), "repatriate:dprk") == "forbidden"


def test_risk_based_reading_reads_the_risk_bar_into_art118_itself_even_where_no_treaty_binds():
    """ICRC 2020 commentary on art. 118: its bar holds on the risk-based reading whatever binds the state."""
    assert verdict(run(unbound("risk_based", "treaty_only", person(**REFUSES_AT_RISK))), "repatriate:dprk") == "forbidden"


@pytest.mark.parametrize("position", ["risk_based", "will_based", "strict"])
def test_non_pow_return_to_risk_forbidden_on_every_reading(position):
    """Non-refoulement for those not protected as POWs is outside the art. 118 controversy."""
    p = person(armed_forces="none", fought_for="none", wish="stay", risk_on_return=RISK_DPRK)
    assert verdict(run(pinned(position, p)), "repatriate:dprk") == "forbidden"


# --- verification of the wish --------------------------------------------------------------

@pytest.mark.parametrize("position", ["risk_based", "will_based", "strict"])
def test_verification_is_owed_before_acting_on_a_refusal_after_hostilities(position):
    """A refusal not yet checked by a neutral body: a private interview before acting on it
    (expectation 14), once art. 118 makes the decision due."""
    res = run(pinned(position, person(wish="rok", wish_verified=False), ended=True))
    assert verdict(res, "verify_wish:icrc") == "required"


@pytest.mark.parametrize("position", ["risk_based", "will_based", "strict"])
def test_verification_is_no_standing_duty_during_hostilities(position):
    """Review A.9: art. 126 gives the ICRC a right to interview; verifying wishes is owed before
    acting on a refusal, not as a standing duty while he is simply held."""
    res = run(pinned(position, person(wish="rok", wish_verified=False), ended=False))
    assert verdict(res, "verify_wish:icrc") == "permitted"


def test_verification_is_not_owed_for_a_man_who_asks_to_go_home():
    """Review A.9: even a wounded man who wants to go home is not held up by a standing duty."""
    res = run(scenario(person(wish="origin", wish_verified=False), ended=True))
    assert verdict(res, "verify_wish:icrc") == "permitted"


def test_verified_wish_needs_no_further_interview():
    """Once verified the interview is no longer required (it stays permitted)."""
    assert verdict(run(scenario(person(wish="rok", wish_verified=True), ended=True)), "verify_wish:icrc") == "permitted"
