"""AP I arts 43, 45, 47, 75, 85(4)(b) (rules/api_protocol1.lp).

Legal brief §3.1-3.6, §1.7, expectations 1, 4, 6, 7, 8, 12, 21, 22.
"""

import pytest

from rulecase import person, run, scenario, set_path, status_of, verdict

DENIES = ("states.dprk.acknowledges_participation", False)


def mercenary(**over):
    """All six art. 47(2) conditions: hired for private gain (a, c), fights (b), a national
    of no party (d: origin xx), member of no state's forces (e, f)."""
    base = dict(origin="xx", armed_forces="none", incorporated_into="none",
                recruited_for_gain=True, fought_for="ru")
    base.update(over)
    return person(**base)


# --- Art. 43 --------------------------------------------------------------------------------

def test_43_2_pow_may_not_be_prosecuted_for_having_fought():
    """Combatant privilege: prosecution for mere participation is forbidden (expectation 1)."""
    assert verdict(run(scenario()), "prosecute:participation") == "forbidden"


def test_43_1_incorporated_member_of_party_forces_is_pow():
    """Formally incorporated into Russian forces: a member of a party's forces, so a POW
    even where his own state is not a party (expectation 2)."""
    data = set_path(scenario(person(incorporated_into="ru"), positions={"party_status": "acknowledgment"}), *DENIES)
    assert status_of(run(data)) == {"pow": "necessary"}


def test_43_1_incorporation_into_a_non_party_gives_nothing():
    """Incorporated into the forces of a state that is not a party: no AP I 44(1) status."""
    data = set_path(scenario(person(incorporated_into="xx"), positions={"party_status": "acknowledgment"}), *DENIES)
    assert status_of(run(data)) == {"presumed_pow": "necessary"}


# --- Art. 47 --------------------------------------------------------------------------------

def test_47_mercenary_meeting_all_six_conditions_is_unprivileged_belligerent():
    """All six conditions: no right to POW status (47(1)); may be prosecuted, with art. 75 (expectation 8)."""
    res = run(scenario(mercenary()))
    assert status_of(res) == {"unprivileged_belligerent": "necessary"}
    assert verdict(res, "prosecute:participation") == "permitted"
    assert verdict(res, "fair_trial:api75") == "required"
    assert verdict(res, "humane_treatment:ua") == "required"


@pytest.mark.parametrize("failing", [
    dict(recruited_for_gain=False),   # (a)/(c): not hired for private gain
    dict(origin="ru"),                # (d): a national of a party
])
def test_47_each_condition_matters(failing):
    """One condition fails: not a mercenary; no art. 4 ground either, so art. 5 doubt: presumed POW."""
    assert status_of(run(scenario(mercenary(**failing)))) == {"presumed_pow": "necessary"}


def test_47_soldier_sent_by_a_party_is_never_a_mercenary():
    """A DPRK regular sent on duty, the DPRK a party: fails (e); a POW (expectation 7)."""
    assert status_of(run(scenario(mercenary(armed_forces="dprk", origin="dprk")))) == {"pow": "necessary"}


def test_47_soldier_sent_by_a_non_party_on_official_duty_is_never_a_mercenary():
    """A DPRK regular, the DPRK not a party: fails (f); not excluded on mercenary grounds,
    so protected as a POW pending the tribunal (expectation 7)."""
    p = mercenary(armed_forces="dprk", origin="dprk")
    data = set_path(scenario(p, positions={"party_status": "acknowledgment"}), *DENIES)
    res = run(data)
    assert status_of(res) == {"presumed_pow": "necessary"}
    assert verdict(res, "prosecute:participation") == "forbidden"


def test_47_tribunal_cannot_make_a_mercenary_pow():
    """Art. 47(1): in a world where he is a mercenary, a POW finding does not give him the status."""
    assert status_of(run(scenario(mercenary(tribunal_decision="pow")))) == {"unprivileged_belligerent": "necessary"}


# --- Art. 45 --------------------------------------------------------------------------------

