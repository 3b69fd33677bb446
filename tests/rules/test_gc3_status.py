"""GC III arts 4A and 5, the status ladder (rules/gc3_status.lp).

Legal brief §1.2 (art. 4), §1.3 (art. 5), §3.3 (AP I 45), expectations 1-5.
The base person is a DPRK regular soldier; the DPRK has acknowledged its participation.
"""

import pytest

from rulecase import FOUR, person, run, scenario, set_path, status_of, verdict

COND = ("responsible_command", "distinctive_sign", "arms_openly", "laws_of_war")
ALL_MET = {c: True for c in COND}
DENIES = ("states.dprk.acknowledges_participation", False)
ACK_READING = {"party_status": "acknowledgment"}


def not_party_case(**over):
    """The DPRK is not a party (acknowledgment reading, no acknowledgment)."""
    return set_path(scenario(person(**over), positions=ACK_READING), *DENIES)


# --- 4A(1) --------------------------------------------------------------------------------

def test_4a1_member_of_party_forces_is_pow():
    """Member of a party's regular forces in enemy hands: POW, no further condition (expectation 1)."""
    assert status_of(run(scenario())) == {"pow": "necessary"}


def test_4a1_not_pow_if_state_not_party():
    """Same soldier, his state not a party: 4A(1) fails; doubt -> presumed POW (expectation 5)."""
    assert status_of(run(not_party_case())) == {"presumed_pow": "necessary"}


def test_4a1_needs_no_participation_in_hostilities():
    """A member of a party's forces captured without having fought is still a POW: 4A(1) has no such condition."""
    assert status_of(run(scenario(person(fought_for="none")))) == {"pow": "necessary"}


def test_4a1_does_not_apply_in_non_international_conflict():
    """No POW status outside an international armed conflict: the fighter is an unprivileged belligerent."""
    assert status_of(run(scenario(kind="non_international"))) == {"unprivileged_belligerent": "necessary"}


def test_4a1_member_of_detaining_state_forces_is_not_in_enemy_power():
    """A Ukrainian soldier who fought for Russia, captured by Ukraine: not in the power of
    'the enemy' as a member of Ukraine's forces; with no other ground, doubt -> presumed POW."""
    assert status_of(run(scenario(person(origin="ua", armed_forces="ua")))) == {"presumed_pow": "necessary"}


# --- 4A(2) --------------------------------------------------------------------------------

def test_4a2_group_belonging_to_party_meeting_all_four_conditions_is_pow():
    """Not a party's forces member, but fights for Russia in a group meeting (a)-(d): POW (expectation 3)."""
    assert status_of(run(not_party_case(conditions_4a2=ALL_MET))) == {"pow": "necessary"}


@pytest.mark.parametrize("missing", COND)
def test_4a2_each_condition_is_necessary(missing):
    """One of the four conditions unmet: no 4A(2) status; doubt -> presumed POW (expectation 4-5)."""
    conds = dict(ALL_MET, **{missing: False})
    assert status_of(run(not_party_case(conditions_4a2=conds))) == {"presumed_pow": "necessary"}


def test_4a2_group_must_belong_to_a_party():
    """All four conditions met, but he fought for a state that is not a party: no 4A(2)."""
    assert status_of(run(not_party_case(conditions_4a2=ALL_MET, fought_for="xx"))) == {"presumed_pow": "necessary"}


def test_4a2_unknown_condition_makes_pow_only_possible():
    """An unknown condition is explored: POW where all hold, presumed POW where one fails."""
    conds = dict(ALL_MET, distinctive_sign="unknown")
    assert status_of(run(not_party_case(conditions_4a2=conds))) == {"pow": "possible", "presumed_pow": "possible"}


# --- 4A(3) --------------------------------------------------------------------------------

def test_4a3_regular_forces_of_unrecognised_government_are_pow():
    """Regular forces professing allegiance to a government the captor does not recognise: POW."""
    data = set_path(not_party_case(), "states.dprk.recognised_by_detainer", False)
    assert status_of(run(data)) == {"pow": "necessary"}


