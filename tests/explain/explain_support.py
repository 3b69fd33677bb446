"""Shared, computed-once material for the explanation tests (no fixtures: plain caches)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from conftest import ROOT, SCENARIOS

from status_engine import api
from status_engine.analysis import brief, explain

KURSK_02 = SCENARIOS / "kursk-2025-02.yaml"
SCHEMA = ROOT / "src" / "status_engine" / "schemas" / "explanation.schema.json"
BUNDLED = sorted(p.name for p in SCENARIOS.glob("*.yaml"))


@lru_cache(maxsize=None)
def explained(name: str) -> tuple[Any, explain.Explainer, list[explain.Explanation]]:
    """Evaluation, explainer and the explanation of every conclusion of a bundled scenario."""
    ev = api.evaluate_file(str(SCENARIOS / name))
    ex = explain.Explainer(ev)
    exps = []
    for pid, res in ev.result["persons"].items():
        exps += [ex.explain(pid, k) for k in list(res["status"]) + list(res["outcomes"])]
    return ev, ex, exps


@lru_cache(maxsize=None)
def kursk_brief() -> brief.ScenarioBrief:
    """The kursk-2025-02 briefing (with toggles), built once for the brief and browser tests."""
    return brief.build([str(KURSK_02)])[0]


@lru_cache(maxsize=None)
def kursk_html(directory: str) -> Path:
    from status_engine.render.html import briefing

    out = Path(directory) / "kursk-2025-02.html"
    out.write_text(briefing([kursk_brief()]), encoding="utf-8")
    return out


@lru_cache(maxsize=None)
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def validate(document: dict[str, Any]) -> list[str]:
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema())
    return [f"{list(e.absolute_path)}: {e.message[:200]}" for e in validator.iter_errors(document)]
