"""The explanation's atoms and failed conditions in words, from the rule base's phrases.

A derivation step says what was derived ("Ri is a presumed prisoner of war"), a negated
condition that held what did not ("Ri is not a mercenary"), a failed condition why the
rule does not apply ("the DPRK is not a party to the conflict on this reading", "Ri was
not recruited for private gain").  The sentences are ``rules/phrases.yaml``'s; the atoms
stay in the explanation for the debug and JSON views.
"""

from __future__ import annotations

from typing import Any, Optional

from clingo import Symbol

from ...rulebook.phrases import Names, Phrases, names_for
from .evaluate import ground_atom, pattern_atom
from .model import FactRef

SWITCHED_OFF = " (rule switched off)"


class Speech:
    """Sentences for one scenario's atoms (its persons' and states' names)."""

    def __init__(self, phrases: Phrases, names: Names, info: Any = None) -> None:
        self.phrases = phrases
        self.names = names
        self.info = info  # prep.facts.info: a fact key's scenario path
        # Sentences once each: the same atoms and failed conditions recur in every world.
        self._atoms: dict[tuple[Symbol, bool], str] = {}
        self._failed: dict[tuple[str, tuple[tuple[str, str], ...]], str] = {}

    @classmethod
    def of(cls, prep: Any) -> "Speech":
        rules = prep.rules
        phrases = getattr(rules, "phrases", None) or Phrases()
        return cls(phrases, names_for(prep.scenario, getattr(rules, "registry", None), phrases), prep.facts.info)

    def atom(self, sym: Symbol, negated: bool = False) -> str:
        """The atom in words; one with no phrase as its name and arguments ("party at start (dprk)")."""
        key = (sym, negated)
        got = self._atoms.get(key)
        if got is None:
            got = self._atoms[key] = self._atom(sym, negated)
        return got

    def _atom(self, sym: Symbol, negated: bool) -> str:
        said = self.phrases.atom(sym, self.names, negated)
        if str(sym) in said:
            words = ", ".join(self.phrases.term(str(a), self.names) for a in sym.arguments)
            name = sym.name.replace("_", " ")
            plain = f"{name} ({words})" if words else name
            said = said.replace(str(sym), plain)
        return said

    def fact(self, path: str, value: str) -> str:
        return self.phrases.fact(path, value, self.names)

    def failed(self, failed: str, facts: list[FactRef]) -> str:
        """Why a rule does not apply, in words: the condition that fails, as the world has it."""
        key = (failed, tuple((f.path, f.value) for f in facts))
        got = self._failed.get(key)
        if got is None:
            got = self._failed[key] = self._failed_text(failed, facts)
        return got

    def _failed_text(self, failed: str, facts: list[FactRef]) -> str:
        if failed.endswith(SWITCHED_OFF):
            return "the rule is switched off for this evaluation"
        negated = failed.startswith("not ")
        body = failed[4:] if negated else failed
        sym: Optional[Symbol] = ground_atom(body) or pattern_atom(body)
        if sym is None:
            return "the values it compares do not match"
        if sym.name == "fact" and len(sym.arguments) == 2:
            if facts:
                return "; ".join(self.fact(f.path, f.value) for f in facts)
            info = self.info(sym.arguments[0]) if self.info is not None else None
            return f"nothing is stated on {info.path if info else 'this fact'}"
        if sym.name == "position" and len(sym.arguments) == 2:
            return self.phrases.fact(f"positions.{sym.arguments[0]}", str(sym.arguments[1]), self.names, negated=True)
        if negated:  # the excluded atom holds
            return self.atom(sym)
        return self.atom(sym, negated=True)
