"""Solving each person on his own: linear in persons, however much they differ.

Persons interact only through shared facts (the conflict, the states, the positions,
the special agreements): no rule relates two persons, which ``independent`` checks on
the ground program of the scenario itself.  So every world is an assignment ``g`` of the
shared open facts times, for each person, an assignment of his own open facts, and the
atoms about one person depend on ``g`` and his own facts alone.  What holds about him in
some world (brave) or in every world (cautious) is then what holds in some or every
model of a program with the shared facts and *one* person, as long as every ``g`` he
sees is a ``g`` some world has (consistency rules may exclude some; handled below).

One Control is grounded for the scenario's shape (``session``), with a single *slot*
person whose every fact is open over its full domain, and every shared fact open too.
Each distinct profile (a person's facts without his id) is then solved under
integer-literal assumptions that set the known shared values, pin his known facts and cut
his open facts' domains down to his own: two consequence solves per profile on one
grounding, each over a program the size of one person.  Identical persons share one
profile, so a deployment costs (distinct profiles) x (two small solves).

Excluded worlds (``conflict/2``): a profile whose conflicts can fire is counted by
projected enumeration on the session's analysis Control (projected onto the open facts in
the conflicts' dependency cone), per assignment of the shared facts in that cone; tallies
are memoised by their assumptions.  When some
shared assignment admits no world for one profile, the others' results must exclude it
too: each profile is then solved once per admissible shared assignment.

Pins (``solve(..., pins=...)``): some open keys set to one value, as the briefing's
questions and toggles ask; a pinned person gets a profile of his own, a pinned shared
key is one more assumption for everyone.  Nothing is grounded again.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from clingo import Function, Symbol

from .solving import Consequences
from ..errors import EvaluationError
from .facts import Entry, FactSet, const, product, slot_entries
from ..rulebook.book import RuleBook
from .session import SLOT, Deadline, Session, analysis, session
from .verdicts import Term, person_verdicts

MANY_PROFILES = 64


def independent(rules: RuleBook, facts: FactSet, entries: Sequence[Entry]) -> bool:
    """No atom about one person depends on another person's facts (checked on two slots,
    every shared key open, once per process and shape: ``session.analysis``)."""
    return analysis(rules, facts, entries).independent


@dataclass
class _View:
    """The facts as the solver sees them under some pins: open shared keys, shared
    assumptions, and each person's profile."""

    shared_open: dict[Symbol, tuple[Symbol, ...]]
    base: list[int]  # assumptions setting the known (and pinned) shared keys
    profiles: list[tuple[Entry, ...]]
    profile_of: dict[str, int]
    persons: list[str]
    made: dict[int, tuple[Any, ...]]  # a pinned person's profile -> (his scenario profile, the pins)
    known: Any  # (facts, shared pins): the same assumptions on another Control of the shape


def _view(facts: FactSet, s: Session, pins: dict[Symbol, Symbol]) -> _View:
    shared_pins = {k: v for k, v in pins.items() if k in facts.global_info}
    profiles = list(facts.profiles)
    profile_of = dict(facts.profile_of)
    mine: dict[str, dict[Symbol, Symbol]] = {}
    for k, v in pins.items():
        if k not in shared_pins and k.name == "person" and len(k.arguments) == 2:
            mine.setdefault(k.arguments[0].name, {})[k.arguments[1]] = v
    made: dict[tuple[Any, ...], int] = {}
    for pid, values in mine.items():
        if pid not in profile_of:
            continue
        sig = (profile_of[pid], tuple(values.items()))
        if sig not in made:
            made[sig] = len(profiles)
            profiles.append(tuple(dataclasses.replace(e, value=values[e.name], domain=()) if e.name in values
                                  else e for e in profiles[profile_of[pid]]))
        profile_of[pid] = made[sig]
    shared_open = {k: d for k, d in facts.global_open.items() if k not in shared_pins} if shared_pins \
        else facts.global_open
    return _View(shared_open, s.known(facts, shared_pins), profiles, profile_of, list(facts.persons),
                 {k: sig for sig, k in made.items()}, (facts, shared_pins))


def _assumptions(s: Session, facts: FactSet, view: _View, k: int) -> list[int]:
    """A profile pinned onto the slot; the scenario's own profiles are read once per fact set."""
    cache = facts.__dict__.setdefault(f"_profiles_{id(s)}", {})
    sig = view.made.get(k, k)
    if sig not in cache:
        cache[sig] = s.assumptions(view.profiles[k])
    return cache[sig]  # type: ignore[no-any-return]


