"""Memoised derivations and why-nots (issue 10.6): shared work, never shared nodes.

An Explainer memoises worlds by their open values and derivations / failures per world, so
the conclusions of one person (status and the outcomes that follow from it) reuse each
other's trees.  Numbering writes each node's id (its place in its explanation), so a node
in two explanations would carry the id of the last one numbered: each explanation must
own its trees, and must read the same as one computed by a fresh Explainer.
"""

from __future__ import annotations

from typing import Any, Iterator

import pytest
from conftest import SCENARIOS
from explain_support import KURSK_02

from status_engine import api
from status_engine.analysis import explain
from status_engine.analysis.explain.model import Explanation


def _nodes(exp: Explanation) -> Iterator[Any]:
    """Every Ground, Step and Failure object of an explanation.  (The grounds finder memoises
    a premise's grounds for every verdict that rests on it; each explanation gets copies.)"""
    stack: list[Any] = list(exp.grounds)
    for cases in exp.cases.values():
        for c in cases:
            stack += [c.derivation, c.scope, *c.why_not]
    while stack:
        n = stack.pop()
        if n is None:
            continue
        yield n
        stack += getattr(n, "children", []) + getattr(n, "absent_why", []) + getattr(n, "because", [])
        stack += getattr(n, "premise_grounds", [])
        stack.append(getattr(n, "blocker", None))
        if hasattr(n, "premise_grounds"):  # a ground: its derivation too
            stack.append(n.derivation)


def _conclusions(ev: Any) -> list[tuple[str, str]]:
    return [(pid, k) for pid, r in ev.result["persons"].items() if pid not in ev.prepared.facts.mirror_of
            for k in list(r["status"]) + list(r["outcomes"])]


def test_explanations_of_one_explainer_share_no_node() -> None:
    # Engineering: the memo hands out one tree per (atom, world); the explanation copies it
    # before numbering, so no object (hence no id) is shared by two explanations, and every
    # id names its own explanation (person/key/...).
    ev = api.evaluate_file(str(KURSK_02))
    ex = explain.Explainer(ev)
    exps = [ex.explain(pid, key) for pid, key in _conclusions(ev)]
    owner: dict[int, str] = {}
    for e in exps:
        for n in _nodes(e):
            assert owner.setdefault(id(n), e.key) == e.key, f"a node of {e.key} is also in {owner[id(n)]}"
            assert n.id.startswith(f"{e.person}/{e.key}/"), (n.id, e.person, e.key)
    assert owner, "the Kursk conclusions have derivations and why-nots to check"


class _Forgetful(dict):  # type: ignore[type-arg]
    """A memo that stores nothing: every lookup misses."""

    def __setitem__(self, key: Any, value: Any) -> None:
        pass


# kursk-2026-ceasefire-verified: a verdict's grounds are sought after other grounds added
# their switch atoms to the program; a world read before them must not stand for one read after.
@pytest.mark.parametrize("name", ["kursk-2025-02.yaml", "kursk-2026-ceasefire-verified.yaml"])
def test_memoised_explanations_read_as_unmemoised_ones(name: str) -> None:
    # Engineering: memoising changes the work, never the answer.  The same conclusions,
    # explained in the same order by a new Explainer whose memos (worlds by open values,
    # derivations, why-nots) store nothing, read exactly the same.  (The order matters:
    # which world the solver shows depends on what the Control was asked before.)
    ev = api.evaluate_file(str(SCENARIOS / name))
    conclusions = _conclusions(ev)
    memo = explain.Explainer(ev)
    memoised = [memo.explain(pid, key).to_dict() for pid, key in conclusions]
    plain = explain.Explainer(ev)
    plain.cover._worlds = _Forgetful()
    plain.derivations._memo = _Forgetful()
    plain.why._memo = _Forgetful()
    unmemoised = [plain.explain(pid, key).to_dict() for pid, key in conclusions]
    assert memoised == unmemoised


def test_without_clingo_s_private_symbol_ids_the_explanations_are_the_same(monkeypatch) -> None:
    """Worlds and memos key atoms by clingo's private interned id (``Symbol._rep``) for speed;
    a clingo without it must give the same explanations with the symbols themselves as keys."""
    import json

    from status_engine.analysis.explain import evaluate

    ev = api.evaluate_file(str(KURSK_02))
    asked = [("ri", k) for k in ("pow", "civilian", "prosecute:participation")]
    fast = [json.dumps(explain.Explainer(ev).explain(p, k).to_dict(), sort_keys=True) for p, k in asked]
    monkeypatch.setattr(evaluate, "FAST_KEYS", False)
    slow = [json.dumps(explain.Explainer(ev).explain(p, k).to_dict(), sort_keys=True) for p, k in asked]
    assert slow == fast
