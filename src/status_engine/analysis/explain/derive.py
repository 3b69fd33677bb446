"""Derivation trees: how an atom was derived in one world, down to the scenario facts."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable, Optional

from clingo import Symbol

from .instrument import Instrumented, RuleMeta
from .model import Failure, FactRef, Step
from .world import World

# Atoms that are the scenario's input, not conclusions: a derivation stops at them.
INPUT_PREDICATES = {"fact", "open", "domain", "rule", "state", "person", "party_at_start",
                    "has_profile", "profile", "profile_open", "profile_domain"}


class Derivations:
    """Derivation trees of atoms in the worlds of one prepared scenario."""

    def __init__(self, prep: Any, inst: Instrumented, open_keys: set[Symbol]) -> None:
        self.prep = prep
        self.rules = prep.rules
        self.inst = inst
        self.open_keys = open_keys
        self._ids = 0
        # Why a negated condition was not derived (set by the explainer: ``WhyNot.failures``).
        self.why_not: Callable[[Symbol, Optional[World], int], list[Failure]] = lambda atom, world, depth: []
        # prep.facts.info once per key (it scans a person's profile each time)
        self.info: Callable[[Symbol], Any] = lru_cache(maxsize=None)(prep.facts.info)
        self.speech: Optional[Any] = None  # phrasing.Speech: atoms in words (set by the explainer)
        # Whole derivations by (atom, world, why_absent, rules), as ``WhyNot`` memoises its
        # failures: shared trees, copied before numbering (``model.fresh_case``).
        self._memo: dict[tuple[Symbol, World, bool, Optional[frozenset[int]]], Optional[Step]] = {}

    def derive(self, atom: Symbol, world: World, seen: Optional[set] = None, why_absent: bool = True,
               rules: Optional[set[int]] = None) -> Optional[Step]:
        """The derivation of ``atom`` in ``world``; with ``why_absent``, each negated condition
        that a legal rule could have derived comes with why it was not derived; with ``rules``
        (rule numbers), the top step is by one of them (a ground of a firm verdict)."""
        if seen is None:  # a whole derivation: the same in the same world
            key = (atom, world, why_absent, frozenset(rules) if rules is not None else None)
            if key in self._memo:
                return self._memo[key]
            got = self._memo[key] = self._derive(atom, world, set(), why_absent, rules)
            return got
        return self._derive(atom, world, seen, why_absent, rules)

    def _derive(self, atom: Symbol, world: World, seen: set, why_absent: bool,
                rules: Optional[set[int]]) -> Optional[Step]:
        if atom in seen:
            return None
        seen = seen | {atom}
        whys = world.whys(atom)
        if rules is not None:
            whys = [w for w in whys if w.arguments[0].number in rules]
        if not whys:
            return None
        # Prefer a legal rule (with an id) over a view; then the lowest rule number (stable).
        whys.sort(key=lambda a: (self.inst.metas[a.arguments[0].number].rule_id is None, a.arguments[0].number))
        why = whys[0]
        meta = self.inst.metas[why.arguments[0].number]
        pos, neg = why.arguments[2].arguments, why.arguments[3].arguments
        step = self.step(atom, meta)
        for b in pos:
            if b.name == "fact" and len(b.arguments) == 2:
                step.facts.append(self.fact_ref(b))
            elif b.name in INPUT_PREDICATES:
                continue
            else:
                child = self.derive(b, world, seen, why_absent)
                if child is None:
                    continue
                if child.rule_id is None:  # a view: show what it rests on directly
                    step.facts += [f for f in child.facts if f not in step.facts]
                    step.children += child.children
                    step.absent += child.absent
                    step.absent_text += child.absent_text
                    step.absent_why += child.absent_why
                else:
                    step.children.append(child)
        step.absent += [str(n) for n in neg]
        if self.speech is not None:
            step.absent_text += [self.speech.atom(n, negated=True) for n in neg]
        if why_absent:
            for n in neg:
                if any(m.rule_id for m in self.inst.by_head.get((n.name, len(n.arguments)), [])):
                    step.absent_why += self.why_not(n, world, 4)
        return step

    def step(self, atom: Symbol, meta: RuleMeta) -> Step:
        src = self.rules.sources.get(meta.rule_id) if meta.rule_id else None
        self._ids += 1
        return Step(f"n{self._ids}", str(atom), meta.rule_id, src.citation if src else None,
                    src.paraphrase if src else None, src.verified if src else None, meta.file, meta.line,
                    instrument=src.instrument if src else None, article=src.article if src else None,
                    paragraph=(src.paragraph or None) if src else None,
                    text=self.speech.atom(atom) if self.speech is not None else None)

    def fact_ref(self, fact: Symbol) -> FactRef:
        """A ``fact(K, V)`` atom as the scenario fact it comes from (file:line, evidence)."""
        key, value = fact.arguments
        info = self.info(key)
        if info is None:
            return FactRef(str(key), str(value))
        line = None
        set_by = self.prep.provenance.get(info.path)
        if set_by and set_by.startswith("events["):
            line, _ = self.prep.located.where(("events", int(set_by[7:set_by.index("]")])))
        elif not set_by:
            line, _ = self.prep.located.where(info.loc) if _present(self.prep.located, info.loc) else (None, None)
        return FactRef(info.path, str(value), self.prep.located.file if line else None, line,
                       info.fact.evidence, info.fact.source, set_by, key in self.open_keys)


def _present(located: Any, loc: tuple) -> bool:
    cur = located.data
    for part in loc:
        if isinstance(cur, dict) and part in cur:
            cur = cur[part]
        elif isinstance(cur, list) and isinstance(part, int) and part < len(cur):
            cur = cur[part]
        else:
            return False
    return True
