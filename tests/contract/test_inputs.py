"""The inputs table (``status_engine.scenario.inputs``) is the one declaration of the scenario's
vocabulary: the rules read exactly the keys it declares, the scenario models hold exactly
its facts with its defaults, ``--set`` paths resolve through it, and the facts the engine
emits carry the keys it names.  Each test fails when a copy drifts from the table."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from status_engine.solver import facts
from status_engine.scenario import inputs, model as scenario, check as validate
from status_engine.rulebook import book as rulebook
from status_engine.errors import InputError

_COMMENT = re.compile(r"%\*.*?\*%|%[^\n]*", re.S)
_VARIABLE = re.compile(r"\b[A-Z_][A-Za-z0-9_]*\b|<[a-z_]+>")


def _shape(term: str) -> str:
    """A key with its variables and placeholders blanked: ``state(S, bound(I))`` -> ``state(_,bound(_))``."""
    return _VARIABLE.sub("_", term).replace(" ", "")


def keys_read(text: str) -> set[str]:
    """The shapes of the keys a program reads as ``fact(Key, Value)`` (its first argument)."""
    text = _COMMENT.sub("", text)
    out = set()
    for m in re.finditer(r"\bfact\(", text):
        depth, i, start = 1, m.end(), m.end()
        while depth and i < len(text):
            if text[i] == "(":
                depth += 1
            elif text[i] == ")":
                depth -= 1
            elif text[i] == "," and depth == 1:
                break
            i += 1
        out.add(_shape(text[start:i]))
    return out


def _rule_keys() -> set[str]:
    book = rulebook.load()
    return set().union(*(keys_read(f.read_text(encoding="utf-8")) for f in book.files))


def _table_keys() -> set[str]:
    return {_shape(r.key) for r in inputs.TABLE if r.key is not None}


def test_the_rules_read_exactly_the_inputs_the_table_declares():
    """A key a rule reads but the table lacks would never be emitted (the rule could not
    fire); a key declared but read by no rule is vocabulary without effect."""
    rules, table = _rule_keys(), _table_keys()
    assert rules - table == set(), "rules read input keys the inputs table does not declare"
    assert table - rules == set(), "the inputs table declares keys no rule reads"


def test_the_check_catches_an_undeclared_key():
    """The comparison above can fail: a rule reading a new key is seen, and a comment is not."""
    extra = "tall(P) :- person(P), fact(person(P, shoe_size(big)), true).\n% fact(person(P, hat), V)"
    assert keys_read(extra) == {"person(_,shoe_size(big))"}
    assert keys_read(extra) - _table_keys() == {"person(_,shoe_size(big))"}


def test_every_declared_key_name_is_one_the_rule_base_reads():
    """``RuleBook.reads`` drops keys no rule names; every table key must survive it."""
    book = rulebook.load()
    assert [r.path for r in inputs.TABLE if r.key is not None and not book.reads(r.key_name)] == []


_MODELS = {"states.<id>.": scenario.State, "persons.<id>.": scenario.Person, "conflict.": scenario.Conflict,
           "persons.<id>.conditions_4a2.": scenario.Conditions4A2,
           "persons.<id>.defectors_act_art9.": scenario.DefectorsActArt9}


def _model_facts() -> dict[str, object]:
    """Every fact field of the scenario models as a table path -> its default value."""
    out: dict[str, object] = {}
    for prefix, model in _MODELS.items():
        for name, field in model.model_fields.items():
            if name in scenario.NOT_FACTS or name in scenario.FACT_GROUPS or name == "parties":
                continue
            if prefix.endswith(("conditions_4a2.", "defectors_act_art9.")):
                placeholder = "<condition>" if "conditions" in prefix else "<ground>"
                assert name in inputs.row(prefix + placeholder).parts, name
                path = prefix + placeholder
            elif name in ("risk_on_return", "treaties"):
                path = inputs.groups(prefix.split(".", 1)[0])[name].path
            else:
                path = prefix + name
            factory = field.default_factory
            out[path] = factory().value if factory is not None and name not in ("risk_on_return", "treaties") \
                else inputs.UNKNOWN
    return out


def test_the_scenario_models_hold_exactly_the_tables_facts_with_its_defaults():
    """An omitted fact is what the table says (SCENARIO-FORMAT section 1): e.g. proceedings
    none, gc3_party true, charge ordinary_crime, hostilities not ended (null)."""
    declared = {r.path: r.default for r in inputs.TABLE if r.section in ("states", "persons", "conflict")
                and r.domain != "agreement"}
    assert _model_facts() == declared
    assert declared["persons.<id>.charge"] == "ordinary_crime" and declared["states.<id>.gc3_party"] is True


# SCENARIO-FORMAT.md section 1: "An omitted fact is `unknown`, except `proceedings` (default
# `none`), `seriously_wounded` (default `false`) and `hostilities_ended` (default `null`)."
V1_CORE = ("states.<id>.acknowledges_participation", "states.<id>.willing_to_receive", "persons.<id>.origin",
           "persons.<id>.armed_forces", "persons.<id>.incorporated_into", "persons.<id>.fought_for",
           "persons.<id>.captured_by", "persons.<id>.captured_on", "persons.<id>.conditions_4a2.<condition>",
           "persons.<id>.wish", "persons.<id>.wish_verified", "persons.<id>.risk_on_return.<state>",
           "persons.<id>.proceedings", "persons.<id>.seriously_wounded", "conflict.kind",
           "conflict.hostilities_ended")
V1_EXCEPTIONS = {"persons.<id>.proceedings": "none", "persons.<id>.seriously_wounded": False,
                 "conflict.hostilities_ended": None}


@pytest.mark.parametrize("path", V1_CORE)
def test_the_v1_defaults_are_the_contracts(path):
    assert inputs.row(path).default == V1_EXCEPTIONS.get(path, inputs.UNKNOWN)
    model = scenario.Scenario.model_validate({"format": "status-engine/v1", "id": "t", "states": {"ua": {}},
                                               "persons": [{"id": "ri"}]})
    target = validate.resolve(model, path.replace("<id>", "ri" if path.startswith("persons") else "ua")
                              .replace("<condition>", "arms_openly").replace("<state>", "ua"))
    assert not isinstance(target, str)
    held = target.owner.get(target.name) if target.kind == "map" else getattr(target.owner, target.name)
    assert (held.value if held is not None else inputs.UNKNOWN) == V1_EXCEPTIONS.get(path, inputs.UNKNOWN)


def test_each_group_lists_exactly_the_models_members():
    assert inputs.CONDITIONS_4A2 == tuple(scenario.Conditions4A2.model_fields)
    assert inputs.ART9_GROUNDS == tuple(scenario.DefectorsActArt9.model_fields)


def _one_of_each() -> scenario.Scenario:
    data = {"format": "status-engine/v1", "id": "t", "as_of": "2025-06-01",
            "conflict": {"kind": "international", "parties": ["ru", "ua"]},
            "states": {"ru": {}, "ua": {}, "dprk": {}},
            "persons": [{"id": "ri", "origin": "dprk", "captured_by": "ua"}],
            "agreements": [{"id": "swap", "kind": "exchange", "parties": ["ru", "ua"], "from": "2025-01-01"}]}
    return scenario.Scenario.model_validate(data)


def _concrete(r: inputs.Input) -> str:
    """A path of the row with its placeholders filled for ``_one_of_each``."""
    fill = {"<id>": "ri" if r.section == "persons" else "ua", "<state>": "dprk", "<question>": "party_status"}
    path = r.path
    for placeholder in inputs.PLACEHOLDER.findall(path):
        path = path.replace(placeholder, fill.get(placeholder, r.parts[0] if r.parts else ""), 1)
    return path


@pytest.mark.parametrize("row", [r for r in inputs.TABLE if r.domain != "agreement"], ids=lambda r: r.path)
def test_every_table_path_resolves_for_set_and_takes_its_values(row):
    """``--set`` and ``set:`` events accept each declared path, with the values it lists
    (and unknown); a value outside them is refused."""
    scn = _one_of_each()
    questions = validate.Questions(rulebook.load().options)
    path = _concrete(row)
    target = validate.resolve(scn, path)
    assert not isinstance(target, str), target
    good = {"bool": [True, False], "enum": list(row.values), "state": ["dprk"], "state_or_none": ["none", "ru"],
            "wish": ["origin", "stay", "ua"], "date": ["2025-01-01"],
            "position": list(questions.options.get("party_status", ()))}[row.domain]
    for value in good + ([] if row.domain == "position" else [inputs.UNKNOWN]):
        assert validate.check_setting(scn, path, value, questions, lambda m, e: m) == [], (path, value)
    assert validate.check_setting(scn, path, "no_such_word", questions, lambda m, e: m) != [], path


def test_a_path_outside_the_table_names_no_fact_and_lists_the_patterns():
    scn = _one_of_each()
    said = validate.resolve(scn, "persons.ri.shoe_size")
    assert isinstance(said, str) and "not a fact here" in said and "wish" in said
    said = validate.resolve(scn, "conflict.parties")
    assert isinstance(said, str) and "persons.<id>.<fact>" in said and "states.<id>.treaties.<instrument>" in said
    with pytest.raises(InputError, match="no instrument `gc5`"):
        validate.at_date(scn, dt.date(2025, 6, 1), [validate.parse_override("states.ua.treaties.gc5=true")],
                         validate.Questions({}))


def test_the_facts_carry_the_keys_the_table_names():
    """Every key the engine emits for a scenario has a table row, and every table key is
    emitted when the scenario has a state, a person, an agreement and a question."""
    scn = _one_of_each()
    book = rulebook.load()
    fs = facts.build(scn, scn.as_of or dt.date(2025, 6, 1), book.options, book.enabled, mirror=False,
                     registry=book.registry, reads=book.reads)
    ids = {"ri", "ua", "ru", "dprk", "swap", *book.options, *inputs.INSTRUMENTS, *inputs.CONDITIONS_4A2,
           *inputs.ART9_GROUNDS}

    def shape(key: object) -> str:  # ids and parts blanked, as the table's placeholders are
        return re.sub(r"[a-z_][a-z0-9_]*(?=[,)])", lambda m: "_" if m.group(0) in ids else m.group(0), str(key))

    emitted = {shape(k) for k, _ in fs.open_domains()} | {shape(a.arguments[0]) for a in fs.known_facts()}
    assert emitted == _table_keys()


def test_what_if_names_and_values_come_from_the_table():
    assert inputs.short("persons.ri.wish") == "ri.wish" and inputs.short("conflict.kind") == "conflict.kind"
    on = dt.date(2026, 2, 1)
    assert inputs.file_value("conflict.hostilities_ended", "ended", on) == "2026-02-01"
    assert inputs.file_value("conflict.hostilities_ended", "ongoing", on) is None
    assert inputs.file_value("persons.ri.wish_verified", "true", on) is True
    assert inputs.file_value("persons.ri.wish", "rok", on) == "rok"
