"""What decides a conclusion: a cover of the worlds where it is (or is not) by minimal conditions.

Found by the solver: take a world, drop every open value that is not needed for the
conclusion to stay as it is (the region's minimal condition), block the region, repeat.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

import clingo
from clingo import Function, Symbol

from .model import fact_refs
from .world import World

MAX_CASES = 32  # regions per value before merging (the Kursk cases need 12)

Region = list[tuple[Symbol, Symbol]]  # (open key, value) pairs


class Cover:
    """Worlds and regions of worlds of one grounded, instrumented program."""

    def __init__(self, ctl: clingo.Control, prep: Any) -> None:
        self.ctl = ctl
        self.prep = prep
        self.keys = list(prep.facts.open_domains())
        self.truncated = False  # whether the last cover stopped at MAX_CASES with worlds left
        self._open_literals: Optional[list[tuple[Symbol, Symbol, int]]] = None
        self._fact_literals: dict[tuple[Symbol, Symbol], int] = {}  # (key, value) -> literal of fact(key, value)
        self._groups: dict[Symbol, str] = {}  # open key -> its group (persons.ri, positions, ...)
        self._paths: dict[Symbol, str] = {}  # open key -> its scenario path
        # Worlds by their open values: the instrumented program has one model per assignment
        # of the open facts, so a world met again (by another region, conclusion or person)
        # is the same model, and keeps the atoms it has already indexed (``World.lite``).
        # The program only grows by rules for fresh atoms (a ground's or a contrast's
        # switch), so a model read later holds the earlier one's atoms and perhaps new ones:
        # the same number of atoms means the same model (``world`` checks it).
        self._worlds: dict[frozenset, World] = {}

    def cover(self, target: Symbol, want: bool, make: Callable[[World, Region], Any]) -> list:
        """Regions (minimal conditions) covering the worlds where ``target`` is ``want``."""
        if self.ctl.symbolic_atoms[target] is None:
            return []
        guard = self._guard()
        cases: list = []
        while len(cases) < MAX_CASES:
            world = self.world([(target, want), guard])
            if world is None:
                break
            minimal = self._shrink(target, want, list(world.open.items()))
            self._block(guard, minimal)
            cases.append(self._closest_case(target, want, make, world, minimal))
        # Is the cover complete?  (Beyond MAX_CASES regions, the rest is not listed.)
        self.truncated = len(cases) >= MAX_CASES and self.world([(target, want), guard]) is not None
        return cases

    def _closest_case(self, target: Symbol, want: bool, make: Callable[[World, Region], Any], world: World,
                      minimal: Region) -> Any:
        """The region's reason, shown in a world where it turns on the region's condition.

        The world shown keeps the region's condition and takes its other open values from
        a world on the other side that differs from the condition in one key only (one
        such world exists per key, as the condition is minimal): then every rule's
        failure (or the derivation) points at the condition rather than at values that
        merely happen to hold.  Of those candidates, the one whose reason tests most of
        the condition's facts and fewest other open facts is kept.
        """
        fixed = [(Function("fact", [k, v]), True) for k, v in minimal]
        keys = {k for k, _ in minimal}
        candidates = []
        for i in range(min(len(minimal), 3)):
            other = self.assignment(fixed[:i] + fixed[i + 1:] + [(target, not want)])
            if other is None:
                continue
            closest = self.world(fixed + [(Function("fact", [k, v]), True) for k, v in other
                                           if k not in keys])
            if closest is not None and all(c.open != closest.open for c in candidates):  # same world: same case
                candidates.append(closest)
        if not candidates:
            return make(world, minimal)
        if len(candidates) == 1:
            return make(candidates[0], minimal)
        paths = {self.prep.facts.info(k).path if self.prep.facts.info(k) else str(k) for k in keys}
        best, best_score = None, None
        for cand in candidates:
            case = make(cand, minimal)
            used = fact_refs(case)
            score = (len({f.path for f in used if f.path in paths}),
                     -len({f.path for f in used if f.assumed and f.path not in paths}))
            if best_score is None or score > best_score:
                best, best_score = case, score
        return best


    def _literals(self) -> list[tuple[Symbol, Symbol, int]]:
        """Each open key's values as program literals, read once."""
        if self._open_literals is None:
            self._open_literals = []
            for k, domain in self.keys:
                for v in domain:
                    atom = self.ctl.symbolic_atoms[Function("fact", [k, v])]
                    if atom is not None:
                        self._open_literals.append((k, v, atom.literal))
            self._fact_literals = {(k, v): lit for k, v, lit in self._open_literals}
        return self._open_literals

    def fact_literal(self, key: Symbol, value: Symbol) -> Optional[int]:
        """The program literal of ``fact(key, value)`` (``None`` if no rule makes it true);
        an open value's from the table ``world`` makes once: building the symbol and looking
        it up costs C calls, and the shrinking asks for every open value of every region."""
        self._literals()
        got = self._fact_literals.get((key, value))
        if got is None:
            atom = self.ctl.symbolic_atoms[Function("fact", [key, value])]
            got = atom.literal if atom is not None else None
        return got

    def _guard(self) -> int:
        """A fresh switch for the regions blocked while covering one conclusion."""
        with self.ctl.backend() as backend:
            lit = backend.add_atom()
            backend.add_external(lit, clingo.TruthValue.Free)
        return lit

    def _block(self, guard: int, region: Region) -> None:
        """Exclude the worlds of an explained region (while ``guard`` is assumed)."""
        lits = [guard] + [self.fact_literal(k, v) for k, v in region]
        with self.ctl.backend() as backend:
            backend.add_rule([], lits)

    def world(self, assumptions: list) -> Optional[World]:
        """One world satisfying the assumptions (symbols with a truth value, or literals)."""
        found: list[World] = []

        open_literals = self._literals()

        def on_model(m: clingo.Model) -> None:
            opened = {k: v for k, v, lit in open_literals if m.is_true(lit)}
            seen = frozenset(opened.items())
            atoms = m.symbols(atoms=True)
            world = self._worlds.get(seen)
            if world is None or len(world.atoms) != len(atoms):
                world = World(atoms, {k: opened[k] for k, _ in self.keys if k in opened})
                self._worlds[seen] = world
            found.append(world)

        self.ctl.configuration.solve.models = 1
        self.ctl.solve(assumptions=assumptions, on_model=on_model)
        return found[0] if found else None

    def assignment(self, assumptions: list) -> Optional[Region]:
        """The open values of one world meeting the assumptions (no atoms read: cheaper than ``world``)."""
        if self._open_literals is None:
            self.world([])  # as it always has: the solver's first model shapes what it finds next
        found: list[Region] = []
        open_literals = self._literals()

        def on_model(m: clingo.Model) -> None:
            found.append([(k, v) for k, v, lit in open_literals if m.is_true(lit)])

        self.ctl.configuration.solve.models = 1
        self.ctl.solve(assumptions=assumptions, on_model=on_model)
        return found[0] if found else None

    def _holds_everywhere(self, target: Symbol, want: bool, region: Region) -> bool:
        lits = [(Function("fact", [k, v]), True) for k, v in region] + [(target, not want)]
        self.ctl.configuration.solve.models = 1
        return self.ctl.solve(assumptions=lits).unsatisfiable

    def _shrink(self, target: Symbol, want: bool, assignment: Region) -> Region:
        return self.shrink(assignment, [(target, not want)])

    def shrink(self, assignment: Region, against: list) -> Region:
        """The region's minimal condition: the fewest open values under which no world meets ``against``.

        Deletion, group first: the open facts of one person (or one state, or the
        positions) are tried together, so the many facts that cannot matter for a
        conclusion (another person's) go in one solve; then each value left is tried alone,
        in the order of the assignment.  (Clingo's unsat cores under assumptions name every
        assumption here, so they do not help.)
        """
        extra = [self._literal(a) for a in against]
        lit_of = {}
        for item in assignment:
            lit = self.fact_literal(*item)
            if lit is not None:
                lit_of[item] = lit
        region = [x for x in assignment if x in lit_of]
        groups: dict[str, list] = {}
        for item in region:
            groups.setdefault(self._group(item[0]), []).append(item)
        for items in groups.values():
            if len(items) > 1 and len(groups) > 1:
                trial = [x for x in region if x not in items]
                if self._none([lit_of[x] for x in trial] + extra):
                    region = trial
        for item in list(region):
            trial = [x for x in region if x != item]
            if self._none([lit_of[x] for x in trial] + extra):
                region = trial
        return region

    def _group(self, key: Symbol) -> str:
        got = self._groups.get(key)
        if got is None:
            info = self.prep.facts.info(key)
            got = self._groups[key] = ".".join((info.path if info else str(key)).split(".")[:2])
        return got

    def _none(self, literals: list[int]) -> bool:
        self.ctl.configuration.solve.models = 1
        return bool(self.ctl.solve(assumptions=literals).unsatisfiable)

    def _literal(self, assumption: Any) -> int:
        if isinstance(assumption, int):
            return assumption
        sym, value = assumption
        atom = self.ctl.symbolic_atoms[sym]
        if atom is None:  # never derived: false in every world
            with self.ctl.backend() as backend:
                lit = backend.add_atom()
            return lit if value else -lit
        return atom.literal if value else -atom.literal

    def condition(self, region: Region) -> list[tuple[str, list[str]]]:
        out = []
        for k, v in region:
            path = self._paths.get(k)
            if path is None:
                info = self.prep.facts.info(k)
                path = self._paths[k] = info.path if info else str(k)
            out.append((path, [str(v)]))
        return sorted(out)

    @staticmethod
    def merge(cases: list) -> list:
        """Join cases that differ only in the value of one condition."""
        merged: list = []
        for c in cases:
            for m in merged:
                if len(m.condition) == len(c.condition) and [p for p, _ in m.condition] == [p for p, _ in c.condition]:
                    diff = [i for i, (a, b) in enumerate(zip(m.condition, c.condition)) if a[1] != b[1]]
                    if len(diff) == 1:
                        i = diff[0]
                        m.condition[i] = (m.condition[i][0], sorted(set(m.condition[i][1]) | set(c.condition[i][1])))
                        break
            else:
                merged.append(c)
        return merged
