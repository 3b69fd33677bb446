"""Which open facts can change a result: exact tests on the doubled ground program.

The rule base is grounded once with an observer recording its ground rules, which are
then added to a fresh Control twice over disjoint atoms (copies A and B).  Per open key,
selector atoms tie the key's value in A to its value in B (``same``) or force them apart
(``apart``); assumptions on the selectors ask one question per solver call:

* ``flips(path, person)``: do two worlds that differ only in this fact differ in some
  output atom (a status, an outcome considered, an obligation, a prohibition) of the
  person (of anyone when ``person`` is None)?  Then the fact is *relevant* to him.
* ``excludes(path)``: can changing this fact alone turn a world into a combination that
  a consistency rule excludes?
* ``sufficient(paths, person)``: do any two worlds that agree on ``paths`` give the
  person the same outputs?  Then a decision table over ``paths`` can read each
  combination from any one of its worlds (projected enumeration), and the facts held
  open change nothing.

Copy A is always a world (consistency enforced); copy B is a world unless a question
asks for an excluded combination.  Output atoms are read by signature only
(``status/2``, ``outcome/2``, ``obligatory/2``, ``forbidden/2``, ``conflict/2``).
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

import clingo

from ...solver import engine
from ...solver.engine import Deadline
from ...errors import EvaluationError
from ...solver.verdicts import term_of
from .common import Axis

OUTPUT_SIGNATURES = (("status", 2), ("outcome", 2), ("obligatory", 2), ("forbidden", 2))


class Recorder:
    """A clingo observer keeping the ground program (normal, choice and weight rules)."""

    def __init__(self) -> None:
        self.rules: list[tuple[bool, list[int], list[int]]] = []
        self.weight_rules: list[tuple[bool, list[int], int, list[tuple[int, int]]]] = []

    def rule(self, choice: bool, head: Sequence[int], body: Sequence[int]) -> None:
        self.rules.append((choice, list(head), list(body)))

    def weight_rule(self, choice: bool, head: Sequence[int], lower_bound: int,
                    body: Sequence[tuple[int, int]]) -> None:
        self.weight_rules.append((choice, list(head), lower_bound, list(body)))


class Doubled:
    def __init__(self, rules: Any, facts: Any, axes: dict[str, Axis], deadline: Deadline | None = None):
        self.axes = axes
        self.deadline = deadline or Deadline(None)
        rec = Recorder()
        base = engine.control(rules, facts, shown=(), observer=rec)
        atoms = base.symbolic_atoms
        enforce = atoms[engine.ENFORCE]
        by_person: dict[str, list[int]] = {}
        by_item: dict[tuple[str, str], list[int]] = {}  # (person, status or outcome key) -> literals
        for name, arity in OUTPUT_SIGNATURES:
            for a in atoms.by_signature(name, arity):
                person, what = a.symbol.arguments
                by_person.setdefault(str(person), []).append(a.literal)
                by_item.setdefault((str(person), term_of(name, what)[1]), []).append(a.literal)
        conflicts = [a.literal for a in atoms.by_signature("conflict", 2)]

        self.ctl = ctl = clingo.Control(["--warn=none"])
        maps: list[dict[int, int]] = [{}, {}]
        with ctl.backend() as backend:
            def lit(copy: int, literal: int) -> int:
                m = maps[copy]
                a = abs(literal)
                if a not in m:
                    m[a] = backend.add_atom()
                return m[a] if literal > 0 else -m[a]

            def free() -> int:
                atom = backend.add_atom()
                backend.add_rule([atom], [], True)
                return atom

            for copy in (0, 1):
                for choice, head, body in rec.rules:
                    backend.add_rule([lit(copy, h) for h in head], [lit(copy, b) for b in body], choice)
                for choice, head, lower, body in rec.weight_rules:
                    backend.add_weight_rule([lit(copy, h) for h in head], lower,
                                            [(lit(copy, b), w) for b, w in body], choice)
            self.world_b = free()
            if enforce is not None:
                backend.add_rule([lit(0, enforce.literal)])
                backend.add_rule([lit(1, enforce.literal)], [self.world_b])
            self.diff: dict[str | None, int] = {None: backend.add_atom()}
            for person, lits in by_person.items():
                d = self.diff[person] = backend.add_atom()
                for o in lits:
                    backend.add_rule([d], [lit(0, o), -lit(1, o)])
                    backend.add_rule([d], [lit(1, o), -lit(0, o)])
                backend.add_rule([self.diff[None]], [d])
            # One difference atom per conclusion (a status or an outcome of one person): what a
            # verdict that differs between worlds turns on (``flips_item``).
            self.item_diff: dict[tuple[str, str], int] = {}
            for item, lits in by_item.items():
                d = self.item_diff[item] = backend.add_atom()
                for o in lits:
                    backend.add_rule([d], [lit(0, o), -lit(1, o)])
                    backend.add_rule([d], [lit(1, o), -lit(0, o)])
            self.excluded = backend.add_atom()
            for c in conflicts:
                backend.add_rule([self.excluded], [lit(1, c)])
            self.same: dict[str, int] = {}
            self.apart: dict[str, int] = {}
            for path, axis in axes.items():
                same, apart = self.same[path], self.apart[path] = free(), free()
                for value in axis.values:
                    sa = atoms[axis.atom(value)]
                    if sa is None:
                        continue
                    a, b = lit(0, sa.literal), lit(1, sa.literal)
                    backend.add_rule([], [a, -b, same])
                    backend.add_rule([], [b, -a, same])
                    backend.add_rule([], [a, b, apart])
        ctl.configuration.solve.models = 1

    def _sat(self, assumptions: Iterable[int]) -> bool:
        from ...solver.session import run

        return bool(run(self.ctl, self.deadline, None, list(assumptions), on_timeout=lambda: EvaluationError(
            f"timed out after {self.deadline.seconds:g} s",
            ["raise --timeout, or name the facts to vary with --vary"])).satisfiable)

    def _diff(self, person: str | None) -> int:
        return self.diff.get(person, 0)

    def flips(self, path: str, person: str | None = None) -> bool:
        d = self._diff(person)
        if not d:
            return False
        others = [self.same[p] for p in self.axes if p != path]
        return self._sat([*others, self.apart[path], self.world_b, d])

    def flips_item(self, path: str, person: str, key: str) -> bool:
        """Can changing this fact alone change the person's conclusion ``key`` (a status or an
        outcome key such as ``transfer:rok``)?"""
        d = self.item_diff.get((person, key), 0)
        if not d:
            return False
        others = [self.same[p] for p in self.axes if p != path]
        return self._sat([*others, self.apart[path], self.world_b, d])

    def excludes(self, path: str) -> bool:
        others = [self.same[p] for p in self.axes if p != path]
        return self._sat([*others, self.apart[path], -self.world_b, self.excluded])

    def sufficient(self, paths: Iterable[str], person: str | None = None) -> bool:
        d = self._diff(person)
        if not d:
            return True
        return not self._sat([*(self.same[p] for p in paths), self.world_b, d])

    def choose(self, person: str | None = None) -> list[str]:
        """The facts a decision table for ``person`` (everyone if None) must vary, in axis order.

        The facts relevant to him; if two worlds agreeing on them could still differ for
        him (a path between them through excluded combinations), also the facts that
        exclude worlds; failing that, every open fact.
        """
        keys = [p for p in self.axes if self.flips(p, person)]
        if self.sufficient(keys, person):
            return keys
        wider = [p for p in self.axes if p in keys or self.excludes(p)]
        if self.sufficient(wider, person):
            return wider
        return list(self.axes)
