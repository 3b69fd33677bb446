"""The JSON result: sorted keys, stable bytes for the same input."""

from __future__ import annotations

import json
from typing import Any


def dumps(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def render(results: list[dict[str, Any]]) -> str:
    """One result as an object (the contract's shape); several as an array of them."""
    return dumps(results[0] if len(results) == 1 else results)
