"""The kept programs beside the slot session (issue 10 point 2): needs, relevance and
contradictions ground their programs once per process (``solver.programs``).

Three things are checked, ``clingo.Control.ground`` counted as in ``test_session``:
a second ask in one process grounds nothing (a web server, a sweep over dates, a
briefing asking relevance and then needs); a rule file edited between two asks is
grounded again (the programs are keyed by the rule files' signature: a lawyer's draft
must never be answered by the program of the text before); and what a kept program
answers, also after other questions were asked of it, equals what a program grounded
afresh for that one question answers (a question must leave nothing behind: ``needs``
adds constraints to its optimiser, guarded by a literal it releases).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any, Callable

import clingo
import pytest

from status_engine import api
from status_engine.analysis.whatif import open_facts
from status_engine.analysis.whatif.common import open_axes, unmirrored
from status_engine.analysis.whatif.needs import needs, parse_goal
from status_engine.analysis.whatif.relevance import Doubled
from status_engine.errors import EvaluationError
from status_engine.scenario.check import Override
from status_engine.solver import doubled as doubled_mod
from status_engine.solver import engine, session
from status_engine.solver.solving import ENFORCE, Deadline, ground, run
from groundings import count, twice

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
KURSK_02 = str(SCENARIOS / "kursk-2025-02.yaml")
KURSK_06 = str(SCENARIOS / "kursk-2025-06.yaml")
GULF = str(SCENARIOS / "gulf-1991.yaml")
# GC III art. 4A: a prisoner has "fallen into the power of the enemy"; Baek, captured by
# Ukraine, cannot have fought for Ukraine (rules/consistency.lp).
CONTRADICTION = [Override("persons.baek.fought_for", "ua", "test")]




def _contradiction(rules: Any = None) -> list[str]:
    """The located explanation of the contradiction (what a lawyer reads)."""
    with pytest.raises(EvaluationError) as exc:
        api.evaluate_file(KURSK_02, overrides=CONTRADICTION, rules=rules)
    return str(exc.value).splitlines()


def _needs(prep: Any, goal: str, person: str, **kw: Any) -> dict[str, Any]:
    out = needs(prep, parse_goal(goal, person), reasons=False, **kw).to_dict()
    return json.loads(json.dumps(out, sort_keys=True))


def _relevance(prep: Any) -> tuple[list[tuple[str, str]], int]:
    found = open_facts.summarise(prep)
    return found.relevant, found.others


# ----------------------------------------------------------------- (a) a second ask grounds nothing

def test_a_second_needs_search_grounds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """A new prepared scenario (a web request) asks the same question: the optimiser and the
    checker are kept, and so is the session that evaluates each solution."""
    n_first, n_second, first, second = twice(
        lambda: _needs(api.prepare(KURSK_06), "transfer:rok=permitted", "baek"), monkeypatch)
    assert n_first >= 2  # the optimiser and the checker at least
    assert n_second == 0
    assert first == second


def test_a_second_impossible_needs_grounds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The diagnosis of an impossible goal (which rules block it: AP I 43(2) forbids
    prosecuting a POW for having fought) has a program of its own, kept too."""
    n_first, n_second, first, second = twice(
        lambda: _needs(api.prepare(KURSK_06), "prosecute:participation=permitted", "ri"), monkeypatch)
    assert first["impossible"] and any(i.startswith("api_43_2 ") for i in first["blocked_by"]["items"])
    assert n_second == 0
    assert first == second


def test_a_second_relevance_check_grounds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The eval table's relevance check: the doubled program is kept per fact set and open keys."""
    n_first, n_second, first, second = twice(lambda: _relevance(api.prepare(KURSK_02)), monkeypatch)
    assert n_first >= 1 and n_second == 0
    assert first == second and first[0]  # some open fact of Feb 2025 can change a result


