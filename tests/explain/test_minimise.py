"""The multi-valued minimiser against brute force on small hand-made truth tables.

Why: the conditions a lawyer reads ("not incorporated into Russia's forces") are the
minimiser's output; they must say exactly where a conclusion holds (every ``on``
combination, no ``off`` one) and be no longer than needed.  Brute force: every cube over
the facts, every subset of them, the smallest that covers.
"""

from __future__ import annotations

from itertools import combinations, product

from hypothesis import given, settings
from hypothesis import strategies as st

from status_engine.analysis.explain.minimise import Cube, factor, holds, minimise, points


def _all_cubes(domains: dict[str, list[str]]) -> list[Cube]:
    keys = sorted(domains)
    options = [[frozenset(c) for r in range(1, len(domains[k]) + 1) for c in combinations(domains[k], r)]
               for k in keys]
    return [{k: s for k, s in zip(keys, sets) if len(s) < len(domains[k])} for sets in product(*options)]


def _brute_minimum(domains: dict[str, list[str]], on: set, off: set) -> int:
    """The fewest cubes covering ``on`` and nothing of ``off`` (points as tuples of values)."""
    keys = sorted(domains)
    cubes = [c for c in _all_cubes(domains)
             if not any(holds([c], dict(zip(keys, p))) for p in off)]
    for r in range(1, len(cubes) + 1):
        for combo in combinations(cubes, r):
            if all(holds(list(combo), dict(zip(keys, p))) for p in on):
                return r
    raise AssertionError("no cover")


@st.composite
def tables(draw: st.DrawFn) -> tuple[dict[str, list[str]], set, set]:
    n = draw(st.integers(1, 3))
    domains = {f"k{i}": [f"v{j}" for j in range(draw(st.integers(2, 3 if n == 3 else 4)))] for i in range(n)}
    keys = sorted(domains)
    labels = draw(st.lists(st.sampled_from(["on", "off", "dc"]), min_size=len(list(points(domains, keys))),
                           max_size=len(list(points(domains, keys)))))
    on, off = set(), set()
    for p, lab in zip(points(domains, keys), labels):
        (on if lab == "on" else off if lab == "off" else set()).add(tuple(p[k] for k in keys))
    return domains, on, off


@settings(max_examples=60, deadline=None)
@given(tables())
def test_minimiser_equals_truth_table_and_is_minimal(table: tuple[dict[str, list[str]], set, set]) -> None:
    domains, on, off = table
    keys = sorted(domains)
    as_cube = lambda p: {k: frozenset([v]) for k, v in zip(keys, p)}  # noqa: E731
    got = minimise(domains, [as_cube(p) for p in on], [as_cube(p) for p in off])
    assert got is not None
    for p in points(domains, keys):
        t = tuple(p[k] for k in keys)
        if t in on:
            assert holds(got, p), f"{p} is on but not covered by {got}"
        if t in off:
            assert not holds(got, p), f"{p} is off but covered by {got}"
    if on and len(on) + len(off) <= 9:  # brute force over every subset of cubes stays small
        assert len(got) == _brute_minimum(domains, on, off)
    # factoring keeps the meaning
    back = factor(got, domains).cubes() if got else []
    for p in points(domains, keys):
        assert holds(back, p) == holds(got, p) if got else True


def test_one_excluded_value_of_a_multi_valued_fact() -> None:
    """incorporated into dprk/rok/none (ua impossible: a don't-care) is "not ru"."""
    dom = {"inc": ["dprk", "rok", "ru", "ua", "none"], "ack": ["factual", "acknowledgment"]}
    on = [{"inc": frozenset({v}), "ack": frozenset({"acknowledgment"})} for v in ("dprk", "rok", "none")]
    off = [{"inc": frozenset({"ru"})}, {"ack": frozenset({"factual"})}]
    got = minimise(dom, on, off)
    assert got == [{"inc": frozenset({"dprk", "rok", "ua", "none"}), "ack": frozenset({"acknowledgment"})}]
    cond = factor(got, dom)
    inc = next(x for x in cond.common if x.path == "inc")
    assert inc.negative() and inc.excluded == ["ru"]
    assert not cond.alternatives


def test_common_literals_are_factored_out() -> None:
    """(a and x) or (a and y) or (a and z) is "a and any of x, y, z"."""
    dom = {k: ["true", "false"] for k in ("a", "x", "y", "z")}
    keys = sorted(dom)
    on, off = [], []
    for p in points(dom, keys):
        cube = {k: frozenset([v]) for k, v in p.items()}
        (on if p["a"] == "true" and "false" in (p["x"], p["y"], p["z"]) else off).append(cube)
    got = minimise(dom, on, off)
    assert got is not None and len(got) == 3
    cond = factor(got, dom)
    assert [(x.path, x.values) for x in cond.common] == [("a", ["true"])]
    assert sorted(tuple((x.path, x.values[0]) for x in alt) for alt in cond.alternatives) == \
        [(("x", "false"),), (("y", "false"),), (("z", "false"),)]


def test_overlapping_values_are_refused() -> None:
    import pytest

    dom = {"a": ["true", "false"]}
    with pytest.raises(ValueError):
        minimise(dom, [{"a": frozenset({"true"})}], [{}])
