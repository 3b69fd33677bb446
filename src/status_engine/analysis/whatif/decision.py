"""What a decision table says: its data, pivotal facts, per-item summaries, groups, JSON.

``sweep`` computes the table (which combination has which outcome); this module reads
it.  A fact is *pivotal* for an item when flipping it alone changes the item in some
combination (both combinations having worlds).  An item's verdict depends on its
pivotal facts only, so its summary is a small cover of the table projected onto them:
a two-level minimisation over multi-valued facts (``cover``), largest cubes first.
"""

from __future__ import annotations

import itertools
import math
from array import array
from dataclasses import dataclass, field
from typing import Any, Callable

from clingo import Symbol

from ...contract import ABSENT
from ...solver import facts as facts_mod
from .common import Axis, literal_text

NONE = "not_considered"  # an outcome the rules do not consider (ABSENT: a status in no world)
SUMMARY_POINTS = 4096  # largest projected table an item's summary is computed for


def _missing(item: "Item") -> str:
    return ABSENT if item.kind == "status" else NONE


@dataclass(frozen=True)
class Item:
    person: str
    kind: str  # "status" or "outcomes"
    key: str

    @property
    def label(self) -> str:
        return f"{self.person} {self.key}"


@dataclass
class SweepResult:
    scenario: str
    title: str | None
    as_of: str
    rules: str
    axes: list[Axis]
    held_open: list[str]
    exact: bool  # the facts held open change nothing (relevance test), so one world per row is read
    person: str | None  # the table covers this person only
    mode: str
    rows: array  # profile id per combination, -1 where the combination has no world
    worlds: array | None  # worlds per combination (when every world was enumerated)
    profiles: list[dict[Item, str]]
    items: list[Item]  # the items that differ between combinations
    constant: dict[Item, str]
    pivotal: dict[str, list[Item]] = field(default_factory=dict)  # path -> items it flips
    summaries: dict[Item, list[tuple[str, str]] | str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def combinations(self) -> int:
        return len(self.rows)

    def values(self, index: int) -> list[Symbol]:
        out = []
        for axis in reversed(self.axes):
            index, digit = divmod(index, len(axis.values))
            out.append(axis.values[digit])
        return out[::-1]


def verdict(result: SweepResult, profile: int, item: Item) -> str:
    return result.profiles[profile].get(item, _missing(item))


# --------------------------------------------------------------------------- analysis

def _strides(axes: list[Axis]) -> list[int]:
    out, stride = [], 1
    for axis in reversed(axes):
        out.append(stride)
        stride *= len(axis.values)
    return out[::-1]


def pivotal(result: SweepResult) -> dict[str, list[Item]]:
    """Per axis, the items that flipping it alone changes in some combination."""
    rows, n = result.rows, len(result.rows)
    diff_cache: dict[tuple[int, int], frozenset[Item]] = {}

    def differ(a: int, b: int) -> frozenset[Item]:
        key = (a, b) if a < b else (b, a)
        if key not in diff_cache:
            pa, pb = result.profiles[a], result.profiles[b]
            diff_cache[key] = frozenset(i for i in result.items
                                        if pa.get(i, _missing(i)) != pb.get(i, _missing(i)))
        return diff_cache[key]

    out: dict[str, list[Item]] = {}
    for axis, stride in zip(result.axes, _strides(result.axes)):
        pairs: set[tuple[int, int]] = set()
        block = stride * len(axis.values)
        for start in range(0, n, block):
            base = rows[start:start + stride]
            for j in range(1, len(axis.values)):
                other = rows[start + j * stride:start + (j + 1) * stride]
                if base != other:
                    pairs.update((a, b) for a, b in zip(base, other) if a != b and a >= 0 and b >= 0)
        flipped: set[Item] = set()
        for a, b in pairs:
            flipped |= differ(a, b)
        if flipped:
            out[axis.path] = [i for i in result.items if i in flipped]
    return out


def _project(result: SweepResult, sub: list[int], label: Callable[[int], Any]) -> dict[tuple, Any] | None:
    """The table projected onto the axes ``sub``: point -> label, None if not a function."""
    strides = _strides(result.axes)
    sizes = [len(a.values) for a in result.axes]
    table: dict[tuple, Any] = {}
    for index, pid in enumerate(result.rows):
        if pid < 0:
            continue
        point = tuple(index // strides[k] % sizes[k] for k in sub)
        value = label(pid)
        old = table.setdefault(point, value)
        if old != value:
            return None
    return table


def cover(sizes: list[int], table: dict[tuple, Any], target: Any) -> list[list[set[int]]]:
    """A small set of cubes (one value set per axis) covering exactly the points labelled ``target``.

    Points missing from ``table`` (combinations without a world) are don't-cares.  Greedy:
    grow each uncovered point's cube axis by axis, widest first, while it stays inside
    target-or-don't-care; then drop cubes the others cover.
    """
    ok = {p for p, v in table.items() if v == target}
    bad = {p for p, v in table.items() if v != target}

    def inside(cube: list[set[int]]) -> bool:
        return not any(p in bad for p in itertools.product(*cube))

    cubes: list[list[set[int]]] = []
    uncovered = sorted(ok)
    while uncovered:
        cube = [{v} for v in uncovered[0]]
        for k, size in enumerate(sizes):
            trial = cube[:k] + [set(range(size))] + cube[k + 1:]
            if inside(trial):
                cube = trial
                continue
            for value in range(size):
                if value not in cube[k]:
                    trial = cube[:k] + [cube[k] | {value}] + cube[k + 1:]
                    if inside(trial):
                        cube = trial
        # Drop values that widened the cube only over combinations without a world,
        # unless the axis is then unconstrained but for them.
        inner = [p for p in ok if all(v in c for v, c in zip(p, cube))]
        for k, size in enumerate(sizes):
            useful = {p[k] for p in inner}
            around = {p[k] for p in table if all(v in c for j, (v, c) in enumerate(zip(p, cube)) if j != k)}
            cube[k] = set(range(size)) if useful | (set(range(size)) - around) == set(range(size)) else useful
        cubes.append(cube)
        uncovered = [p for p in uncovered if not all(v in s for v, s in zip(p, cube))]
    for cube in sorted(cubes, key=lambda c: math.prod(len(s) for s in c)):
        others = [c for c in cubes if c is not cube]
        if others and all(any(all(v in s for v, s in zip(p, c)) for c in others)
                          for p in ok if all(v in s for v, s in zip(p, cube))):
            cubes = others
    return cubes


def cube_text(axes: list[Axis], cube: list[set[int]]) -> str:
    lits = []
    for axis, values in zip(axes, cube):
        if len(values) == len(axis.values):
            continue
        if len(values) == 1:
            lits.append(literal_text(axis, axis.values[next(iter(values))]))
        elif len(values) == len(axis.values) - 1:
            missing = next(i for i in range(len(axis.values)) if i not in values)
            lits.append(f"{axis.name}≠{axis.values[missing]}")
        else:
            lits.append(f"{axis.name} in {{{', '.join(str(axis.values[i]) for i in sorted(values))}}}")
    return " and ".join(lits) or "always"


def condition(axes: list[Axis], cubes: list[list[set[int]]]) -> str:
    texts = [cube_text(axes, c) for c in cubes]
    if len(texts) > 1:
        texts = [f"({t})" if " and " in t else t for t in texts]
    return " or ".join(texts)


def describe(result: SweepResult, sub: list[int], label: Callable[[int], Any]) -> list[tuple[Any, str]] | None:
    """``[(label, condition), ..., (label, "otherwise")]`` over the axes ``sub``, or None."""
    sizes = [len(result.axes[k].values) for k in sub]
    if math.prod(sizes) > SUMMARY_POINTS:
        return None
    table = _project(result, sub, label)
    if table is None:
        return None
    labels = sorted(set(table.values()), key=str)
    if len(labels) == 1:
        return [(labels[0], "always")]
    axes = [result.axes[k] for k in sub]
    covers = {v: cover(sizes, table, v) for v in labels}
    def weight(cubes: list[list[set[int]]]) -> tuple[float, int]:
        lits = [lit for c in cubes for lit in cube_text(axes, c).split(" and ")]
        negative = sum(1 for lit in lits if "≠" in lit or lit.startswith("not "))
        return len(lits) + 0.5 * negative, len(cubes)

    weights = {v: weight(cs) for v, cs in covers.items()}
    rest = max(labels, key=lambda v: (weights[v], str(v)))  # the hardest to state goes last: "otherwise"
    return [(v, condition(axes, covers[v])) for v in labels if v != rest] + [(rest, "otherwise")]


def summaries(result: SweepResult) -> dict[Item, list[tuple[str, str]] | str]:
    index = {a.path: k for k, a in enumerate(result.axes)}
    by_item: dict[Item, list[int]] = {}
    for path, items in result.pivotal.items():
        for item in items:
            by_item.setdefault(item, []).append(index[path])
    union = sorted({k for ks in by_item.values() for k in ks})
    out: dict[Item, list[tuple[str, str]] | str] = {}
    for item in result.items:
        sub = sorted(by_item.get(item, []))
        def label(pid: int, item: Item = item) -> str:
            return verdict(result, pid, item)

        text = describe(result, sub, label)
        if text is None and sub != union:
            text = describe(result, union, label)
        if text is None:
            names = [result.axes[k].name for k in (sub or union)]
            out[item] = "depends on " + ", ".join(names)
        else:
            out[item] = text
    return out


def groups(result: SweepResult) -> list[tuple[int, int, str]]:
    """Distinct verdict profiles: (profile id, number of combinations, condition)."""
    index = {a.path: k for k, a in enumerate(result.axes)}
    union = sorted(index[p] for p in result.pivotal)
    counts: dict[int, int] = {}
    for pid in result.rows:
        if pid >= 0:
            counts[pid] = counts.get(pid, 0) + 1
    key = {pid: tuple(verdict(result, pid, i) for i in result.items) for pid in counts}
    canon: dict[tuple, int] = {}
    for pid in sorted(counts):
        canon.setdefault(key[pid], pid)
    merged: dict[int, int] = {}
    for pid, c in counts.items():
        merged[canon[key[pid]]] = merged.get(canon[key[pid]], 0) + c
    text = describe(result, union, lambda pid: canon[key[pid]]) or []
    conds = dict(text)
    return [(pid, merged[pid], conds.get(pid, "")) for pid in sorted(merged, key=lambda p: -merged[p])]


# --------------------------------------------------------------------------- output

def json_value(value: Symbol) -> Any:
    if value == facts_mod.TRUE:
        return True
    if value == facts_mod.FALSE:
        return False
    return str(value)


def summary_text(cases: list[tuple[str, str]] | str) -> str:
    """``permitted iff A; forbidden otherwise``."""
    if isinstance(cases, str):
        return cases
    parts = []
    for value, cond in cases:
        parts.append(f"{value} {cond}" if cond in ("otherwise", "always") else f"{value} iff {cond}")
    return "; ".join(parts)


def _nest(pairs: Any) -> dict[str, dict[str, dict[str, Any]]]:
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for item, value in pairs:
        out.setdefault(item.person, {"status": {}, "outcomes": {}})[item.kind][item.key] = value
    return out


def to_dict(result: SweepResult, file: str = "", rows: bool = True, max_groups: int = 50) -> dict[str, Any]:
    """The sweep as JSON-ready data (keys sorted when rendered)."""
    n = result.combinations
    with_worlds = sum(1 for r in result.rows if r >= 0)
    pivotal = {p: [i.label for i in items] for p, items in result.pivotal.items()}
    out: dict[str, Any] = {
        "file": file, "scenario": result.scenario, "title": result.title, "as_of": result.as_of,
        "rules": result.rules, "person": result.person, "mode": result.mode,
        "combinations": n, "with_worlds": with_worlds,
        "vary": [{"path": a.path, "values": [json_value(v) for v in a.values]} for a in result.axes],
        "held_open": result.held_open, "held_open_change_nothing": result.exact,
        "constant": _nest(result.constant.items()),
        "pivotal": pivotal,
        "not_pivotal": [a.path for a in result.axes if a.path not in result.pivotal],
        "summaries": _nest((item, {"text": summary_text(cases),
                                   "cases": ([{"value": v, "when": c} for v, c in cases]
                                             if not isinstance(cases, str) else [])})
                           for item, cases in result.summaries.items()),
        "groups": [{"combinations": count, "when": cond,
                    "persons": _nest((i, verdict(result, pid, i)) for i in result.items)}
                   for pid, count, cond in groups(result)[:max_groups]],
        "seconds": {k: round(v, 4) for k, v in result.seconds.items()},
    }
    if rows:
        values = [[json_value(v) for v in a.values] for a in result.axes]
        strides = _strides(result.axes)
        per_profile: dict[int, Any] = {}
        out_rows = []
        for index, pid in enumerate(result.rows):
            vals = {a.path: values[k][index // strides[k] % len(a.values)] for k, a in enumerate(result.axes)}
            if pid >= 0 and pid not in per_profile:
                per_profile[pid] = _nest((i, verdict(result, pid, i)) for i in result.items)
            row = {"values": vals, "has_world": pid >= 0, "persons": per_profile.get(pid) if pid >= 0 else None}
            if result.worlds is not None:
                row["worlds"] = result.worlds[index]
            out_rows.append(row)
        out["rows"] = out_rows
    return out
