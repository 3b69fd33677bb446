"""`status-engine test`: expectations checked, mismatches located and explained, typos
rejected, JUnit output, and `--update` writing derived values in place."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from status_engine import regress

from conftest import SCENARIOS, cli
from regcase import EXPECT, break_art126, copy_rules, line_of, scenario_file


def test_matching_expectations_pass_with_a_summary_line(tmp_path):
    f = scenario_file(tmp_path)
    res = cli("test", f)
    assert res.exit_code == 0, res.stdout + res.stderr
    assert res.stdout.strip().splitlines()[-1] == "3 passed, 0 failed"


def test_a_directory_is_searched_for_scenarios(tmp_path):
    scenario_file(tmp_path, "a.yaml", sid="a")
    (tmp_path / "sub").mkdir()
    scenario_file(tmp_path / "sub", "b.yaml", sid="b")
    res = cli("test", tmp_path)
    assert res.exit_code == 0, res.stdout + res.stderr
    assert "6 passed, 0 failed" in res.stdout


def test_a_changed_rule_makes_test_fail_readably(tmp_path):
    """The lawyer's change (GC III 126 made to forbid ICRC access) fails the expectation, and
    the message says where, what was expected, what is derived now, and why."""
    f = scenario_file(tmp_path)
    rules = copy_rules(tmp_path)
    break_art126(rules)
    res = cli("test", f, "--rules", rules)
    assert res.exit_code == 1
    line = line_of(f, '"icrc_access:ua"')
    assert f"{f}:{line}: regress-ri ri outcomes icrc_access:ua: expected required, derived forbidden" in res.stdout
    why = next(l for l in res.stdout.splitlines() if "why:" in l)
    assert "gc3_126" in why and "forbidden" in why
    assert res.stdout.strip().splitlines()[-1] == "2 passed, 1 failed"


@pytest.mark.parametrize("key, block, hint", [
    ("pw", "status", "did you mean `pow`"),
    ('"icrc_acess:ua"', "outcomes", "did you mean `icrc_access:ua`"),
])
def test_a_typo_in_an_expectation_key_is_an_input_error_not_a_pass(tmp_path, key, block, hint):
    expect = f"expect:\n  ri:\n    {block}:\n      {key}: {'necessary' if block == 'status' else 'required'}\n"
    f = scenario_file(tmp_path, expect=expect)
    res = cli("test", f)
    assert res.exit_code == 2
    assert f"{f}:{line_of(f, key)}:" in res.stderr and hint in res.stderr
    assert res.stdout == ""


def test_an_outcome_no_rule_produces_for_this_scenario_is_a_typo(tmp_path):
    """fair_trial:gc3 exists in the rule base, but only for a POW suspected of war crimes or
    facing proceedings: nobody here, so expecting it can only be a mistake."""
    f = scenario_file(tmp_path, expect='expect:\n  ri:\n    outcomes:\n      "fair_trial:gc3": required\n')
    res = cli("test", f)
    assert res.exit_code == 2 and "no rule produces it for any person of this scenario" in res.stderr


def test_a_status_of_the_vocabulary_that_does_not_hold_is_a_mismatch_not_a_typo(tmp_path):
    f = scenario_file(tmp_path, expect="expect:\n  ri:\n    status:\n      civilian: possible\n")
    res = cli("test", f)
    assert res.exit_code == 1 and "expected possible, derived absent" in res.stdout


def test_an_expectation_for_an_unknown_person_is_an_input_error(tmp_path):
    f = scenario_file(tmp_path, expect="expect:\n  kim:\n    status:\n      pow: necessary\n")
    res = cli("test", f)
    assert res.exit_code == 2 and "person `kim` is not in `persons:`" in res.stderr


def test_junit_report_counts_tests_and_failures(tmp_path):
    f = scenario_file(tmp_path)
    rules = copy_rules(tmp_path)
    break_art126(rules)
    out = tmp_path / "report.xml"
    res = cli("test", f, "--rules", rules, "--junit", out)
    assert res.exit_code == 1
    root = ET.parse(out).getroot()
    assert root.get("tests") == "3" and root.get("failures") == "1"
    failed = [c for c in root.iter("testcase") if c.find("failure") is not None]
    assert [(c.get("classname"), c.get("name")) for c in failed] == [("regress-ri.ri.outcomes", "icrc_access:ua")]
    assert failed[0].get("line") == str(line_of(f, '"icrc_access:ua"'))


def test_update_writes_derived_values_in_place_and_prints_them(tmp_path):
    """Only the value tokens change: comments, quotes, order and layout are kept."""
    wrong = EXPECT.replace('"icrc_access:ua": required    ', '"icrc_access:ua": permitted   ') \
                  .replace("pow: necessary", "pow: possible ")
    f = scenario_file(tmp_path, expect=wrong)
    before = f.read_text(encoding="utf-8")
    res = cli("test", "--update", f)
    assert res.exit_code == 0, res.stdout + res.stderr
    assert f"{f}:{line_of(f, 'pow:')}: regress-ri ri status pow: possible -> necessary" in res.stdout
    assert "icrc_access:ua: permitted -> required" in res.stdout
    assert "updated 2 expectation(s) in 1 file(s)" in res.stdout
    after = f.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert len(changed) == 2 and all(a.split("#")[1] == b.split("#")[1] for a, b in changed)
    assert after.index("# GC III 126") - after.index('"icrc_access:ua"') == \
        before.index("# GC III 126") - before.index('"icrc_access:ua"')  # comment column kept
    assert os.listdir(tmp_path) == ["ri.yaml"]  # no temporary file left behind
    assert cli("test", f).exit_code == 0


def test_update_keeps_flow_style_and_quotes(tmp_path):
    expect = "expect:\n  ri: {status: {pow: 'possible'}, outcomes: {\"icrc_access:ua\": permitted}}\n"
    f = scenario_file(tmp_path, expect=expect)
    assert cli("test", "--update", f).exit_code == 0
    assert f.read_text(encoding="utf-8").endswith(
        "expect:\n  ri: {status: {pow: 'necessary'}, outcomes: {\"icrc_access:ua\": required}}\n")


def test_update_does_not_write_an_absent_value(tmp_path):
    """The format cannot expect absence: the file is left alone and the user is told."""
    f = scenario_file(tmp_path, expect="expect:\n  ri:\n    status:\n      civilian: possible  # wrong\n")
    before = f.read_text(encoding="utf-8")
    res = cli("test", "--update", f)
    assert res.exit_code == 1 and "not updated" in res.stdout
    assert f.read_text(encoding="utf-8") == before


def test_update_only_when_asked(tmp_path):
    f = scenario_file(tmp_path, expect=EXPECT.replace("pow: necessary", "pow: possible "))
    before = f.read_text(encoding="utf-8")
    assert cli("test", f).exit_code == 1
    assert f.read_text(encoding="utf-8") == before


def test_atomic_write_leaves_the_old_file_when_the_rename_fails(tmp_path, monkeypatch):
    f = tmp_path / "x.yaml"
    f.write_text("old\n", encoding="utf-8")

    def boom(*_a):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        regress.write_atomically(f, "new\n")
    assert f.read_text(encoding="utf-8") == "old\n" and os.listdir(tmp_path) == ["x.yaml"]


def test_vocabulary_comes_from_the_rules_not_from_python(tmp_path):
    """A rule directory whose rules derive another status name makes it a known key."""
    from status_engine import api

    rules = copy_rules(tmp_path)
    (rules / "zz_extra.lp").write_text("status(P, detainee) :- rule(gc3_4a), person(P).\n", encoding="utf-8")
    prep = api.prepare(str(scenario_file(tmp_path)), rules=api.rules_for(str(rules)))
    assert "detainee" in regress.vocabulary(prep).statuses
    assert "detainee" not in regress.vocabulary(api.prepare(str(scenario_file(tmp_path)))).statuses


def test_bundled_scenarios_have_no_typos():
    """Every key of every bundled expect: block is one the rules can produce."""
    from status_engine import api

    for f in sorted(Path(SCENARIOS).glob("*.yaml")):
        prep = api.prepare(str(f))
        assert regress.typos(regress.expectations_of(prep), regress.vocabulary(prep)) == [], f
