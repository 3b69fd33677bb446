"""One world: a model of the instrumented program, its atoms indexed on demand.

The atoms are read by their interned representations (``evaluate.rep``): a world has some
850 atoms, a brief reads some 200 worlds, and every name, argument or hash of a clingo
symbol is a C call; a representation is a plain int.
"""

from __future__ import annotations

from typing import Any, Optional, Sequence

import clingo
from clingo import Symbol

from . import evaluate
from .evaluate import Plain, rep

# Per atom (by its representation): the atom a ``_why`` atom derives (its representation),
# or ``False`` for any other atom.  Read once per process.
_DERIVES: dict[int, Any] = {}


def _reps(atoms: Sequence[Symbol]) -> list[int]:
    """The atoms' representations: from the model's buffer when clingo's sequence has one
    (no Symbol object made), else symbol by symbol."""
    buffer = getattr(atoms, "_p_symbols", None) if evaluate.FAST_KEYS else None  # the ids, as ``rep`` has them
    return list(buffer) if buffer is not None else [rep(a) for a in atoms]


class Atoms:
    """Membership of atoms in one world (``in``), tested by representation."""

    def __init__(self, reps: set[int]) -> None:
        self._reps = reps

    def __contains__(self, atom: object) -> bool:
        return isinstance(atom, Symbol) and rep(atom) in self._reps


class World:
    """The atoms of one model and the values it gives the open facts (``open``: key -> value)."""

    def __init__(self, atoms: Sequence[Symbol], open_values: dict[Symbol, Symbol]) -> None:
        self.atoms = atoms
        self.open = open_values
        self._reps: Optional[list[int]] = None
        self._why: Optional[dict[int, list[int]]] = None  # derived atom -> indexes of its ``_why`` atoms
        self._plain: list[int] = []  # indexes of the other atoms
        self._set: Optional[Atoms] = None
        self._lite: Optional[dict[str, Any]] = None

    def _split(self) -> None:
        """``_why`` atoms by the atom they derive; every other atom in ``_plain``."""
        why: dict[int, list[int]] = {}
        plain: list[int] = []
        derives = _DERIVES
        reps = self._reps = _reps(self.atoms)
        for i, r in enumerate(reps):
            d = derives.get(r)
            if d is None:
                a = self.atoms[i]
                d = derives[r] = rep(a.arguments[1]) if a.type == clingo.SymbolType.Function \
                    and a.name == "_why" else False
            if d is False:
                plain.append(i)
            else:
                why.setdefault(d, []).append(i)
        self._why, self._plain = why, plain

    def whys(self, atom: Symbol) -> list[Symbol]:
        """The ``_why`` atoms of the rules that derived ``atom`` in this world."""
        if self._why is None:
            self._split()
        assert self._why is not None
        return [self.atoms[i] for i in self._why.get(rep(atom), ())]

    def true(self) -> Atoms:
        """Every atom of the world (for ``in``)."""
        if self._set is None:
            if self._reps is None:
                self._reps = _reps(self.atoms)
            self._set = Atoms(set(self._reps))
        return self._set

    def lite(self, plain: Plain) -> dict[str, Any]:
        """The atoms but ``_why`` as plain values: ``true`` (a set), ``by_name`` (by signature),
        ``facts`` (the ``fact(K, V)`` symbols by the plain value of K)."""
        if self._lite is None:
            if self._why is None:
                self._split()
            assert self._reps is not None
            reps, atoms, known = self._reps, self.atoms, plain.known
            true: set = set()
            by_name: dict[tuple[str, int], list] = {}
            facts: dict[Any, list[Symbol]] = {}
            for i in self._plain:
                x = known.get(reps[i])
                if x is None:
                    x = plain(atoms[i])
                true.add(x)
                if type(x) is tuple:
                    by_name.setdefault((x[0], len(x) - 1), []).append(x)
                    if x[0] == "fact" and len(x) == 3:
                        facts.setdefault(x[1], []).append(atoms[i])
            self._lite = {"true": true, "by_name": by_name, "facts": facts}
        return self._lite
