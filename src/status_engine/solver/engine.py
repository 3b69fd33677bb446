"""Evaluation: person by person on the shape's session (``per_profile``), else the whole program.

The whole-program path (``solve_whole``) is the fallback when a rule relates two persons,
and the place where a contradiction is named (a minimal unsat core over the known facts).
Both ask one program, kept for the process (``programs.whole``: the known facts are
externals, assumed true to solve, minimised over to name a contradiction); the counting
programs are kept there too.

The engine knows no legal vocabulary beyond the names of the output predicates that
``rules/README.md`` documents.  It never enumerates the cross product of unknowns:
brave consequences (what holds in some world) and cautious consequences (what holds in
every world) are each computed by one solver call, so one person's unknowns do not
multiply another's.  The number of worlds is the product of the open facts' domain sizes
unless a consistency rule fires in some world; only then are worlds counted by
projected enumeration.
"""

from __future__ import annotations

import itertools
import math

from typing import Any, Callable, Iterable, Sequence

import clingo
from clingo import Function, Symbol

from ..errors import EvaluationError
from .facts import FactSet
from ..rulebook.book import RuleBook
from . import programs
from .session import ENFORCE, MECHANISM, SHOWN, Deadline, consequences, ground, run
from .solving import Consequences

__all__ = ["ENFORCE", "MECHANISM", "SHOWN", "Consequences", "Contradiction", "Deadline", "control", "ground",
           "solve", "solve_whole"]
_run = run  # the one "solve with a deadline" lives in session.run

def control(rules: RuleBook, facts: FactSet, *, show_all: bool = False, extra: str = "",
            extra_atoms: Iterable[Symbol] = (), shown: Sequence[str] = SHOWN,
            observer: Any = None) -> clingo.Control:
    """A grounded Control for these rules and facts (``observer`` sees the ground program)."""
    return ground(rules, [*facts.atoms, *extra_atoms], extra=extra, shown=None if show_all else shown,
                  observer=observer)


def involved_keys(rules: RuleBook, facts: FactSet) -> set[Symbol]:
    """Open keys whose value can make some conflict/2 atom true (its dependency cone, read off
    the kept whole-scenario program)."""
    w = programs.whole(rules, facts)
    with w.lock:
        return set(w.involved())


def count_worlds(rules: RuleBook, facts: FactSet, conflicts: set[Symbol], deadline: Deadline) -> int:
    """Exact number of worlds when consistency rules exclude some combinations.

    Only the open facts in the dependency cone of the conflict atoms (in the ground
    program) can exclude a world; every other open fact multiplies the count by its
    domain size.  Consistency rules relate a person's facts to each other and to shared
    facts (the conflict, the states, the positions), never to another person's: so for
    every assignment ``g`` of the involved shared facts, the worlds are the product over
    persons of the person's admissible assignments of his involved facts under ``g``.
    For each profile with a conflict we count those, projected onto the involved facts
    of one representative; everyone else contributes his full product.
    """
    involved = involved_keys(rules, facts)
    shared = [k for k in facts.global_open if k in involved]
    free = math.prod(len(d) for k, d in facts.global_open.items() if k not in involved)
    subjects = {str(c.arguments[1]) for c in conflicts}
    troubled = {facts.profile_of[p] for p in facts.grounded if p in subjects}
    reps = {k: next(p for p in facts.grounded if facts.profile_of[p] == k and p in subjects) for k in troubled}
    tallies: dict[int, dict[tuple[Symbol | None, ...], int]] = {}
    local_free: dict[int, int] = {}
    pairs: list[tuple[int, str | None]] = list(sorted(reps.items())) or [(-1, None)]
    for k, rep in pairs:
        own = facts.open_domains_of(rep) if rep else []
        keys = shared + [key for key, _ in own if key in involved]
        local_free[k] = math.prod(len(d) for key, d in own if key not in involved)
        tallies[k] = _projected_tally(rules, facts, keys, len(shared), deadline)
    feasible = set.intersection(*(set(t) for t in tallies.values()))
    clean = math.prod(facts.local_worlds(p) for p in facts.persons if facts.profile_of[p] not in troubled)
    total = 0
    for g in feasible:
        total += math.prod(tallies[facts.profile_of[p]][g] * local_free[facts.profile_of[p]]
                           for p in facts.persons if facts.profile_of[p] in troubled)
    return total * clean * free


def _projected_tally(rules: RuleBook, facts: FactSet, keys: list[Symbol], n_shared: int,
                     deadline: Deadline) -> dict[tuple[Symbol | None, ...], int]:
    """Admissible assignments of ``keys``, tallied by their first ``n_shared`` values.

    When the shared facts have few combinations, each is solved under assumptions and
    clasp counts the projected models itself (no Python per model); otherwise models
    are enumerated once and tallied in Python.
    """
    kept = programs.counter(rules, facts, keys)
    with kept.lock:
        return _tally(kept.ctl, facts, keys, n_shared, deadline)


