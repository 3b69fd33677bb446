"""Issue 12, point 1: a user writing a scenario sees every problem in one `validate` run,
each in the contract's words (never raw validator text), with "did you mean" for typos."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, cli

REFUSER = FIXTURES / "authoring" / "russian-refuser-mistakes.yaml"


@pytest.fixture(scope="module")
def refuser_stderr() -> str:
    res = cli("validate", REFUSER)
    assert res.exit_code == 2 and res.stdout == "" and "Traceback" not in res.stderr
    return res.stderr


def test_four_kinds_of_mistakes_are_listed_in_one_run(refuser_stderr):
    """Dates, schema, undeclared states and `set:` paths used to need four rounds of fixes."""
    for where in ("as_of:", "persons[0].captured_on:",  # impossible dates (loader)
                  "format:", "persons[0].nationality:", "persons[0].risk_on_return.ru:",  # schema
                  "persons[1].origin: state `ukr` is not declared",  # references
                  "events[0].set.persons.ivan.whish:", "events[0].set.persons.olga.wish:",  # set: paths
                  "positions.refused_repatriation:"):
        assert where in refuser_stderr, where


@pytest.mark.parametrize("said", [
    "`format` must be exactly status-engine/v1",
    "`id` must start with a lowercase letter, then lowercase letters, digits, `_` or `-`",
    "`risk-based` is not a position on refused_repatriation (did you mean risk_based",
    "`subtantial` is not one of substantial, none, unknown (did you mean substantial?)",
    "unknown key `responsible_comand` (did you mean responsible_command?)",
    "state `stya` is not declared under `states:` (did you mean stay?)",
    "`whish` is not a fact here (did you mean wish?)",
    "`yes please` is not one of true, false, unknown",
])
def test_messages_are_in_the_contracts_words(refuser_stderr, said):
    """The words of SCENARIO-FORMAT.md, with a suggestion when a close word exists."""
    assert said in refuser_stderr


def test_no_raw_validator_text(refuser_stderr):
    """pydantic's own phrases mean nothing to a legal adviser."""
    for raw in ("Input should be", "String should match", "Extra inputs", "Field required"):
        assert raw not in refuser_stderr


def test_every_line_is_located(refuser_stderr):
    """Each problem names file:line:column and the key."""
    lines = [l for l in refuser_stderr.splitlines() if l != "error: bad input"]
    assert len(lines) >= 12
    assert all(l.startswith(f"{REFUSER}:") and l.split(":")[1].isdigit() for l in lines), lines


def test_every_pydantic_error_type_in_the_table_has_words():
    """The one table maps each error type the models can raise to a sentence."""
    from status_engine.scenario.check import MESSAGES, describe

    for kind in MESSAGES:
        ctx = {"expected": "'a' or 'b'", "pattern": "^[A-Z]{3}$", "words": "unknown", "min_length": 1,
               "keys": "x", "k": "evidence", "allowed": ["a"]}
        message, _ = describe(kind, "key", "value", ctx, "raw text")
        assert message and "raw text" not in message, kind


def test_missing_required_key_is_reported_with_reference_problems(tmp_path):
    """A person without `id` does not hide an undeclared state elsewhere."""
    f = tmp_path / "s.yaml"
    f.write_text("format: status-engine/v1\nid: s\nstates: {ru: {}}\npersons:\n  - origin: ru\n"
                 "  - id: b\n    origin: rus\n")
    res = cli("validate", f)
    assert res.exit_code == 2
    assert "persons[0].id: `id` is required" in res.stderr
    assert "persons[1].origin: state `rus` is not declared under `states:` (did you mean ru?)" in res.stderr


def _properties(node, where="$"):
    """Every (where, property schema) of a JSON Schema, however deep."""
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            yield f"{where}.{name}", prop
        for key, value in node.items():
            yield from _properties(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _properties(value, f"{where}[{i}]")


def test_every_schema_property_has_a_description_and_examples():
    """An editor shows help for every key only if the schema carries it (issue 12, point 1)."""
    import json

    schema = json.loads(cli("schema").stdout)
    props = list(_properties(schema))
    assert len(props) > 60
    assert [w for w, p in props if not p.get("description")] == []
    assert [w for w, p in props if not p.get("examples")] == []


def test_fact_descriptions_are_the_briefings_sentences():
    """One source: the wording of a fact in the schema is its phrase in rules/phrases.yaml."""
    from status_engine.scenario.schema import json_schema

    wish = json_schema()["$defs"]["Person"]["properties"]["wish"]["description"]
    assert "stay: the person wishes to stay in the detaining state" in wish


def test_schema_examples_are_valid_values():
    """An example an editor offers must itself pass validation."""
    import jsonschema
    from status_engine.scenario.schema import json_schema

    schema = json_schema()
    for model in ("Person", "State", "Conflict"):
        for name, prop in schema["$defs"][model]["properties"].items():
            sub = {**prop, "$defs": schema["$defs"]}
            for example in prop.get("examples", []):
                jsonschema.validate(example, sub)


def test_docs_format_md_is_the_generated_reference():
    """docs/format.md cannot drift from the models: regenerate it with
    `status-engine schema --markdown > docs/format.md` when a key changes."""
    from pathlib import Path

    committed = (Path(__file__).parents[2] / "docs" / "format.md").read_text(encoding="utf-8")
    res = cli("schema", "--markdown")
    assert res.exit_code == 0
    assert committed == res.stdout, "docs/format.md is stale: run status-engine schema --markdown > docs/format.md"


def test_docs_format_md_lists_every_key_of_every_model():
    """Every property of the schema has its row, so the page is complete."""
    from status_engine.scenario.schema import json_schema, markdown

    text, schema = markdown(), json_schema()
    for model in [schema, *schema["$defs"].values()]:
        for key in model.get("properties", {}):
            assert f"| `{key}`" in text, key
