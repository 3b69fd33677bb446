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

from . import FORMAT
from .scenario import FACT_GROUPS, NOT_FACTS, Scenario

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

# Examples for facts whose phrase is one sentence (a state id, a date) or a map.
_FACT_EXAMPLES: dict[str, list[Any]] = {"origin": ["dprk", "unknown"], "captured_by": ["ua"],
                                        "captured_on": ["2025-01-09", "unknown"],
                                        "risk_on_return": [{"dprk": "substantial"}],
                                        "treaties": [{"cat": True, "refugee_1951": False}]}

# Where each model's facts stand in rules/phrases.yaml.
_PHRASE_PREFIX = {"State": "states.", "Conflict": "conflict.", "Person": "persons.",
                  "Conditions4A2": "persons.conditions_4a2.", "DefectorsActArt9": "persons.defectors_act_art9."}
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


def _examples(prop: dict[str, Any], phrase: Any) -> list[Any]:
    values = prop.get("enum") or ([prop["const"]] if "const" in prop else [])
    for alt in prop.get("anyOf", ()):
        values = values or alt.get("enum") or ([alt["const"]] if "const" in alt else [])
    if not values and isinstance(phrase, dict):
        values = [{"true": True, "false": False}.get(str(k).lower(), k) for k in phrase if k != "_"]
    return list(values)[:4]


def _describe(schema: dict[str, Any]) -> None:
    from .rulebook import default_directory
    from .phrases import read

    facts = read(default_directory()).facts
    models = {"Scenario": schema, **schema["$defs"]}
    for model_name, model in models.items():
        for prop_name, prop in model.get("properties", {}).items():
            note = NOTES.get(f"{model_name}.{prop_name}")
            phrase = facts.get(_PHRASE_PREFIX.get(model_name, "?") + prop_name)
            if note is not None:
                prop["description"], prop["examples"] = note[0], note[1]
            elif phrase is not None:
                inner = prop.get("anyOf", [prop])[0]
                default = prop.get("default", inner.get("default"))
                prop["description"] = fact_description(phrase) + (
                    f" Omitted: {json.dumps(default)}." if default is not None and not isinstance(default, (dict, list))
                    else "")
                prop["examples"] = _FACT_EXAMPLES.get(prop_name) or _examples(inner, phrase)


def json_schema() -> dict[str, Any]:
    schema = Scenario.model_json_schema()
    defs = schema.setdefault("$defs", {})
    for name, model in defs.items():
        if name not in _FACT_MODELS:
            continue
        for prop_name, prop in model.get("properties", {}).items():
            if prop_name in _NOT_FACT_PROPS:
                continue
            if prop_name in ("risk_on_return", "treaties"):
                prop["additionalProperties"] = _widen(prop.get("additionalProperties", {}))
            else:
                model["properties"][prop_name] = _widen(prop)
    defs["Evidence"] = copy.deepcopy(EVIDENCE)
    _describe(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"status-engine scenario ({FORMAT})"
    return schema
