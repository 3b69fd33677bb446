"""Baseline against a variant: what a set of overrides changes, and why.

Both are evaluated through the ordinary pipeline (``api``), so the variant is checked
like the file itself; the reason for each change is the explanation of the variant's
value (``status_engine.analysis.explain``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable

from ...contract import Change, diff, value_text
from .common import reason

__all__ = ["Change", "Comparison", "change_json", "compare", "diff"]


def change_json(c: Change) -> dict[str, Any]:
    """A change as ``whatif`` and ``timeline`` publish it (``reason``: why the new value)."""
    return {"person": c.person, "kind": c.kind, "key": str(c.key), "before": value_text(c.before),
            "after": value_text(c.after), "reason": c.why}


@dataclass
class Comparison:
    file: str
    scenario: str
    title: str | None
    as_of: str
    overrides: list[str]
    worlds: tuple[int, int]
    open: tuple[list[str], list[str]]
    changes: list[Change] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file, "scenario": self.scenario, "as_of": self.as_of, "set": self.overrides,
            "worlds": {"baseline": self.worlds[0], "variant": self.worlds[1]},
            "open": {"no_longer": sorted(set(self.open[0]) - set(self.open[1])),
                     "newly": sorted(set(self.open[1]) - set(self.open[0]))},
            "changes": [change_json(c) for c in self.changes],
        }


def compare(path: str, overrides: list[Any], *, as_of: dt.date | None = None, rules: Any = None,
            timeout: float | None = None, reasons: bool = True) -> Comparison:
    from ... import api

    from ...scenario.load import Located

    # a Located (a scenario already read, e.g. an HTTP request's body) or a path
    prep = api.prepare_located if isinstance(path, Located) else api.prepare
    base_prep = prep(path, as_of=as_of, overrides=[], rules=rules)
    var_prep = prep(path, as_of=as_of, overrides=overrides, rules=rules)
    base = api.evaluate_prepared(base_prep, timeout)
    var = api.evaluate_prepared(var_prep, timeout)
    changes = diff(base.typed, var.typed)
    if reasons and changes:
        from .progress import Progress

        explain_one = _explainer(var)
        with Progress("explaining the changes", len(changes)) as bar:
            for i, c in enumerate(changes):
                changes[i] = c.explained(explain_one(c.person, str(c.key)))
                bar.update(i + 1)
    return Comparison(base_prep.located.file, base.result["scenario"], base_prep.scenario.title, base.result["as_of"],
                      [o.origin.removeprefix("--set ") for o in overrides],
                      (base.result["worlds"], var.result["worlds"]),
                      (base.result["open"], var.result["open"]), changes)


def _explainer(ev: Any) -> Callable[[str, str], str]:
    """A function (person, key) -> one line, reusing one explainer for the evaluation.

    An explanation that fails is reported in its place: the comparison itself stands.
    """
    try:
        from .. import explain  # type: ignore[attr-defined]
    except ImportError:  # the explain module is optional for the what-if tools
        return lambda person, key: ""
    state: dict[str, Any] = {}

    def one(person: str, key: str) -> str:
        try:
            if "ex" not in state:
                state["ex"] = explain.explainer(ev) if hasattr(explain, "explainer") else None
            ex = state["ex"]
            return ex.explain(person, key).one_line() if ex else reason(ev, person, key)
        except Exception as exc:  # noqa: BLE001 - shown instead of the reason
            return f"(no explanation: {type(exc).__name__}: {exc})"

    return one
