"""The JSON result: sorted keys, stable bytes for the same input."""

from __future__ import annotations

import json
import sys
from typing import Any


def dumps(obj: Any) -> str:
    # `worlds` is exact: a deployment's count can have tens of thousands of digits.
    sys.set_int_max_str_digits(0)
    return json.dumps(obj, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def render(results: list[dict[str, Any]]) -> str:
    """One result as an object (the contract's shape); several as an array of them."""
    return dumps(results[0] if len(results) == 1 else results)
