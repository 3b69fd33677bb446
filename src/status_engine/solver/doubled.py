"""The doubled program: a fact set's ground program twice over disjoint atoms.

The fact set's own program (``programs.plain``, grounded once with its ground rules
recorded by a ``Recorder``) is copied into a fresh Control twice (copies A and B).  Per
open key, selector atoms tie the key's value in A to its value in B (``same``) or force them apart
(``apart``); difference atoms say that some output atom (a status, an outcome considered,
an obligation, a prohibition) of a person, or of one conclusion of his, differs between
the copies; ``excluded``: a consistency rule fires in copy B.  Copy A is always a world
(consistency enforced); copy B is one when ``world_b`` is assumed.  What the questions
mean (``flips``, ``excludes``, ``sufficient``) is ``analysis.whatif.relevance``'s.

No ground is called: the copies are written through the backend.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Sequence

import clingo
from clingo import Symbol

from .solving import ENFORCE

OUTPUT_SIGNATURES = (("status", 2), ("outcome", 2), ("obligatory", 2), ("forbidden", 2))


class Recorder(clingo.Observer):
    """Keeps the ground program (normal, choice and weight rules) until ``close``: what a
    caller adds through the backend later is not part of it."""

    def __init__(self) -> None:
        self.rules: list[tuple[bool, list[int], list[int]]] = []
        self.weight_rules: list[tuple[bool, list[int], int, list[tuple[int, int]]]] = []
        self.closed = False

    def rule(self, choice: bool, head: Sequence[int], body: Sequence[int]) -> None:
        if not self.closed:
            self.rules.append((choice, list(head), list(body)))

    def weight_rule(self, choice: bool, head: Sequence[int], lower_bound: int,
                    body: Sequence[tuple[int, int]]) -> None:
        if not self.closed:
            self.weight_rules.append((choice, list(head), lower_bound, list(body)))


@dataclass
class Doubled:
    """The doubled Control and the literals its questions assume."""

    ctl: clingo.Control
    world_b: int
    diff: dict[str | None, int]  # person (None: anyone) -> some output atom of his differs
    item_diff: dict[tuple[str, str], int]  # (person, status or outcome key) -> that conclusion differs
    excluded: int
    same: dict[str, int]
    apart: dict[str, int]
    lock: threading.RLock = field(default_factory=threading.RLock)


def build(base: clingo.Control, rec: Recorder, axes: Sequence[tuple[str, Sequence[Symbol]]]) -> Doubled:
    """Copy ``base``'s ground program (as ``rec`` recorded it) twice and add the selectors
    of ``axes`` (each open key's path and its ``fact(K, V)`` atoms)."""
    from .verdicts import term_of  # verdicts reads solving's Consequences: imported late

    atoms = base.symbolic_atoms
    enforce = atoms[ENFORCE]
    by_person: dict[str, list[int]] = {}
    by_item: dict[tuple[str, str], list[int]] = {}
    for name, arity in OUTPUT_SIGNATURES:
        for out in atoms.by_signature(name, arity):
            who, what = out.symbol.arguments
            by_person.setdefault(str(who), []).append(out.literal)
            by_item.setdefault((str(who), term_of(name, what)[1]), []).append(out.literal)
    conflicts = [a.literal for a in atoms.by_signature("conflict", 2)]

    ctl = clingo.Control(["--warn=none"])
    maps: list[dict[int, int]] = [{}, {}]
    with ctl.backend() as backend:
        def lit(copy: int, literal: int) -> int:
            m = maps[copy]
            a = abs(literal)
            if a not in m:
                m[a] = int(backend.add_atom())
            return m[a] if literal > 0 else -m[a]

        def free() -> int:
            atom = int(backend.add_atom())
            backend.add_rule([atom], [], True)
            return atom

        def differs(lits: list[int]) -> int:
            d = int(backend.add_atom())
            for o in lits:
                backend.add_rule([d], [lit(0, o), -lit(1, o)])
                backend.add_rule([d], [lit(1, o), -lit(0, o)])
            return d

        for copy in (0, 1):
            for choice, head, body in rec.rules:
                backend.add_rule([lit(copy, h) for h in head], [lit(copy, b) for b in body], choice)
            for choice, head, lower, wbody in rec.weight_rules:
                backend.add_weight_rule([lit(copy, h) for h in head], lower,
                                        [(lit(copy, b), w) for b, w in wbody], choice)
        world_b = free()
        if enforce is not None:
            backend.add_rule([lit(0, enforce.literal)])
            backend.add_rule([lit(1, enforce.literal)], [world_b])
        diff: dict[str | None, int] = {None: backend.add_atom()}
        for person, lits in by_person.items():
            d = diff[person] = differs(lits)
            backend.add_rule([diff[None]], [d])
        item_diff = {item: differs(lits) for item, lits in by_item.items()}
        excluded = backend.add_atom()
        for c in conflicts:
            backend.add_rule([excluded], [lit(1, c)])
        same: dict[str, int] = {}
        apart: dict[str, int] = {}
        for path, values in axes:
            s, t = same[path], apart[path] = free(), free()
            for value in values:
                sa = atoms[value]
                if sa is None:
                    continue
                x, y = lit(0, sa.literal), lit(1, sa.literal)
                backend.add_rule([], [x, -y, s])
                backend.add_rule([], [y, -x, s])
                backend.add_rule([], [x, y, t])
    ctl.configuration.solve.models = 1  # type: ignore[union-attr]
    return Doubled(ctl, world_b, diff, item_diff, excluded, same, apart)
