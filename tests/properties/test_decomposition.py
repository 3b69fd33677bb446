"""Issue 14: solving person by person equals solving the whole roster at once.

``per_profile`` grounds one slot person and solves each distinct profile under
assumptions; it is exact only because no rule relates two persons (checked on the
ground program by ``per_profile.independent``).  These properties compare it with the
whole-program solve (``engine.solve_whole``: every person grounded together, no
mirroring) on small random rosters, including opened `captured_by` / `fought_for` /
`incorporated_into`, which make the consistency rules exclude worlds.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from propcheck import examples, prepare
from status_engine.solver import engine, per_profile
from status_engine.solver import facts as facts_mod
from status_engine.solver.verdicts import person_results
from strategies import scenarios, set_unknown
from test_invariants import SETTINGS


def _both(data):
    prep = prepare(data)
    book = prep.rules
    full = facts_mod.build(prep.scenario, prep.as_of, book.options, book.enabled, mirror=False,
                           registry=book.registry, reads=book.reads)
    whole = engine.solve_whole(book, full)
    split_facts = dataclasses.replace(full, mirror_of={})
    split = per_profile.solve(book, split_facts)
    return full, whole, split_facts, split


@settings(max_examples=examples(60), **SETTINGS)
@given(scenarios(min_persons=2, max_persons=4, max_open=3), st.data())
def test_per_person_solving_equals_the_whole_program(data, draw):
    """Persons interact only through shared facts, so each person's statuses, verdicts and
    the exact world count are the same whether persons are solved alone or together."""
    for f in draw.draw(st.lists(st.sampled_from(["captured_by", "fought_for", "incorporated_into"]),
                                max_size=2, unique=True)):
        data = set_unknown(data, ("persons", 0, f))
    full, whole, split_facts, split = _both(data)
    assert split is not None, "the rule base relates two persons: per-person solving was refused"
    assert split.worlds == whole.worlds
    assert person_results(split, split_facts.persons, split_facts.mirror_of) == \
        person_results(whole, full.persons, {})


def test_a_rule_relating_two_persons_is_detected(tmp_path):
    """If a rule made one person's conclusion depend on another's facts, decomposing would
    be wrong: the check must refuse it (the engine then solves the whole program)."""
    from status_engine import api
    from status_engine.rulebook import book as rulebook

    src = rulebook.default_directory()
    for f in src.iterdir():
        if f.suffix in (".lp", ".yaml"):
            (tmp_path / f.name).write_text(f.read_text())
    (tmp_path / "zz_relation.lp").write_text(
        "% test only: a status that depends on another person's wish\n"
        "status(P, comrade) :- person(P), person(Q), P != Q, fact(person(Q, wish), stay).\n")
    book = rulebook.load(str(tmp_path))
    data = {"format": "status-engine/v1", "id": "rel", "as_of": "2025-01-01",
            "conflict": {"kind": "international", "parties": ["ua", "ru"]},
            "states": {"ua": {}, "ru": {}},
            "persons": [{"id": "a", "captured_by": "ua", "fought_for": "ru", "wish": "ru"},
                        {"id": "b", "captured_by": "ua", "fought_for": "ru", "wish": "stay"}]}
    prep = prepare(data, rules=book)
    assert per_profile.solve(book, prep.facts) is None
    res = api.evaluate_prepared(prep).result
    assert res["persons"]["a"]["status"].get("comrade") == "necessary"
    assert "comrade" not in res["persons"]["b"]["status"]


BUNDLED = sorted((Path(__file__).resolve().parents[2] / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_every_bundled_scenario_is_solved_person_by_person_with_the_whole_programs_results(path):
    """Issue 14's done-when: on every bundled scenario the per-person solve is used (no rule
    relates persons) and gives the whole-program statuses, verdicts and world count."""
    from status_engine import api

    prep = api.prepare(str(path))
    book = prep.rules
    full = facts_mod.build(prep.scenario, prep.as_of, book.options, book.enabled, mirror=False,
                           registry=book.registry, reads=book.reads)
    whole = engine.solve_whole(book, full)
    split = per_profile.solve(book, dataclasses.replace(full, mirror_of={}))
    assert split is not None
    assert split.worlds == whole.worlds
    assert person_results(split, full.persons) == person_results(whole, full.persons, {})


def test_a_person_sharing_a_profile_is_still_explained_under_his_own_name():
    """Solving by profile must not make one person the other's mirror for explanations: a
    lawyer reading Baek's explanation must not find Ri's name in it."""
    from status_engine import api
    from status_engine.analysis.explain import explain
    from status_engine.scenario.check import Override

    path = str(Path(__file__).resolve().parents[2] / "scenarios" / "kursk-2025-02.yaml")
    ev = api.evaluate_file(path, overrides=[Override("persons.baek.wish", "rok")])
    text = str(explain(ev, "baek", "repatriate:dprk").to_dict())
    assert "baek" in text and "(ri," not in text and "persons.ri." not in text
