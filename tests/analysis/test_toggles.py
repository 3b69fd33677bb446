"""The briefing's toggles: every combination's verdicts from merged cells equal solving it.

A combination pins some toggle keys and leaves the others open.  Every world gives each
key exactly one value, so the worlds of a combination are the *disjoint union* of the
worlds of its cells (the combinations that pin every key).  Hence what holds in some of
its worlds is what holds in some world of some cell (brave: union), what holds in all of
them is what holds in all worlds of every cell that has worlds (cautious: intersection;
a cell without worlds adds none), and its number of worlds is the sum.  The verdicts read
from the merged terms must therefore equal those of solving the combination's own pins
(``Pinner.persons``, kept as the reference: ``toggles.pinned_results``).
"""

from __future__ import annotations

import copy
import itertools
import math
from functools import lru_cache
from typing import Any

import pytest
import yaml
from conftest import SCENARIOS, base_scenario

from status_engine import api
from status_engine.analysis import brief, toggles
from status_engine.analysis.cells import Cell
from status_engine.analysis.pinned import Merger, Pinner
from status_engine.render import words
from status_engine.contract import ABSENT, Conclusions, Key, Modality, Verdict, value_text

BUNDLED = sorted(p.name for p in SCENARIOS.glob("*.yaml"))


@lru_cache(maxsize=None)
def _brief(name: str) -> brief.ScenarioBrief:
    return brief.build([str(SCENARIOS / name)], toggles=False)[0]


def _axes(b: brief.ScenarioBrief) -> list[tuple[Any, list[Any]]]:
    """The keys the page would offer, with their possible values (as the briefing picks them)."""
    return [(q.key, [q.domain[i] for i in idx]) for q, idx in toggles.chosen(b.questions, brief.MAX_TOGGLES)]


@pytest.mark.parametrize("name", BUNDLED)
def test_merged_cells_give_every_combination_the_verdicts_of_solving_it(name: str) -> None:
    """Every bundled scenario (those without toggles: the one combination, no pins)."""
    b = _brief(name)
    prep = api.prepare(str(SCENARIOS / name))
    pinner = Pinner(prep)
    axes = _axes(b)
    merged, solved = toggles.merged_results(pinner, axes), toggles.pinned_results(pinner, axes)
    assert len(merged) == len(solved) == len(toggles.digits(axes))
    for combo, m, s in zip(toggles.digits(axes), merged, solved):
        assert m == s, (name, combo)


def test_the_oracle_covers_a_shared_key_and_a_pinned_person_key() -> None:
    """kursk-2025-02's toggles include a contested position (a shared key: one more
    assumption for everyone) and persons' own facts (a pinned person gets a profile of his
    own); gulf-1991's are shared keys only.  So the test above exercises both kinds."""
    kursk = [q.path for q, _ in toggles.chosen(_brief("kursk-2025-02.yaml").questions, brief.MAX_TOGGLES)]
    assert "positions.party_status" in kursk
    assert {"persons.baek.wish", "persons.ri.incorporated_into"} <= set(kursk)
    gulf = [q.path for q, _ in toggles.chosen(_brief("gulf-1991.yaml").questions, brief.MAX_TOGGLES)]
    assert len(gulf) == 2 and all(p.startswith("positions.") for p in gulf)


def test_a_combination_has_the_sum_of_its_cells_worlds() -> None:
    """Disjoint union: the merged world count equals the per-profile solver's own count of
    the combination's worlds (kursk-2025-02, every combination)."""
    prep = api.prepare(str(SCENARIOS / "kursk-2025-02.yaml"))
    pinner = Pinner(prep)
    assert pinner.split is not None
    axes = _axes(_brief("kursk-2025-02.yaml"))
    cells = toggles.merged_cells(pinner, axes, Merger())
    for combo, cell in zip(toggles.digits(axes), cells):
        cons = pinner.split({k: values[d - 1] for (k, values), d in zip(axes, combo) if d})
        assert cell is not None and cons is not None
        assert cell.worlds == cons.worlds, combo


def test_the_whole_program_path_merges_as_it_solves() -> None:
    """Where rules relate persons the Pinner solves the whole program (symbols read through
    ``light``); its cells are merged the same way.  Forced here on gulf-1991 (two persons,
    two shared keys) and on kursk-2025-02's first three toggles (a shared key and two of
    Baek's facts)."""
    for name, n in (("gulf-1991.yaml", 6), ("kursk-2025-02.yaml", 3)):
        pinner = Pinner(api.prepare(str(SCENARIOS / name)))
        pinner.split = None
        axes = _axes(_brief(name))[:n]
        assert toggles.merged_results(pinner, axes) == toggles.pinned_results(pinner, axes), name


# ----------------------------------------------------------------------- cells without worlds

