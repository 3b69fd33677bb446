"""GC III arts 82-88, 99-108 (penal guarantees), 85 (benefits kept after conviction, and the
reservations to it), 130 (grave breaches) (rules/gc3_treatment.lp). Legal brief §1.7, §1.12,
expectation 21.
"""

import pytest

from rulecase import person, run, scenario, set_path, status_of, verdict
from status_engine import api
from status_engine.api import evaluate_data

BOOK = api.rules_for(None)

# A Ukrainian soldier held by Russia and convicted there of the war crimes he was suspected of.
UA_SOLDIER = dict(origin="ua", armed_forces="ua", fought_for="ua", captured_by="ru")
CONVICTED = dict(UA_SOLDIER, proceedings="convicted", war_crime_suspect=True)


def reserving(*persons, ended=False):
    """Russia, the detaining power, keeps its reservation to art. 85 (brief §1.7)."""
    return set_path(scenario(*persons, ended=ended), "states.ru.reserves_gc3_85", True)


def run_without(data, *rule_ids):
    return evaluate_data(data, rules=BOOK.without(*rule_ids))["persons"]["p"]


# --- Art. 85 -------------------------------------------------------------------------------

def test_85_pow_convicted_for_acts_before_capture_keeps_the_conventions_benefits():
    """No reservation (Ukraine withdrew its own in 2006): convicted of war crimes, he keeps every
    GC III benefit and the Convention's penal guarantees (expectation 21). (Russia, the
    detainer here, holds the reservation in the treaty registry; stated away for this test.)"""
    res = run(set_path(scenario(person(**CONVICTED)), "states.ru.reserves_gc3_85", False))
    assert status_of(res) == {"pow": "necessary"}
    assert "gc3_benefits_withheld" not in res["status"]
    assert verdict(res, "fair_trial:gc3") == "required"
    assert "fair_trial:api75" not in res["outcomes"]


def test_85_is_what_keeps_the_benefits_after_conviction():
    """Without art. 85, a conviction for war crimes would end the Convention's protection (the
    position the reservations preserve): the rule has an effect of its own."""
    res = run_without(scenario(person(**CONVICTED)), "gc3_85")
    assert res["status"].get("gc3_benefits_withheld") == "necessary"
    assert verdict(res, "fair_trial:api75") == "required"


def test_85_reservation_detainer_does_not_extend_the_convention_to_convicted_war_criminals():
    """Russia (like the DPRK) keeps its reservation: after conviction he serves his sentence under
    its ordinary regime; his art. 4 status stays, AP I 75 and custom are the floor."""
    res = run(reserving(person(**CONVICTED)))
    assert res["status"].get("pow") == "necessary"
    assert res["status"].get("gc3_benefits_withheld") == "necessary"
    assert "fair_trial:gc3" not in res["outcomes"]
    assert verdict(res, "fair_trial:api75") == "required"          # AP I 75(4), (7)
    assert verdict(res, "humane_treatment:ru") == "required"       # AP I 75(1)
    assert verdict(res, "public_exposure:ru") == "forbidden"       # AP I 75(2)(b)
    assert verdict(res, "icrc_access:ru") == "required"            # CIHL rule 124
    assert verdict(res, "prosecute:participation") == "forbidden"  # AP I 43(2): still a combatant


def test_85_reservation_convict_may_serve_his_sentence_after_hostilities():
    res = run(reserving(person(**CONVICTED), ended=True))
    assert verdict(res, "intern:ru") == "permitted"


@pytest.mark.parametrize("change", [
    dict(proceedings="pending"),      # the reservation bites on conviction only
    dict(war_crime_suspect=False),    # convicted of something other than war crimes
])
def test_85_reservation_each_condition_matters(change):
    res = run(reserving(person(**dict(CONVICTED, **change))))
    assert "gc3_benefits_withheld" not in res["status"]
    assert verdict(res, "fair_trial:gc3") == "required"


def test_85_reservation_of_russia_comes_from_the_treaty_registry():
    """Russia's reservation to art. 85 (2020 commentary list) is known without the file saying so."""
    assert run(scenario(person(**CONVICTED)))["status"].get("gc3_benefits_withheld") == "necessary"


