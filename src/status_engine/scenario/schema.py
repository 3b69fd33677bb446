"""The JSON Schema of scenario format v1, generated from the pydantic models.

pydantic sees only the plain value type of a fact; every fact may also be written as an
evidence object, so each fact property is widened to ``anyOf [value, Evidence]``.

Every property carries a description and examples, so that an editor shows help as the
user types.  A fact is described by its sentences in ``rules/phrases.yaml`` (the English
the briefings speak, one source for both); the other keys by ``NOTES`` below.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from .. import FORMAT
from . import inputs
from .model import FACT_GROUPS, NOT_FACTS, Scenario

_FACT_MODELS = {"State", "Conflict", "Person", *(m.__name__ for m in FACT_GROUPS.values())}
_NOT_FACT_PROPS = NOT_FACTS | set(FACT_GROUPS) | {"parties"}

EVIDENCE = {
    "type": "object",
    "description": "A fact with the evidence for it; evidence travels into explanations and briefings.",
    "properties": {"value": {}, "evidence": {"type": "string"}, "source": {"type": "string"}},
    "required": ["value"],
    "additionalProperties": False,
}


def _widen(prop: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [prop, {"$ref": "#/$defs/Evidence"}], **({"default": prop["default"]} if "default" in prop else {})}


# Keys that are not facts (facts are described by rules/phrases.yaml): description, examples.
NOTES: dict[str, tuple[str, list[Any]]] = {
    "Scenario.format": ("Required, exactly status-engine/v1: the version of the format.", ["status-engine/v1"]),
    "Scenario.id": ("Required. The scenario's id: a lowercase letter, then lowercase letters, digits, _ or -.",
                    ["kursk-2025"]),
    "Scenario.title": ("Optional free text, shown in briefings.", ["Two DPRK soldiers captured in Kursk"]),
    "Scenario.as_of": ("Optional evaluation date (YYYY-MM-DD); default today. Events dated after it are ignored.",
                       ["2025-11-26"]),
    "Scenario.conflict": ("The armed conflict: its kind, its parties, whether hostilities have ended.",
                          [{"kind": "international", "parties": ["ru", "ua"]}]),
    "Scenario.states": ("Every state id used anywhere is declared here: id -> what the file states of it. "
                        "An id that is an ISO code (ru, ua) or rok, dprk, prc, roc identifies the state.",
                        [{"ru": {"name": "Russian Federation"}, "ua": {"name": "Ukraine"}}]),
    "Scenario.persons": ("The persons whose status and treatment are decided.",
                         [[{"id": "ri", "origin": "dprk", "captured_by": "ua"}]]),
    "Scenario.events": ("Optional timeline: facts set on a date, applied in date order up to as_of.",
                        [[{"on": "2025-04-28", "set": {"states.dprk.acknowledges_participation": True}}]]),
    "Scenario.agreements": ("Optional special agreements between Powers (GC III arts 6, 109(2), 111, 118(2)).",
                            [[{"id": "swap1", "kind": "exchange", "parties": ["ru", "ua"], "from": "2026-03-01"}]]),
    "Scenario.positions": ("Optional: pin contested legal questions, question -> position; an unpinned question "
                           "is explored. `status-engine rules --positions` lists them.",
                           [{"refused_repatriation": "will_based"}]),
    "Scenario.expect": ("Optional regression expectations: person id -> statuses and outcomes that "
                        "`status-engine test` checks.", [{"ri": {"status": {"pow": "necessary"}}}]),
    "State.name": ("The state's name as briefings print it.", ["Republic of Korea"]),
    "State.iso": ("Which real state this is: ISO 3166-1 alpha-3 code (or a historical one such as SUN); "
                  "brings its treaty participation and reservations.", ["KOR"]),
    "Conflict.hostilities_ended": ("The date active hostilities ended (YYYY-MM-DD), null while they go on, or "
                                   "unknown. Omitted: null.", [None, "2026-02-01", "unknown"]),
    "Conflict.parties": ("State ids that are parties to the conflict from its start.", [["ru", "ua"]]),
    "Person.id": ("Required. The person's id, unique in the file: a lowercase letter, then lowercase letters, "
                  "digits or _.", ["ri"]),
    "Person.label": ("Optional display name.", ["Ri, 26"]),
    "Person.conditions_4a2": ("GC III art. 4A(2)(a)-(d), the conditions his unit meets; each true | false | "
                              "unknown, default unknown.", [{"responsible_command": True, "arms_openly": True}]),
    "Person.defectors_act_art9": ("ROK defectors act art. 9: grounds on which protection may be refused; "
                                  "each default false.", [{"serious_crime": False}]),
    "Event.on": ("Required. The date the event takes effect (YYYY-MM-DD).", ["2025-04-28"]),
    "Event.set": ("Required. Fact path -> new value, e.g. persons.ri.wish or states.dprk.acknowledges_participation.",
                  [{"persons.ri.wish": "rok"}]),
    "Event.note": ("Optional: what happened, shown in explanations.", ["DPRK state media confirm the deployment"]),
    "Agreement.id": ("Required. The agreement's id.", ["swap1"]),
    "Agreement.kind": ("Required. What the agreement provides for.", ["exchange"]),
    "Agreement.parties": ("State ids of the Powers that concluded it.", [["ru", "ua"]]),
    "Agreement.custodian": ("The state that takes custody (neutral internment, custody).", ["ch"]),
    "Agreement.persons": ("Person ids it covers; omitted means every person.", [["ri"]]),
    "Agreement.from": ("Required. First day in force (YYYY-MM-DD).", ["2026-03-01"]),
    "Agreement.until": ("Last day in force (YYYY-MM-DD), inclusive; omitted means still in force.", ["2026-12-31"]),
    "Agreement.note": ("Optional: what the agreement is, shown in explanations.", ["exchange of 150 for 150"]),
    "PersonExpectation.status": ("Status -> necessary | possible; only the statuses named are checked.",
                                 [{"pow": "necessary"}]),
    "PersonExpectation.outcomes": ("verb:argument -> required | permitted | forbidden | depends; only those "
                                   "named are checked.", [{"repatriate:dprk": "forbidden"}]),
    "Evidence.value": ("The fact's value, as it would be written plain.", ["rok"]),
    "Evidence.evidence": ("What shows it; travels into explanations and briefings.", ["handwritten letter, Oct 2025"]),
    "Evidence.source": ("Where the evidence comes from.", ["news report 2025-11-24"]),
}

# Where each model's facts stand in rules/phrases.yaml.
_PHRASE_PREFIX = {"State": "states.", "Conflict": "conflict.", "Person": "persons.",
                  "Conditions4A2": "persons.conditions_4a2.", "DefectorsActArt9": "persons.defectors_act_art9."}


def input_row(model_name: str, prop: str) -> inputs.Input | None:
    """The inputs table's row for a property of a scenario model (a map's row for the map)."""
    from . import model as scenario

    model = getattr(scenario, model_name, None)
    return scenario.row_of(model, prop) if isinstance(model, type) else None


_PLACEHOLDERS = {"person": "the person", "state": "the state", "value": "<value>", "instrument": "the treaty",
                 "agreement": "the agreement"}


def _sentence(template: str) -> str:
    import re

    return re.sub(r"\{(\w+)\}", lambda m: _PLACEHOLDERS.get(m.group(1), m.group(0)), str(template))


def fact_description(phrase: Any) -> str:
    """A fact's description from its phrases: the sentence, or each value's sentence."""
    if not isinstance(phrase, dict):
        return _sentence(phrase) + "."
    parts = []
    for value, template in phrase.items():
        word = {"_": "otherwise", "True": "true", "False": "false"}.get(str(value), str(value))
        parts.append(f"{word}: {_sentence(template)}")
    return "; ".join(parts) + ". unknown: not established, every possible value is explored."


def _examples(prop: dict[str, Any], phrase: Any, row: inputs.Input) -> list[Any]:
    """The table's examples when it lists them (or gives a map), else the values the property takes."""
    if isinstance(row.example, list):
        return list(row.example)
    if isinstance(row.example, dict):
        return [row.example]
    values = prop.get("enum") or ([prop["const"]] if "const" in prop else [])
    for alt in prop.get("anyOf", ()):
        values = values or alt.get("enum") or ([alt["const"]] if "const" in alt else [])
    if not values and isinstance(phrase, dict):
        values = [{"true": True, "false": False}.get(str(k).lower(), k) for k in phrase if k != "_"]
    return list(values)[:4] or [row.example]


