"""Why not: every rule that could derive an atom, and the first of its conditions that fails.

Recursively: a failed condition the rules could derive is itself explained (``because``),
a failed ``not X`` comes with the derivation of ``X`` (``blocker``), and a failed scenario
fact with its value in the world (``facts``).
"""

from __future__ import annotations

from typing import Any, Optional

from clingo import Symbol

from .derive import Derivations
from .evaluate import Plain, compile_body, compile_term, first_failure, ground_atom, match, pattern_atom
from .instrument import RuleMeta
from .model import Failure, FactRef
from .world import World


class WhyNot:
    """Failures of the rules that could derive an atom, in one world."""

    def __init__(self, derivations: Derivations, plain: Plain) -> None:
        self.derivations = derivations
        self.prep = derivations.prep
        self.rules = derivations.rules
        self.inst = derivations.inst
        self.plain = plain
        self._compiled_rules: dict[int, tuple[Any, list]] = {}
        # Failures by (atom, world, depth): a world is one model (``Cover.world`` keeps one
        # object per model), so the answer is the same each time the conclusions of a
        # person, or the candidate worlds of a region, ask it again.  Shared trees: the
        # explanation copies them before numbering (``model.fresh_case``).
        self._memo: dict[tuple[Symbol, World, int], list[Failure]] = {}

    def compiled(self, meta: RuleMeta) -> tuple[Any, list]:
        """A rule's head and body literals as patterns over plain values (once per rule)."""
        got = self._compiled_rules.get(meta.index)
        if got is None:
            got = (compile_term(meta.head, self.plain), compile_body(meta.body, self.plain))
            self._compiled_rules[meta.index] = got
        return got

    def failures(self, atom: Symbol, world: Optional[World], depth: int = 5) -> list[Failure]:
        """Every rule that could derive ``atom`` and the first of its conditions that fails in ``world``."""
        if world is None or depth == 0:
            return []
        got = self._memo.get((atom, world, depth))
        if got is None:
            got = self._memo[(atom, world, depth)] = self._failures(atom, world, depth)
        return list(got)

    def _failures(self, atom: Symbol, world: World, depth: int) -> list[Failure]:
        index = world.lite(self.plain)
        target = self.plain(atom)
        out = []
        for meta in self.inst.by_head.get((atom.name, len(atom.arguments)), []):
            head, body = self.compiled(meta)
            binding = match(head, target, {})
            if binding is None:
                continue
            failed = first_failure(body, [binding], index["true"], index["by_name"])
            if failed is None:
                continue
            src = self.rules.sources.get(meta.rule_id) if meta.rule_id else None
            because: list[Failure] = []
            facts: list[FactRef] = []
            blocker = None
            negated = failed.startswith("not ")
            ground = ground_atom(failed[4:] if negated else failed)
            if ground is not None and ground.name == "fact" and len(ground.arguments) == 2:
                facts = [self.derivations.fact_ref(f) for f in index["facts"].get(self.plain(ground.arguments[0]), ())]
                if not facts and self.derivations.info(ground.arguments[0]) is not None:
                    facts = [FactRef(self.derivations.info(ground.arguments[0]).path, "(no value)")]
            elif ground is not None and negated:
                blocker = self.derivations.derive(ground, world, why_absent=False)  # it holds: what it rests on
            elif ground is not None and ground.name in {k[0] for k in self.inst.by_head} and ground.name != atom.name:
                because = self.failures(ground, world, depth - 1)  # a ground atom the rules could derive
            elif ground is None and not negated:  # e.g. pow_ground(ri,_): every rule that could derive it
                pattern = pattern_atom(failed)
                if pattern is not None and pattern.name in {k[0] for k in self.inst.by_head} \
                        and pattern.name != atom.name:
                    because = self.failures(pattern, world, depth - 1)
            out.append(Failure(meta.rule_id, src.citation if src else None, src.paraphrase if src else None,
                               failed, f"{meta.file}:{meta.line}", because,
                               instrument=src.instrument if src else None, article=src.article if src else None,
                               paragraph=(src.paragraph or None) if src else None,
                               verified=src.verified if src else None, facts=facts, blocker=blocker,
                               failed_text=self.derivations.speech.failed(failed, facts)
                               if self.derivations.speech is not None else None))
        return out
