"""The HTML briefing's toggles: the decisive open keys, and the verdicts of every combination.

The page offers up to ``MAX_TOGGLES`` decisive open keys (those the explanations'
conditions name), each left open or pinned to one of its possible values, and shows the
verdicts of the combination chosen with the one-line explanation of each conclusion (the
explanation's cases that meet the pins, with the rest of their condition).  Every
combination is precomputed; only the *cells* (every key pinned) are solved, and a
combination leaving keys open merges its cells (``pinned.Merger``): its worlds are the
disjoint union of theirs.

Nothing here states law: texts come from the explanations and the rule base's phrases.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any, Callable, Optional, Sequence

from clingo import Symbol

from . import explain
from ..contract import ABSENT, Conclusions, Modality, Verdict, value_text
from .cells import Cell
from .pinned import Merger, Pinner
from ..render import words

MAX_TOGGLES = 6  # decisive keys offered as toggles
MAX_COMBINATIONS = 4096  # precomputed combinations of toggle values (each key: open or one value)
EMPTY = Conclusions()  # a person without conclusions in a combination

Results = Optional[dict[str, Conclusions]]  # per person, or None: no world


@dataclass
class Toggles:
    """Precomputed worlds for the HTML page's toggles.

    ``combos`` is indexed in mixed radix over ``keys`` (first key most significant): digit
    0 leaves the key open, digit n pins its n-th value.  Each entry is ``None`` (no world:
    the pinned values contradict the scenario) or one row index per person of ``persons``;
    a row lists ``[value, text index]`` per conclusion of ``conclusions[person]``, then
    ``[value, text index, key]`` for conclusions that arise only under those pins.
    """

    keys: list[dict[str, Any]]  # path, short, values
    persons: list[str]
    conclusions: dict[str, list[str]]
    rows: list[list[list[Any]]]
    combos: list[Optional[list[int]]]
    texts: list[str]  # string table for the one-line explanations

    def to_dict(self) -> dict[str, Any]:
        return {"keys": self.keys, "persons": self.persons, "conclusions": self.conclusions, "rows": self.rows,
                "combos": self.combos, "texts": self.texts}


def combinations(brief: Any) -> int:
    """How many combinations of toggle values the page offers (a ``ScenarioBrief``)."""
    return math.prod(len(k["values"]) + 1 for k in brief.toggles.keys) if brief.toggles else 0


# ------------------------------------------------------------------- the combinations' verdicts

Axes = Sequence[tuple[Symbol, Sequence[Symbol]]]  # per toggle: its key and its possible values


def digits(axes: Axes) -> list[tuple[int, ...]]:
    """Every combination in the page's order: per key, 0 (open) or n (its n-th value)."""
    return list(itertools.product(*[range(len(values) + 1) for _, values in axes]))


def merged_results(pinner: Pinner, axes: Axes) -> list[Results]:
    """The verdicts of every combination (``digits`` order), solving only the cells."""
    merger = Merger()
    return [merger.verdicts(c) for c in merged_cells(pinner, axes, merger)]


def merged_cells(pinner: Pinner, axes: Axes, merger: Merger) -> list[Optional[Cell]]:
    """What the verdicts read of every combination (``digits`` order), solving only the cells.

    A dynamic programme over the keys: the combination with key i open (its first open
    key) is the merge of the combinations with key i at each of its values, memoised by
    combination; one with no key open is a cell, solved (a key with no possible value is
    left open in every cell).  Exact, because the worlds of a
    combination are the disjoint union of those of its cells (each world gives each key
    exactly one value), and the merge is taken before any verdict is read."""
    memo: dict[tuple[int, ...], Optional[Cell]] = {}
    splits = [i for i, (_, values) in enumerate(axes) if values]  # a key without values stays open: no pin

    def worlds(combo: tuple[int, ...]) -> Optional[Cell]:
        if combo in memo:
            return memo[combo]
        i = next((i for i in splits if not combo[i]), None)
        if i is not None:
            got = merger.merge(worlds(combo[:i] + (d,) + combo[i + 1:]) for d in range(1, len(axes[i][1]) + 1))
        else:
            got = merger.intern(pinner.cell([(k, values[d - 1]) for (k, values), d in zip(axes, combo) if d]))
        memo[combo] = got
        return got

    return [worlds(c) for c in digits(axes)]


