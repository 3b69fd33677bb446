"""One cell of the toggles: every chosen key pinned, solved to what the verdicts read.

``per_profile.solve`` answers pins with each profile's verdicts already computed; merging
the worlds of several cells needs what those verdicts are computed *from*: per person,
the terms that hold in some world (brave) and in every world (cautious).  ``profile_cell``
takes them from ``per_profile.terms`` (the same questions on the session, so the answers
come from its memo); ``whole_cell``
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
    (``per_profile.solver``'s: the scenario's shape): ``per_profile.terms``, the questions
    ``per_profile.solve`` asks (so the answers come from the session's memo), before the
    verdicts are computed from them."""
    from ..solver import per_profile
    from ..solver.session import Deadline
    from ..solver.verdicts import check_clashes

    with s.lock:
        view = per_profile.view_of(facts, s, pins)
        got = per_profile.terms(facts, s, view, Deadline(None))
    if got is None:
        return None
    check_clashes([f"clash({got.reps[k]},{t})" for k in got.reps for kind, t in got.brave[k] if kind == "clash"])
    pairs = {k: (frozenset(got.brave[k]), frozenset(got.cautious[k])) for k in got.reps}
    return Cell({p: pairs[view.profile_of[p]] for p in view.persons}, got.worlds)


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
