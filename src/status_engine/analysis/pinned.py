"""Results with some open keys pinned, and the worlds of pinned keys merged (the briefing's toggles).

``Pinner.persons`` answers one set of pins with the verdicts, as the briefing's questions
ask.  The toggles ask every combination of a few keys, each pinned or left open; the
worlds of a combination that leaves keys open are the disjoint union of the worlds of its
*cells* (every key pinned), so what holds in some of its worlds (brave) is the union of
its cells' brave, what holds in all of them (cautious) the intersection of their cautious,
and the number of worlds is the sum.  ``Pinner.cell`` keeps per person what the verdict
arithmetic reads (brave and cautious, as terms) so that cells can be merged before the
verdicts are computed: only the cells are solved.

Nothing here states law: the verdicts are the contract's arithmetic (``verdicts``).
"""

from __future__ import annotations

from typing import Any, Iterable, Optional

from clingo import Function, Symbol, SymbolType

from ..contract import Conclusions
from . import cells
from .cells import Cell, Pair


class Pinner:
    """Results with some open keys pinned, as assumptions on the scenario's session (the one
    grounding its evaluation used), never re-grounding; person by person, so a pin on one
    person's fact re-solves his profile only and every other answer is memoised.  Where a
    rule relates persons, the kept whole-scenario program under assumptions.  The verdicts are
    the contract's own arithmetic (``verdicts.person_results``)."""

    def __init__(self, prep: Any):
        from ..solver import per_profile

        self.prep = prep
        self.split = per_profile.solver(prep.rules, prep.facts)
        self._whole_program: Any = None
        self._session: Any = None
        self._light: dict[Symbol, _Light] = {}

    def persons(self, pinned: list[tuple[Symbol, Symbol]]) -> Optional[dict[str, Conclusions]]:
        """Per person status/verdicts with ``pinned`` facts; ``None`` if no world is left."""
        from ..solver.verdicts import conclusions, person_results

        if self.split is not None:
            cons = self.split(dict(pinned))
            return None if cons is None else conclusions(person_results(cons, self.prep.facts.persons))
        return self._whole(pinned)

    def cell(self, pinned: list[tuple[Symbol, Symbol]]) -> Optional[Cell]:
        """The brave and cautious terms per person with ``pinned`` facts (one cell of the
        toggles); ``None`` if no world is left.  Solved as ``persons`` solves (``cells``)."""
        if self.split is not None:
            if self._session is None:
                from ..solver.facts import slot_entries
                from ..solver.session import session

                self._session = session(self.prep.rules, self.prep.facts, slot_entries(self.prep.facts))
            return cells.profile_cell(self._session, self.prep.facts, dict(pinned))
        cons = self._consequences(pinned)
        if cons is None:
            return None
        return cells.whole_cell(cons.brave, cons.cautious, self.prep.facts.persons, self.prep.facts.mirror_of)

    def _consequences(self, pinned: list[tuple[Symbol, Symbol]]) -> Any:
        """The whole program's consequences under the pins (symbols as ``_Light``), or ``None``.

        Asked of the kept whole-scenario program (``programs.whole``, which the evaluation's
        own fallback grounded): its known facts assumed true, consistency enforced, and the
        pins assumed, so nothing is added to it and a second briefing grounds nothing."""
        from ..solver import programs
        from ..solver.engine import Consequences
        from ..solver.session import Deadline, consequences

        if self._whole_program is None:
            self._whole_program = programs.whole(self.prep.rules, self.prep.facts)
        w = self._whole_program
        deadline = Deadline(None)
        with w.lock:
            pins = [w.literal(Function("fact", [k, v])) for k, v in pinned]
            if None in pins:  # a value the program has no atom for holds in no world
                return None
            assumptions = [*w.facts_true(), w.enforce, *pins]
            brave = consequences(w.ctl, "brave", deadline, assumptions)
            if brave is None:
                return None
            cautious = consequences(w.ctl, "cautious", deadline, assumptions) or []
        # _Light stands in for Symbol: ``verdicts`` reads a symbol's name, arguments and text only.
        return Consequences({self.light(s) for s in brave}, {self.light(s) for s in cautious},  # type: ignore[misc]
                            0, set())

    def _whole(self, pinned: list[tuple[Symbol, Symbol]]) -> Optional[dict[str, Conclusions]]:
        from ..solver.verdicts import conclusions, person_results

        cons = self._consequences(pinned)
        if cons is None:
            return None
        return conclusions(person_results(cons, self.prep.facts.persons, self.prep.facts.mirror_of))

    def light(self, sym: Symbol) -> "_Light":
        """A pure-Python copy of a symbol (reading a clingo symbol's parts costs C calls)."""
        got = self._light.get(sym)
        if got is None:
            if sym.type == SymbolType.Function:
                got = _Light(sym.name, tuple(self.light(a) for a in sym.arguments), str(sym))
            else:
                got = _Light("", (), str(sym))
            self._light[sym] = got
        return got


class _Light:
    """Name, arguments and text of a symbol, compared by text (enough for ``verdicts``)."""

    __slots__ = ("name", "arguments", "text")

    def __init__(self, name: str, arguments: tuple[Any, ...], text: str):
        self.name, self.arguments, self.text = name, arguments, text

    def __str__(self) -> str:
        return self.text

    def __hash__(self) -> int:
        return hash(self.text)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Light) and other.text == self.text


class Merger:
    """Merges cells and reads their verdicts, each distinct answer once.

    Equal per-person pairs are interned (one object), so a merge of two pairs and the
    verdicts of a pair are memoised by identity: persons who share a profile, and
    combinations that differ only in keys about another person, cost a dictionary look-up.
    """

    def __init__(self) -> None:
        self._pairs: dict[Pair, Pair] = {}
        self._merged: dict[tuple[int, int], Pair] = {}
        self._verdicts: dict[int, Conclusions] = {}

    def intern(self, cell: Optional[Cell]) -> Optional[Cell]:
        """The cell with its pairs replaced by the interned equal ones."""
        if cell is None:
            return None
        return Cell({p: self._pairs.setdefault(pair, pair) for p, pair in cell.persons.items()}, cell.worlds)

    def merge(self, cells: Iterable[Optional[Cell]]) -> Optional[Cell]:
        """The cell of the disjoint union of the cells' worlds (interned cells); ``None`` when
        none has a world.  brave: union; cautious: intersection; worlds: sum."""
        out: Optional[Cell] = None
        for c in cells:
            if c is None:
                continue
            if out is None:
                out = c
                continue
            out = Cell({p: self._merge(pair, c.persons[p]) for p, pair in out.persons.items()},
                       out.worlds + c.worlds)
        return out

    def _merge(self, a: Pair, b: Pair) -> Pair:
        if a is b:
            return a
        key = (id(a), id(b))
        got = self._merged.get(key)
        if got is None:
            pair = (a[0] | b[0], a[1] & b[1])
            got = self._merged[key] = self._pairs.setdefault(pair, pair)
        return got

    def verdicts(self, cell: Optional[Cell]) -> Optional[dict[str, Conclusions]]:
        """Per person status/verdicts of an interned cell (``Pinner.persons``'s answer)."""
        from ..solver.verdicts import person_verdicts

        if cell is None:
            return None
        out = {}
        for p, pair in cell.persons.items():
            got = self._verdicts.get(id(pair))
            if got is None:
                got = self._verdicts[id(pair)] = Conclusions.from_json(person_verdicts(set(pair[0]), set(pair[1])))
            out[p] = got
        return out