def _contradicting(tmp: str) -> tuple[Pinner, list[tuple[Any, Any]]]:
    """Two men: Ri fought for Russia, captor and incorporation unknown; Kim's wish unknown.
    The consistency rules exclude every world where Ri's captor is the state he fought for
    or was incorporated into, so some cells (Ri captured by Russia, or by the state he was
    incorporated into) have no world."""
    data = base_scenario(captured_by="unknown", incorporated_into="unknown")
    data["persons"].append(dict(copy.deepcopy(data["persons"][0]), id="kim", captured_by="ua",
                                incorporated_into="none", wish="unknown"))
    path = f"{tmp}/contradicting.yaml"
    with open(path, "w", encoding="utf-8") as f:
        yaml.safe_dump(data, f)
    prep = api.prepare(path)
    keys = {str(k): (k, d) for k, d in prep.facts.open_domains()}
    axes = [keys["person(ri,captured_by)"], keys["person(ri,incorporated_into)"], keys["person(kim,wish)"]]
    return Pinner(prep), axes


def _free_worlds(pinner: Pinner, axes: list[tuple[Any, Any]]) -> int:
    """The worlds of the open keys no consistency rule reads here (all but Ri's captor,
    incorporation and those of ``axes``): each value of each is a world of its own."""
    skip = {str(k) for k, _ in axes} | {"person(ri,captured_by)", "person(ri,incorporated_into)"}
    return math.prod(len(d) for k, d in pinner.prep.facts.open_domains() if str(k) not in skip)


def _value(axes: list[tuple[Any, Any]], i: int, name: str) -> int:
    return 1 + [str(v) for v in axes[i][1]].index(name)


def test_cells_without_worlds_are_left_out_of_a_merge(tmp_path_factory: pytest.TempPathFactory) -> None:
    """A combination all of whose cells have no world has none (``None``); one with some
    empty cells has the verdicts of its other cells merged, which are those of solving it."""
    pinner, axes = _contradicting(str(tmp_path_factory.mktemp("toggles")))
    merged, solved = toggles.merged_results(pinner, axes), toggles.pinned_results(pinner, axes)
    assert merged == solved
    at = {combo: i for i, combo in enumerate(toggles.digits(axes))}
    ru, ua, dprk = (_value(axes, 0, s) for s in ("ru", "ua", "dprk"))
    # Captured by Russia, for which he fought: no cell has a world, whatever else is open.
    assert merged[at[(ru, 0, 0)]] is None
    # Captured by someone, incorporated into Ukraine: the cells "captured by Russia" and
    # "captured by Ukraine" are empty, the others are not; the merge is of the others.
    inc_ua = _value(axes, 1, "ua")
    cells = {c: pinner.cell([(axes[0][0], axes[0][1][c - 1]), (axes[1][0], axes[1][1][inc_ua - 1]),
                             (axes[2][0], axes[2][1][0])]) for c in range(1, len(axes[0][1]) + 1)}
    assert cells[ru] is None and cells[ua] is None and cells[dprk] is not None
    merger = Merger()
    expected = merger.verdicts(merger.merge(merger.intern(c) for c in cells.values() if c is not None))
    assert merged[at[(0, inc_ua, 1)]] == expected == solved[at[(0, inc_ua, 1)]]


