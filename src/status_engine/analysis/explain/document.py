"""The documents of ``status-engine explain``: its JSON and the header its views print.

Kept with the explanations (not with the briefing), so the ``explain`` command imports
no briefing machinery.
"""

from __future__ import annotations

from typing import Any, Optional

from .model import SCHEMA_VERSION, Contrast, Explanation


def explain_document(ev: Any, explanations: list[Explanation],
                     contrast: Optional[Contrast] = None) -> dict[str, Any]:
    """The JSON document of ``status-engine explain`` (schema: schemas/explanation.schema.json)."""
    res, prep = ev.result, ev.prepared
    return {
        "schema": SCHEMA_VERSION,
        "file": prep.located.file,
        "scenario": res["scenario"],
        "title": prep.scenario.title,
        "as_of": res["as_of"],
        "rules": res["rules"],
        "worlds": res["worlds"],
        "open": res["open"],
        "explanations": [e.to_dict() for e in explanations],
        "contrast": contrast.to_dict() if contrast is not None else None,
    }


def meta(ev: Any) -> dict[str, Any]:
    res = ev.result
    return {"scenario": res["scenario"], "title": ev.prepared.scenario.title, "as_of": res["as_of"],
            "worlds": res["worlds"], "rules": res["rules"], "file": ev.prepared.located.file}