def _describe(schema: dict[str, Any]) -> None:
    from ..rulebook.book import default_directory
    from ..rulebook.phrases import read

    facts = read(default_directory()).facts
    models = {"Scenario": schema, **schema["$defs"]}
    for model_name, model in models.items():
        for prop_name, prop in model.get("properties", {}).items():
            note = NOTES.get(f"{model_name}.{prop_name}")
            phrase = facts.get(_PHRASE_PREFIX.get(model_name, "?") + prop_name)
            row = input_row(model_name, prop_name)
            if note is not None:
                prop["description"], prop["examples"] = note[0], note[1]
            elif phrase is not None and row is not None:
                inner = prop.get("anyOf", [prop])[0]
                default = "" if row.mapping else inputs.default_text(row)
                prop["description"] = " ".join(filter(None, (row.description, fact_description(phrase)))) + (
                    f" Omitted: {default}." if default else "")
                prop["examples"] = _examples(inner, phrase, row)


def json_schema() -> dict[str, Any]:
    schema = Scenario.model_json_schema()
    defs = schema.setdefault("$defs", {})
    for name, model in defs.items():
        if name not in _FACT_MODELS:
            continue
        for prop_name, prop in model.get("properties", {}).items():
            if prop_name in _NOT_FACT_PROPS:
                continue
            if prop_name in inputs.maps():
                prop["additionalProperties"] = _widen(prop.get("additionalProperties", {}))
            else:
                model["properties"][prop_name] = _widen(prop)
    defs["Evidence"] = copy.deepcopy(EVIDENCE)
    _describe(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"status-engine scenario ({FORMAT})"
    return schema


# ------------------------------------------------------------------ docs/format.md

_ORDER = ["Scenario", "Conflict", "State", "Person", "Conditions4A2", "DefectorsActArt9", "Event", "Agreement",
          "PersonExpectation", "Evidence"]
_WHERE = {"Scenario": "the top level of the file", "Conflict": "`conflict:`", "State": "each entry of `states:`",
          "Person": "each item of `persons:`", "Conditions4A2": "`persons[].conditions_4a2:`",
          "DefectorsActArt9": "`persons[].defectors_act_art9:`", "Event": "each item of `events:`",
          "Agreement": "each item of `agreements:`", "PersonExpectation": "each entry of `expect:`",
          "Evidence": "any fact written as `{value, evidence, source}`"}
# Facts whose value is a state id, and the words each takes besides one (unknown last).
_STATE_WORDS = {r.field: " | ".join([w for w in inputs.ID_WORDS[r.domain] if w != inputs.UNKNOWN] + [inputs.UNKNOWN])
                for r in inputs.of("persons") if r.domain in inputs.ID_WORDS}


def _word(value: Any) -> str:
    return json.dumps(value) if not isinstance(value, str) else value


def _values(prop: dict[str, Any], name: str) -> str:
    """The values a property takes, in the words of SCENARIO-FORMAT.md."""
    alts = [a for a in prop.get("anyOf", [prop]) if a.get("$ref") != "#/$defs/Evidence" and a.get("type") != "null"]
    sub = alts[0] if alts else {}
    if name in _STATE_WORDS:
        return f"state id \\| {_STATE_WORDS[name]}".replace(" | ", " \\| ")
    if "enum" in sub:
        return " \\| ".join(_word(v) for v in sub["enum"])
    if "const" in sub:
        return _word(sub["const"])
    if "$ref" in sub:
        return f"mapping ({sub['$ref'].rsplit('/', 1)[-1]})"
    if sub.get("format") == "date":
        return "date YYYY-MM-DD"
    if sub.get("type") == "array":
        return "list of " + _values(sub.get("items", {}), "")
    if sub.get("type") == "object":
        extra = sub.get("additionalProperties")
        inner = next(iter((sub.get("patternProperties") or {}).values()), extra if isinstance(extra, dict) else {})
        return "id -> " + (_values(inner, "") if inner else "value")
    if name == "hostilities_ended":
        return "date YYYY-MM-DD \\| null \\| unknown"
    if "pattern" in sub:
        return "id" if sub["pattern"].startswith("^[a-z]") else f"text matching `{sub['pattern']}`"
    if sub.get("type") == "string":
        return "text"
    return "any value"


def markdown() -> str:
    """docs/format.md: every key of the format, generated from the JSON Schema above."""
    schema = json_schema()
    defs = {"Scenario": schema, **schema["$defs"]}
    out = [f"# Scenario format {FORMAT}: every key", "",
           "<!-- Generated by `status-engine schema --markdown > docs/format.md`; do not edit by hand.",
           "     tests/authoring checks that this file equals the generated text. -->", "",
           "The public contract is SCENARIO-FORMAT.md; this page lists every key the engine accepts,",
           "with its values and meaning. Any fact may also be written `{value, evidence, source}`;",
           "`unknown` means not established: the engine explores every possible value. Editors that",
           "read JSON Schema show the same help: `status-engine schema > scenario.schema.json`.", ""]
    for name in _ORDER:
        model = defs[name]
        required = set(model.get("required", ()))
        out += [f"## {name} ({_WHERE[name]})", ""]
        if name != "Scenario" and model.get("description"):
            out += [" ".join(model["description"].split()), ""]
        out += ["| key | values | meaning | example |", "| --- | --- | --- | --- |"]
        for key, prop in model.get("properties", {}).items():
            example = json.dumps(prop.get("examples", [None])[0], ensure_ascii=False)
            meaning = prop.get("description", "").replace("|", "\\|")
            req = " (required)" if key in required else ""
            out.append(f"| `{key}`{req} | {_values(prop, key)} | {meaning} | `{example}` |")
        out.append("")
    return "\n".join(out)