def test_4a3_not_if_government_recognised():
    """Recognised government, not a party, no other ground: no art. 4 status (presumed POW)."""
    data = set_path(not_party_case(), "states.dprk.recognised_by_detainer", True)
    assert status_of(run(data)) == {"presumed_pow": "necessary"}


# --- Art. 5 ---------------------------------------------------------------------------------

def test_5_doubt_presumed_pow_and_tribunal_required():
    """Doubt, no tribunal yet: protected as a POW; a competent tribunal is required (5(2), expectation 5)."""
    res = run(not_party_case())
    assert status_of(res) == {"presumed_pow": "necessary"}
    assert verdict(res, "tribunal:art5") == "required"


def test_5_presumed_pow_may_not_be_prosecuted_for_participation():
    """Before the tribunal rules he keeps POW protection: no prosecution for having fought (expectation 5)."""
    assert verdict(run(not_party_case()), "prosecute:participation") == "forbidden"


def test_5_tribunal_not_pow_makes_unprivileged_belligerent():
    """The tribunal ruled he is not a POW: unprivileged belligerent (expectation 4)."""
    res = run(not_party_case(tribunal_decision="not_pow"))
    assert status_of(res) == {"unprivileged_belligerent": "necessary"}
    assert verdict(res, "prosecute:participation") == "permitted"


def test_5_tribunal_pow_makes_pow():
    """The tribunal ruled he is a POW: POW."""
    assert status_of(run(not_party_case(tribunal_decision="pow"))) == {"pow": "necessary"}


def test_5_tribunal_cannot_take_pow_status_from_art4_pow():
    """Reading choice: a tribunal's contrary finding does not remove status an art. 4 ground gives in that world."""
    assert status_of(run(scenario(person(tribunal_decision="not_pow")))) == {"pow": "necessary"}


def test_5_tribunal_not_required_when_art4_status_is_established():
    """No doubt, no duty to convene a tribunal (permitted, not required)."""
    assert verdict(run(scenario()), "tribunal:art5") == "permitted"


# --- Residual statuses ----------------------------------------------------------------------

def test_civilian_took_no_part_and_no_art4_category():
    """Took no part and belongs to no state's forces: a civilian (AP I 50(1)); no prosecution question."""
    res = run(scenario(person(armed_forces="none", fought_for="none")))
    assert status_of(res) == {"civilian": "necessary"}
    assert "prosecute:participation" not in res["outcomes"]


def test_civilian_in_non_international_conflict():
    """Took no part in a non-international conflict: civilian."""
    res = run(scenario(person(armed_forces="none", fought_for="none"), kind="non_international"))
    assert status_of(res) == {"civilian": "necessary"}


@pytest.mark.parametrize("case", [
    dict(),
    dict(fought_for="unknown", armed_forces="unknown", incorporated_into="unknown"),
    dict(tribunal_decision="unknown", claims_pow="unknown", recruited_for_gain="unknown",
         armed_forces="unknown", origin="unknown"),
])
def test_exactly_one_of_the_four_statuses_in_every_world(case):
    """The four statuses are exclusive and exhaustive in every world (SCENARIO-FORMAT §2)."""
    import json

    from status_engine import api
    from status_engine.solver.engine import control
    from status_engine.scenario.load import load_text

    data = scenario(person(**case), kind="unknown")
    data["conflict"]["hostilities_ended"] = "unknown"
    prep = api.prepare_located(load_text(json.dumps(data), "t"))
    ctl = control(prep.rules, prep.facts, extra="#external enforce_consistency.\n#show status/2.")
    ctl.configuration.solve.models = 0
    seen = 0
    with ctl.solve(yield_=True) as handle:
        for model in handle:
            four = [s for s in model.symbols(shown=True)
                    if s.name == "status" and str(s.arguments[1]) in FOUR]
            assert len(four) == 1, four
            seen += 1
    assert seen > 1