def test_85_reservation_only_of_the_detaining_power_counts():
    """The DPRK's reservation does not matter when Russia, without one, holds him."""
    data = set_path(scenario(person(**CONVICTED)), "states.dprk.reserves_gc3_85", True)
    data = set_path(data, "states.ru.reserves_gc3_85", False)
    assert "gc3_benefits_withheld" not in run(data)["status"]


def test_85_reservation_rule_switched_off_keeps_the_benefits():
    res = run_without(reserving(person(**CONVICTED)), "gc3_85_reservation")
    assert "gc3_benefits_withheld" not in res["status"]
    assert verdict(res, "fair_trial:gc3") == "required"


# --- Arts 82-88, 99-108: what fair_trial:gc3 comprises, by stage ---------------------------

BEFORE_JUDGMENT = ["gc3_82", "gc3_83", "gc3_84", "gc3_100", "gc3_102", "gc3_103", "gc3_104", "gc3_105"]
AFTER_JUDGMENT = ["gc3_87", "gc3_88", "gc3_101", "gc3_106", "gc3_107", "gc3_108"]
EVERY_STAGE = ["gc3_86", "gc3_99_108", "gc3_130"]  # once proceedings have begun
PENAL = BEFORE_JUDGMENT + AFTER_JUDGMENT + EVERY_STAGE
SUSPECTED = dict(war_crime_suspect=True, proceedings="none")

ACCUSED = dict(war_crime_suspect=True, proceedings="pending")
SENTENCED = dict(proceedings="convicted")


def only(rid, data):
    """The verdict on fair_trial:gc3 with every penal-guarantee rule but one switched off."""
    return verdict(run_without(data, *(r for r in PENAL if r != rid)), "fair_trial:gc3")


@pytest.mark.parametrize("rid", BEFORE_JUDGMENT + EVERY_STAGE)
def test_trial_guarantee_articles_each_require_gc3_guarantees_before_judgment(rid):
    assert only(rid, scenario(person(**ACCUSED))) == "required"


@pytest.mark.parametrize("rid", AFTER_JUDGMENT)
def test_sentence_guarantee_articles_do_not_bite_before_judgment(rid):
    assert only(rid, scenario(person(**ACCUSED))) == "permitted"


@pytest.mark.parametrize("rid", AFTER_JUDGMENT + EVERY_STAGE)
def test_sentence_guarantee_articles_each_require_gc3_guarantees_after_judgment(rid):
    assert only(rid, scenario(person(**SENTENCED))) == "required"


@pytest.mark.parametrize("rid", BEFORE_JUDGMENT)
def test_trial_guarantee_articles_do_not_bite_after_judgment(rid):
    assert only(rid, scenario(person(**SENTENCED))) == "permitted"


@pytest.mark.parametrize("rid", [r for r in PENAL if r != "gc3_99_108"])
def test_article_citations_wait_for_proceedings_to_begin(rid):
    """Only suspected, no proceedings yet: gc3_99_108 alone states what is owed if he is tried."""
    assert only(rid, scenario(person(**SUSPECTED))) == "permitted"


def test_99_108_owed_to_a_pow_suspected_of_war_crimes_before_any_proceedings():
    assert only("gc3_99_108", scenario(person(**SUSPECTED))) == "required"


def test_pow_serving_a_sentence_is_owed_the_conventions_penal_guarantees():
    """Arts 87-88, 106-108: appeal and the conditions of his sentence (expectation 21)."""
    assert verdict(run(scenario(person(**SENTENCED))), "fair_trial:gc3") == "required"


def test_no_penal_guarantees_question_without_proceedings_or_suspicion():
    assert "fair_trial:gc3" not in run(scenario())["outcomes"]


# --- Art. 130 --------------------------------------------------------------------------------

def test_130_denying_a_fair_trial_is_a_grave_breach():
    """Switching off every other source, art. 130 alone still makes the GC III guarantees owed."""
    assert only("gc3_130", scenario(person(**ACCUSED))) == "required"
