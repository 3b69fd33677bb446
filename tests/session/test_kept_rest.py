"""The last questions that grounded a Control of their own each time (issue 10 point 2):
a sweep's decision table, the vocabulary of a scenario's expectations, and a briefing's
pins where a rule relates persons now ask programs kept for the process
(``solver.programs``: ``outputs``/``table``, ``plain``, ``whole``).

As in ``test_programs``: a second ask grounds nothing (``clingo.Control.ground`` counted;
the web server and the pytest plugin ask again in one process); a rule file edited in
between is grounded again (a lawyer's draft is never answered by the program of the text
before); and the kept program's answer, also after other questions were asked of it,
equals an answer computed here on a Control grounded for that one question.
"""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path
from typing import Any, Callable

import clingo
import pytest

from status_engine import api
from status_engine.analysis import brief
from status_engine.analysis.whatif.sweep import MAX_COMBINATIONS, OUTPUTS, _flatten, plan, sweep
from status_engine.contract import Key, Modality
from status_engine.regress.expectations import Expectation, typos, vocabulary
from status_engine.regress.ruletexts import head_statuses
from status_engine.rulebook.book import RuleBook
from status_engine.solver import facts as facts_mod
from status_engine.solver import session
from status_engine.solver.solving import ENFORCE, Consequences, Deadline, consequences, ground
from status_engine.solver.verdicts import conclusions, outcome_key, person_results
from groundings import count, twice

ROOT = Path(__file__).resolve().parents[2]
KURSK_02 = str(ROOT / "scenarios" / "kursk-2025-02.yaml")
KURSK_06 = str(ROOT / "scenarios" / "kursk-2025-06.yaml")  # the README's sweep example
# A rule of this test only (as in tests/properties/test_decomposition.py): one person's
# status depends on another's wish, so per-person solving is refused and a briefing's pins
# are answered on the whole program.
RELATION = ("% test only: a status that depends on another person's wish\n"
            "status(P, comrade) :- person(P), person(Q), P != Q, fact(person(Q, wish), stay).\n")




def _copy(tmp_path: Path, relation: bool = False) -> tuple[Path, RuleBook]:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    if relation:
        (rules / "zz_relation.lp").write_text(RELATION, encoding="utf-8")
    return rules, api.rules_for(str(rules))


def _edit(rules: Path) -> None:
    """A comment changes no verdict but the file's size and modification time: its signature."""
    f = rules / "consistency.lp"
    f.write_text(f.read_text(encoding="utf-8") + "\n% a lawyer's note\n", encoding="utf-8")


# ------------------------------------------------------------------------------ sweeps

def _table(prep: Any, **kw: Any) -> list[tuple[Any, ...]]:
    """What a reader of the tables sees: per table its axes, mode, rows and profiles."""
    return [(r.person, [a.path for a in r.axes], r.mode, list(r.rows), r.profiles, r.items, r.constant,
             None if r.worlds is None else list(r.worlds)) for r in sweep(prep, **kw)]


def _fresh_rows(prep: Any, **kw: Any) -> list[list[dict[Any, str] | None]]:
    """Each table's combinations solved here one by one: brave and cautious consequences on a
    Control grounded for this question alone, the combination's values assumed (a method
    independent of the sweep's single enumerating solve)."""
    facts, axes, plans = plan(prep, kw.get("vary"), kw.get("person"), MAX_COMBINATIONS, Deadline(None))
    ctl = ground(prep.rules, facts.atoms, shown=OUTPUTS)
    ctl.assign_external(ENFORCE, True)
    out = []
    for who, paths, _ in plans:
        rows: list[dict[Any, str] | None] = []
        for combo in itertools.product(*(axes[p].values for p in paths)):
            assumed = [(axes[p].atom(v), True) for p, v in zip(paths, combo)]
            brave = consequences(ctl, "brave", Deadline(None), assumed)
            if brave is None:
                rows.append(None)
                continue
            cautious = consequences(ctl, "cautious", Deadline(None), assumed) or []
            b, c = set(brave), set(cautious)
            if who is not None:
                me = facts_mod.const(who)
                b, c = {s for s in b if s.arguments[0] == me}, {s for s in c if s.arguments[0] == me}
            rows.append(_flatten(person_results(Consequences(b, c, 0, set()), [who] if who else facts.persons)))
        out.append(rows)
    return out