def solve(rules: RuleBook, facts: FactSet, timeout: float | None = None,
          pins: dict[Symbol, Symbol] | None = None) -> Consequences | None:
    """Consequences and world count computed profile by profile; ``None`` when rules relate
    persons or no world is left (the whole-program path then names the contradiction)."""
    deadline = Deadline(timeout)
    entries = slot_entries(facts)
    # Many distinct profiles (a varied roster): the known shared values become facts of a
    # grounding of their own, so no solve carries them as assumptions and nothing is
    # memoised; few profiles share the open grounding with every date and pin.
    fixed = pins is None and len(facts.profiles) > MANY_PROFILES
    s = session(rules, facts, entries, fixed)
    if len(facts.persons) > 1 and not s.analysis.independent:
        return None
    with s.lock:
        return _solve(facts, s, _view(facts, s, pins or {}), deadline)


def solver(rules: RuleBook, facts: FactSet) -> Callable[[dict[Symbol, Symbol]], Consequences | None] | None:
    """``solve`` with pins, bound to one fact set's session (what a briefing's toggles ask
    many times); ``None`` when the rules relate persons."""
    entries = slot_entries(facts)
    if not (entries and facts.persons) or (len(facts.persons) > 1 and not independent(rules, facts, entries)):
        return None
    s = session(rules, facts, entries)

    def pinned(pins: dict[Symbol, Symbol]) -> Consequences | None:
        with s.lock:
            return _solve(facts, s, _view(facts, s, pins), Deadline(None))

    return pinned


def _solve(facts: FactSet, s: Session, view: _View, deadline: Deadline) -> Consequences | None:
    got = terms(facts, s, view, deadline)
    return None if got is None else _assemble(view, got.reps, got.brave, got.cautious, got.troubled, got.worlds)


@dataclass
class Terms:
    """What each profile's verdicts are computed from, before they are: the terms that hold
    in some world (brave) and in every world (cautious), the conflicts that can fire, and
    the world count.  A briefing's toggles merge these over sets of worlds (``analysis.cells``)."""

    reps: dict[int, str]  # profile -> its first person
    brave: dict[int, set[Term]]
    cautious: dict[int, set[Term]]
    troubled: dict[int, set[Term]]
    worlds: int


def view_of(facts: FactSet, s: Session, pins: dict[Symbol, Symbol]) -> _View:
    """The facts as the solver sees them under ``pins`` (call with ``s.lock`` held)."""
    return _view(facts, s, pins)


def terms(facts: FactSet, s: Session, view: _View, deadline: Deadline) -> Terms | None:
    """Each profile solved on the session under the view's assumptions (``s.lock`` held);
    ``None`` where no world is left."""
    reps = {view.profile_of[p]: p for p in reversed(view.persons)}  # first member of each profile
    pinned = {k: view.base + _assumptions(s, facts, view, k) for k in reps}
    brave: dict[int, set[Term]] = {}
    troubled: dict[int, set[Term]] = {}
    progress = _progress(len(reps))
    for i, k in enumerate(sorted(reps)):
        progress(i)
        found = s.consequences("brave", deadline, pinned[k], enforce=False)
        if found is None:
            if 0 in pinned[k]:
                return None  # a pinned value no rule can make true: no world
            raise EvaluationError("the rule base admits no world for this scenario")
        conflicts = {t for t in found if t[0] == "conflict"}
        if conflicts:
            troubled[k] = conflicts
        brave[k] = set(found)
    worlds, admissible = _unconstrained(view), None
    if troubled:
        counted = _count(s, view, set(troubled), deadline)
        if counted is None:
            return None
        worlds, admissible = counted
    cautious: dict[int, set[Term]] = {}
    for i, k in enumerate(sorted(reps)):
        progress(len(reps) + i)
        assume = pinned[k]
        if admissible is not None:
            brave[k], cautious[k] = _restricted(s, deadline, assume, admissible)
            continue
        if k in troubled:
            found = s.consequences("brave", deadline, assume)
            if found is None:
                return None
            brave[k] = set(found)
        cautious[k] = set(s.consequences("cautious", deadline, assume) or ())
    progress(None)
    return Terms(reps, brave, cautious, troubled, worlds)