def test_45_1_claiming_pow_status_gives_presumption_until_tribunal():
    """A mercenary-by-the-facts who claims POW status is presumed a POW; tribunal required (expectation 6)."""
    res = run(scenario(mercenary(claims_pow=True)))
    assert status_of(res) == {"presumed_pow": "necessary"}
    assert verdict(res, "tribunal:art5") == "required"
    assert verdict(res, "prosecute:participation") == "forbidden"


def test_45_1_presumption_ends_with_tribunal_ruling():
    """Claimant, tribunal ruled not a POW: unprivileged belligerent."""
    assert status_of(run(scenario(mercenary(claims_pow=True, tribunal_decision="not_pow")))) == \
        {"unprivileged_belligerent": "necessary"}


def test_45_2_unprivileged_to_be_tried_is_owed_judicial_status_determination():
    """Not held as a POW and liable to trial for fighting, no ruling yet: a tribunal is required."""
    assert verdict(run(scenario(mercenary())), "tribunal:art5") == "required"


def test_45_3_unprivileged_belligerent_keeps_art75_guarantees():
    """Tribunal ruled not a POW: humane treatment and fair trial (art. 75) required (expectation 4)."""
    data = set_path(scenario(person(tribunal_decision="not_pow"), positions={"party_status": "acknowledgment"}), *DENIES)
    res = run(data)
    assert status_of(res) == {"unprivileged_belligerent": "necessary"}
    assert verdict(res, "humane_treatment:ua") == "required"
    assert verdict(res, "fair_trial:api75") == "required"


# --- Art. 75 --------------------------------------------------------------------------------

def test_75_1_civilian_detainee_treated_humanely():
    """A civilian in a party's power: humane treatment required."""
    res = run(scenario(person(armed_forces="none", fought_for="none")))
    assert verdict(res, "humane_treatment:ua") == "required"


def test_75_2b_unprivileged_belligerent_not_exposed_to_public_curiosity():
    """Outrages upon personal dignity: exposing him to public curiosity is forbidden also without POW status."""
    assert verdict(run(scenario(mercenary())), "public_exposure:ua") == "forbidden"


def test_75_7_war_crimes_suspect_without_pow_status_gets_fair_trial():
    """A civilian suspected of war crimes may be prosecuted, with art. 75 guarantees."""
    res = run(scenario(person(armed_forces="none", fought_for="none", war_crime_suspect=True)))
    assert verdict(res, "prosecute:war_crimes") == "permitted"
    assert verdict(res, "fair_trial:api75") == "required"


def test_pow_suspected_of_war_crimes_may_be_prosecuted_with_gc3_guarantees():
    """A POW has no immunity for war crimes; tried under GC III 99-108, keeping his status (arts 85, expectation 21)."""
    res = run(scenario(person(war_crime_suspect=True)))
    assert status_of(res) == {"pow": "necessary"}
    assert verdict(res, "prosecute:war_crimes") == "permitted"
    assert verdict(res, "fair_trial:gc3") == "required"
    assert verdict(res, "prosecute:participation") == "forbidden"


# --- Art. 85(4)(b) ------------------------------------------------------------------------

def test_85_4b_continued_internment_when_repatriation_due_is_forbidden():
    """After hostilities, a POW who wants to go home and faces no risk: keeping him is unjustifiable delay (expectation 12)."""
    assert verdict(run(scenario(ended=True)), "intern:ua") == "forbidden"


def test_43_2_pow_whose_participation_is_unknown_is_never_prosecuted_for_having_fought():
    """A member of a party's forces (4A(1)) whether or not he is known to have fought: combatant
    immunity is at issue in every world, so the verdict is forbidden, not depends (the property
    test's minimal case, tests/properties)."""
    res = run(scenario(person(fought_for="unknown")))
    assert status_of(res) == {"pow": "necessary"}
    assert verdict(res, "prosecute:participation") == "forbidden"


def test_43_2_civilian_who_took_no_part_faces_no_prosecution_for_participation():
    assert "prosecute:participation" not in run(scenario(person(armed_forces="none", fought_for="none")))["outcomes"]
