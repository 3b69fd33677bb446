"""The JSON Schema of scenario format v1, generated from the pydantic models.

pydantic sees only the plain value type of a fact; every fact may also be written as an
evidence object, so each fact property is widened to ``anyOf [value, Evidence]``.
"""

from __future__ import annotations

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
    defs["Evidence"] = EVIDENCE
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"status-engine scenario ({FORMAT})"
    return schema
