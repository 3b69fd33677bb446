"""Every ground of a firm verdict, found by the solver, and what decides a conclusion in short.

Grounds: a conclusion that holds in every world may hold there on different rules (AP I
art. 43(2) where the DPRK is a party, GC III art. 5(2) while his status is in doubt).  Each
rule deriving it gets a switch atom that is true where that rule fires (from its ``_why``
twins).  The solver is asked for a world where the conclusion holds and none of the
grounds chosen so far fires; the ground firing there is added; until no such world is
left.  The set is then minimised (a ground goes if the others still cover every world),
and each ground's own region (where it fires) is covered and minimised into a condition.

Decisive conditions: the regions of each value of a conclusion (the cases) are minimised
against the regions of its other values (``minimise``) and factored into the fewest,
shortest clauses.
"""

from __future__ import annotations

from typing import Any, Optional

import clingo
from clingo import Function, Symbol

from .decisive import Cover, Region
from .derive import Derivations
from .instrument import Instrumented
from .minimise import Condition, Cube, factor, minimise
from .model import Case, Ground

MAX_REGIONS = 32  # regions per side of a ground's condition (as decisive.MAX_CASES)
MAX_GROUNDS = 12  # rules tried before the search stops (the Kursk verdicts need at most 3)


def domains_of(prep: Any) -> dict[str, list[str]]:
    """Each open fact's path and its values (as the cases' conditions name them)."""
    out = {}
    for k, dom in prep.facts.open_domains():
        info = prep.facts.info(k)
        out[info.path if info else str(k)] = [str(v) for v in dom]
    return out


def _cube(condition: list[tuple[str, list[str]]]) -> Cube:
    return {p: frozenset(v) for p, v in condition}


def condition_of(domains: dict[str, list[str]], on: list[list[tuple[str, list[str]]]],
                 off: list[list[tuple[str, list[str]]]], complete: bool = True) -> Condition:
    """Where one value holds (its regions ``on``), against its other values (``off``), minimised.

    With an incomplete cover (``complete`` False) or too many facts involved, the regions
    are only factored, as found (``exact`` False).
    """
    on_c, off_c = [_cube(c) for c in on], [_cube(c) for c in off]
    got = minimise(domains, on_c, off_c) if complete else None
    if got is None:
        return factor(on_c, domains, exact=False)
    return factor(got, domains)


def decisive(domains: dict[str, list[str]], cases: dict[str, list[Case]], truncated: list[str]
             ) -> dict[str, Condition]:
    """Every value's condition, minimised against the other values' regions."""
    out = {}
    complete = not truncated
    for value, cs in cases.items():
        if not cs:
            continue
        off = [c.condition for v, other in cases.items() if v != value for c in other]
        out[value] = condition_of(domains, [c.condition for c in cs], off, complete)
    return out


