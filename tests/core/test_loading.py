"""Scenario files: every contract example is accepted; every bad input is a located error."""

from __future__ import annotations

import json
import re

import pytest

from status_engine.errors import InputError
from status_engine.scenario.load import load_text
from status_engine import api

from conftest import FIXTURES, MINI_RULES, SHARED, cli


def test_contract_example_is_accepted():
    """SCENARIO-FORMAT.md §1: 'Every example in this file must be accepted by the engine.'"""
    res = cli("validate", FIXTURES / "contract_example.yaml")
    assert res.exit_code == 0, res.stderr


def test_contract_examples_match_the_shared_contract():
    """The fixtures are copies of the contract's examples; keep them in step with it."""
    if not (SHARED / "SCENARIO-FORMAT.md").exists():
        pytest.skip("../shared is not beside this checkout")
    blocks = re.findall(r"```yaml\n(.*?)```", (SHARED / "SCENARIO-FORMAT.md").read_text(), re.S)
    assert blocks[0] == (FIXTURES / "contract_example.yaml").read_text()
    assert blocks[1] == (FIXTURES / "contract_expect.yaml").read_text()


def test_contract_evidence_form_positions_and_expect_are_accepted(tmp_yaml):
    """§1 evidence objects, §3 pinned positions and §4 expectations are all part of v1."""
    text = (FIXTURES / "contract_example.yaml").read_text()
    text = text.replace("    wish: rok ", '    wish: {value: rok, evidence: "handwritten letter, Oct 2025", source: "news report 2025-11-24"} ')
    text = text.replace("positions: {}", "positions: {party_status: factual}")
    text = text.replace("expect: {}", (FIXTURES / "contract_expect.yaml").read_text().replace("expect:", "expect:"))
    res = cli("validate", tmp_yaml(text))
    assert res.exit_code == 0, res.stderr
    prep = api.prepare(str(tmp_yaml(text)))
    assert prep.source.persons[0].wish.evidence == "handwritten letter, Oct 2025"


def test_json_input_is_accepted(tmp_path):
    """§1: 'JSON with the same structure is accepted too'."""
    data = load_text((FIXTURES / "contract_example.yaml").read_text(), "x").data
    p = tmp_path / "s.json"
    p.write_text(json.dumps(data, default=str, separators=(",", ":")))
    assert cli("validate", p).exit_code == 0


BAD = {
    # file: (line, key fragment, message fragment)
    "syntax.yaml": (4, "", "not valid YAML"),
    "unknown_key.yaml": (7, "persons[0].wishh", "unknown key"),
    "enum.yaml": (7, "persons[0].seriously_wounded", "`maybe` is not one of true, false, unknown"),
    "date.yaml": (3, "as_of", "month must be in 1..12"),
    "dup.yaml": (6, "persons[1].id", "duplicate person id"),
    "setpath.yaml": (7, "events[0].set.persons.a.wishes", "names no fact"),
    "noformat.yaml": (None, "", "missing `format:`"),
    "badformat.yaml": (1, "format", "status-engine/v1"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_is_a_located_error_with_exit_2(name):
    """Bad input: file, line, key, what was expected; exit 2; no traceback; no output."""
    line, key, fragment = BAD[name]
    path = FIXTURES / "bad" / name
    res = cli("eval", path, "--rules", MINI_RULES, "--format", "json")
    assert res.exit_code == 2
    assert res.stdout == ""
    assert "Traceback" not in res.stderr
    expected_prefix = f"{path}:{line}:" if line else f"{path}:"
    matching = [l for l in res.stderr.splitlines() if l.startswith(expected_prefix) and key in l]
    assert matching, res.stderr
    assert any(fragment in l for l in matching), res.stderr


def test_every_problem_in_a_file_is_reported_at_once():
    """A user fixes a file in one pass: all of dup.yaml's three problems are listed."""
    res = cli("validate", FIXTURES / "bad" / "dup.yaml", "--rules", MINI_RULES)
    assert res.exit_code == 2
    assert "undeclared" in res.stderr or "not declared" in res.stderr
    assert "expect.b" in res.stderr


def test_undeclared_state_and_unknown_position_are_errors():
    res = cli("validate", FIXTURES / "bad" / "setpath.yaml", "--rules", MINI_RULES)
    assert res.exit_code == 2
    assert "no state `zz` is declared" in res.stderr
    assert "`maybe` is not a position on party_status" in res.stderr


def test_bad_input_in_one_file_means_no_output_for_any(tmp_path):
    """No partial output: a good file before a bad one prints nothing."""
    res = cli("eval", FIXTURES / "contract_example.yaml", FIXTURES / "bad" / "enum.yaml", "--rules", MINI_RULES, "-f", "json")
    assert res.exit_code == 2 and res.stdout == ""


def test_missing_file_is_a_clean_error():
    res = cli("eval", "no/such/file.yaml")
    assert res.exit_code == 2 and "cannot read the file" in res.stderr


@pytest.mark.parametrize("text,fragment", [
    ("a: 1\na: 2\n", "duplicate key"),
    ("x: 2025-02-30\n", "day is out of range"),
    ("- 1\n- 2\n", "must be a mapping"),
])
def test_loader_level_problems(text, fragment):
    with pytest.raises(InputError) as exc:
        from status_engine.scenario.check import parse

        parse(load_text(text, "f.yaml"))
    assert fragment in str(exc.value)


def test_ids_cannot_carry_code(tmp_yaml):
    """Ids are identifiers, never code: an id that is not a plain name is rejected."""
    text = (FIXTURES / "contract_example.yaml").read_text().replace("  - id: ri ", '  - id: "ri). evil(X) :- p(X"  ')
    res = cli("validate", tmp_yaml(text))
    assert res.exit_code == 2 and "persons[0].id" in res.stderr
