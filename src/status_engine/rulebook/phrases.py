"""The rule base's phrases (``rules/phrases.yaml``): sentences for facts and conclusions.

The wording is law-side data, edited beside the rules; this module only reads it and fills
its templates in.  A rule base without the file (a test's mini rule base, a draft) has no
phrases: every lookup then falls back to the id, so nothing fails for want of a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from clingo import Symbol, SymbolType

from ..errors import RuleBaseError

FILE = "phrases.yaml"
WILDCARD_NAME = "any__"  # a variable of a failed condition (explain.evaluate.WILDCARD)
_PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)\}")


def _key(k: Any) -> str:
    """YAML reads ``true:``/``false:`` keys as booleans; phrases speak of them as words."""
    return str(k).lower() if isinstance(k, bool) else str(k)


def _norm(value: Any) -> Any:
    if isinstance(value, dict):
        return {_key(k): _norm(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_norm(v) for v in value]
    return value if isinstance(value, str) else ("" if value is None else _key(value))


def _fill(template: str, values: Mapping[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


@dataclass(frozen=True)
class Names:
    """Display names of one scenario's persons and states."""

    persons: Mapping[str, str] = field(default_factory=dict)
    states: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Phrases:
    glossary: dict[str, str] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)
    outcomes: dict[str, Any] = field(default_factory=dict)
    terms: dict[str, str] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)
    positions: dict[str, dict[str, str]] = field(default_factory=dict)
    predicates: dict[str, Any] = field(default_factory=dict)
    # A derived atom that does not hold, in words (``party/1``: "{0} is not a party ..."); "*" keys a
    # variable last argument ("no rule makes him a combatant of any party").
    negations: dict[str, Any] = field(default_factory=dict)
    facts_not: dict[str, Any] = field(default_factory=dict)  # a fact that does not take a value
    questions: dict[str, str] = field(default_factory=dict)  # an open fact as the question it leaves
    definite_article: tuple[str, ...] = ()

    # -- names
    def state_name(self, sid: str, names: Names | None = None, registry: Any = None) -> str:
        """The scenario's name, else the treaty registry's, else the id; with "the" where English wants it."""
        name = (names.states.get(sid) if names else None) or None
        if name is None and registry is not None:
            known = registry.identify(sid)
            name = known.name if known is not None else None
        if name is None:
            return sid
        if any(name == w or name.startswith(w + " ") for w in self.definite_article):
            return "the " + name
        return name

    def term(self, word: str, names: Names | None = None) -> str:
        """A constant: a person's or state's name, a status, a term, else the id itself."""
        if names is not None:
            if word in names.persons:
                return names.persons[word]
            if word in names.states:
                return names.states[word]
        return self.statuses.get(word) or self.terms.get(word) or word

    # -- outcomes and statuses
    def outcome(self, key: str, names: Names | None = None) -> str:
        """``repatriate:dprk`` -> ``return to the Democratic People's Republic of Korea``."""
        verb, _, arg = key.partition(":")
        spec = self.outcomes.get(verb)
        if spec is None:
            return key
        if isinstance(spec, dict):
            spec = spec.get(arg, spec.get("_", key))
        shown = names.states.get(arg, self.terms.get(arg, arg)) if names else self.terms.get(arg, arg)
        return _fill(str(spec), {"state": shown, "arg": shown})

    def status(self, key: str) -> str:
        return self.statuses.get(key, key)

    # -- input facts
    def fact(self, path: str, value: Any, names: Names | None = None, negated: bool = False) -> str:
        """A sentence for one input fact: ``persons.ri.wish`` = ``rok`` -> "Ri wishes to go to ...";
        with ``negated``, that it does not take that value (``facts_not``, else "not so: ...")."""
        if negated:
            said = self._fact(path, value, names, self.facts_not)
            return said if said is not None else "not so: " + self.fact(path, value, names)
        said = self._fact(path, value, names, self.facts)
        return said if said is not None else f"{path} = {_key(value)}"

    def _pattern(self, path: str, names: Names | None) -> tuple[str, dict[str, str]]:
        """``persons.ri.risk_on_return.ru`` -> (``persons.risk_on_return``, person and state names)."""
        parts = path.split(".")
        values: dict[str, str] = {}
        if parts[0] == "persons" and len(parts) >= 3:
            values["person"] = self.term(parts[1], names)
            rest = parts[2:]
            if rest[0] == "risk_on_return" and len(rest) == 2:
                values["state"] = self.term(rest[1], names)
                rest = rest[:1]
            elif rest[0] == "covered_by" and len(rest) == 2:
                values["agreement"] = rest[1]
                rest = rest[:1]
            return "persons." + ".".join(rest), values
        if parts[0] == "states" and len(parts) >= 3:
            values["state"] = self.term(parts[1], names)
            if parts[2] == "treaties" and len(parts) == 4:
                values["instrument"] = self.terms.get(parts[3], parts[3])
                parts = parts[:3]
            return "states." + ".".join(parts[2:]), values
        if parts[0] == "agreements" and len(parts) >= 2:
            values["agreement"] = parts[1]
            return parts[0], values
        return path, values

    def _fact(self, path: str, value: Any, names: Names | None, table: dict[str, Any]) -> str | None:
        parts = path.split(".")
        if parts[0] == "positions" and len(parts) >= 2:
            label = self.positions.get(parts[1], {}).get(_key(value)) or _key(value)
            nay = "not the reading that " if table is self.facts_not else ""
            return f"on {parts[1].replace('_', ' ')}: {nay}{label}"
        pattern, values = self._pattern(path, names)
        spec = table.get(pattern)
        word = _key(value)
        if isinstance(spec, dict):
            spec = spec.get(word, spec.get("_"))
        if spec is None:
            return None
        values["value"] = self.term(word, names)
        return _fill(str(spec), values)

    def question(self, path: str, names: Names | None = None) -> str:
        """An open fact as the question it leaves: "whether Ri's unit carries arms openly".

        A position is asked as its contested question's name ("party status"); a path
        with no question in the phrases falls back to the path itself."""
        parts = path.split(".")
        if parts[0] == "positions" and len(parts) >= 2:
            return f"the contested question of {parts[1].replace('_', ' ')}"
        pattern, values = self._pattern(path, names)
        spec = self.questions.get(pattern)
        return path if spec is None else _fill(str(spec), values)

    # -- derived atoms
    def atom(self, symbol: Symbol, names: Names | None = None, negated: bool = False) -> str:
        """A sentence for a derived atom, e.g. ``pow_ground(ri,gc3_4a1)``; with ``negated``, that it
        does not hold (from ``negations``, else "it is not the case that ...").  An atom with no
        phrase falls back to the atom itself."""
        args = symbol.arguments if symbol.type == SymbolType.Function else []
        if negated:
            spec = self._spec(self.negations, symbol, args)
            if spec is not None:
                return _fill(str(spec), {str(i): self._arg(a, names) for i, a in enumerate(args)})
            return "it is not the case that " + self.atom(symbol, names)
        spec = self._spec(self.predicates, symbol, args)
        if spec is None:
            return str(symbol)
        return _fill(str(spec), {str(i): self._arg(a, names) for i, a in enumerate(args)})

    @staticmethod
    def _spec(table: dict[str, Any], symbol: Symbol, args: Any) -> Any:
        if symbol.type != SymbolType.Function:
            return None
        spec = table.get(f"{symbol.name}/{len(args)}")
        if isinstance(spec, dict):
            last = args[-1] if args else None
            if last is not None and last.type == SymbolType.Function and last.name == WILDCARD_NAME:
                return spec.get("*", spec.get("_"))
            spec = spec.get(str(last) if last is not None else "", spec.get("_"))
        return spec

    def _arg(self, arg: Symbol, names: Names | None) -> str:
        if arg.type == SymbolType.Function and arg.name == WILDCARD_NAME:
            return "any"
        if arg.type == SymbolType.Function and arg.arguments:
            return self.outcome(f"{arg.name}:{':'.join(str(a) for a in arg.arguments)}", names)
        return self.term(str(arg), names)