def _unconstrained(view: _View) -> int:
    """Worlds before any consistency rule: the product of the open domains' sizes."""
    n = math.prod(len(d) for d in view.shared_open.values())
    per = [math.prod(len(e.domain) for e in entries if e.value is None) for entries in view.profiles]
    return n * product(per[view.profile_of[p]] for p in view.persons)


def _progress(profiles: int) -> Callable[[int | None], None]:
    """A progress callback over the two passes (a bar on a terminal after a second, else nothing);
    ``None`` closes it."""
    if profiles < 256:
        return lambda done: None
    from ..analysis.whatif.progress import Progress

    bar = Progress("solving persons", 2 * profiles)

    def step(done: int | None) -> None:
        if done is None:
            bar.close()
        elif done % 128 == 0:
            bar.update(done)

    return step


def _restricted(s: Session, deadline: Deadline, assume: list[int],
                admissible: list[list[int]]) -> tuple[set[Term], set[Term]]:
    """Brave and cautious over the admissible shared assignments only."""
    brave: set[Term] = set()
    cautious: set[Term] | None = None
    for g in admissible:
        b = s.consequences("brave", deadline, assume + g)
        if b is None:
            continue
        c = set(s.consequences("cautious", deadline, assume + g) or ())
        brave |= b
        cautious = c if cautious is None else cautious & c
    return brave, cautious or set()


def _assemble(view: _View, reps: dict[int, str], brave: dict[int, set[Term]],
              cautious: dict[int, set[Term]], troubled: dict[int, set[Term]], worlds: int) -> Consequences:
    """Each profile's verdicts once; every person points at his profile's."""
    by_profile = {k: person_verdicts(brave[k], cautious[k]) for k in reps}
    results = {p: by_profile[view.profile_of[p]] for p in view.persons}
    clashes = [f"clash({reps[k]},{t})" for k in reps for kind, t in brave[k] if kind == "clash"]
    conflicts = {Function("conflict", [Function(t), const(reps[k])]) for k, ts in troubled.items() for _, t in ts}
    # facts.mirror_of is left as built: explanations ground persons by it, and a person must
    # be explained under his own name even when he shares a profile with another.
    return Consequences(set(), set(), worlds, conflicts, results, clashes)


def _count(s: Session, view: _View, troubled: set[int], deadline: Deadline) -> tuple[int, list[list[int]] | None] | None:
    """Exact world count, and the admissible shared assignments when some are excluded.

    Returns ``(worlds, None)`` when every shared assignment admits a world for every
    profile (the usual case: consistency rules relate a person's own facts), and
    ``None`` when no world is left at all.
    """
    c = s.counter
    assert c is not None
    involved = s.analysis.involved
    shared = [k for k in view.shared_open if k in involved]
    own_names = {e.name for e in s.entries if Function("person", [SLOT, e.name]) in involved}
    g_lits = [[c.shared[(k, v)] for v in view.shared_open[k]] for k in shared]
    combos = list(itertools.product(*[range(len(d)) for d in g_lits]))
    base = c.known(*view.known)
    tallies = {}
    for k in troubled:  # his keys outside the cone cannot exclude a world: left out, so profiles share counts
        assume = base + c.assumptions(view.profiles[k], only=own_names)
        tallies[k] = [c.count(deadline, assume + [g_lits[i][j] for i, j in enumerate(g)]) for g in combos]
    feasible = [i for i in range(len(combos)) if all(t[i] for t in tallies.values())]
    if not feasible:
        return None
    free = math.prod(len(d) for k, d in view.shared_open.items() if k not in involved)
    # Per profile: its open facts outside the cone multiply freely; a profile with no
    # conflict contributes all its worlds whatever the shared assignment.
    rest = {k: math.prod(len(e.domain) for e in entries_k if e.value is None and e.name not in own_names)
            for k, entries_k in enumerate(view.profiles)}
    whole = {k: math.prod(len(e.domain) for e in entries_k if e.value is None)
             for k, entries_k in enumerate(view.profiles)}
    of = [view.profile_of[p] for p in view.persons]
    total = sum(product(tallies[k][i] * rest[k] if k in tallies else whole[k] for k in of) for i in feasible)
    worlds = total * free
    if len(feasible) == len(combos):
        return worlds, None
    lits = [[s.shared[(k, v)] for v in view.shared_open[k]] for k in shared]
    return worlds, [[lits[i][j] for i, j in enumerate(combos[n])] for n in feasible]
