"""The real case: two DPRK soldiers captured by Ukraine in Kursk (legal brief §7).

Targets derived from the brief: before the DPRK's acknowledgment (28 Apr 2025) POW status
depends on the reading of common art. 2 and on incorporation (§7.6 rows 1-3, expectation
24); afterwards it is necessary (§7.6 row 1). Return to the DPRK: forbidden on every
reading, since non-refoulement binds Ukraine (review A.1; expectation 13). Handing him to
Russia: an art. 12 transfer unless he was incorporated into Russia's forces, barred by the
risk of being passed on (review A.2; expectation 16). Unverified wish: the interview is owed
before acting on his refusal, after hostilities (review A.9; expectation 14).
"""

import pytest

from rulecase import person, result, scenario, set_path, status_of, verdict


def kursk(acknowledged: bool = False, ended: bool = False, **pos):
    ri = person(id="ri", incorporated_into="unknown",
                conditions_4a2={"responsible_command": True, "distinctive_sign": "unknown",
                                "arms_openly": True, "laws_of_war": "unknown"},
                wish="rok", wish_verified=False,
                risk_on_return={"dprk": "substantial", "ru": "unknown", "rok": "none"})
    data = scenario(ri, positions=pos, ended=ended)
    data["as_of"] = "2025-02-20" if not ended else "2026-06-01"
    return set_path(data, "states.dprk.acknowledges_participation", acknowledged)


def ri(data):
    return result(data)["persons"]["ri"]


def test_feb_2025_pow_only_possible():
    """Open reading and incorporation: POW (factual, or incorporated into Russia's forces), else presumed POW."""
    assert status_of(ri(kursk())) == {"pow": "possible", "presumed_pow": "possible"}


def test_feb_2025_factual_reading_pow_necessary():
    assert status_of(ri(kursk(party_status="factual"))) == {"pow": "necessary"}


def test_feb_2025_incorporated_into_russia_pow_on_both_readings():
    data = set_path(kursk(party_status="acknowledgment"), "persons.0.incorporated_into", "ru")
    assert status_of(ri(data)) == {"pow": "necessary"}


def test_after_dprk_acknowledgment_pow_necessary():
    assert status_of(ri(kursk(acknowledged=True))) == {"pow": "necessary"}


def test_korean_statuses():
    res = ri(kursk())
    assert res["status"]["rok_national"] == "necessary"
    assert res["status"]["defector"] == "necessary"


@pytest.mark.parametrize("position", ["risk_based", "will_based"])
def test_return_to_dprk_forbidden_on_protective_readings(position):
    for ended in (False, True):
        res = ri(kursk(acknowledged=True, ended=ended, refused_repatriation=position))
        assert verdict(res, "repatriate:dprk") == "forbidden"


def test_return_to_dprk_forbidden_on_strict_reading_too_since_non_refoulement_binds_ukraine():
    """Review A.1, part B rows 2 and 6: the risk is objective; no reading makes the return lawful."""
    for ended in (False, True):
        res = ri(kursk(acknowledged=True, ended=ended, refused_repatriation="strict"))
        assert verdict(res, "repatriate:dprk") == "forbidden"


def test_return_to_dprk_forbidden_when_reading_open():
    assert verdict(ri(kursk(acknowledged=True, ended=True)), "repatriate:dprk") == "forbidden"
    assert verdict(ri(kursk()), "repatriate:dprk") == "forbidden"


def test_handing_a_kpa_soldier_not_incorporated_to_russia_is_a_transfer_barred_by_chain_refoulement():
    """Review A.2: Russia is not the Power on which he depends; the risk that it passes him on
    to the DPRK bars the hand-over (and no agreement shows Russia's willingness, art. 12(2))."""
    data = set_path(kursk(acknowledged=True), "persons.0.incorporated_into", "none")
    assert verdict(ri(data), "repatriate:ru") == "forbidden"
    data = set_path(data, "persons.0.risk_on_return.dprk", "none")
    assert verdict(ri(data), "repatriate:ru") == "forbidden"  # art. 12(2): no agreement with Russia


def test_handing_a_soldier_to_the_power_he_depends_on_without_any_risk_is_a_permitted_exchange():
    """Incorporated into Russia's forces, no risk anywhere: return to Russia is repatriation
    (exchange), permitted during hostilities on the risk-based reading; art. 12 does not apply."""
    data = set_path(kursk(acknowledged=True, refused_repatriation="risk_based"), "persons.0.incorporated_into", "ru")
    data = set_path(data, "persons.0.risk_on_return", {"dprk": "none", "ru": "none", "rok": "none"})
    assert verdict(ri(data), "repatriate:ru") == "permitted"


def test_wish_unverified_interview_not_a_standing_duty_during_hostilities():
    """Review A.9, part B row 5."""
    assert verdict(ri(kursk()), "verify_wish:icrc") == "permitted"
    assert verdict(ri(kursk(acknowledged=True, ended=True)), "verify_wish:icrc") == "required"


def test_prosecution_for_participation_forbidden_in_every_world():
    """POW or presumed POW in every world: combatant privilege or art. 5(2) protection."""
    assert verdict(ri(kursk()), "prosecute:participation") == "forbidden"


def test_transfer_to_rok_permitted_during_hostilities():
    """ROK: GC III party, willing for those who ask, he asks, no risk there (expectation 17)."""
    assert verdict(ri(kursk(acknowledged=True)), "transfer:rok") == "permitted"