def _tally(ctl: clingo.Control, facts: FactSet, keys: list[Symbol], n_shared: int,
           deadline: Deadline) -> dict[tuple[Symbol | None, ...], int]:
    solve_conf: Any = ctl.configuration.solve
    solve_conf.project = "project"
    solve_conf.models = 0
    shared = keys[:n_shared]
    domains = [facts.global_open[k] for k in shared]
    tally: dict[tuple[Symbol | None, ...], int] = {}
    if math.prod(len(d) for d in domains) <= 4096:
        for g in itertools.product(*domains):
            assumptions = [(Function("fact", [k, v]), True) for k, v in zip(shared, g)]
            _run(ctl, deadline, None, assumptions)
            n = int(ctl.statistics["summary"]["models"]["enumerated"])
            if n:
                tally[g] = n
        return tally
    position = {k: i for i, k in enumerate(keys)}

    def on_model(model: clingo.Model) -> None:
        values: list[Symbol | None] = [None] * len(keys)
        for term in model.symbols(terms=True):  # shown terms only: backend facts are atoms
            key, value = term.arguments
            values[position[key]] = value
        g = tuple(values[:n_shared])
        tally[g] = tally.get(g, 0) + 1

    _run(ctl, deadline, on_model)
    return tally


def solve(rules: RuleBook, facts: FactSet, timeout: float | None = None) -> Consequences:
    """Consequences and the exact number of worlds, person by person where the rules allow
    (``per_profile``: linear in persons), else on the whole program."""
    from . import per_profile

    if facts.slot and facts.persons:
        found = per_profile.solve(rules, facts, timeout)
        if found is not None:
            return found
    return solve_whole(rules, facts, timeout)


def solve_whole(rules: RuleBook, facts: FactSet, timeout: float | None = None) -> Consequences:
    """Every (unmirrored) person at once; brave and cautious consequences; exact worlds.

    Asked of the kept whole-scenario program (``programs.whole``) with every known fact
    assumed, and consistency enforced or not by assumption: the same program names the
    contradiction when no world is left."""
    deadline = Deadline(timeout)
    w = programs.whole(rules, facts)
    with w.lock:
        known = w.facts_true()

        def consequence(mode: str, enforce: bool) -> set[Symbol] | None:
            found = consequences(w.ctl, mode, deadline, [*known, w.enforce if enforce else -w.enforce])
            return None if found is None else set(found)

        brave = consequence("brave", False)
        if brave is None:  # cannot happen without constraints in the rules; reported all the same
            raise EvaluationError("the rule base admits no world for this scenario")
        conflicts = {s for s in brave if s.name == "conflict"}
        if conflicts:
            brave = consequence("brave", True)
            if brave is None:
                raise _contradiction(w, conflicts, deadline)
        cautious = consequence("cautious", bool(conflicts)) or set()
    worlds = count_worlds(rules, facts, conflicts, deadline) if conflicts else facts.worlds
    return Consequences(brave, cautious, worlds, conflicts)


def contradiction(rules: RuleBook, facts: FactSet, conflicts: Iterable[Symbol],
                  deadline: Deadline | None = None) -> EvaluationError:
    """Name the facts that cannot all hold (a minimal unsat core) and the rules that say so."""
    w = programs.whole(rules, facts)
    with w.lock:
        return _contradiction(w, conflicts, deadline or Deadline(None))


def _contradiction(w: programs.Whole, conflicts: Iterable[Symbol], deadline: Deadline) -> EvaluationError:
    return Contradiction(_minimal_core(w, list(w.known), deadline), sorted(conflicts))


class Contradiction(EvaluationError):
    """No world: ``core`` is a minimal set of fact/2 atoms that cannot hold together."""

    def __init__(self, core: list[Symbol], conflicts: list[Symbol]):
        self.core, self.conflicts = core, conflicts
        super().__init__("no world: the scenario's facts contradict each other",
                         [f"fact {s}" for s in core] + [f"rule {c}" for c in conflicts])


def _minimal_core(w: programs.Whole, known: list[Symbol], deadline: Deadline) -> list[Symbol]:
    """Deletion-based minimisation of clingo's unsat core over fact assumptions (every
    known fact not among the candidates assumed false), consistency enforced."""
    lit = {s: w.literal(s) for s in known}
    by_lit = {v: s for s, v in lit.items() if v is not None}

    def unsat(candidates: list[Symbol]) -> list[Symbol] | None:
        core: list[int] = []
        chosen = set(candidates)
        assumptions = [v if s in chosen else -v for s, v in lit.items() if v is not None]
        result = run(w.ctl, deadline, None, [*assumptions, w.enforce], on_core=core.extend)
        if not result.unsatisfiable:
            return None
        lits = {abs(x) for x in core}
        return [by_lit[x] for x in lits if x in by_lit] or list(candidates)

    return shrink_core(unsat(known) or [], unsat)


def shrink_core(core: list[Symbol], unsat: Callable[[list[Symbol]], list[Symbol] | None]) -> list[Symbol]:
    """Deletion-based minimisation: drop each member whose removal keeps ``unsat`` true.

    ``unsat(candidates)`` returns a (possibly smaller) core when the candidates still
    cannot hold together, ``None`` when they can.
    """
    i = 0
    while i < len(core):
        trial = core[:i] + core[i + 1:]
        smaller = unsat(trial)
        if smaller is not None:
            keep = set(smaller)
            core = [s for s in trial if s in keep]
        else:
            i += 1
    return sorted(core)
