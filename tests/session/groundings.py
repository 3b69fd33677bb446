"""Counting groundings: how the session tests see that a question asked again grounds nothing."""

from __future__ import annotations

from typing import Any, Callable

import clingo
import pytest

from status_engine.solver import session


def count(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """From now on, ``count(...)[0]`` is the number of ``clingo.Control.ground`` calls."""
    seen = [0]
    real = clingo.Control.ground

    def counted(self: clingo.Control, *args: Any, **kw: Any) -> Any:
        seen[0] += 1
        return real(self, *args, **kw)

    monkeypatch.setattr(clingo.Control, "ground", counted)
    return seen


def groundings(run: Callable[[], Any], monkeypatch: pytest.MonkeyPatch) -> int:
    """How many programs ``run`` grounds, from a process with no session or program kept."""
    session.clear()
    seen = count(monkeypatch)
    run()
    return seen[0]


def twice(ask: Callable[[], Any], monkeypatch: pytest.MonkeyPatch) -> tuple[int, int, Any, Any]:
    """Groundings of a first ask from a cold process and of the same ask again, and both answers."""
    session.clear()
    seen = count(monkeypatch)
    first = ask()
    n_first = seen[0]
    second = ask()
    return n_first, seen[0] - n_first, first, second
