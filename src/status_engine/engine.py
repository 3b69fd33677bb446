"""One clingo Control per evaluation: load the rules, add the facts, ground once, solve.

The engine knows no legal vocabulary beyond the names of the output predicates that
``rules/README.md`` documents.  It never enumerates the cross product of unknowns:
brave consequences (what holds in some world) and cautious consequences (what holds in
every world) are each computed by one solver call, so one person's unknowns do not
multiply another's.  The number of worlds is the product of the open facts' domain sizes
unless a consistency rule fires in some world; only then are worlds counted by
projected enumeration.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Iterable, Sequence

import clingo
from clingo import Function, Symbol

from .errors import EvaluationError
from .facts import FACTS_MECHANISM, FactSet
from .rulebook import RuleBook

# Mechanism only: how unknown facts become worlds, and the checks on the rule base's output.
MECHANISM = FACTS_MECHANISM + """
1 { fact(K, V) : domain(K, V) } 1 :- open(K).
#external enforce_consistency.
:- conflict(_, _), enforce_consistency.
clash(P, O) :- obligatory(P, O), forbidden(P, O).
"""
# Grounded only when worlds must be counted: a #project directive also restricts what
# brave and cautious consequences range over.
PROJECTION = "#project fact(K, V) : domain(K, V)."
SHOWN = ("status/2", "outcome/2", "obligatory/2", "forbidden/2", "conflict/2", "clash/2")
ENFORCE = Function("enforce_consistency")


@dataclass
class Consequences:
    """What holds in some world (brave) and in every world (cautious)."""

    brave: set[Symbol]
    cautious: set[Symbol]
    worlds: int
    conflicts: set[Symbol]  # conflict/2 atoms that hold in some world of the unfiltered space


class Deadline:
    """A wall-clock budget shared by the solver calls of one evaluation."""

    def __init__(self, seconds: float | None):
        self.end = None if seconds is None else time.monotonic() + seconds
        self.seconds = seconds

    def left(self) -> float | None:
        return None if self.end is None else max(0.0, self.end - time.monotonic())


def control(rules: RuleBook, facts: FactSet, *, show_all: bool = False, extra: str = "") -> clingo.Control:
    """A grounded Control for these rules and facts."""
    ctl = clingo.Control(["--warn=none"])
    for path in rules.files:
        ctl.load(str(path))
    shows = "" if show_all else "".join(f"#show {sig}.\n" for sig in SHOWN)
    ctl.add("base", [], MECHANISM + shows + extra)
    with ctl.backend() as backend:
        for sym in facts.atoms:
            backend.add_rule([backend.add_atom(sym)])
    ctl.ground([("base", [])])
    return ctl


def _consequence(ctl: clingo.Control, mode: str, deadline: Deadline,
                 assumptions: Sequence[tuple[Symbol, bool]] = ()) -> set[Symbol] | None:
    """Brave or cautious consequences; ``None`` when there is no world.

    Each consequence model must add (brave) or remove (cautious) at least one shown atom.
    With clasp's default heuristic a model changes one person at a time, so the number
    of models grows with the number of persons and the cost with its square.  Preferring
    shown atoms true (brave) or false (cautious) makes every model change all persons at
    once: a handful of models whatever the size.  Heuristics never change the answer.
    """
    ctl.configuration.solver.heuristic = "Domain"
    ctl.configuration.solver.dom_mod = "3,16" if mode == "brave" else "5,16"
    ctl.configuration.solve.enum_mode = mode
    ctl.configuration.solve.models = 0
    ctl.configuration.solve.project = "no"
    last: list[Symbol] | None = None

    def on_model(model: clingo.Model) -> None:
        nonlocal last
        last = model.symbols(shown=True)

    _run(ctl, deadline, on_model, assumptions)
    return None if last is None else set(last)


def _run(ctl: clingo.Control, deadline: Deadline, on_model, assumptions=()) -> clingo.SolveResult:
    with ctl.solve(on_model=on_model, assumptions=list(assumptions), async_=True) as handle:
        if not handle.wait(deadline.left()):
            handle.cancel()
            raise EvaluationError(f"evaluation timed out after {deadline.seconds:g} s",
                                  ["raise --timeout, or pin some unknown facts or positions"])
        return handle.get()


def count_worlds(ctl: clingo.Control, deadline: Deadline) -> int:
    """Count worlds by projected enumeration (used only when some worlds are excluded)."""
    ctl.add("projection", [], PROJECTION)
    ctl.ground([("projection", [])])
    ctl.configuration.solve.enum_mode = "auto"
    ctl.configuration.solve.models = 0
    ctl.configuration.solve.project = "project"
    n = 0

    def on_model(_: clingo.Model) -> None:
        nonlocal n
        n += 1

    _run(ctl, deadline, on_model)
    return n


def solve(rules: RuleBook, facts: FactSet, timeout: float | None = None) -> Consequences:
    """Ground once; brave and cautious consequences; the exact number of worlds."""
    deadline = Deadline(timeout)
    ctl = control(rules, facts)
    ctl.assign_external(ENFORCE, False)
    brave = _consequence(ctl, "brave", deadline)
    if brave is None:  # cannot happen without constraints in the rules; reported all the same
        raise EvaluationError("the rule base admits no world for this scenario")
    conflicts = {s for s in brave if s.name == "conflict"}
    worlds = facts.worlds
    if conflicts:
        ctl.assign_external(ENFORCE, True)
        brave = _consequence(ctl, "brave", deadline)
        if brave is None:
            raise contradiction(rules, facts, conflicts)
    cautious = _consequence(ctl, "cautious", deadline) or set()
    if conflicts:
        worlds = count_worlds(ctl, deadline)
    return Consequences(brave, cautious, worlds, conflicts)


def contradiction(rules: RuleBook, facts: FactSet, conflicts: Iterable[Symbol]) -> EvaluationError:
    """Name the facts that cannot all hold (a minimal unsat core) and the rules that say so."""
    known = facts.known_facts()
    structural = [s for s in facts.atoms if s.name not in ("fact", "profile")]
    ctl = clingo.Control(["--warn=none"])
    for path in rules.files:
        ctl.load(str(path))
    ctl.add("base", [], MECHANISM)
    with ctl.backend() as backend:
        for sym in structural:
            backend.add_rule([backend.add_atom(sym)])
        for sym in known:
            backend.add_external(backend.add_atom(sym), clingo.TruthValue.Free)
    ctl.ground([("base", [])])
    ctl.assign_external(ENFORCE, True)
    core = _minimal_core(ctl, known)
    return Contradiction(core, sorted(conflicts))


class Contradiction(EvaluationError):
    """No world: ``core`` is a minimal set of fact/2 atoms that cannot hold together."""

    def __init__(self, core: list[Symbol], conflicts: list[Symbol]):
        self.core, self.conflicts = core, conflicts
        super().__init__("no world: the scenario's facts contradict each other",
                         [f"fact {s}" for s in core] + [f"rule {c}" for c in conflicts])


def _minimal_core(ctl: clingo.Control, known: list[Symbol]) -> list[Symbol]:
    """Deletion-based minimisation of clingo's unsat core over fact assumptions."""
    def unsat(candidates: list[Symbol]) -> list[Symbol] | None:
        core: list[int] = []
        chosen = set(candidates)
        assumptions = [(s, s in chosen) for s in known]
        result = ctl.solve(assumptions=assumptions, on_core=lambda c: core.extend(c))
        if not result.unsatisfiable:
            return None
        lits = {abs(lit) for lit in core}
        by_lit = {ctl.symbolic_atoms[s].literal: s for s in candidates if ctl.symbolic_atoms[s] is not None}
        return [by_lit[l] for l in lits if l in by_lit] or list(candidates)

    core = unsat(known) or []
    i = 0
    while i < len(core):
        trial = core[:i] + core[i + 1:]
        smaller = unsat(trial)
        if smaller is not None:
            core = [s for s in trial if s in set(smaller)]
        else:
            i += 1
    return sorted(core)
