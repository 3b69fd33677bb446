"""One cell of the toggles: every chosen key pinned, solved to what the verdicts read.

``per_profile.solve`` answers pins with each profile's verdicts already computed; merging
the worlds of several cells needs what those verdicts are computed *from*: per person,
the terms that hold in some world (brave) and in every world (cautious).  ``profile_cell``
asks the scenario's session exactly the questions ``per_profile._solve`` asks (the same
assumptions, so the answers come from its memo), and keeps the terms; ``whole_cell``
reads them off the whole program's consequences.  The toggles' oracle test
(tests/analysis/test_toggles.py) holds both to ``Pinner.persons``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Optional

from clingo import Symbol

TERMS = ("status", "outcome", "obligatory", "forbidden")  # the predicates ``verdicts`` reads
Pair = tuple[frozenset[tuple[str, str]], frozenset[tuple[str, str]]]  # one person's (brave, cautious) terms
NO_TERMS: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True)
class Cell:
    """What the verdict arithmetic reads of a set of worlds: per person (mirrored persons
    too, sharing their representative's), the atoms about him that hold in some world and
    in every world; and how many worlds (``0``: not counted, the whole-program path)."""

    persons: dict[str, Pair]
    worlds: int


def profile_cell(s: Any, facts: Any, pins: dict[Symbol, Symbol]) -> Optional[Cell]:
    """Per person brave/cautious terms under ``pins``, profile by profile on the session ``s``
    (``per_profile.solver``'s: the scenario's shape)."""
    from ..solver import per_profile
    from ..solver.session import Deadline

    with s.lock:
        view = per_profile._view(facts, s, pins)
        got = _profiles(facts, s, view, Deadline(None))
    if got is None:
        return None
    pairs, worlds = got
    return Cell({p: pairs[view.profile_of[p]] for p in view.persons}, worlds)


def _profiles(facts: Any, s: Any, view: Any, deadline: Any) -> Optional[tuple[dict[int, Pair], int]]:
    """Each profile's (brave, cautious) and the world count: ``per_profile._solve`` without
    its last step (the verdicts), so that the terms can be merged first."""
    from ..errors import EvaluationError
    from ..solver import per_profile
    from ..solver.verdicts import check_clashes

    reps = {view.profile_of[p]: p for p in reversed(view.persons)}
    pinned = {k: view.base + per_profile._assumptions(s, facts, view, k) for k in reps}
    brave: dict[int, frozenset[tuple[str, str]]] = {}
    troubled: set[int] = set()
    for k in sorted(reps):
        found = s.consequences("brave", deadline, pinned[k], enforce=False)
        if found is None:
            if 0 in pinned[k]:
                return None  # a pinned value no rule can make true: no world
            raise EvaluationError("the rule base admits no world for this scenario")
        if any(t[0] == "conflict" for t in found):
            troubled.add(k)
        brave[k] = frozenset(found)
    worlds, admissible = per_profile._unconstrained(view), None
    if troubled:
        counted = per_profile._count(s, view, troubled, deadline)
        if counted is None:
            return None
        worlds, admissible = counted
    cautious: dict[int, frozenset[tuple[str, str]]] = {}
    for k in sorted(reps):
        if admissible is not None:
            b, c = per_profile._restricted(s, deadline, pinned[k], admissible)
            brave[k], cautious[k] = frozenset(b), frozenset(c)
            continue
        if k in troubled:
            found = s.consequences("brave", deadline, pinned[k])
            if found is None:
                return None
            brave[k] = frozenset(found)
        cautious[k] = frozenset(s.consequences("cautious", deadline, pinned[k]) or ())
    check_clashes([f"clash({reps[k]},{t})" for k in reps for kind, t in brave[k] if kind == "clash"])
    return {k: (brave[k], cautious[k]) for k in reps}, worlds


def whole_cell(brave: Iterable[Any], cautious: Iterable[Any], persons: list[str],
               mirror_of: dict[str, str]) -> Cell:
    """Per person brave/cautious terms from the whole program's shown atoms (as ``verdicts``
    reads them: ``status/2``, ``outcome/2``, ``obligatory/2``, ``forbidden/2`` by person)."""
    from ..solver.verdicts import check_clashes

    brave = list(brave)
    check_clashes([str(s) for s in brave if s.name == "clash"])
    some, every = _by_person(brave), _by_person(cautious)
    out = {}
    for p in persons:
        rep = mirror_of.get(p, p)
        out[p] = (some.get(rep, NO_TERMS), every.get(rep, NO_TERMS))
    return Cell(out, 0)


def _by_person(symbols: Iterable[Any]) -> dict[str, frozenset[tuple[str, str]]]:
    from ..solver.verdicts import term_of

    out: dict[str, set[tuple[str, str]]] = {}
    for s in symbols:
        if s.name in TERMS and len(s.arguments) == 2:
            out.setdefault(str(s.arguments[0]), set()).add(term_of(s.name, s.arguments[1]))
    return {p: frozenset(ts) for p, ts in out.items()}
