"""Corroborating citations (rules/README.md "Conventions"): a registry entry with
`corroborates: <id>` restates, under another provision, a conclusion another rule already
draws (GC III 118(2), CIHL 128(A), AP I 75(3), AP I 85(4)(b), GC IV 45(4), GC III 82-88, 100-108, 130).
Each must fire where its provision applies and change no verdict when switched off; where a
corroborating rule reaches further than its target (AP I 75(3) and GC IV 45(4)), that is
tested on its own. Legal brief §1.7, §1.9, §1.12, §3.5, §4.1, expectations 12, 21.
"""

import json

import pytest
import yaml

from rulecase import RISK_XX, person, scenario, verdict
from status_engine import api
from status_engine.rulebook import coverage
from status_engine.api import evaluate_data

BOOK = api.rules_for(None)
REGISTRY = yaml.safe_load((BOOK.directory / "sources.yaml").read_text(encoding="utf-8"))["rules"]
CORROBORATING = {rid: e["corroborates"] for rid, e in REGISTRY.items() if "corroborates" in e}

CIVILIAN = dict(armed_forces="none", fought_for="none")
ACCUSED = person(war_crime_suspect=True, proceedings="pending")
SENTENCED = person(proceedings="convicted")
WITNESS = {  # a scenario in which each corroborating rule's provision applies
    "gc3_118_2": scenario(ended=True),
    "cihl_128_a": scenario(ended=True),
    "api_75_3": scenario(person(**CIVILIAN), ended=True),
    "api_85_4b": scenario(ended=True),
    "gc4_45_4": scenario(person(wish="xx", risk_on_return=RISK_XX, **CIVILIAN)),
    **{r: scenario(ACCUSED) for r in ("gc3_82", "gc3_83", "gc3_84", "gc3_86", "gc3_100", "gc3_102",
                                       "gc3_103", "gc3_104", "gc3_105", "gc3_130")},
    **{r: scenario(SENTENCED) for r in ("gc3_87", "gc3_88", "gc3_101", "gc3_106", "gc3_107", "gc3_108")},
}


def test_every_corroborating_citation_names_registered_targets_and_has_a_witness():
    assert set(CORROBORATING) == set(WITNESS)
    for rid, targets in CORROBORATING.items():
        for t in targets if isinstance(targets, list) else [targets]:
            assert t in REGISTRY and "corroborates" not in REGISTRY[t], (rid, t)


@pytest.mark.parametrize("rid", sorted(WITNESS))
def test_corroborating_citation_fires_where_its_provision_applies(rid, tmp_path):
    path = tmp_path / "witness.json"
    path.write_text(json.dumps(WITNESS[rid]), encoding="utf-8")
    assert rid in coverage.fired_in(api.prepare(str(path)))


@pytest.mark.parametrize("rid", sorted(WITNESS))
def test_corroborating_citation_switched_off_changes_no_verdict(rid):
    data = WITNESS[rid]
    assert evaluate_data(data, rules=BOOK.without(rid))["persons"] == evaluate_data(data)["persons"]


def test_75_3_releases_non_pow_detainees_after_hostilities_in_international_conflicts():
    """Rule 128(B) switched off: AP I 75(3) alone forbids keeping a civilian interned after active
    hostilities in an international conflict; it says nothing for a non-international one."""
    book = BOOK.without("cihl_128_b")
    iac = evaluate_data(scenario(person(**CIVILIAN), ended=True), rules=book)["persons"]["p"]
    niac = evaluate_data(scenario(person(**CIVILIAN), ended=True, kind="non_international"), rules=book)["persons"]["p"]
    assert verdict(iac, "intern:ua") == "forbidden"
    assert verdict(niac, "intern:ua") == "permitted"


def test_gc4_45_4_no_transfer_of_a_non_pow_to_a_state_of_persecution():
    """Customary non-refoulement switched off: GC IV 45(4) alone bars handing a civilian to a state
    where he fears persecution; it does not reach a POW (GC III governs him)."""
    book = BOOK.without("nonrefoulement_transfer")
    civ = evaluate_data(scenario(person(wish="xx", risk_on_return=RISK_XX, **CIVILIAN)), rules=book)["persons"]["p"]
    pow_ = evaluate_data(scenario(person(wish="xx", risk_on_return=RISK_XX)), rules=book)["persons"]["p"]
    assert verdict(civ, "transfer:xx") == "forbidden"
    assert verdict(pow_, "transfer:xx") == "permitted"


def test_cihl_128_releases_detainees_in_non_international_conflicts_too():
    """Rule 128(B)-(C) is what reaches a non-international conflict, where AP I 75(3) does not."""
    niac = scenario(person(**CIVILIAN), ended=True, kind="non_international")
    assert verdict(evaluate_data(niac)["persons"]["p"], "intern:ua") == "forbidden"
