"""A checked scenario, as of a date, becomes clingo symbols.

Symbols are built with clingo's API (``Function``), never by formatting text into
program source, so nothing in a scenario can add or change a rule.  A known fact becomes
``fact(Key, Value)``; an unknown one ``open(Key)`` plus ``domain(Key, V)`` for each value
the format allows, and the engine's single choice rule picks one per world.  The keys
and their values are the interface documented in ``rules/README.md``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable

from clingo import Function, Symbol

from .scenario import Fact, Person, Scenario

TRUE, FALSE = Function("true"), Function("false")
BOOL = (TRUE, FALSE)


def const(name: str) -> Symbol:
    return Function(name)


@dataclass(frozen=True)
class FactInfo:
    """Where a fact came from, for explanations: its dotted path, file path and evidence."""

    path: str  # e.g. persons.ri.wish (the name used in `open` and `--set`)
    loc: tuple  # e.g. ("persons", 0, "wish"): where it stands in the file
    fact: Fact


@dataclass
class FactSet:
    """Everything the rules see about one scenario at one date."""

    atoms: list[Symbol] = field(default_factory=list)
    open: dict[Symbol, tuple[Symbol, ...]] = field(default_factory=dict)  # key -> domain
    info: dict[Symbol, FactInfo] = field(default_factory=dict)  # key -> origin
    persons: list[str] = field(default_factory=list)

    def known(self, key: Symbol, value: Symbol, info: FactInfo) -> None:
        self.atoms.append(Function("fact", [key, value]))
        self.info[key] = info

    def unknown(self, key: Symbol, domain: Iterable[Symbol], info: FactInfo) -> None:
        values = tuple(dict.fromkeys(domain))
        if len(values) == 1:  # nothing to choose: it is known after all
            self.known(key, values[0], info)
            return
        self.atoms.append(Function("open", [key]))
        self.atoms.extend(Function("domain", [key, v]) for v in values)
        self.open[key] = values
        self.info[key] = info

    def add(self, key: Symbol, fact: Fact, domain: tuple[Symbol, ...], info: FactInfo,
            encode: Any = None) -> None:
        if fact.unknown:
            self.unknown(key, domain, info)
        else:
            self.known(key, (encode or _value)(fact.value), info)

    def open_paths(self) -> list[str]:
        return sorted(self.info[k].path for k in self.open)


def _value(value: Any) -> Symbol:
    if value is True:
        return TRUE
    if value is False:
        return FALSE
    return const(str(value))


def build(scn: Scenario, as_of: dt.date, questions: dict[str, tuple[str, ...]],
          rule_ids: Iterable[str]) -> FactSet:
    """Translate the scenario (already at ``as_of``) into the rules' input atoms."""
    fs = FactSet()
    states = sorted(scn.states)
    state_syms = tuple(const(s) for s in states)
    fs.atoms += [Function("rule", [const(r)]) for r in sorted(rule_ids)]
    fs.atoms += [Function("state", [s]) for s in state_syms]
    fs.atoms += [Function("party_at_start", [const(s)]) for s in scn.conflict.parties]
    _conflict(fs, scn, as_of)
    for sid in states:
        _state(fs, sid, scn.states[sid], sid in scn.conflict.parties)
    for i, person in enumerate(scn.persons):
        fs.persons.append(person.id)
        fs.atoms.append(Function("person", [const(person.id)]))
        _person(fs, i, person, state_syms)
    for q in sorted(questions):
        key = Function("position", [const(q)])
        info = FactInfo(f"positions.{q}", ("positions", q), Fact(scn.positions.get(q, "unknown")))
        fs.add(key, info.fact, tuple(const(v) for v in questions[q]), info)
    return fs


def _conflict(fs: FactSet, scn: Scenario, as_of: dt.date) -> None:
    c = scn.conflict
    fs.add(Function("conflict", [const("kind")]), c.kind, (const("international"), const("non_international")),
           FactInfo("conflict.kind", ("conflict", "kind"), c.kind))

    def hostilities(value: Any) -> Symbol:
        return const("ended" if value is not None and value <= as_of else "ongoing")

    fs.add(Function("conflict", [const("hostilities")]), c.hostilities_ended, (const("ongoing"), const("ended")),
           FactInfo("conflict.hostilities_ended", ("conflict", "hostilities_ended"), c.hostilities_ended),
           encode=hostilities)