def test_cells_whose_worlds_the_consistency_rules_thin_merge_as_they_solve(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """With Ri's captor left open inside every cell, a consistency rule excludes some worlds
    of a cell and not others (the solver then counts them and solves with the rule on):
    the merged verdicts and world counts are still those of solving each combination."""
    pinner, axes = _contradicting(str(tmp_path_factory.mktemp("toggles")))
    axes = axes[1:]  # Ri's incorporation and Kim's wish; Ri's captor open
    assert toggles.merged_results(pinner, axes) == toggles.pinned_results(pinner, axes)
    assert pinner.split is not None
    cells = toggles.merged_cells(pinner, axes, Merger())
    for combo, cell in zip(toggles.digits(axes), cells):
        cons = pinner.split({k: values[d - 1] for (k, values), d in zip(axes, combo) if d})
        assert cell is not None and cons is not None and cell.worlds == cons.worlds, combo
    # Incorporated into Ukraine: of Ri's four possible captors, Russia (for which he fought)
    # and Ukraine are excluded; Kim's six wishes are free.
    inc_ua = _value(axes, 0, "ua")
    assert cells[toggles.digits(axes).index((inc_ua, 0))].worlds == 2 * 6 * _free_worlds(pinner, axes)


POW, REPATRIATE = Key.of_section("status", "pow"), Key.of_section("outcomes", "repatriate:dprk")


def _cell(**terms: tuple[set[tuple[str, str]], set[tuple[str, str]]]) -> Cell:
    return Cell({p: (frozenset(b), frozenset(c)) for p, (b, c) in terms.items()}, 1)


def test_merging_unions_brave_and_intersects_cautious_before_the_verdicts() -> None:
    """The contract's arithmetic on the merged terms: an outcome required in every world of
    one cell and forbidden in every world of another is forbidden in some world and required
    in not all, so it *depends*; a status necessary in one cell and absent from the other is
    *possible*.  Empty cells add nothing; only empty cells make no world."""
    required = _cell(ri=({("status", "pow"), ("outcome", "repatriate:dprk"), ("obligatory", "repatriate:dprk")},
                         {("status", "pow"), ("outcome", "repatriate:dprk"), ("obligatory", "repatriate:dprk")}))
    forbidden = _cell(ri=({("outcome", "repatriate:dprk"), ("forbidden", "repatriate:dprk")}, {("outcome", "repatriate:dprk"), ("forbidden", "repatriate:dprk")}))
    m = Merger()
    a, b = m.intern(required), m.intern(forbidden)
    assert m.merge([None, None]) is None
    assert m.merge([None, a, None, b]) == m.merge([a, b])
    got = m.verdicts(m.merge([a, b]))
    assert got is not None
    ri = got["ri"]
    assert ri.get(POW) == Modality.POSSIBLE and ri.get(Key.parse("repatriate:dprk")) == Verdict.DEPENDS
    alone = m.verdicts(a)
    assert alone is not None and alone["ri"].get(POW) == Modality.NECESSARY
    assert alone["ri"].get(Key.parse("repatriate:dprk")) == Verdict.REQUIRED
    merged = m.merge([a, b])
    assert merged is not None and merged.worlds == 2


# ---------------------------------------------------------------------------- the page's data

def _reference_toggles(prep: Any, b: brief.ScenarioBrief) -> toggles.Toggles:
    """The toggles' data as the briefing built it before cells were merged: every combination
    solved with its pins, every row and line computed afresh (deduplicated by content)."""
    picked = toggles.chosen(b.questions, brief.MAX_TOGGLES)
    pinner = Pinner(prep)
    keys = [{"path": q.path, "short": words.short_path(q.path), "values": [q.values[i] for i in idx],
             "label": b.speaker.question(q.path, q.question) if q.question else q.path,
             "labels": [b.speaker.fact(q.path, q.values[i]) for i in idx]} for q, idx in picked]
    exps = {p.id: {e.key: e for e in p.explanations} for p in b.persons if not p.mirror_of}
    conclusions = {p.id: list(p.result["status"]) + list(p.result["outcomes"]) for p in b.persons}
    texts: list[str] = []
    rows: list[Any] = []

    def index(table: list[Any], item: Any) -> int:
        if item not in table:
            table.append(item)
        return table.index(item)

    combos: list[Any] = []
    for combo in itertools.product(*[[None] + idx for _, idx in picked]):
        pins = [(q.key, q.domain[i]) for (q, _), i in zip(picked, combo) if i is not None]
        pinned = {q.path: q.values[i] for (q, _), i in zip(picked, combo) if i is not None}
        result = pinner.persons(pins)
        if result is None:
            combos.append(None)
            continue
        entry = []
        for p in b.persons:
            values = {str(k): value_text(v) for k, v in result.get(p.id, Conclusions()).items()}
            own = exps.get(p.mirror_of or p.id, {})
            row: list[Any] = []
            for key in conclusions[p.id]:
                exp, value = own.get(key), values.get(key, ABSENT)
                named = {c for cs in exp.cases.values() for case in cs for c, _ in case.condition} if exp else set()
                line = toggles._pinned_line(exp, {k: v for k, v in pinned.items() if k in named}, value,
                                            b.speaker) if exp else ""
                row.append([value, index(texts, line)])
            row += [[values[k], index(texts, ""), k] for k in values if k not in conclusions[p.id]]
            entry.append(index(rows, row))
        combos.append(entry)
    return toggles.Toggles(keys, [p.id for p in b.persons], conclusions, rows, combos, texts)


@pytest.mark.parametrize("name", ["kursk-2025-02.yaml", "gulf-1991.yaml"])
def test_the_page_gets_the_same_toggles_as_solving_every_combination(name: str) -> None:
    """The HTML's toggle data (keys, rows, combinations, string table, in the same order)
    is what the straightforward computation gives."""
    b = _brief(name)
    prep = api.prepare(str(SCENARIOS / name))
    got = toggles._toggles(prep, Pinner(prep), b.persons, b.questions, brief.MAX_TOGGLES, b.speaker)
    assert got.to_dict() == _reference_toggles(prep, b).to_dict()


def test_a_key_without_possible_values_stays_open() -> None:
    """A toggle key offered with no possible value has one digit, open: it is pinned in no
    cell, so its combinations are those without it (not a merge of no cells, no world)."""
    b = _brief("gulf-1991.yaml")
    pinner = Pinner(api.prepare(str(SCENARIOS / "gulf-1991.yaml")))
    axes = _axes(b)
    empty = [(axes[0][0], [])] + axes[1:]
    merged = toggles.merged_results(pinner, empty)
    assert all(m is not None for m in merged)
    assert merged == toggles.pinned_results(pinner, empty) == toggles.pinned_results(pinner, axes[1:])