def pinned_results(pinner: Pinner, axes: Axes) -> list[Results]:
    """The verdicts of every combination, each solved with its own pins (the reference
    ``merged_results`` is tested against: one ``Pinner.persons`` per combination)."""
    return [pinner.persons([(k, values[d - 1]) for (k, values), d in zip(axes, combo) if d])
            for combo in digits(axes)]


# ------------------------------------------------------------------------------ the page's data

def chosen(questions: Sequence[Any], max_toggles: int) -> list[tuple[Any, list[int]]]:
    """The toggles: decisive questions (in the briefing's order) with the indexes of their
    possible values, as many as fit ``max_toggles`` and ``MAX_COMBINATIONS``."""
    out: list[tuple[Any, list[int]]] = []
    size = 1
    for q in questions:
        if not q.decisive_for or len(out) >= max_toggles:
            continue
        possible = [i for i, v in enumerate(q.values) if v not in q.impossible]
        if size * (len(possible) + 1) > MAX_COMBINATIONS:
            continue
        out.append((q, possible))
        size *= len(possible) + 1
    return out


def _toggles(prep: Any, pinner: Pinner, persons: Sequence[Any], questions: Sequence[Any], max_toggles: int,
             speaker: Any, solve: Callable[[Pinner, Axes], list[Results]] = merged_results) -> Toggles:
    """The toggles' data for the page (``persons``: the briefing's ``PersonBrief``s,
    ``questions``: its ``Question``s); ``solve`` gives every combination's verdicts."""
    picked = chosen(questions, max_toggles)
    keys = [{"path": q.path, "short": words.short_path(q.path), "values": [q.values[i] for i in idx],
             "label": speaker.question(q.path, q.question) if q.question else q.path,
             "labels": [speaker.fact(q.path, q.values[i]) for i in idx]}
            for q, idx in picked]
    axes = [(q.key, [q.domain[i] for i in idx]) for q, idx in picked]
    table = _Table(picked, persons, speaker)
    combos: list[Optional[list[int]]] = []
    for combo, result in zip(digits(axes), solve(pinner, axes)):
        combos.append(None if result is None else [table.row(p, combo, result.get(p.id, EMPTY)) for p in persons])
    return Toggles(keys, [p.id for p in persons], table.conclusions, table.rows, combos, table.texts)


