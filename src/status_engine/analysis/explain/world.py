"""One world: a model of the instrumented program, its atoms indexed on demand."""

from __future__ import annotations

from typing import Any, Optional

import clingo
from clingo import Symbol

from .evaluate import Plain, rep

# Per atom (by its interned representation): the atom a ``_why`` atom derives (its
# representation), or ``False`` for any other atom.  Read once per process: reading a clingo
# symbol's name and arguments costs C calls, and a world has some 850 atoms.
_DERIVES: dict[int, Any] = {}


class World:
    """The atoms of one model and the values it gives the open facts (``open``: key -> value)."""

    def __init__(self, atoms: list[Symbol], open_values: dict[Symbol, Symbol]) -> None:
        self.atoms = atoms
        self.open = open_values
        self._why: Optional[dict[int, list[Symbol]]] = None  # by the derived atom's representation
        self._plain: list[Symbol] = []
        self._set: Optional[set[Symbol]] = None
        self._lite: Optional[dict[str, Any]] = None

    def _split(self) -> None:
        """``_why`` atoms by the atom they derive; every other atom in ``_plain``."""
        why: dict[int, list[Symbol]] = {}
        plain: list[Symbol] = []
        derives = _DERIVES
        for a in self.atoms:
            r = rep(a)
            d = derives.get(r)
            if d is None:
                d = derives[r] = rep(a.arguments[1]) if a.type == clingo.SymbolType.Function \
                    and a.name == "_why" else False
            if d is False:
                plain.append(a)
            else:
                why.setdefault(d, []).append(a)
        self._why, self._plain = why, plain

    def whys(self, atom: Symbol) -> list[Symbol]:
        """The ``_why`` atoms of the rules that derived ``atom`` in this world."""
        if self._why is None:
            self._split()
        assert self._why is not None
        return list(self._why.get(rep(atom), ()))

    def true(self) -> set[Symbol]:
        """Every atom of the world, as a set."""
        if self._set is None:
            self._set = set(self.atoms)
        return self._set

    def lite(self, plain: Plain) -> dict[str, Any]:
        """The atoms but ``_why`` as plain values: ``true`` (a set), ``by_name`` (by signature),
        ``facts`` (the ``fact(K, V)`` symbols by the plain value of K)."""
        if self._lite is None:
            if self._why is None:
                self._split()
            true: set = set()
            by_name: dict[tuple[str, int], list] = {}
            facts: dict[Any, list[Symbol]] = {}
            for a in self._plain:
                x = plain(a)
                true.add(x)
                if type(x) is tuple:
                    by_name.setdefault((x[0], len(x) - 1), []).append(x)
                    if x[0] == "fact" and len(x) == 3:
                        facts.setdefault(x[1], []).append(a)
            self._lite = {"true": true, "by_name": by_name, "facts": facts}
        return self._lite
