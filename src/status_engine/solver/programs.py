"""The grounded programs beside the slot session, each grounded once and kept for the process.

The slot session (``session``) answers evaluations, timelines, briefings and sweeps by
assumptions on one grounding per scenario shape.  Some questions need a program of
another kind, grounded on a fact set itself:

* ``whole``: the scenario's every person, with the known facts as free externals, so
  that one grounding answers the whole-program fallback (all known facts assumed true)
  and names a contradiction (a minimal unsat core over the same assumptions); the
  dependency cone of the consistency rules is read off it too;
* ``counter``: that fact set projected onto some open keys (counting worlds);
* ``plain``: the fact set's own program, facts as facts (what ``needs`` checks candidates
  on; with its ground rules recorded, what ``doubled`` copies);
* ``doubled``: the plain program copied twice with selectors tying or separating each
  open key's values in the two copies (which open facts can change a result);
* ``optimiser`` and ``diagnosis``: the programs of ``needs`` (fewest changed facts; which
  rules block a goal);
* ``outputs`` and ``table``: the fact set's program showing some output predicates, its
  brave and cautious consequences kept with it (a sweep's whole space), and the same
  program claimed by one decision table's enumeration statements (``Table``).

The fact set's own program is also where the vocabulary of an expectation is read (the
status and outcome atoms its ground program has: ``plain``, nothing solved), and the
whole-scenario program answers a briefing's pins where a rule relates persons.

One program is deliberately *not* kept: the explanation Control
(``analysis.explain.instrument.explain_control``).  An ``Explainer`` adds guard and block
rules to its Control as it covers the regions of a conclusion, and which example world an
explanation shows depends on what that Control has solved before; ``analysis.explain.batch``
relies on each part starting from a freshly grounded Control, so that an explanation
reads the same whoever asked before it.  ``explain_control`` is the one function that
grounds it (``rulebook.coverage`` asks it too, for a single brave solve).

Each is kept per (kind, what it is grounded on): the rule base's digest and files'
signature (an edited rule file is grounded again) and the atoms it was given, in an LRU
of ``MAX_PROGRAMS`` per kind under one lock, built outside it, as the sessions are.  A
caller that adds constraints of its own (``needs`` excludes the change sets it has
tried) guards them with an activation literal (``Program.activation``) that is released
when it is done, so the next caller finds the program as it was grounded.  Every Control
is used under its program's ``lock`` (the web server asks from several threads).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Sequence, TypeVar

import clingo
from clingo import Function, Symbol

from .facts import FactSet, const
from .mechanism import program
from ..rulebook.book import RuleBook
from .doubled import Doubled, Recorder, build as build_doubled
from .solving import ENFORCE, Dependencies, ground, signature

T = TypeVar("T")
MAX_PROGRAMS = 8  # kept per kind

_KEPT: dict[str, OrderedDict[tuple[Any, ...], Any]] = {}
_LOCK = threading.Lock()


def kept(kind: str, key: tuple[Any, ...], build: Callable[[], T]) -> T:
    """The program of this kind and key, built on first use (outside the lock) and kept."""
    with _LOCK:
        cache = _KEPT.setdefault(kind, OrderedDict())
        found = cache.get(key)
        if found is not None:
            cache.move_to_end(key)
            return found  # type: ignore[no-any-return]
    made = build()
    with _LOCK:  # another thread may have built one too: the later one is kept, both answer alike
        cache = _KEPT.setdefault(kind, OrderedDict())
        cache[key] = made
        while len(cache) > MAX_PROGRAMS:
            cache.popitem(last=False)
    return made


def clear() -> None:
    """Forget every kept program (``session.clear`` calls this too)."""
    with _LOCK:
        _KEPT.clear()


def fact_key(rules: RuleBook, facts: FactSet, extra: Sequence[Symbol] = ()) -> tuple[Any, ...]:
    """What a program grounded on a fact set depends on: the rule base as it is on disk now,
    the atoms, and who mirrors whom (a mirrored person has no atoms but known facts)."""
    return (rules.digest, signature(rules), tuple(facts.atoms), tuple(extra), tuple(facts.persons),
            tuple(sorted(facts.profile_of.items())))


@dataclass
class Program:
    """A kept Control, with the goal atoms callers defined on it (``goal``)."""

    ctl: clingo.Control
    lock: threading.RLock = field(default_factory=threading.RLock)
    goals: dict[Any, int] = field(default_factory=dict)

    def literal(self, symbol: Symbol) -> int | None:
        atom = self.ctl.symbolic_atoms[symbol]
        return None if atom is None else atom.literal

    def goal(self, key: Any, define: Callable[[clingo.Control], int]) -> int:
        """The atom a caller defined for ``key`` (defined by ``define`` on first use)."""
        if key not in self.goals:
            self.goals[key] = define(self.ctl)
        return self.goals[key]

    @contextmanager
    def activation(self) -> Iterator[int]:
        """A fresh external to put in the body of every constraint a caller adds, and to
        assume true in its solves; released (false for good) on leaving, which makes those
        constraints inert for the next caller."""
        with self.ctl.backend() as backend:
            act = backend.add_atom()
            backend.add_external(act, clingo.TruthValue.Free)
        try:
            yield act
        finally:
            self.ctl.release_external(act)


# ----------------------------------------------------------------------- the whole scenario

@dataclass
class Whole(Program):
    """The scenario's program with its known facts as free externals (``known``)."""

    known: tuple[Symbol, ...] = ()
    grounded: frozenset[Symbol] = frozenset()  # known facts of persons the program has (not mirrored)
    deps: Dependencies = field(default_factory=Dependencies)
    enforce: int = 0
    _involved: set[Symbol] | None = None
    _true: list[int] | None = None

    def facts_true(self) -> list[int]:
        """Assumptions that make the program the one grounded with the facts as facts (a
        mirrored person's facts false: that program has no atoms of his)."""
        if self._true is None:
            lits = [(s, self.literal(s)) for s in self.known]
            self._true = [lit if s in self.grounded else -lit for s, lit in lits if lit is not None]
        return self._true

    def involved(self) -> set[Symbol]:
        """Open keys whose value can make some conflict/2 atom true (its dependency cone)."""
        if self._involved is None:
            atoms = self.ctl.symbolic_atoms
            cone = self.deps.cone(a.literal for a in atoms.by_signature("conflict", 2))
            self._involved = {a.symbol.arguments[0] for a in atoms.by_signature("fact", 2) if a.literal in cone}
        return self._involved


