"""GC III arts 12, 109-110, 115, 117, 118, 119(5), 126; CIHL 124, 128; GC IV 45
(rules/gc3_repatriation.lp). Legal brief §1.5, §1.8-1.11, §4.1; expectations 9-17, 21, 23, 25.
"""

import pytest

from rulecase import person, run, scenario, set_path, verdict

RISK_DPRK = {"ru": "none", "ua": "none", "dprk": "substantial", "rok": "none", "xx": "none"}
ALL = ("risk_based", "will_based", "strict")


def pinned(position, *persons, **kw):
    return scenario(*persons, positions={"refused_repatriation": position}, **kw)


# --- Art. 118 -------------------------------------------------------------------------------

def test_118_pow_wanting_to_go_home_must_be_repatriated_after_hostilities():
    """Verified wish to return, no risk, hostilities over: repatriation required (expectation 12)."""
    res = run(scenario(ended=True))
    assert verdict(res, "repatriate:dprk") == "required"
    assert verdict(res, "intern:ua") == "forbidden"


def test_118_no_repatriation_duty_while_hostilities_last():
    """Able-bodied POW during hostilities: internment permitted, repatriation not required (expectation 9)."""
    res = run(scenario())
    assert verdict(res, "repatriate:dprk") == "permitted"
    assert verdict(res, "intern:ua") == "permitted"


def test_118_release_or_transfer_instead_of_due_repatriation_is_forbidden():
    """He freely chose to go home: neither release in Ukraine nor transfer to the ROK discharges
    art. 118; the ROK's claim to him as a national changes nothing (expectation 25)."""
    res = run(scenario(ended=True))
    assert verdict(res, "release:ua") == "forbidden"
    assert verdict(res, "transfer:rok") == "forbidden"
    assert res["status"].get("rok_national") == "necessary"


def test_118_duty_is_to_the_state_of_origin_not_the_state_he_fought_for():
    """Return to Russia (the state he fought for) is never owed by art. 118."""
    assert verdict(run(scenario(ended=True)), "repatriate:ru") != "required"


def test_118_refusal_barred_captivity_ends_and_release_or_third_state_are_permitted_routes():
    """Refusal plus substantial risk: no return; captivity must end (internment forbidden), and
    where he goes is among the lawful routes: release on the spot and release and resettlement
    in the willing ROK he asks for are both permitted, neither required (expectation 13;
    review A.5: release is never required merely because captivity must end)."""
    p = person(wish="rok", risk_on_return=RISK_DPRK)
    res = run(pinned("risk_based", p, ended=True))
    assert verdict(res, "repatriate:dprk") == "forbidden"
    assert verdict(res, "release:ua") == "permitted"
    assert verdict(res, "intern:ua") == "forbidden"
    assert verdict(res, "transfer:rok") == "permitted"


# --- Art. 119(5) / 115 ---------------------------------------------------------------------

@pytest.mark.parametrize("proceedings", ["pending", "convicted"])
def test_119_5_pow_facing_proceedings_may_be_held_after_hostilities(proceedings):
    """Pending proceedings or a sentence for an indictable offence: he may be held (expectation 21)."""
    res = run(scenario(person(proceedings=proceedings), ended=True))
    assert verdict(res, "intern:ua") == "permitted"
    assert verdict(res, "repatriate:dprk") == "permitted"
    assert verdict(res, "prosecute:participation") == "forbidden"


def test_119_5_pending_proceedings_require_gc3_fair_trial():
    """A POW being tried keeps the Convention's judicial guarantees (arts 99-108, expectation 21)."""
    assert verdict(run(scenario(person(proceedings="pending"), ended=True)), "fair_trial:gc3") == "required"


def test_115_wounded_pow_held_for_proceedings_need_not_be_repatriated_early():
    """Art. 109(1) repatriation of a POW held for proceedings needs the detaining power's consent."""
    res = run(scenario(person(seriously_wounded=True, proceedings="pending")))
    assert verdict(res, "repatriate:dprk") == "permitted"


# --- Arts 109, 110, 117 --------------------------------------------------------------------

def test_109_1_seriously_wounded_pow_must_be_repatriated_during_hostilities():
    """Seriously wounded (110(1)), wants to go home: direct repatriation required (expectation 10)."""
    res = run(scenario(person(seriously_wounded=True)))
    assert verdict(res, "repatriate:dprk") == "required"


def test_117_repatriated_wounded_pow_not_employed_on_active_service():
    """After such a repatriation, active military service is forbidden (expectation 10)."""
    assert verdict(run(scenario(person(seriously_wounded=True))), "military_service:dprk") == "forbidden"


