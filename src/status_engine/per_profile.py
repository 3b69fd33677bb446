"""Solving each person on his own: linear in persons, however much they differ.

Persons interact only through shared facts (the conflict, the states, the positions,
the special agreements): no rule relates two persons, which ``independent`` checks on
the ground program of the scenario itself.  So every world is an assignment ``g`` of the
shared open facts times, for each person, an assignment of his own open facts, and the
atoms about one person depend on ``g`` and his own facts alone.  What holds about him in
some world (brave) or in every world (cautious) is then what holds in some or every
model of a program with the shared facts and *one* person, as long as every ``g`` he
sees is a ``g`` some world has (consistency rules may exclude some; handled below).

One Control is grounded for the whole scenario, with a single *slot* person whose every
fact is open over its full domain.  Each distinct profile (a person's facts without his
id) is then solved under integer-literal assumptions that pin his known facts and cut
his open facts' domains down to his own: two consequence solves per profile on one
grounding, each over a program the size of one person.  Identical persons share one
profile, so a deployment costs (distinct profiles) x (two small solves).

Excluded worlds (``conflict/2``): a profile whose conflicts can fire is counted by
projected enumeration on a second Control (the slot program with ``#project`` on the
open facts in the conflicts' dependency cone), per assignment of the shared facts in
that cone; tallies are cached by the profile's restriction to the cone.  When some
shared assignment admits no world for one profile, the others' results must exclude it
too: each profile is then solved once per admissible shared assignment.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

import clingo
from clingo import Function, Symbol

from .engine import ENFORCE, SHOWN, Consequences, Deadline, _Dependencies, _run, ground
from .errors import EvaluationError
from .mechanism import program
from .facts import Entry, FactSet, const, product, slot_entries
from .rulebook import RuleBook
from .verdicts import Term, person_verdicts, term_of

SLOT = Function("_slot")


def _shared_atoms(facts: FactSet) -> list[Symbol]:
    return facts.shared_atoms()


def _slot_atoms(entries: Sequence[Entry], slots: Sequence[Symbol]) -> list[Symbol]:
    out: list[Symbol] = []
    for slot in slots:
        out.append(Function("person", [slot]))
        for e in entries:
            key = Function("person", [slot, e.name])
            out.append(Function("open", [key]))
            out += [Function("domain", [key, v]) for v in e.domain]
    return out


def _conf(ctl: clingo.Control, group: str) -> Any:
    """A configuration group (clingo types it loosely as ``str | Configuration | None``)."""
    return getattr(ctl.configuration, group)


def _literal(ctl: clingo.Control, symbol: Symbol) -> int:
    atom = ctl.symbolic_atoms[symbol]
    if atom is None:
        raise EvaluationError(f"internal: no ground atom {symbol}")
    return atom.literal


def _ground(rules: RuleBook, atoms: Iterable[Symbol], extra: str = "", observer: Any = None,
            shown: Sequence[str] = SHOWN) -> clingo.Control:
    return ground(rules, atoms, extra=extra, shown=shown, observer=observer)


_INDEPENDENT: dict[tuple[Any, ...], bool] = {}


def independent(rules: RuleBook, facts: FactSet, entries: Sequence[Entry]) -> bool:
    """No atom about one person depends on another person's facts (checked on two slots).

    Cached per process by the rule base and the scenario's shared facts and keys (what-if
    sweeps and timelines evaluate the same shape many times)."""
    key = (rules.digest, tuple(_shared_atoms(facts)), tuple((e.name, e.domain) for e in entries))
    if key not in _INDEPENDENT:
        _INDEPENDENT[key] = _independent(rules, facts, entries)
    return _INDEPENDENT[key]


def _independent(rules: RuleBook, facts: FactSet, entries: Sequence[Entry]) -> bool:
    a, b = Function("_slot_a"), Function("_slot_b")
    deps = _Dependencies()
    ctl = _ground(rules, _shared_atoms(facts) + _slot_atoms(entries, (a, b)), observer=deps)
    lit = {s.symbol: s.literal for s in ctl.symbolic_atoms}
    facts_of_b = {lit[s.symbol] for s in ctl.symbolic_atoms.by_signature("fact", 2)
                  if s.symbol.arguments[0].name == "person" and s.symbol.arguments[0].arguments[0] == b}
    roots = [s.literal for s in ctl.symbolic_atoms
             if s.symbol.name in {n.split("/")[0] for n in SHOWN} and a in s.symbol.arguments]
    return not (deps.cone(roots) & facts_of_b)


@dataclass
class _Slot:
    """The grounded one-person program and how to pin a profile onto it."""

    ctl: clingo.Control
    entries: tuple[Entry, ...]
    literal: dict[tuple[Symbol, Symbol], int]  # (entry name, value) -> literal of fact(person(slot, name), value)
    terms: dict[Symbol, Term]  # each shown atom about the slot person, read once as text

    def assumptions(self, profile: Sequence[Entry]) -> list[int]:
        mine = {e.name: e for e in profile}
        out: list[int] = []
        for e in self.entries:
            own = mine.get(e.name)
            if own is None:  # a fact he does not have (an agreement that does not cover him)
                out.append(self.literal[(e.name, const("false"))])
            elif own.value is not None:
                out.append(self.literal[(e.name, own.value)])
            else:
                keep = set(own.domain)
                out += [-self.literal[(e.name, v)] for v in e.domain if v not in keep]
        return out


def _slot(rules: RuleBook, facts: FactSet, entries: tuple[Entry, ...], extra: str = "",
          extra_atoms: Sequence[Symbol] = (), shown: Sequence[str] = SHOWN, observer: Any = None) -> _Slot:
    ctl = _ground(rules, _shared_atoms(facts) + _slot_atoms(entries, (SLOT,)) + list(extra_atoms), extra,
                  observer, shown)
    literal = {}
    for e in entries:
        for v in e.domain:
            literal[(e.name, v)] = _literal(ctl, Function("fact", [Function("person", [SLOT, e.name]), v]))
    terms = {}
    for sig in shown:
        name, arity = sig.split("/")
        for atom in ctl.symbolic_atoms.by_signature(name, int(arity)):
            args = atom.symbol.arguments
            if name == "conflict":
                terms[atom.symbol] = ("conflict", str(args[0]))
            elif args and args[0] == SLOT:
                terms[atom.symbol] = term_of(name, args[1])
    return _Slot(ctl, entries, literal, terms)


def _consequence(slot: _Slot, mode: str, deadline: Deadline, assumptions: list[int]) -> set[Term] | None:
    """Brave or cautious consequences under assumptions, as terms; ``None`` without a model."""
    ctl = slot.ctl
    _conf(ctl, "solve").enum_mode = mode
    _conf(ctl, "solver").dom_mod = "3,16" if mode == "brave" else "5,16"
    last: Sequence[Symbol] | None = None

    def on_model(model: clingo.Model) -> None:
        nonlocal last
        last = model.symbols(shown=True)

    if deadline.left() == 0:
        raise EvaluationError(f"evaluation timed out after {deadline.seconds:g} s",
                              ["raise --timeout, or pin some unknown facts or positions"])
    # One person's program solves in well under a millisecond: a blocking call, with the
    # deadline (and Ctrl-C) checked between persons, costs less than waiting on a handle.
    ctl.solve(on_model=on_model, assumptions=assumptions)
    return None if last is None else {slot.terms[s] for s in last}


def solve(rules: RuleBook, facts: FactSet, timeout: float | None = None) -> Consequences | None:
    """Consequences and world count computed profile by profile; ``None`` when rules relate persons."""
    deadline = Deadline(timeout)
    entries = slot_entries(facts)
    if len(facts.persons) > 1 and not independent(rules, facts, entries):
        return None
    slot = _slot(rules, facts, entries)
    ctl = slot.ctl
    _conf(ctl, "solver").heuristic = "Domain"
    _conf(ctl, "solve").models = 0
    _conf(ctl, "solve").project = "no"
    reps = {facts.profile_of[p]: p for p in reversed(facts.persons)}  # first member of each profile
    brave: dict[int, set[Term]] = {}
    troubled: dict[int, set[Term]] = {}
    ctl.assign_external(ENFORCE, False)
    pinned = {k: slot.assumptions(facts.profiles[k]) for k in reps}
    progress = _progress(len(reps))
    for i, k in enumerate(sorted(reps)):
        progress(i)
        found = _consequence(slot, "brave", deadline, pinned[k])
        if found is None:
            raise EvaluationError("the rule base admits no world for this scenario")
        conflicts = {t for t in found if t[0] == "conflict"}
        if conflicts:
            troubled[k] = conflicts
        brave[k] = found
    worlds, admissible = facts.worlds, None
    if troubled:
        counted = _count(rules, facts, slot, set(troubled), deadline)
        if counted is None:
            return None  # no world: the whole-program path names the contradicting facts
        worlds, admissible = counted
    cautious: dict[int, set[Term]] = {}
    ctl.assign_external(ENFORCE, True)
    for i, k in enumerate(sorted(reps)):
        progress(len(reps) + i)
        assume = pinned[k]
        if admissible is not None:
            brave[k], cautious[k] = _restricted(slot, deadline, assume, admissible)
            continue
        if k in troubled:
            found = _consequence(slot, "brave", deadline, assume)
            if found is None:
                return None
            brave[k] = found
        cautious[k] = _consequence(slot, "cautious", deadline, assume) or set()
    progress(None)
    return _assemble(facts, reps, brave, cautious, troubled, worlds)


def _progress(profiles: int) -> Callable[[int | None], None]:
    """A progress callback over the two passes (a bar on a terminal after a second, else nothing);
    ``None`` closes it."""
    if profiles < 256:
        return lambda done: None
    from .whatif.progress import Progress

    bar = Progress("solving persons", 2 * profiles)

    def step(done: int | None) -> None:
        if done is None:
            bar.close()
        elif done % 128 == 0:
            bar.update(done)

    return step


def _restricted(slot: _Slot, deadline: Deadline, assume: list[int],
                admissible: list[list[int]]) -> tuple[set[Term], set[Term]]:
    """Brave and cautious over the admissible shared assignments only."""
    brave: set[Term] = set()
    cautious: set[Term] | None = None
    for g in admissible:
        b = _consequence(slot, "brave", deadline, assume + g)
        if b is None:
            continue
        c = _consequence(slot, "cautious", deadline, assume + g) or set()
        brave |= b
        cautious = c if cautious is None else cautious & c
    return brave, cautious or set()


def _assemble(facts: FactSet, reps: dict[int, str], brave: dict[int, set[Term]],
              cautious: dict[int, set[Term]], troubled: dict[int, set[Term]], worlds: int) -> Consequences:
    """Each profile's verdicts once; every person points at his profile's."""
    by_profile = {k: person_verdicts(brave[k], cautious[k]) for k in reps}
    results = {p: by_profile[facts.profile_of[p]] for p in facts.persons}
    clashes = [f"clash({reps[k]},{t})" for k in reps for kind, t in brave[k] if kind == "clash"]
    conflicts = {Function("conflict", [Function(t), const(reps[k])]) for k, ts in troubled.items() for _, t in ts}
    # facts.mirror_of is left as built: explanations ground persons by it, and a person must
    # be explained under his own name even when he shares a profile with another.
    return Consequences(set(), set(), worlds, conflicts, results, clashes)


def _count(rules: RuleBook, facts: FactSet, main: _Slot, troubled: set[int],
           deadline: Deadline) -> tuple[int, list[list[int]] | None] | None:
    """Exact world count, and the admissible shared assignments when some are excluded.

    Returns ``(worlds, None)`` when every shared assignment admits a world for every
    profile (the usual case: consistency rules relate a person's own facts), and
    ``None`` when no world is left at all.
    """
    entries = main.entries
    deps = _Dependencies()
    probe = _ground(rules, _shared_atoms(facts) + _slot_atoms(entries, (SLOT,)), observer=deps)
    lit = {s.symbol: s.literal for s in probe.symbolic_atoms}
    cone = deps.cone(lit[s.symbol] for s in probe.symbolic_atoms.by_signature("conflict", 2))
    involved = {s.symbol.arguments[0] for s in probe.symbolic_atoms.by_signature("fact", 2) if s.literal in cone}
    shared = [k for k in facts.global_open if k in involved]
    own = [e for e in entries if Function("person", [SLOT, e.name]) in involved]
    marks = [Function("count_key", [k]) for k in shared] + \
            [Function("count_key", [Function("person", [SLOT, e.name])]) for e in own]
    counter = _slot(rules, facts, entries, extra=program("count"), extra_atoms=marks, shown=())
    counter.ctl.assign_external(ENFORCE, True)
    _conf(counter.ctl, "solve").project = "project"
    _conf(counter.ctl, "solve").models = 0
    g_lits = [[_literal(counter.ctl, Function("fact", [k, v])) for v in facts.global_open[k]] for k in shared]
    combos = list(itertools.product(*[range(len(d)) for d in g_lits]))
    own_names = {e.name for e in own}
    cache: dict[tuple[Entry, ...], list[int]] = {}
    tallies: dict[int, list[int]] = {}
    for k in troubled:
        profile = facts.profiles[k]
        sig = tuple(e for e in profile if e.name in own_names)
        if sig not in cache:
            assume = counter.assumptions(profile)
            cache[sig] = [_models(counter.ctl, deadline, assume + [g_lits[i][j] for i, j in enumerate(c)])
                          for c in combos]
        tallies[k] = cache[sig]
    feasible = [i for i in range(len(combos)) if all(t[i] for t in tallies.values())]
    if not feasible:
        return None
    free = math.prod(len(d) for k, d in facts.global_open.items() if k not in involved)
    # Per profile: its open facts outside the cone multiply freely; a profile with no
    # conflict contributes all its worlds whatever the shared assignment.
    rest = {k: math.prod(len(e.domain) for e in entries_k if e.value is None and e.name not in own_names)
            for k, entries_k in enumerate(facts.profiles)}
    whole = {k: math.prod(len(e.domain) for e in entries_k if e.value is None)
             for k, entries_k in enumerate(facts.profiles)}
    of = [facts.profile_of[p] for p in facts.persons]
    total = sum(product(tallies[k][i] * rest[k] if k in tallies else whole[k] for k in of) for i in feasible)
    worlds = total * free
    if len(feasible) == len(combos):
        return worlds, None
    ctl_lits = [[_literal(main.ctl, Function("fact", [k, v])) for v in facts.global_open[k]] for k in shared]
    return worlds, [[ctl_lits[i][j] for i, j in enumerate(combos[c])] for c in feasible]


def _models(ctl: clingo.Control, deadline: Deadline, assumptions: list[int]) -> int:
    _run(ctl, deadline, None, assumptions)
    return int(ctl.statistics["summary"]["models"]["enumerated"])

