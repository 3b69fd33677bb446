"""The mechanism programs (how facts become worlds, counting, `needs`): ASP kept in ``.lp``
files beside the code, never in Python strings, read once per process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def program(name: str) -> str:
    """The text of ``mechanism/<name>.lp``."""
    return (_HERE / f"{name}.lp").read_text(encoding="utf-8")