def _rows(prep: Any, **kw: Any) -> list[list[dict[Any, str] | None]]:
    return [[None if r < 0 else t.profiles[r] for r in t.rows] for t in sweep(prep, **kw)]


@pytest.mark.parametrize("kw", [{}, {"person": "baek"}], ids=["all", "baek"])
def test_a_second_sweep_grounds_nothing(kw: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's sweep asked again with a new prepared scenario (a web request): the
    table's program, with its enumeration statements, is kept and answers alike."""
    n_first, n_second, first, second = twice(lambda: _table(api.prepare(KURSK_06), **kw), monkeypatch)
    assert n_first >= 1 and n_second == 0
    assert first == second


def test_kept_sweep_programs_answer_as_a_fresh_control_after_other_tables() -> None:
    """Tables of the same scenario asked in turn, each method once (the enumeration's
    statements, the projected one's and the assumptions' configuration would leak into a
    shared program), then the first again: every table equals the combinations solved one
    by one on a Control grounded here."""
    session.clear()
    vary = {"vary": ["persons.baek.wish", "positions.party_status", "positions.refused_repatriation"]}
    asks: list[dict[str, Any]] = [{}, {"person": "baek"}, vary, {**vary, "method": "projected"},
                                  {**vary, "method": "assumptions"}, {}, vary]
    for kw in asks:
        fresh = _fresh_rows(api.prepare(KURSK_06), **{k: v for k, v in kw.items() if k != "method"})
        assert _rows(api.prepare(KURSK_06), **kw) == fresh, kw
    # Baek's wish is open in June 2025: the sweep varies it (a row per wish), and a wish to
    # stay and a wish to return are not read alike (refused repatriation, GC III art. 118).
    table = sweep(api.prepare(KURSK_06), **vary)[0]
    assert len({r for r in table.rows if r >= 0}) > 1


def test_a_sweep_after_a_rule_file_is_edited_is_grounded_again(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    rules, book = _copy(tmp_path)
    session.clear()
    seen = count(monkeypatch)
    first = _table(api.prepare(KURSK_06, rules=book))
    before = seen[0]
    assert _table(api.prepare(KURSK_06, rules=book)) == first
    assert seen[0] == before  # unchanged rules: nothing grounded
    _edit(rules)
    assert _table(api.prepare(KURSK_06, rules=book)) == first  # a comment changes nothing
    assert seen[0] > before  # the edited file is read and the table's program grounded again


# ----------------------------------------------------------------- expectations' vocabulary

def _fresh_vocabulary(prep: Any) -> tuple[set[str], set[str]]:
    """Status names and outcome keys of a Control grounded here, showing every atom."""
    ctl = ground(prep.rules, prep.facts.atoms, shown=None)
    atoms = ctl.symbolic_atoms
    statuses = set(head_statuses(prep.rules)) | {str(a.symbol.arguments[1]) for a in atoms.by_signature("status", 2)}
    return statuses, {outcome_key(a.symbol.arguments[1]) for a in atoms.by_signature("outcome", 2)}


def test_a_second_vocabulary_grounds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    n_first, n_second, first, second = twice(lambda: vocabulary(api.prepare(KURSK_02)), monkeypatch)
    assert n_first == 1 and n_second == 0
    assert first == second


@pytest.mark.parametrize("path", sorted(str(p) for p in (ROOT / "scenarios").glob("*.yaml")),
                         ids=lambda p: Path(p).stem)
def test_the_vocabulary_equals_a_fresh_controls(path: str) -> None:
    prep = api.prepare(path)
    vocab = vocabulary(prep)
    assert (set(vocab.statuses), set(vocab.outcomes)) == _fresh_vocabulary(prep)


def test_a_typo_in_an_expectation_still_fails_on_the_kept_vocabulary() -> None:
    """``pow`` (GC III art. 4) is a status the rules derive; ``prisoner`` is not: a typo must
    fail, not pass, whichever program the vocabulary was read from."""
    session.clear()
    vocab = vocabulary(api.prepare(KURSK_02))
    exp = [Expectation("f.yaml", "k", "ri", "status", k, "possible") for k in ("pow", "prisoner")]
    assert [p.key for p in typos(exp, vocab)] == ["expect.ri.status.prisoner"]


def test_a_vocabulary_after_a_rule_file_is_edited_is_grounded_again(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    rules, book = _copy(tmp_path)
    session.clear()
    seen = count(monkeypatch)
    first = vocabulary(api.prepare(KURSK_02, rules=book))
    before = seen[0]
    assert vocabulary(api.prepare(KURSK_02, rules=book)) == first and seen[0] == before
    f = rules / "consistency.lp"  # a lawyer's draft: a status no rule derived before
    f.write_text(f.read_text(encoding="utf-8") + "\nstatus(P, newly_drafted) :- person(P).\n", encoding="utf-8")
    drafted = vocabulary(api.prepare(KURSK_02, rules=book))
    assert seen[0] > before and drafted.knows("status", "newly_drafted") and not first.knows("status", "newly_drafted")


# ------------------------------------------------------- a briefing's pins on the whole program

def _baek_wish(prep: Any) -> Any:
    return next(k for k, _ in prep.facts.open_domains() if prep.facts.info(k).path == "persons.baek.wish")


def _fresh_pinned(prep: Any, pins: list[tuple[Any, Any]]) -> Any:
    """The whole program grounded here with the known facts as facts, the pins assumed."""
    ctl = ground(prep.rules, prep.facts.atoms)
    ctl.assign_external(ENFORCE, True)
    assumed = [(clingo.Function("fact", [k, v]), True) for k, v in pins]
    brave = consequences(ctl, "brave", Deadline(None), assumed)
    if brave is None:
        return None
    cautious = consequences(ctl, "cautious", Deadline(None), assumed) or []
    cons = Consequences(set(brave), set(cautious), 0, set())
    return conclusions(person_results(cons, prep.facts.persons, prep.facts.mirror_of))


def test_a_second_briefing_pins_on_the_kept_whole_program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule relates persons: the pins are solved on the whole program, the one the
    evaluation's fallback grounded; a second briefing (a new ``Pinner``) grounds nothing."""
    _, book = _copy(tmp_path, relation=True)

    def ask() -> Any:
        prep = api.prepare(KURSK_02, rules=book)
        api.evaluate_prepared(prep)  # the briefing evaluates first
        pinner = brief.Pinner(prep)
        assert pinner.split is None  # the rule relates persons
        return pinner.persons([(_baek_wish(prep), facts_mod.const("stay"))])

    n_first, n_second, first, second = twice(ask, monkeypatch)
    assert n_second == 0
    assert first == second


def test_pins_on_the_kept_whole_program_answer_as_a_fresh_control(tmp_path: Path) -> None:
    """Baek's wish pinned to each value, in turn on one kept program, equals a Control
    grounded here; and the test's rule reads as written: Ri is a comrade exactly when Baek
    wishes to stay, possibly so while Baek's wish is open."""
    _, book = _copy(tmp_path, relation=True)
    session.clear()
    prep = api.prepare(KURSK_02, rules=book)
    pinner = brief.Pinner(prep)
    key = _baek_wish(prep)
    comrade = Key.of_section("status", "comrade")
    for value in dict(prep.facts.open_domains())[key]:
        pins = [(key, value)]
        got = pinner.persons(pins)
        assert got == _fresh_pinned(prep, pins)
        assert got is not None
        assert got["ri"].get(comrade) == (Modality("necessary") if str(value) == "stay" else None)
    assert pinner.persons([]) == _fresh_pinned(prep, [])
    assert pinner.persons([])["ri"].get(comrade) == Modality("possible")  # type: ignore[index]
    assert pinner.persons([(key, facts_mod.const("no_such_wish"))]) is None  # no world, as before



def test_sweeps_and_pins_from_several_threads_answer_as_one_thread(tmp_path: Path) -> None:
    """The web server asks from several threads: each kept program is used under its lock,
    so tables and pins asked at once equal those asked one after the other."""
    from concurrent.futures import ThreadPoolExecutor

    _, book = _copy(tmp_path, relation=True)

    def pins(value: str) -> Any:
        prep = api.prepare(KURSK_02, rules=book)
        return brief.Pinner(prep).persons([(_baek_wish(prep), facts_mod.const(value))])

    asks: list[Callable[[], Any]] = [
        lambda: _table(api.prepare(KURSK_06)), lambda: _table(api.prepare(KURSK_06), person="baek"),
        lambda: vocabulary(api.prepare(KURSK_02)), lambda: pins("stay"), lambda: pins("rok")] * 2
    session.clear()
    alone = [ask() for ask in asks]
    session.clear()
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda ask: ask(), asks))
    assert together == alone