def test_a_second_contradiction_grounds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole-scenario program answers the fallback solve and names the unsat core: one
    grounding for both (they were two), and none when the same scenario is asked again."""
    n_first, n_second, first, second = twice(_contradiction, monkeypatch)
    assert n_first <= 3  # the session's two (slot program, analysis) and the whole program
    assert n_second == 0
    assert first == second


# ------------------------------------------------------------ (b) an edited rule file is grounded again

def _edited_copy(tmp_path: Path) -> tuple[Path, Any]:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    return rules, api.rules_for(str(rules))


def _edit(rules: Path) -> None:
    """A comment changes no verdict but the file's size and modification time: its signature."""
    f = rules / "consistency.lp"
    f.write_text(f.read_text(encoding="utf-8") + "\n% a lawyer's note\n", encoding="utf-8")


@pytest.mark.parametrize("kind", ["needs", "relevance", "contradiction"])
def test_a_rule_file_edited_between_two_asks_is_grounded_again(kind: str, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    rules, book = _edited_copy(tmp_path)
    asks: dict[str, Callable[[], Any]] = {
        "needs": lambda: _needs(api.prepare(KURSK_06, rules=book), "transfer:rok=permitted", "baek"),
        "relevance": lambda: _relevance(api.prepare(KURSK_02, rules=book)),
        "contradiction": lambda: _contradiction(book),
    }
    session.clear()
    seen = count(monkeypatch)
    first = asks[kind]()
    assert seen[0] > 0
    before = seen[0]
    asks[kind]()
    assert seen[0] == before  # unchanged rules: nothing grounded
    _edit(rules)
    second = asks[kind]()
    assert seen[0] > before  # the edited file is read and its programs grounded again
    assert second == first  # a comment changes nothing


# -------------------------------------------- (c) a kept program answers as a fresh one does

BUNDLED = sorted(str(p) for p in SCENARIOS.glob("*.yaml"))


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: Path(p).stem)
def test_relevance_from_the_kept_program_equals_a_fresh_doubled_program(path: str) -> None:
    """Each open fact's relevance to anyone and to each person, asked of the kept program
    (twice, other questions in between), equals the answers of a doubled program built on a
    Control grounded in the test for this question alone."""
    prep = api.prepare(path)
    fs = unmirrored(prep)
    axes = open_axes(fs)
    if not axes:
        pytest.skip("no open fact")
    ctl = ground(prep.rules, fs.atoms, shown=(), observer=(rec := doubled_mod.Recorder()))
    rec.closed = True
    fresh = doubled_mod.build(ctl, rec, [(p, [a.atom(v) for v in a.values]) for p, a in axes.items()])

    def sat(assumptions: list[int]) -> bool:
        return bool(run(fresh.ctl, Deadline(None), None, assumptions).satisfiable)

    def expected(path_: str, person: str | None) -> bool:
        d = fresh.diff.get(person, 0)
        others = [fresh.same[p] for p in axes if p != path_]
        return bool(d) and sat([*others, fresh.apart[path_], fresh.world_b, d])

    people: list[str | None] = [None, *fs.persons]
    want = {(p, who): expected(p, who) for p in axes for who in people}
    kept = Doubled(prep.rules, fs, axes)
    for _ in range(2):
        assert {(p, who): kept.flips(p, who) for p in axes for who in people} == want
        kept.choose(None)  # other questions asked of the same program in between
    assert kept.program is Doubled(prep.rules, fs, axes).program


@pytest.mark.parametrize("path,rule", [("persons.baek.fought_for", "consistency_captor_fought_for"),
                                       ("persons.baek.incorporated_into", "consistency_captor_incorporated")])
def test_the_contradictions_core_is_unsat_and_minimal_on_a_fresh_program(path: str, rule: str) -> None:
    """Baek, captured by Ukraine, said to have fought for it or to have joined its forces
    (GC III art. 4A: a prisoner has fallen into the power of the *enemy*): the core the kept
    whole program names is checked on a Control grounded here with the known facts as
    externals: together they admit no world, and without any one of them there is one
    (minimal).  Asked again, from the kept program, the same core and the same rule."""
    prep = api.prepare(KURSK_02, overrides=[Override(path, "ua", "test")])
    facts = prep.facts
    session.clear()
    found = []
    for _ in range(2):
        with pytest.raises(engine.Contradiction) as exc:
            engine.solve_whole(prep.rules, facts)
        found.append((exc.value.core, exc.value.conflicts))
    assert found[0] == found[1]
    core, conflicts = found[0]
    # the rule that says why (others can fire in some world of the unfiltered space: Ri's facts are open)
    assert f"conflict({rule},baek)" in [str(c) for c in conflicts]
    known = facts.known_facts()
    structural = [s for s in facts.atoms if s.name not in ("fact", "profile")]
    ctl = ground(prep.rules, structural, shown=(), externals=known)
    ctl.assign_external(ENFORCE, True)

    def admits(members: list[clingo.Symbol]) -> bool:
        chosen = set(members)
        return bool(ctl.solve(assumptions=[(s, s in chosen) for s in known]).satisfiable)

    assert core and not admits(core)
    assert all(admits([s for s in core if s != t]) for t in core)
    keys = {str(s.arguments[0]) for s in core}
    # the captor and the side he is said to be on: the two facts art. 4A sets against each other
    assert {"person(baek,captured_by)", f"person(baek,{path.rsplit('.', 1)[1]})"} <= keys


