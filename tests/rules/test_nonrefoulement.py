"""Non-refoulement on every reading, wherever it binds the sending state on the date
(rules/nonrefoulement.lp). Review A.1, part C.1; SCENARIO-FORMAT §3 (corrected).
"""

import pytest

from rulecase import INSTRUMENTS, person, run, scenario, set_path, verdict

RISK_DPRK = {"ru": "none", "ua": "none", "dprk": "substantial", "rok": "none", "xx": "none"}
AT_RISK = dict(wish="rok", risk_on_return=RISK_DPRK)


def detainer_bound_by(*instruments, position="strict", custom="treaty_only", p=None, ended=True):
    data = scenario(p or person(**AT_RISK), ended=ended,
                    positions={"refused_repatriation": position, "nonrefoulement_custom": custom})
    for i in INSTRUMENTS:
        data = set_path(data, f"states.ua.treaties.{i}", i in instruments)
    return data


@pytest.mark.parametrize("instrument", ["cat", "iccpr", "echr", "refugee_1951", "refugee_1967"])
def test_each_human_rights_obligation_of_the_sending_state_alone_bars_return_to_a_real_risk(instrument):
    """CAT art. 3, ICCPR arts 6-7 (GC 31 para. 12), ECHR arts 2-3, Refugee Convention art. 33:
    any one binding the detaining power on the date bars the return, even on the strict reading."""
    assert verdict(run(detainer_bound_by(instrument)), "repatriate:dprk") == "forbidden"


def test_no_obligation_binding_the_sending_state_leaves_the_strict_reading_to_art118():
    assert verdict(run(detainer_bound_by()), "repatriate:dprk") == "required"


def test_customary_core_binds_a_state_party_to_no_human_rights_treaty():
    """ICRC Casebook: non-refoulement is customary at its core (position `customary`)."""
    assert verdict(run(detainer_bound_by(custom="customary")), "repatriate:dprk") == "forbidden"


def test_refugee_convention_does_not_protect_one_excluded_as_a_war_crimes_suspect():
    """Refugee Convention art. 1F(a): serious reasons to consider he committed a war crime."""
    p = person(war_crime_suspect=True, **AT_RISK)
    assert verdict(run(detainer_bound_by("refugee_1951", p=p)), "repatriate:dprk") == "required"
    assert verdict(run(detainer_bound_by("cat", p=p)), "repatriate:dprk") == "forbidden"  # CAT is absolute


def test_non_pow_at_risk_is_not_returned_where_a_treaty_binds_the_sending_state():
    p = person(armed_forces="none", fought_for="none", **AT_RISK)
    assert verdict(run(detainer_bound_by("cat", p=p)), "repatriate:dprk") == "forbidden"


def test_a_man_who_asks_to_go_home_is_not_held_back_by_the_risk():
    """Voluntary return: the bar protects those who have not asked to go."""
    p = person(wish="origin", risk_on_return=RISK_DPRK)
    assert verdict(run(detainer_bound_by("cat", p=p)), "repatriate:dprk") == "required"


def test_transfer_to_a_state_where_he_faces_a_real_risk_is_forbidden_on_every_reading():
    p = person(wish="rok", risk_on_return=dict(RISK_DPRK, rok="substantial"))
    for position in ("risk_based", "will_based", "strict"):
        assert verdict(run(detainer_bound_by("echr", position=position, p=p)), "transfer:rok") == "forbidden"


def test_chain_refoulement_handing_him_to_his_origins_co_belligerent_where_he_risks_being_sent_home():
    """Review A.2: the risk that Russia passes a KPA soldier on to the DPRK bars the hand-over,
    though no risk is shown in Russia itself (brief exp. 16)."""
    p = person(incorporated_into="ru", **AT_RISK)   # Russia is then a Power he depends on
    res = run(detainer_bound_by("cat", position="risk_based", p=p, ended=False))
    assert verdict(res, "repatriate:ru") == "forbidden"
    p = person(incorporated_into="ru", wish="rok")  # no risk in the DPRK: no chain
    res = run(detainer_bound_by("cat", position="risk_based", p=p, ended=False))
    assert verdict(res, "repatriate:ru") == "permitted"