class _Table:
    """The page's rows and string table, each distinct row and text once (in order of first use)."""

    def __init__(self, picked: list[tuple[Any, list[int]]], persons: Sequence[Any], speaker: Any):
        self.picked, self.speaker = picked, speaker
        self.exps = {p.id: {e.key: e for e in p.explanations} for p in persons if not p.mirror_of}
        self.conclusions = {p.id: list(p.result["status"]) + list(p.result["outcomes"]) for p in persons}
        self.texts: list[str] = []
        self.rows: list[list[list[Any]]] = []
        self._text_ids: dict[str, int] = {}
        self._row_ids: dict[tuple[Any, ...], int] = {}  # (person, verdicts, digits he depends on) -> row
        self._row_by_text: dict[str, int] = {}
        self._values: dict[int, tuple[Conclusions, dict[str, str]]] = {}
        self._lines: dict[tuple[Any, ...], str] = {}
        index = {q.path: i for i, (q, _) in enumerate(picked)}
        # Per explanation: the toggles its conditions name (only their values change its line).
        self._named: dict[int, tuple[int, ...]] = {}
        # Per person: the toggles any of his explanations names (a row depends on those alone).
        self._person_named: dict[str, tuple[int, ...]] = {}
        for pid, own in self.exps.items():
            mine: set[int] = set()
            for e in own.values():
                paths = {c for cs in e.cases.values() for case in cs for c, _ in case.condition}
                self._named[id(e)] = tuple(sorted(index[p] for p in paths if p in index))
                mine.update(self._named[id(e)])
            self._person_named[pid] = tuple(sorted(mine))

    def text_id(self, t: str) -> int:
        got = self._text_ids.get(t)
        if got is None:
            got = self._text_ids[t] = len(self.texts)
            self.texts.append(t)
        return got

    def values(self, c: Conclusions) -> dict[str, str]:
        """Each conclusion's value as the page writes it (once per distinct verdicts)."""
        got = self._values.get(id(c))
        if got is None:
            got = self._values[id(c)] = (c, {str(k): value_text(v) for k, v in c.items()})  # c kept: its id stays
        return got[1]

    def row(self, p: Any, combo: tuple[int, ...], result: Conclusions) -> int:
        """The row index of person ``p`` in a combination with these verdicts."""
        own_id = p.mirror_of or p.id
        key = (p.id, id(result), tuple(combo[i] for i in self._person_named.get(own_id, ())))
        got = self._row_ids.get(key)
        if got is not None:
            return got
        row = self._build(p, own_id, combo, self.values(result))  # ``values`` keeps ``result`` (and its id)
        text = repr(row)
        got = self._row_by_text.get(text)
        if got is None:
            got = self._row_by_text[text] = len(self.rows)
            self.rows.append(row)
        self._row_ids[key] = got
        return got

    def _build(self, p: Any, own_id: str, combo: tuple[int, ...], values: dict[str, str]) -> list[list[Any]]:
        own = self.exps.get(own_id, {})
        row: list[list[Any]] = []
        for key in self.conclusions[p.id]:
            exp = own.get(key)
            value = values.get(key, ABSENT)
            row.append([value, self.text_id(self._line(exp, combo, value) if exp else "")])
        for key in values:
            if key not in self.conclusions[p.id]:  # arises only under these pins
                row.append([values[key], self.text_id(""), key])
        return row

    def _line(self, exp: Any, combo: tuple[int, ...], value: str) -> str:
        relevant = tuple((i, combo[i]) for i in self._named[id(exp)] if combo[i])
        k = (exp.person, exp.key, relevant, value)
        got = self._lines.get(k)
        if got is None:
            pinned = {self.picked[i][0].path: self.picked[i][0].values[self.picked[i][1][d - 1]] for i, d in relevant}
            got = self._lines[k] = _pinned_line(exp, pinned, value, self.speaker)
        return got


# The values a conclusion takes in the worlds of a combination, given its verdict there.
# (The explanation's case names for outcomes are the verdict words themselves.)
WORLD_VALUES: dict[str, tuple[str, ...]] = {
    Modality.NECESSARY: ("holds",), Modality.POSSIBLE: ("holds", "does not hold"),
    Verdict.REQUIRED: (Verdict.REQUIRED,), Verdict.FORBIDDEN: (Verdict.FORBIDDEN,),
    Verdict.PERMITTED: (Verdict.PERMITTED, Verdict.REQUIRED),
    Verdict.DEPENDS: (Verdict.FORBIDDEN, Verdict.REQUIRED, Verdict.PERMITTED), ABSENT: ("does not hold", ABSENT),
}


def _pinned_line(exp: Any, pinned: dict[str, str], value: str, speaker: Any) -> str:
    """The explanation's cases that meet the pinned values, with the rest of their condition.

    Only the values the conclusion takes under the pins are shown; a case whose whole
    condition is pinned stands for its value alone.
    """
    shown: dict[str, list[Any]] = {}
    for v, cases in exp.cases.items():
        if v not in WORLD_VALUES.get(value, (v,)):
            continue
        for c in cases:
            if all(pinned[p] in vs for p, vs in c.condition if p in pinned):
                rest = [(p, vs) for p, vs in c.condition if p not in pinned]
                shown.setdefault(v, []).append(explain.Case(rest, c.derivation, c.why_not, c.scope))
    for v, cases in shown.items():
        whole = [c for c in cases if not c.condition]
        if whole:
            shown[v] = whole[:1]
    line: str = speaker.one_line(exp, shown)
    return line
