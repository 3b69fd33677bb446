"""Routes out of captivity by period, art. 12 transfers, art. 119(5), and special agreements
(rules/gc3_repatriation.lp, rules/agreements.lp). Review A.2-A.5, A.8, part B; issue 9 point 4.
"""

from rulecase import person, run, scenario, set_path, verdict

EXCHANGE = {"id": "swap", "kind": "exchange", "parties": ["ua", "xx"], "from": "2026-01-01"}


def with_agreements(data, *agreements):
    data["agreements"] = list(agreements)
    return data


# --- Art. 12: the receiving Power's willingness, never the prisoner's consent ---------------

def test_art12_transfer_needs_no_consent_of_the_prisoner_during_hostilities():
    """Review A.4: art. 12(2) asks for a receiving party to the Convention that the detaining
    power found willing and able; not for his wish."""
    data = with_agreements(scenario(person(wish="stay")), EXCHANGE)
    assert verdict(run(data), "transfer:xx") == "permitted"


def test_art12_transfer_without_any_agreement_is_forbidden():
    """Nothing shows the receiving Power's willingness (its willingness to take in those who
    wish to come covers only those who ask)."""
    assert verdict(run(scenario(person(wish="stay"))), "transfer:xx") == "forbidden"


def test_after_hostilities_a_hand_over_that_replaces_release_needs_his_consent():
    """Review A.4: after active hostilities he is owed release; a new captivity elsewhere only
    with his consent."""
    base = scenario(person(wish="stay"), ended=True, positions={"refused_repatriation": "will_based"})
    assert verdict(run(with_agreements(base, EXCHANGE)), "transfer:xx") == "forbidden"
    base = set_path(base, "persons.0.wish", "xx")
    base = set_path(base, "states.xx.willing_to_receive", False)
    assert verdict(run(with_agreements(base, EXCHANGE)), "transfer:xx") == "permitted"


def test_exchange_agreement_with_the_state_he_fought_for_shows_its_willingness_under_art12():
    """A KPA soldier not incorporated into Russia's forces: handing him to Russia is an art. 12
    transfer; an exchange agreement with Russia covering him satisfies 12(2)."""
    p = person(wish="rok")
    pos = {"refused_repatriation": "risk_based"}
    assert verdict(run(scenario(p, positions=pos)), "repatriate:ru") == "forbidden"
    swap = dict(EXCHANGE, parties=["ua", "ru"])
    assert verdict(run(with_agreements(scenario(p, positions=pos), swap)), "repatriate:ru") == "permitted"


# --- Routes to a willing state by period (review A.3) ---------------------------------------

def test_resettlement_in_taiwan_after_release_is_lawful_though_taiwan_is_no_gc3_party():
    """Korea 1953: non-repatriates went to Taiwan after release; not an art. 12 transfer."""
    data = scenario(person(wish="xx"), ended=True, positions={"refused_repatriation": "will_based"})
    data = set_path(data, "states.xx.gc3_party", False)
    assert verdict(run(data), "transfer:xx") == "permitted"


def test_release_and_admission_during_hostilities_needs_his_wish_and_the_states_willingness():
    assert verdict(run(scenario(person(wish="rok"))), "transfer:rok") == "permitted"
    assert verdict(run(scenario(person(wish="stay"))), "transfer:rok") == "forbidden"


# --- Art. 119(5) (review A.8, part B last row) ------------------------------------------------

def test_pending_proceedings_defer_repatriation_and_never_replace_it_with_release():
    """He wants to go home and faces proceedings for an ordinary crime: he may be held until
    they end, then repatriated; release on the spot is not a substitute."""
    res = run(scenario(person(proceedings="pending"), ended=True))
    assert verdict(res, "intern:ua") == "permitted"
    assert verdict(res, "repatriate:dprk") == "permitted"
    assert verdict(res, "release:ua") == "forbidden"


def test_proceedings_for_mere_participation_cannot_justify_holding_him():
    """Combatant immunity: a charge for having fought is no indictable offence under 119(5)."""
    res = run(scenario(person(proceedings="pending", charge="participation_only"), ended=True))
    assert verdict(res, "intern:ua") == "forbidden"
    assert verdict(res, "repatriate:dprk") == "required"


# --- The ROK's declaration on art. 118 ------------------------------------------------------

def test_a_detaining_power_that_declared_it_repatriates_no_one_against_his_will_does_not_on_strict_reading():
    """ROK 1966 declaration (gc3_118_will in the treaty registry): its own treaty position."""
    p = person(origin="ru", armed_forces="ru", fought_for="ru", captured_by="rok", wish="stay")
    data = scenario(p, ended=True, positions={"refused_repatriation": "strict"})
    assert verdict(run(data), "repatriate:ru") == "forbidden"
    data = set_path(data, "states.rok.declares_118_will", False)
    assert verdict(run(data), "repatriate:ru") == "required"


# --- The 1953 custody agreement (Armistice art. III(51)) -------------------------------------

CUSTODY = {"id": "armistice_51", "kind": "custody", "parties": ["ua", "dprk"], "custodian": "xx",
           "from": "2026-01-01"}


def test_custody_agreement_bars_returning_a_non_insister_and_requires_hand_over_to_the_custodian():
    """Korea 1953, part B: the Armistice (compatible with art. 6) barred returning those who did
    not insist on repatriation and required their hand-over to the NNRC, which verified their
    choice; the detaining side may neither keep, nor release, nor send them elsewhere."""
    data = with_agreements(scenario(person(wish="rok", wish_verified=False), ended=True,
                                    positions={"refused_repatriation": "strict"}), CUSTODY)
    res = run(data)
    assert verdict(res, "repatriate:dprk") == "forbidden"
    assert verdict(res, "transfer:xx") == "required"
    assert verdict(res, "intern:ua") == "forbidden"
    assert verdict(res, "release:ua") == "forbidden"
    assert verdict(res, "transfer:rok") == "forbidden"
    assert verdict(res, "verify_wish:xx") == "required"
    assert "verify_wish:icrc" not in res["outcomes"]


def test_custody_agreement_does_not_touch_one_who_insists_on_repatriation():
    """Art. III(51)(a): those who insist are repatriated directly."""
    res = run(with_agreements(scenario(person(), ended=True), CUSTODY))
    assert verdict(res, "repatriate:dprk") == "required"
    assert verdict(res, "transfer:xx") == "forbidden"
