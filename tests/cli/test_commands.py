"""Each command and exit code through typer's CliRunner."""

from __future__ import annotations

import json

from status_engine import __version__

from conftest import FIXTURES, MINI_RULES, cli

EXAMPLE = FIXTURES / "contract_example.yaml"


def test_version():
    res = cli("--version")
    assert res.exit_code == 0 and __version__ in res.stdout


def test_help_lists_commands_with_examples():
    res = cli("--help")
    assert res.exit_code == 0
    for command in ("eval", "validate", "schema"):
        assert command in res.stdout
    assert "status-engine eval scenarios/" in res.stdout


def test_eval_json_shape_follows_the_contract():
    """SCENARIO-FORMAT §2: format, scenario, as_of, rules, worlds, open, persons."""
    res = cli("eval", EXAMPLE, "--rules", MINI_RULES, "--format", "json")
    assert res.exit_code == 0, res.stderr
    out = json.loads(res.stdout)
    assert set(out) == {"format", "scenario", "as_of", "rules", "worlds", "open", "persons"}
    assert out["format"] == "status-engine/v1" and out["scenario"] == "kursk-2025"
    assert out["as_of"] == "2025-11-26"
    assert out["rules"].startswith("sha256:")
    assert set(out["persons"]["ri"]) == {"status", "outcomes"}


def test_eval_json_is_byte_identical_across_runs():
    a = cli("eval", EXAMPLE, "--rules", MINI_RULES, "-f", "json").stdout
    b = cli("eval", EXAMPLE, "--rules", MINI_RULES, "-f", "json").stdout
    assert a == b and a.endswith("}\n")


def test_eval_as_of_and_set_options():
    """--as-of before the 28 Apr 2025 event, --set pins a position."""
    res = cli("eval", EXAMPLE, "--rules", MINI_RULES, "-f", "json", "--as-of", "2025-02-01",
              "--set", "positions.party_status=acknowledgment")
    out = json.loads(res.stdout)
    assert out["as_of"] == "2025-02-01"
    assert "positions.party_status" not in out["open"]


def test_bad_option_values_are_input_errors():
    assert cli("eval", EXAMPLE, "--rules", MINI_RULES, "--as-of", "2025-02-30").exit_code == 2
    res = cli("eval", EXAMPLE, "--rules", MINI_RULES, "--set", "persons.ri.wish=nowhere")
    assert res.exit_code == 2 and "--set" in res.stderr and "nowhere" in res.stderr
    res = cli("eval", EXAMPLE, "--rules", MINI_RULES, "--set", "persons.zz.wish=rok")
    assert res.exit_code == 2 and "no person `zz`" in res.stderr
    assert cli("eval", EXAMPLE, "--rules", MINI_RULES, "--set", "noequals").exit_code == 2


def test_eval_table_is_the_default():
    res = cli("eval", EXAMPLE, "--rules", MINI_RULES)
    assert res.exit_code == 0
    assert "kursk-2025" in res.stdout and "ri" in res.stdout


def test_eval_several_files_gives_a_json_array(tmp_path):
    res = cli("eval", EXAMPLE, EXAMPLE, "--rules", MINI_RULES, "-f", "json")
    assert isinstance(json.loads(res.stdout), list)


def test_contradiction_exits_1_without_output(tmp_path):
    text = EXAMPLE.read_text().replace("    fought_for: ru ", "    fought_for: ua ")
    p = tmp_path / "c.yaml"
    p.write_text(text)
    res = cli("eval", p, "--rules", MINI_RULES, "-f", "json")
    assert res.exit_code == 1 and res.stdout == ""
    assert "no world" in res.stderr and f"{p}:25" in res.stderr


def test_broken_rule_base_is_exit_1(tmp_path):
    (tmp_path / "r.lp").write_text("status(P, x) :- rule(uncited), person(P).\n")
    (tmp_path / "sources.yaml").write_text("rules: {}\n")
    res = cli("eval", EXAMPLE, "--rules", tmp_path)
    assert res.exit_code == 1 and "uncited" in res.stderr


def test_schema_is_valid_json_schema_and_accepts_the_example():
    import jsonschema
    from status_engine.scenario.load import load_text

    res = cli("schema")
    assert res.exit_code == 0
    schema = json.loads(res.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads(json.dumps(load_text(EXAMPLE.read_text(), "x").data, default=str))
    data["persons"][0]["wish"] = {"value": "rok", "evidence": "letter"}
    jsonschema.validate(data, schema)