_STATE_KEYS = {  # scenario field -> input key name
    "acknowledges_participation": "acknowledges",
    "willing_to_receive": "willing",
    "korea": "korea",
    "gc3_party": "gc3_party",
    "recognised_by_detainer": "recognised",
}
_KOREA = (const("rok"), const("dprk"), const("none"))


def _state(fs: FactSet, sid: str, state: Any, party: bool) -> None:
    for field_name, key_name in _STATE_KEYS.items():
        fact = getattr(state, field_name)
        if party and field_name == "acknowledges_participation" and fact.unknown:
            continue  # the format: it matters only for a state that is not a party from the start
        domain = _KOREA if field_name == "korea" else BOOL
        fs.add(Function("state", [const(sid), const(key_name)]), fact, domain,
               FactInfo(f"states.{sid}.{field_name}", ("states", sid, field_name), fact))


_NONE = const("none")
_SIMPLE = {  # person field -> (input key, domain kind)
    "origin": ("origin", "state"),
    "armed_forces": ("armed_forces", "state_or_none"),
    "incorporated_into": ("incorporated_into", "state_or_none"),
    "fought_for": ("fought_for", "state_or_none"),
    "captured_by": ("captured_by", "state"),
    "wish_verified": ("wish_verified", "bool"),
    "proceedings": ("proceedings", ("none", "pending", "convicted")),
    "seriously_wounded": ("seriously_wounded", "bool"),
    "foreign_nationality": ("foreign_nationality", "bool"),
    "claims_pow": ("claims_pow", "bool"),
    "tribunal_decision": ("tribunal", ("none", "pow", "not_pow")),
    "recruited_for_gain": ("recruited_for_gain", "bool"),
    "war_crime_suspect": ("war_crime_suspect", "bool"),
}


def _domain(kind: Any, states: tuple[Symbol, ...]) -> tuple[Symbol, ...]:
    if kind == "bool":
        return BOOL
    if kind == "state":
        return states
    if kind == "state_or_none":
        return states + (_NONE,)
    return tuple(const(v) for v in kind)


def _person(fs: FactSet, index: int, person: Person, states: tuple[Symbol, ...]) -> None:
    pid = const(person.id)
    base = ("persons", index)

    def info(path: str, *loc: Any, fact: Fact) -> FactInfo:
        return FactInfo(f"persons.{person.id}.{path}", base + loc, fact)

    def key(name: Symbol) -> Symbol:
        return Function("person", [pid, name])

    for field_name, (key_name, kind) in _SIMPLE.items():
        fact = getattr(person, field_name)
        fs.add(key(const(key_name)), fact, _domain(kind, states), info(field_name, field_name, fact=fact))
    for group, sub in (("conditions_4a2", "cond"), ("defectors_act_art9", "art9")):
        model = getattr(person, group)
        for name in type(model).model_fields:
            fact = getattr(model, name)
            fs.add(key(Function(sub, [const(name)])), fact, BOOL, info(f"{group}.{name}", group, name, fact=fact))
    for s in states:
        fact = person.risk_on_return.get(s.name, Fact("unknown"))
        loc = ("risk_on_return", s.name) if s.name in person.risk_on_return else ("risk_on_return",)
        fs.add(key(Function("risk", [s])), fact, (const("substantial"), _NONE),
               info(f"risk_on_return.{s.name}", *loc, fact=fact))
    _wish(fs, person, states, key(const("wish")), info("wish", "wish", fact=person.wish))


def _wish(fs: FactSet, person: Person, states: tuple[Symbol, ...], key: Symbol, info: FactInfo) -> None:
    """The origin state is always written ``origin``, so one wish is one world."""
    origin = None if person.origin.unknown else person.origin.value
    words = (const("origin"), const("stay"), const("undecided"))
    domain = words + tuple(s for s in states if s.name != origin)
    fs.add(key, person.wish, domain, info,
           encode=lambda v: const("origin") if v == origin else const(str(v)))