@pytest.mark.parametrize("position", ALL)
def test_109_3_wounded_pow_not_repatriated_against_his_will_on_any_reading(position):
    """Express treaty rule, independent of the art. 118 controversy (expectation 11)."""
    p = person(seriously_wounded=True, wish="stay")
    assert verdict(run(pinned(position, p)), "repatriate:dprk") == "forbidden"


def test_109_no_duty_for_the_able_bodied():
    """Not seriously wounded: no 109(1) duty during hostilities."""
    assert verdict(run(pinned("strict", person())), "repatriate:dprk") == "permitted"


# --- Art. 12, GC IV 45, non-refoulement ----------------------------------------------------

def test_12_transfer_to_willing_gc3_party_he_asks_for_is_permitted():
    """ROK: a GC III party, willing to take those who ask; he asks (expectation 17)."""
    assert verdict(run(scenario(person(wish="rok"))), "transfer:rok") == "permitted"


def test_12_transfer_only_to_a_gc3_party():
    """Receiving state not party to GC III: an art. 12 transfer (here under an exchange
    agreement with a state that does not admit him on his wish) is forbidden."""
    data = set_path(scenario(person(wish="stay")), "states.xx.gc3_party", False)
    data["agreements"] = [{"id": "deal", "kind": "exchange", "parties": ["ua", "xx"], "from": "2026-01-01"}]
    assert verdict(run(data), "transfer:xx") == "forbidden"
    data = set_path(data, "states.xx.gc3_party", True)
    assert verdict(run(data), "transfer:xx") == "permitted"


def test_release_and_admission_to_a_willing_state_is_no_art12_transfer_so_needs_no_gc3_party():
    """Review A.3: going to the ROK because he asks to, during hostilities, is release and
    admission; the receiving state need not be a GC III party (Korea 1953: Taiwan)."""
    data = set_path(scenario(person(wish="rok")), "states.rok.gc3_party", False)
    assert verdict(run(data), "transfer:rok") == "permitted"


def test_12_transfer_only_to_a_willing_state():
    """Receiving state not willing: transfer forbidden."""
    data = set_path(scenario(person(wish="rok")), "states.rok.willing_to_receive", False)
    assert verdict(run(data), "transfer:rok") == "forbidden"


def test_12_willingness_for_those_who_ask_does_not_cover_one_who_does_not():
    """The ROK takes in those who wish to come; he wishes to stay: no transfer (expectation 25)."""
    assert verdict(run(scenario(person(wish="stay"))), "transfer:rok") == "forbidden"


def test_nonrefoulement_forbids_transfer_to_a_state_of_substantial_risk():
    """Substantial risk in the receiving state: transfer forbidden on every reading."""
    risk = dict(RISK_DPRK, rok="substantial")
    assert verdict(run(scenario(person(wish="rok", risk_on_return=risk))), "transfer:rok") == "forbidden"


def test_gc4_45_non_pow_transfer_only_to_willing_state():
    """A civilian detainee: transfer to a state not willing to take him is forbidden."""
    p = person(armed_forces="none", fought_for="none", wish="xx")
    data = set_path(scenario(p), "states.xx.willing_to_receive", False)
    assert verdict(run(data), "transfer:xx") == "forbidden"
    assert verdict(run(scenario(p)), "transfer:xx") == "permitted"


# --- Art. 126, CIHL 124 ---------------------------------------------------------------------

def test_126_icrc_access_to_pow_required():
    """ICRC visits and private interviews (expectation 1, 23)."""
    assert verdict(run(scenario()), "icrc_access:ua") == "required"


def test_cihl_124_icrc_access_to_any_detainee_in_international_conflict():
    """CIHL rule 124: access to all persons deprived of liberty, civilians included."""
    assert verdict(run(scenario(person(armed_forces="none", fought_for="none"))), "icrc_access:ua") == "required"


# --- CIHL 128(B) ----------------------------------------------------------------------------

def test_cihl_128_civilian_internee_released_after_hostilities():
    """Civilian internee, no proceedings, hostilities over: continued internment forbidden."""
    res = run(scenario(person(armed_forces="none", fought_for="none"), ended=True))
    assert verdict(res, "intern:ua") == "forbidden"


def test_cihl_128_penal_proceedings_may_keep_a_detainee():
    """Proceedings pending: internment may continue."""
    res = run(scenario(person(armed_forces="none", fought_for="none", proceedings="pending"), ended=True))
    assert verdict(res, "intern:ua") == "permitted"
