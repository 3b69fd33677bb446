"""AP I only where it binds the states concerned on the date (art. 96(1)); customary law and
GC III otherwise (rules/api_protocol1.lp, rules/customary.lp). Review A.6, A.13.
"""

import json

from rulecase import INSTRUMENTS, person, run, scenario, set_path, status_of, verdict
from status_engine import api
from status_engine.rulebook import coverage


def without_ap1(p=None, **kw):
    return set_path(scenario(p or person(), **kw), "states.ua.treaties.ap1", False)


def fired(data, tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return coverage.fired_in(api.prepare(str(path)))


def test_where_ap1_does_not_bind_no_ap1_rule_applies_or_is_cited(tmp_path):
    """A 1953 / 1991-like case: the POW keeps combatant immunity (custom, CIHL rule 3) and art.
    118(1) forbids holding him once repatriation is due; nothing from AP I fires."""
    data = without_ap1(ended=True)
    res = run(data)
    assert verdict(res, "prosecute:participation") == "forbidden"
    assert verdict(res, "intern:ua") == "forbidden"
    assert not {r for r in fired(data, tmp_path) if r.startswith("api_")}


def test_ap1_needs_the_party_he_fought_for_to_be_bound_too():
    data = set_path(scenario(person(failed_to_distinguish=True)), "states.ru.treaties.ap1", False)
    assert status_of(run(data)) == {"pow": "necessary"}  # AP I 44(3)-(4) do not apply
    assert status_of(run(scenario(person(failed_to_distinguish=True)))) == {"presumed_pow": "necessary"}


def test_civilian_where_ap1_does_not_bind_is_a_civilian_by_custom():
    """Customary IHL rule 5 in place of AP I art. 50(1); rules 87, 90, 100 in place of art. 75."""
    res = run(without_ap1(person(armed_forces="none", fought_for="none", war_crime_suspect=True)))
    assert status_of(res) == {"civilian": "necessary"}
    assert verdict(res, "humane_treatment:ua") == "required"
    assert verdict(res, "public_exposure:ua") == "forbidden"
    assert verdict(res, "fair_trial:cihl") == "required"
    assert "fair_trial:api75" not in res["outcomes"]


def test_unit_under_a_command_responsible_to_a_party_is_part_of_its_armed_forces():
    """AP I art. 43(1) (review A.6): a KPA unit under Russian command; the DPRK not a party on
    the acknowledgment reading, no 4A(2) condition met: still a POW by arts 43(1), 44(1)."""
    data = scenario(person(under_command_of="ru"), positions={"party_status": "acknowledgment"})
    data = set_path(data, "states.dprk.acknowledges_participation", False)
    assert status_of(run(data)) == {"pow": "necessary"}
    data = set_path(data, "persons.0.under_command_of", "none")
    assert status_of(run(data)) == {"presumed_pow": "necessary"}


def test_incorporation_gives_pow_status_under_gc3_4a1_where_ap1_does_not_bind():
    data = without_ap1(person(incorporated_into="ru"), positions={"party_status": "acknowledgment"})
    data = set_path(data, "states.dprk.acknowledges_participation", False)
    assert status_of(run(data)) == {"pow": "necessary"}


def test_mercenary_rules_are_ap1_rules():
    """Without AP I, a man recruited for gain in no state's forces is in doubt: a presumed POW."""
    merc = person(origin="xx", armed_forces="none", recruited_for_gain=True)
    assert status_of(run(without_ap1(merc))) == {"presumed_pow": "necessary"}
    assert status_of(run(scenario(merc))) == {"unprivileged_belligerent": "necessary"}


def test_an_undeclared_instrument_is_what_the_registry_says_on_the_date():
    """ua is identified: the treaty registry has AP I binding Ukraine (since 1990)."""
    assert "ap1" in INSTRUMENTS
    assert status_of(run(scenario(person(failed_to_distinguish=True)))) == {"presumed_pow": "necessary"}