class Grounds:
    """The grounds of conclusions of one grounded, instrumented program."""

    def __init__(self, ctl: clingo.Control, cover: Cover, inst: Instrumented, derivations: Derivations,
                 domains: dict[str, list[str]]) -> None:
        self.ctl = ctl
        self.cover = cover
        self.inst = inst
        self.derivations = derivations
        self.domains = domains
        self._whys: Optional[dict[Symbol, list[tuple[int, int]]]] = None
        self._switches = 0
        self._found: dict[tuple[Symbol, Symbol, int], list[Ground]] = {}  # a premise shared by verdicts

    def _why_index(self) -> dict[Symbol, list[tuple[int, int]]]:
        """``_why`` literals by the atom they derive: (rule number, program literal), once."""
        if self._whys is None:
            self._whys = {}
            for a in self.ctl.symbolic_atoms.by_signature("_why", 4):
                self._whys.setdefault(a.symbol.arguments[1], []).append((a.symbol.arguments[0].number, a.literal))
        return self._whys

    def _switch(self, literals: list[int]) -> Symbol:
        """An atom true where one of ``literals`` is (a rule of the ground fires)."""
        self._switches += 1
        sym = Function("_ground", [clingo.Number(self._switches)])
        with self.ctl.backend() as backend:
            head = backend.add_atom(sym)
            for lit in literals:
                backend.add_rule([head], [lit])
        return sym

    def find(self, conclusion: Symbol, where: Symbol, depth: int = 2) -> list[Ground]:
        """The grounds of ``conclusion`` covering every world where ``where`` holds (minimal).

        A single ground whose premise holds on different rules in different worlds gets the
        premise's grounds too (down to ``depth`` premises).
        """
        got = self._found.get((conclusion, where, depth))
        if got is None:
            got = self._found[(conclusion, where, depth)] = self._find(conclusion, where, depth)
        return got

    def _find(self, conclusion: Symbol, where: Symbol, depth: int) -> list[Ground]:
        by_rule: dict[str, tuple[set[int], list[int]]] = {}
        for number, lit in self._why_index().get(conclusion, []):
            meta = self.inst.metas[number]
            rules, lits = by_rule.setdefault(meta.rule_id or f"#{number}", (set(), []))
            rules.add(number)
            lits.append(lit)
        if not by_rule:
            return []
        switches = {key: self._switch(lits) for key, (_, lits) in by_rule.items()}
        order = sorted(by_rule, key=lambda k: (k.startswith("#"), min(by_rule[k][0])))
        chosen: list[str] = []
        worlds = {}
        while len(chosen) < MAX_GROUNDS:
            world = self.cover.world([(where, True)] + [(switches[k], False) for k in chosen])
            if world is None:
                break
            true = world.true()
            firing = [k for k in order if switches[k] in true and k not in chosen]
            if not firing:
                break  # derived by no instrumented rule: cannot happen for a derived atom
            chosen.append(firing[0])
            worlds[firing[0]] = world
        for key in reversed(list(chosen)):  # minimise: drop a ground the others cover
            rest = [k for k in chosen if k != key]
            if rest and self._none([(where, True)] + [(switches[k], False) for k in rest]):
                chosen.remove(key)
        chosen.sort(key=order.index)
        on = {k: [self.cover.condition(r) for r in self._regions(switches[k], True, where)] for k in chosen}
        exclusive = all(self._none([(where, True), (switches[a], True), (switches[b], True)])
                        for i, a in enumerate(chosen) for b in chosen[i + 1:])
        grounds = []
        for k in chosen:
            if exclusive:  # they cover every world, one at a time: where one does not fire, another does
                off = [c for other in chosen if other != k for c in on[other]]
                complete = all(len(on[x]) < MAX_REGIONS for x in chosen)
            else:
                off = [self.cover.condition(r) for r in self._regions(switches[k], False, where)]
                complete = len(on[k]) < MAX_REGIONS and len(off) < MAX_REGIONS
            grounds.append(self._ground(conclusion, by_rule[k][0], worlds[k], on[k], off, complete))
        if len(grounds) == 1 and depth > 0:
            self._premise(grounds[0], where, depth)
        return grounds

    def _premise(self, ground: Ground, where: Symbol, depth: int) -> None:
        """A single ground whose premise holds on different rules (protected as a POW by art. 5(1)
        or 5(2)): the first such premise, with its own grounds."""
        step = ground.derivation
        for child in step.children if step is not None else []:
            atom = clingo.parse_term(child.atom)
            if self.ctl.symbolic_atoms[atom] is None or not self._none([(where, True), (atom, False)]):
                continue  # not the same premise in every world
            sub = self.find(atom, atom, depth - 1)  # over the worlds of the premise: shared by verdicts
            if len(sub) > 1:
                ground.premise, ground.premise_text, ground.premise_grounds = child.atom, child.text, sub
                return

    def _regions(self, target: Symbol, want: bool, where: Symbol) -> list[Region]:
        guard = self.cover._guard()
        out: list[Region] = []
        assume = [(target, want), (where, True), guard]
        while len(out) < MAX_REGIONS:
            values = self.cover.assignment(assume)
            if values is None:
                break
            region = self._shrink(target, want, where, values)
            self.cover._block(guard, region)
            out.append(region)
        return out

    def _shrink(self, target: Symbol, want: bool, where: Symbol, region: Region) -> Region:
        return self.cover.shrink(region, [(where, True), (target, not want)])

    def _none(self, assumptions: list) -> bool:
        """No world meets the assumptions (no model is built)."""
        self.ctl.configuration.solve.models = 1
        return bool(self.ctl.solve(assumptions=assumptions).unsatisfiable)

    def _ground(self, conclusion: Symbol, rules: set[int], world: Any, on: list, off: list,
                complete: bool) -> Ground:
        """A ground: the rule, where it fires (``on``, against ``off``: minimised) and its derivation."""
        meta = self.inst.metas[min(rules)]
        src = self.derivations.rules.sources.get(meta.rule_id) if meta.rule_id else None
        return Ground(meta.rule_id, src.citation if src else None, src.paraphrase if src else None,
                      src.verified if src else None, f"{meta.file}:{meta.line}",
                      condition_of(self.domains, on, off, complete),
                      self.derivations.derive(conclusion, world, rules=rules),
                      instrument=src.instrument if src else None, article=src.article if src else None,
                      paragraph=(src.paragraph or None) if src else None)