def whole(rules: RuleBook, facts: FactSet) -> Whole:
    """The whole-scenario program of this fact set (grounded on first use)."""
    def build() -> Whole:
        known = tuple(facts.known_facts())
        structural = [s for s in facts.atoms if s.name not in ("fact", "profile")]
        deps = Dependencies()
        ctl = ground(rules, structural, observer=deps, externals=known)
        ctl.assign_external(ENFORCE, None)
        enforce = ctl.symbolic_atoms[ENFORCE]
        assert enforce is not None  # worlds.lp declares it
        mine = {const(p) for p in facts.grounded}
        grounded = frozenset(s for s in known if not _of_person(s) or s.arguments[0].arguments[0] in mine)
        return Whole(ctl, known=known, grounded=grounded, deps=deps, enforce=enforce.literal)

    return kept("whole", fact_key(rules, facts), build)


def _of_person(fact: Symbol) -> bool:
    key = fact.arguments[0]
    return key.name == "person" and len(key.arguments) == 2


def counter(rules: RuleBook, facts: FactSet, keys: Sequence[Symbol]) -> Program:
    """The fact set's program projected onto ``keys`` (``mechanism/count.lp``), consistency enforced."""
    marks = [Function("count_key", [k]) for k in keys]

    def build() -> Program:
        ctl = ground(rules, [*facts.atoms, *marks], extra=program("count"), shown=())
        ctl.assign_external(ENFORCE, True)
        return Program(ctl)

    return kept("counter", fact_key(rules, facts, marks), build)


# ----------------------------------------------------------------- the fact set's own program

@dataclass
class Plain(Program):
    """The fact set's program, facts as facts, consistency enforced, one model per solve;
    ``recorded``: its ground rules, when asked for (``doubled`` copies them)."""

    recorded: Recorder | None = None


def plain(rules: RuleBook, facts: FactSet, record: bool = False) -> Plain:
    """The fact set's own program (``record``: with its ground rules, which costs a Python
    call per ground rule while grounding: only the doubled program needs them)."""
    def build() -> Plain:
        rec = Recorder() if record else None
        ctl = ground(rules, facts.atoms, shown=(), observer=rec)
        if rec is not None:
            rec.closed = True
        ctl.assign_external(ENFORCE, True)
        ctl.configuration.solve.models = 1  # type: ignore[union-attr]
        return Plain(ctl, recorded=rec)

    return kept("plain+rules" if record else "plain", fact_key(rules, facts), build)