NEEDS_CASES = [
    (KURSK_06, "baek", ["transfer:rok=permitted", "transfer:rok=required", "pow=necessary"]),
    (KURSK_02, "ri", ["pow=necessary", "transfer:rok=permitted", "prosecute:participation=permitted"]),
    (GULF, "karim", ["repatriate:iq=forbidden", "repatriate:iq=permitted"]),
]


@pytest.mark.parametrize("path,person,goals", NEEDS_CASES, ids=lambda x: Path(x).stem if isinstance(x, str)
                         and x.endswith(".yaml") else None)
def test_needs_on_kept_programs_after_other_searches_equals_a_fresh_search(path: str, person: str,
                                                                          goals: list[str]) -> None:
    """One person's goals share the optimiser (same changeable facts) and the checker: each
    search adds constraints excluding the change sets it tried.  After every other goal was
    searched on the kept programs, each goal's answer must equal the answer of a search on
    programs grounded afresh (every kept program forgotten first)."""
    fresh = {}
    for goal in goals:
        session.clear()
        fresh[goal] = _needs(api.prepare(path), goal, person)
    session.clear()
    for _ in range(2):
        for goal in goals:
            assert _needs(api.prepare(path), goal, person) == fresh[goal], goal


@pytest.mark.parametrize("path", [KURSK_06, GULF], ids=lambda p: Path(p).stem)
def test_results_of_the_whole_program_equal_the_program_grounded_with_facts_as_facts(path: str) -> None:
    """The whole-program fallback assumes the known facts on the kept program (externals);
    a Control grounded here with the facts themselves (consistency enforced where a conflict
    can fire, as the engine does) must give the same consequences, asked twice."""
    prep = api.prepare(path)
    facts = prep.facts
    ctl = engine.control(prep.rules, facts)
    ctl.assign_external(ENFORCE, False)
    brave = set(session.consequences(ctl, "brave", Deadline(None)) or ())
    conflicts = {s for s in brave if s.name == "conflict"}
    if conflicts:
        ctl.assign_external(ENFORCE, True)
        brave = set(session.consequences(ctl, "brave", Deadline(None)) or ())
    cautious = set(session.consequences(ctl, "cautious", Deadline(None)) or ())
    session.clear()
    for _ in range(2):
        kept = engine.solve_whole(prep.rules, facts)
        assert (kept.brave, kept.cautious, kept.conflicts) == (brave, cautious, conflicts)


def test_threads_asking_the_kept_programs_at_once_get_the_answers_of_one_thread() -> None:
    """The web server answers requests in threads: searches and relevance checks on the same
    kept programs at once must each get what it gets alone (each holds its programs' locks;
    a search's constraints are its own)."""
    from concurrent.futures import ThreadPoolExecutor

    asks: list[Callable[[], Any]] = [
        lambda: _needs(api.prepare(KURSK_06), "transfer:rok=permitted", "baek"),
        lambda: _needs(api.prepare(KURSK_06), "pow=necessary", "baek"),
        lambda: _needs(api.prepare(KURSK_06), "prosecute:participation=permitted", "ri"),
        lambda: _relevance(api.prepare(KURSK_02)),
    ]
    session.clear()
    alone = [ask() for ask in asks]
    session.clear()
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda i: asks[i % len(asks)](), range(3 * len(asks))))
    assert together == alone * 3