def read(directory: Path) -> Phrases:
    """The phrases of a rule base directory (none if it has no phrases.yaml)."""
    import yaml

    path = directory / FILE
    if not path.exists():
        return Phrases()
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: the phrases are ~70 ms in pure Python
        data = _norm(yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {})
    except (OSError, yaml.YAMLError) as exc:
        raise RuleBaseError(f"{path}: cannot read the phrases: {exc}") from None
    if not isinstance(data, dict):
        raise RuleBaseError(f"{path}: the phrases must be a mapping")
    return Phrases(
        glossary={k: " ".join(str(v).split()) for k, v in (data.get("glossary") or {}).items()},
        statuses=dict(data.get("statuses") or {}), outcomes=dict(data.get("outcomes") or {}),
        terms=dict(data.get("terms") or {}), facts=dict(data.get("facts") or {}),
        positions=dict(data.get("positions") or {}), predicates=dict(data.get("predicates") or {}),
        negations=dict(data.get("negations") or {}), facts_not=dict(data.get("facts_not") or {}),
        questions={k: " ".join(str(v).split()) for k, v in (data.get("questions") or {}).items()},
        definite_article=tuple(data.get("definite_article") or ()))


def names_for(scenario: Any, registry: Any = None, phrases: Phrases | None = None) -> Names:
    """Display names of a scenario's persons (label up to its first comma, else id) and states."""
    ph = phrases or Phrases()
    persons = {p.id: (p.label.split(",")[0].strip() if p.label else p.id) or p.id for p in scenario.persons}
    states = {sid: ph.state_name(sid, Names(states={sid: s.name} if s.name else {}), registry)
              for sid, s in scenario.states.items()}
    return Names(persons, states)