# ------------------------------------------------------------------------------- needs

def optimiser(rules: RuleBook, facts: FactSet, marks: Sequence[Symbol]) -> Program:
    """The fact set with a choice of changes to the facts marked changeable and the fewest
    changes preferred (``mechanism/needs.lp``, ``needs_minimize.lp``); shows ``pin/2``."""
    def build() -> Program:
        ctl = ground(rules, [*facts.atoms, *marks], extra=program("needs") + program("needs_minimize"),
                     shown=("pin/2",))
        ctl.assign_external(ENFORCE, True)
        conf: Any = ctl.configuration.solve
        conf.opt_mode = "opt"
        conf.models = 0
        return Program(ctl)

    return kept("optimiser", fact_key(rules, facts, marks), build)


def diagnosis(rules: RuleBook, facts: FactSet, marks: Sequence[Symbol], rule_ids: Sequence[Symbol]) -> Program:
    """As ``optimiser`` without the preference, every enabled rule a free external
    ``rule(R)`` (``mechanism/diagnosis.lp``): which rules, switched off, make a goal reachable."""
    atoms = [s for s in facts.atoms if s.name != "rule"]

    def build() -> Program:
        ctl = ground(rules, [*atoms, *marks, *rule_ids], extra=program("needs") + program("diagnosis"), shown=())
        ctl.assign_external(ENFORCE, True)  # the rule switches: every caller sets them all first
        ctl.configuration.solve.models = 1  # type: ignore[union-attr]
        return Program(ctl)

    return kept("diagnosis", fact_key(rules, facts, [*marks, *rule_ids]), build)


# ------------------------------------------------------------------------ decision tables

@dataclass
class Table(Program):
    """The fact set's program showing ``shown``, consistency enforced.

    ``answers``: its brave and cautious consequences with no assumption (the sweep's whole
    space), solved once, before anything is added to it.  ``setup``: the decision table
    whose statements were added to it (minimize and projection statements cannot be
    retracted, nor guarded by a literal without changing the cost vector the table reads);
    a claimed program serves that table only (``table``), and ``statements_added`` says
    whether the claimant has added them yet."""

    answers: tuple[frozenset[Symbol], frozenset[Symbol]] | None = None
    setup: tuple[Any, ...] | None = None
    statements_added: bool = False


def _table_program(rules: RuleBook, facts: FactSet, shown: Sequence[str]) -> Table:
    ctl = ground(rules, facts.atoms, shown=shown)
    ctl.assign_external(ENFORCE, True)
    return Table(ctl)


def outputs(rules: RuleBook, facts: FactSet, shown: Sequence[str]) -> Table:
    """The fact set's program showing ``shown`` (its consequences are kept in ``answers``)."""
    return kept("outputs", (fact_key(rules, facts), tuple(shown)), lambda: _table_program(rules, facts, shown))


def table(rules: RuleBook, facts: FactSet, shown: Sequence[str], setup: tuple[Any, ...]) -> Table:
    """The program of one decision table (``setup``: what its statements depend on).

    The first table of a fact set claims the ``outputs`` program (no second grounding in
    a process that sweeps once); a different table of the same fact set is grounded
    anew.  Either way the program is kept for that table, whose repeat grounds nothing."""
    def build() -> Table:
        base = outputs(rules, facts, shown)
        with base.lock:
            if base.setup is None or base.setup == setup:  # == : its table was dropped from the LRU
                base.setup = setup
                return base
        made = _table_program(rules, facts, shown)
        made.answers, made.setup = base.answers, setup
        return made

    return kept("table", (fact_key(rules, facts), tuple(shown), setup), build)


# ----------------------------------------------------------------------------- doubled

def doubled(rules: RuleBook, facts: FactSet, axes: Sequence[tuple[str, Sequence[Symbol]]]) -> Doubled:
    """The fact set's program twice over disjoint atoms, with selectors per open key
    (``axes``: each key's path and its ``fact(K, V)`` atoms)."""
    def build() -> Doubled:
        base = plain(rules, facts, record=True)
        assert base.recorded is not None
        with base.lock:
            return build_doubled(base.ctl, base.recorded, axes)

    key = (fact_key(rules, facts), tuple((p, tuple(atoms)) for p, atoms in axes))
    return kept("doubled", key, build)

__all__ = ["MAX_PROGRAMS", "Plain", "Program", "Recorder", "Table", "Whole", "clear", "counter", "diagnosis",
           "doubled", "fact_key", "kept", "optimiser", "outputs", "plain", "table", "whole"]
