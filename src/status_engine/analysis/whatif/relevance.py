"""Which open facts can change a result: exact tests on the doubled ground program.

The fact set's program is grounded once with an observer recording its ground rules, which
are then added to a fresh Control twice over disjoint atoms (copies A and B); both are
kept for the process (``solver.programs``: a sweep over dates, a briefing, a web server
ask again without grounding).  Per open key, selector atoms tie the key's value in A to
its value in B (``same``) or force them apart (``apart``); assumptions on the selectors
ask one question per solver call:

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

from typing import Any, Iterable

from ...solver import programs
from ...solver.doubled import OUTPUT_SIGNATURES
from ...solver.engine import Deadline
from ...errors import EvaluationError
from .common import Axis

__all__ = ["OUTPUT_SIGNATURES", "Doubled"]


class Doubled:
    """The relevance questions, asked of the doubled program of a fact set and its open keys
    (``programs.doubled``: grounded once per process, kept like the solver sessions)."""

    def __init__(self, rules: Any, facts: Any, axes: dict[str, Axis], deadline: Deadline | None = None):
        self.axes = axes
        self.deadline = deadline or Deadline(None)
        self.program = programs.doubled(rules, facts, [(p, [a.atom(v) for v in a.values]) for p, a in axes.items()])
        self.ctl = self.program.ctl
        self.world_b, self.excluded = self.program.world_b, self.program.excluded
        self.diff, self.item_diff = self.program.diff, self.program.item_diff
        self.same, self.apart = self.program.same, self.program.apart

    def _sat(self, assumptions: Iterable[int]) -> bool:
        from ...solver.session import run

        with self.program.lock:
            return bool(run(self.program.ctl, self.deadline, None, list(assumptions),
                            on_timeout=lambda: EvaluationError(
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
