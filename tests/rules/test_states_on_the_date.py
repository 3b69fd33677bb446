"""The law of those states on that date: the bundled historical scenarios and the contract's
§1 example (issue 9, "Done when"). Review A.13, part B; SCENARIO-FORMAT §1 (state ids).
"""

from pathlib import Path

import pytest
import yaml

from status_engine import api
from status_engine.rulebook import coverage
from status_engine.api import evaluate_data

ROOT = Path(__file__).resolve().parents[2]


def load(name):
    return yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["scenarios/korea-1953.yaml", "scenarios/gulf-1991.yaml",
                                  "scenarios/gulf-1991-strict.yaml"])
def test_no_ap1_rule_applies_or_is_cited_where_ap1_did_not_bind_the_states_on_the_date(name):
    """1953: AP I did not exist; 1991: Iraq was not bound by it. GC III 118(1) and customary
    combatant immunity govern instead of AP I 85(4)(b) and 43(2)."""
    fired = coverage.fired_in(api.prepare(str(ROOT / name)))
    assert not sorted(r for r in fired if r.startswith("api_"))
    assert {"gc3_118_1", "cihl_3"} <= fired


@pytest.mark.parametrize("custom,verdict", [("customary", "forbidden"), ("treaty_only", "required")])
def test_in_1991_the_customary_question_decides_the_return_of_a_refuser_at_risk(custom, verdict):
    """Saudi Arabia was bound by no CAT, ICCPR or refugee treaty in 1991: on the strict reading
    only the customary core of non-refoulement can bar karim's return."""
    res = evaluate_data(load("scenarios/gulf-1991-strict.yaml"),
                        overrides={"positions.nonrefoulement_custom": custom})
    assert res["persons"]["karim"]["outcomes"]["repatriate:iq"] == verdict


def test_korea_1953_custody_agreement_sends_the_non_insister_to_the_nnrc_not_home():
    """Armistice art. III(51)(b): repatriate:cn forbidden, hand-over to the custodian required."""
    zhang = evaluate_data(load("scenarios/korea-1953.yaml"))["persons"]["zhang"]["outcomes"]
    assert zhang["repatriate:cn"] == "forbidden" and zhang["transfer:in"] == "required"
    assert zhang["verify_wish:in"] == "required"


def test_korea_1954_after_the_custody_resettlement_in_taiwan_is_lawful_on_the_will_based_reading():
    """After the NNRC released the non-repatriates (Jan 1954), going to Taiwan (no GC III party)
    is release and resettlement, not an art. 12 transfer (review A.3)."""
    data = load("scenarios/korea-1953.yaml")
    data["as_of"] = "1954-01-25"
    data["positions"] = {"refused_repatriation": "will_based"}
    data["persons"][0]["wish_verified"] = True
    zhang = evaluate_data(data)["persons"]["zhang"]["outcomes"]
    assert zhang["transfer:tw"] == "permitted"


def test_the_contract_example_derives_rok_national_and_defector_for_ri_without_a_korea_key():
    """SCENARIO-FORMAT §1: ids `dprk` and `rok` identify the two Koreas (treaty registry)."""
    res = api.evaluate_file(str(ROOT / "tests/fixtures/contract_example.yaml")).result["persons"]["ri"]
    assert res["status"]["rok_national"] == "necessary"
    assert res["status"]["defector"] == "necessary"
    assert res["status"]["pow"] == "necessary"
    assert res["outcomes"]["repatriate:dprk"] == "forbidden"
