"""Common art. 2 and the contested question `party_status` (rules/belligerency.lp).

Legal brief §1.1 (the Convention applies whatever a state admits), §7.6 and
expectation 24; SCENARIO-FORMAT §3 (`factual` vs `acknowledgment`).
"""

from rulecase import person, run, scenario, set_path, status_of

# A DPRK soldier neither incorporated into Russian forces nor in a group meeting the
# 4A(2) conditions: only the DPRK's being a party can make him a POW under 4A(1).
NOT_ACK = "states.dprk.acknowledges_participation"


def test_state_listed_as_party_from_start_makes_its_soldier_pow():
    """A Russian soldier: Russia is a party from the outset (common art. 2(1)), so 4A(1),
    whatever Russia says about its participation."""
    data = scenario(person(origin="ru", armed_forces="ru", fought_for="ru", captured_by="ua"),
                    positions={"party_status": "acknowledgment"})
    data = set_path(data, "states.ru.acknowledges_participation", False)
    assert status_of(run(data)) == {"pow": "necessary"}


def test_factual_reading_participation_makes_sending_state_party_without_acknowledgment():
    """Factual reading: the DPRK's forces fight, so it is a party whatever it says; 4A(1)."""
    data = set_path(scenario(positions={"party_status": "factual"}), NOT_ACK, False)
    assert status_of(run(data)) == {"pow": "necessary"}


def test_acknowledgment_reading_non_acknowledging_state_is_not_party():
    """Acknowledgment reading, DPRK denies: no 4A(1) via the DPRK; art. 5 doubt -> presumed POW."""
    data = set_path(scenario(positions={"party_status": "acknowledgment"}), NOT_ACK, False)
    assert status_of(run(data)) == {"presumed_pow": "necessary"}


def test_acknowledgment_reading_acknowledging_state_is_party():
    """After the DPRK's acknowledgment (28 Apr 2025) both readings make it a party: POW."""
    data = scenario(positions={"party_status": "acknowledgment"})
    assert status_of(run(data)) == {"pow": "necessary"}


def test_open_question_makes_pow_only_possible_before_acknowledgment():
    """Unpinned party_status before 28 Apr 2025: POW on the factual reading, presumed POW on the other."""
    data = set_path(scenario(), NOT_ACK, False)
    assert status_of(run(data)) == {"pow": "possible", "presumed_pow": "possible"}


def test_unknown_acknowledgment_is_explored_under_acknowledgment_reading():
    """An unknown acknowledgment is a fact to explore: POW if it acknowledged, presumed POW if not."""
    data = set_path(scenario(positions={"party_status": "acknowledgment"}), NOT_ACK, "unknown")
    assert status_of(run(data)) == {"pow": "possible", "presumed_pow": "possible"}


def test_factual_reading_needs_participation_of_the_states_forces():
    """Factual reading: a state whose forces take no part (state fact forces_participate false)
    and which does not acknowledge is not a party: its soldier is in doubt, a presumed POW."""
    data = set_path(scenario(positions={"party_status": "factual"}), NOT_ACK, False)
    data = set_path(data, "states.dprk.forces_participate", False)
    assert status_of(run(data)) == {"presumed_pow": "necessary"}


def test_party_status_is_a_state_fact_so_a_persons_status_never_depends_on_who_else_is_listed():
    """Review A.7c: an individually recruited man (no state's forces) fighting for Russia is the
    same whether or not a KPA soldier is listed beside him."""
    loner = person(id="loner", armed_forces="none", origin="dprk")
    data = set_path(scenario(loner, positions={"party_status": "factual"}), NOT_ACK, False)
    data = set_path(data, "states.dprk.forces_participate", "unknown")
    alone = run(data, "loner")
    data["persons"] = [loner, person(id="kpa")]
    assert run(data, "loner") == alone


def test_participation_unknown_leaves_party_status_open_on_the_factual_reading():
    """forces_participate unknown (the default for a state not listed as a party): explored."""
    data = set_path(scenario(positions={"party_status": "factual"}), NOT_ACK, False)
    data = set_path(data, "states.dprk.forces_participate", "unknown")
    assert status_of(run(data)) == {"pow": "possible", "presumed_pow": "possible"}


INCORPORATED = "states.dprk.forces_incorporated"  # its units fight incorporated into Russia's forces


def test_forces_fighting_incorporated_make_the_sending_state_a_party_on_milanovics_reading():
    """Review A.7b, incorporation_party = sending_state_party (Milanovic): the DPRK stays a party
    although its forces fight incorporated into Russia's; its soldier not himself shown to be
    incorporated is a POW under 4A(1)."""
    data = set_path(scenario(positions={"party_status": "factual",
                                        "incorporation_party": "sending_state_party"}), NOT_ACK, False)
    assert status_of(run(set_path(data, INCORPORATED, True))) == {"pow": "necessary"}


def test_forces_fighting_incorporated_make_only_the_receiving_state_a_party_on_gausewegs_reading():
    """Review A.7b, incorporation_party = receiving_state_only (Gauseweg): the DPRK is no party."""
    data = set_path(scenario(positions={"party_status": "factual",
                                        "incorporation_party": "receiving_state_only"}), NOT_ACK, False)
    assert status_of(run(set_path(data, INCORPORATED, True))) == {"presumed_pow": "necessary"}


def test_incorporation_into_a_party_forces_gives_pow_whatever_the_sending_state():
    """Incorporated into Russian forces: member of a party's forces (AP I 43(1), 44(1));
    POW on both readings even though the DPRK denies (brief §7.1, expectation 2, 24)."""
    data = set_path(scenario(person(incorporated_into="ru")), NOT_ACK, False)
    assert status_of(run(data)) == {"pow": "necessary"}
