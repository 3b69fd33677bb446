"""A checked scenario, as of a date, becomes clingo symbols.

Symbols are built with clingo's API (``Function``), never by formatting text into
program source, so nothing in a scenario can add or change a rule.  A known fact becomes
``fact(Key, Value)``; an unknown one ``open(Key)`` plus ``domain(Key, V)`` for each value
the format allows, and the engine's choice rule picks one per world.  The keys and their
values are the interface documented in ``rules/README.md``.

Persons are emitted through *profiles*: the facts of a person without his id.  Each
distinct profile is emitted once (``profile/3``, ``profile_open/2``,
``profile_domain/3``) and each person points at his (``has_profile/2``); three lines of
``mechanism/worlds.lp`` unfold them into ``fact/2``, ``open/1`` and ``domain/2``.  Creating a
clingo symbol costs microseconds through the C API, so a deployment of 15,000 similar
soldiers costs a few symbols each instead of a hundred.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Iterable, Iterator

from clingo import Function, Number, Symbol

from ..scenario import inputs
from ..scenario.model import FACT_GROUPS, UNKNOWN, Fact, Person, Scenario, State
from ..rulebook.treaties import BOUND_INSTRUMENTS, RESERVATIONS, KnownState, Registry

@lru_cache(maxsize=None)
def const(name: str) -> Symbol:
    return Function(name)


@lru_cache(maxsize=None)
def _term(name: str, arg: str) -> Symbol:
    return Function(name, [const(arg)])


TRUE, FALSE = const("true"), const("false")
BOOL = (TRUE, FALSE)
_NONE = const("none")


def key_term(pattern: str, binds: dict[str, str]) -> Symbol:
    """An input key of ``inputs.TABLE`` as a symbol: ``state(<id>, bound(<instrument>))`` with
    ``binds={"<id>": "ua", "<instrument>": "cat"}`` -> ``state(ua, bound(cat))``.

    Built with ``Function`` from the table's pattern, never by parsing text with scenario ids in it.
    """
    if "(" not in pattern:
        return const(binds.get(pattern, pattern))
    name = pattern.split("(", 1)[0]
    return Function(name, [key_term(arg, binds) for arg in inputs.key_parts(pattern)])


def _row_key(path: str, **binds: str) -> Symbol:
    key = inputs.row(path).key
    assert key is not None, path
    return key_term(key, {f"<{k}>": v for k, v in binds.items()})


def _value(value: Any) -> Symbol:
    if value is True:
        return TRUE
    if value is False:
        return FALSE
    return const(str(value))


@dataclass(frozen=True)
class FactInfo:
    """Where a fact came from, for explanations: its dotted path, file location and evidence."""

    path: str  # e.g. persons.ri.wish (the name used in `open` and `--set`)
    loc: tuple[Any, ...]  # e.g. ("persons", 0, "wish"): where it stands in the file
    fact: Fact


@dataclass(frozen=True)
class Entry:
    """One fact of a person, without the person: the key's inner term, value or domain."""

    name: Symbol  # e.g. origin, cond(distinctive_sign), risk(dprk)
    path: str  # e.g. conditions_4a2.distinctive_sign
    loc: tuple[Any, ...]  # location inside the person, e.g. ("conditions_4a2", "distinctive_sign")
    value: Symbol | None  # None when unknown
    domain: tuple[Symbol, ...] = ()


@dataclass
class FactSet:
    """Everything the rules see about one scenario at one date."""

    atoms: list[Symbol] = field(default_factory=list)
    global_open: dict[Symbol, tuple[Symbol, ...]] = field(default_factory=dict)
    global_info: dict[Symbol, FactInfo] = field(default_factory=dict)
    global_domain: dict[Symbol, tuple[Symbol, ...]] = field(default_factory=dict)  # every shared key's domain
    persons: list[str] = field(default_factory=list)
    mirror_of: dict[str, str] = field(default_factory=dict)  # person -> the solved person he mirrors
    person_model: dict[str, tuple[int, Person]] = field(default_factory=dict)
    profiles: list[tuple[Entry, ...]] = field(default_factory=list)
    profile_of: dict[str, int] = field(default_factory=dict)
    agreement_info: dict[str, FactInfo] = field(default_factory=dict)
    slot: tuple[Entry, ...] = ()  # every person key over its full domain (per_profile)
    n_shared: int = 0  # atoms[:n_shared] are the shared facts (conflict, states, positions, agreements)
    n_persons_end: int = 0  # atoms[n_shared:n_persons_end] are the persons'; later ones a caller added

    def shared_atoms(self) -> list[Symbol]:
        """Every atom that is not about a person (including any a caller appended)."""
        return self.atoms[:self.n_shared] + self.atoms[self.n_persons_end:]

    # -- global facts (conflict, states, positions) are few: plain fact/2 atoms
    def add(self, key: Symbol, fact: Fact, domain: tuple[Symbol, ...], info: FactInfo, encode: Any = None) -> None:
        self.global_domain[key] = tuple(dict.fromkeys(domain))
        if fact.unknown and len(set(domain)) > 1:
            self.atoms.append(Function("open", [key]))
            self.atoms.extend(Function("domain", [key, v]) for v in dict.fromkeys(domain))
            self.global_open[key] = tuple(dict.fromkeys(domain))
        else:
            value = domain[0] if fact.unknown else (encode or _value)(fact.value)
            self.atoms.append(Function("fact", [key, value]))
        self.global_info[key] = info

    # -- what the engine and the renderers ask
    @property
    def grounded(self) -> list[str]:
        """The persons the solver sees (the others mirror one of them)."""
        return [p for p in self.persons if p not in self.mirror_of]

    @property
    def worlds(self) -> int:
        """Worlds before any consistency rule: the product of the open domains' sizes."""
        n = math.prod(len(d) for d in self.global_open.values())
        per_profile = [math.prod(len(e.domain) for e in entries if e.value is None) for entries in self.profiles]
        return n * product(per_profile[self.profile_of[p]] for p in self.persons)

    def open_paths(self) -> list[str]:
        paths = [self.global_info[k].path for k in self.global_open]
        for pid in self.persons:
            paths += [f"persons.{pid}.{e.path}" for e in self.profiles[self.profile_of[pid]] if e.value is None]
        return sorted(paths)

    def local_worlds(self, pid: str) -> int:
        return math.prod(len(e.domain) for e in self.profiles[self.profile_of[pid]] if e.value is None)

    def open_domains_of(self, pid: str) -> list[tuple[Symbol, tuple[Symbol, ...]]]:
        return [(Function("person", [const(pid), e.name]), e.domain)
                for e in self.profiles[self.profile_of[pid]] if e.value is None]

    def open_domains(self) -> Iterator[tuple[Symbol, tuple[Symbol, ...]]]:
        """Every open key with its domain (persons' keys built on demand)."""
        yield from self.global_open.items()
        for pid in self.persons:
            for e in self.profiles[self.profile_of[pid]]:
                if e.value is None:
                    yield Function("person", [const(pid), e.name]), e.domain

    def known_facts(self) -> list[Symbol]:
        """Every known fact as a fact/2 atom (for unsat cores; built on demand)."""
        out = [s for s in self.atoms if s.name == "fact"]
        for pid in self.persons:
            for e in self.profiles[self.profile_of[pid]]:
                if e.value is not None:
                    out.append(Function("fact", [Function("person", [const(pid), e.name]), e.value]))
        return out

    def info(self, key: Symbol) -> FactInfo | None:
        """Where the fact with this key comes from."""
        if key in self.global_info:
            return self.global_info[key]
        if key.name == "person" and len(key.arguments) == 2:
            pid = key.arguments[0].name
            if pid in self.person_model:
                index, person = self.person_model[pid]
                for e in self.profiles[self.profile_of[pid]]:
                    if e.name == key.arguments[1] and e.name.name == "covered_by":
                        return self.agreement_info.get(e.name.arguments[0].name)
                    if e.name == key.arguments[1]:
                        return FactInfo(f"persons.{pid}.{e.path}", ("persons", index) + e.loc, _fact_at(person, e.loc))
        return None


def product(factors: Iterable[int]) -> int:
    """The product of many small counts, fast: equal factors are raised to their multiplicity
    (a roster's counts take few distinct values) and the powers multiplied smallest first.
    Multiplying 15,000 factors one by one into a 40,000-digit number is quadratic in digits."""
    from collections import Counter

    powers = sorted(v ** c for v, c in Counter(factors).items())
    while len(powers) > 1:
        powers = sorted([powers[i] * powers[i + 1] for i in range(0, len(powers) - 1, 2)]
                        + powers[len(powers) - len(powers) % 2:])
    return powers[0] if powers else 1


def _fact_at(person: Person, loc: tuple[Any, ...]) -> Fact:
    obj: Any = person
    for part in loc:
        obj = obj.get(part, Fact("unknown")) if isinstance(obj, dict) else getattr(obj, part)
    return obj if isinstance(obj, Fact) else Fact("unknown")


# Persons with equal profiles are interchangeable: the rules never name, order or count
# persons, so renaming one into another maps worlds to worlds and his consequences are
# the same.  Beyond COPIES members of a profile, the others are not grounded but mirror
# the first; COPIES members still let every rule that relates a person to others of his
# profile (e.g. "some soldier of this state took part") see every combination of two
# other witnesses.  tests/properties checks mirrored results against full grounding.
COPIES = 3


def build(scn: Scenario, as_of: dt.date, questions: dict[str, tuple[str, ...]],
          rule_ids: Iterable[str], mirror: bool = True, registry: Registry | None = None,
          reads: Callable[[str], bool] = lambda name: True) -> FactSet:
    """Translate the scenario (already at ``as_of``) into the rules' input atoms.

    ``registry`` (the rule base's treaty registry) supplies the facts a file leaves out
    about a state it identifies: which Korea it is, the instruments and reservations
    that bind it on ``as_of``.  ``reads(name)`` tells whether the rule base reads a state
    or person key at all: a key no rule names cannot matter and is not emitted (no open world).
    """
    fs = FactSet()
    states = tuple(sorted(scn.states))
    fs.atoms += [Function("rule", [const(r)]) for r in sorted(rule_ids)]
    fs.atoms += [Function("state", [const(s)]) for s in states]
    fs.atoms += [Function("party_at_start", [const(s)]) for s in dict.fromkeys(scn.conflict.parties)]
    _conflict(fs, scn, as_of)
    registry = registry or Registry()
    for sid in states:
        state = scn.states[sid]
        _state(fs, sid, state, sid in scn.conflict.parties, registry.identify(sid, state.iso), as_of, reads)
    for q in sorted(questions):
        key = _row_key("positions.<question>", question=q)
        info = FactInfo(f"positions.{q}", ("positions", q), Fact(scn.positions.get(q, "unknown")))
        fs.add(key, info.fact, tuple(const(v) for v in questions[q]), info)
    covered = _agreements(fs, scn, as_of)
    fs.n_shared = len(fs.atoms)
    _persons(fs, scn, states, COPIES if mirror else None, covered, reads)
    fs.n_persons_end = len(fs.atoms)
    fs.slot = tuple(e for e in _slot_profile(states, tuple(sorted(fs.agreement_info))) if reads(e.name.name))
    return fs


def _slot_profile(states: tuple[str, ...], agreements: tuple[str, ...]) -> tuple[Entry, ...]:
    """Every person key open over its full domain: the one-person program that
    ``per_profile`` grounds once and pins to each profile by assumptions."""
    unknown = Fact(UNKNOWN)
    groups: dict[str, Any] = {}
    for g, model in FACT_GROUPS.items():
        members: dict[str, Any] = {n: unknown for n in model.model_fields}
        groups[g] = model.model_construct(**members)
    values: dict[str, Any] = {f: unknown for f in _SIMPLE}
    person = Person.model_construct(**values, **groups, risk_on_return={}, wish=unknown)
    entries = [e for e in profile(person, states) if e.value is None]
    entries += [Entry(_term(_COVERED.key_name, a), f"covered_by.{a}", (), None, BOOL) for a in agreements]
    return tuple(entries)


def slot_entries(fs: FactSet) -> tuple[Entry, ...]:
    return fs.slot


def _agreements(fs: FactSet, scn: Scenario, as_of: dt.date) -> dict[str, tuple[str, ...]]:
    """Special agreements in force on ``as_of``; returns person -> the agreements covering him."""
    covered: dict[str, list[str]] = {}
    everyone = [p.id for p in scn.persons]
    for i, ag in enumerate(scn.agreements):
        if not ag.in_force(as_of):
            continue
        a = const(ag.id)
        fs.atoms.append(Function("agreement", [a, const(ag.kind)]))
        fs.atoms += [Function("agreement_party", [a, const(s)]) for s in dict.fromkeys(ag.parties)]
        if ag.custodian:
            fs.atoms.append(Function("agreement_custodian", [a, const(ag.custodian)]))
        fs.agreement_info[ag.id] = FactInfo(f"agreements.{ag.id}", ("agreements", i),
                                            Fact(True, ag.note or f"{ag.kind} agreement from {ag.from_}"))
        for pid in (everyone if ag.persons is None else ag.persons):
            covered.setdefault(pid, []).append(ag.id)
    return {pid: tuple(sorted(ids)) for pid, ids in covered.items()}


def _conflict(fs: FactSet, scn: Scenario, as_of: dt.date) -> None:
    c = scn.conflict
    kind = inputs.row("conflict.kind")
    fs.add(_row_key(kind.path), c.kind, tuple(const(v) for v in kind.values),
           FactInfo("conflict.kind", ("conflict", "kind"), c.kind))

    def hostilities(value: Any) -> Symbol:
        return const("ended" if value is not None and value <= as_of else "ongoing")

    ended = inputs.row("conflict.hostilities_ended")
    fs.add(_row_key(ended.path), c.hostilities_ended, tuple(const(v) for v in ended.rule_values),
           FactInfo("conflict.hostilities_ended", ("conflict", "hostilities_ended"), c.hostilities_ended),
           encode=hostilities)


# scenario field -> (its row, the input key's name), in the table's order
_STATE_KEYS = {r.field: (r, r.key_name) for r in inputs.of("states") if r.key is not None}
_TREATY = inputs.row("states.<id>.treaties.<instrument>")
RESERVATION_OF = {field: code for code, field in RESERVATIONS.items()}


def _state(fs: FactSet, sid: str, state: State, party: bool, known: KnownState | None, as_of: dt.date,
           reads: Callable[[str], bool]) -> None:
    stated = state.model_fields_set
    for field_name, (row, key_name) in _STATE_KEYS.items():
        if not reads(key_name):
            continue
        fact = getattr(state, field_name)
        if field_name not in stated:
            fact = _state_default(field_name, fact, party, known, as_of)
        if party and field_name == "acknowledges_participation" and fact.unknown:
            continue  # the format: it matters only for a state that is not a party from the start
        domain = BOOL if row.domain == "bool" else tuple(const(v) for v in row.values)
        fs.add(_row_key(row.path, id=sid), fact, domain,
               FactInfo(f"states.{sid}.{field_name}", ("states", sid, field_name), fact))
    for instrument in BOUND_INSTRUMENTS if reads(_TREATY.key_name) else ():
        fact = state.treaties.get(instrument) or _bound(known, instrument, as_of)
        fs.add(_row_key(_TREATY.path, id=sid, instrument=instrument), fact, BOOL,
               FactInfo(f"states.{sid}.treaties.{instrument}", ("states", sid, "treaties", instrument), fact))


def _bound(known: KnownState | None, instrument: str, as_of: dt.date) -> Fact:
    """Whether the registry has ``instrument`` binding the state on ``as_of`` (unknown if the state is not known)."""
    if known is None:
        return Fact(UNKNOWN)
    row = known.bound(instrument, as_of)
    if row is not None:
        return Fact(True, row.evidence(known.name), row.source or None)
    return Fact(False, f"treaty registry: {known.name} not bound on {as_of.isoformat()}")


def _state_default(field_name: str, fact: Fact, party: bool, known: KnownState | None, as_of: dt.date) -> Fact:
    """A fact the file leaves out: from the registry for an identified state, else the model default."""
    if field_name == "forces_participate":
        return Fact(True, "listed among the parties to the conflict") if party else fact
    if known is None:
        return fact
    if field_name == "korea":
        return Fact(known.korea, f"treaty registry: {known.name}") if known.korea else fact
    if field_name == "gc3_party":
        return _bound(known, "gc3", as_of)
    code = RESERVATION_OF.get(field_name)
    if code is not None:
        row = known.reserved(code, as_of)
        return Fact(True, row.evidence(known.name), row.source or None) if row else \
            Fact(False, f"treaty registry: no such reservation of {known.name} on {as_of.isoformat()}")
    return fact


def _kind(row: inputs.Input) -> Any:
    return row.values if row.domain == "enum" else row.domain


# person field -> (input key name, domain kind): the plain facts the rules read (the wish,
# whose values depend on his origin, is built apart)
_SIMPLE = {r.field: (r.key_name, _kind(r)) for r in inputs.of("persons")
           if r.key is not None and r.domain != "wish"}
# group field -> the key's functor: conditions_4a2 -> cond, defectors_act_art9 -> art9
_GROUPS = tuple((g, r.key_name) for g, r in inputs.groups("persons").items() if g in FACT_GROUPS)
_RISK = inputs.row("persons.<id>.risk_on_return.<state>")
_WISH = inputs.row("persons.<id>.wish")
_COVERED = inputs.row("agreements.<agreement>.persons")


@lru_cache(maxsize=256)
def _domain(kind: Any, states: tuple[Symbol, ...]) -> tuple[Symbol, ...]:
    if kind == "bool":
        return BOOL
    if kind == "state":
        return states
    if kind == "state_or_none":
        return states + (_NONE,)
    return tuple(const(v) for v in kind)


def _entry(name: Symbol, path: str, loc: tuple[Any, ...], fact: Fact, domain: tuple[Symbol, ...], encode: Any = _value) -> Entry:
    if fact.unknown and len(domain) > 1:
        return Entry(name, path, loc, None, domain)
    return Entry(name, path, loc, domain[0] if fact.unknown else encode(fact.value))


def profile(person: Person, states: tuple[str, ...], covered: tuple[str, ...] = ()) -> tuple[Entry, ...]:
    """A person's facts without his id (evidence does not matter to the rules).

    ``covered``: the special agreements in force that name him (known facts, no worlds).
    """
    state_syms = tuple(const(s) for s in states)
    out = []
    for field_name, (key_name, kind) in _SIMPLE.items():
        out.append(_entry(const(key_name), field_name, (field_name,), getattr(person, field_name),
                          _domain(kind, state_syms)))
    for group, sub in _GROUPS:
        model = getattr(person, group)
        for name in type(model).model_fields:
            out.append(_entry(_term(sub, name), f"{group}.{name}", (group, name),
                              getattr(model, name), BOOL))
    for s in states:
        fact = person.risk_on_return.get(s, Fact("unknown"))
        out.append(_entry(_term(_RISK.key_name, s), f"risk_on_return.{s}", ("risk_on_return", s), fact,
                          tuple(const(v) for v in _RISK.values)))
    out.append(_wish(person, state_syms))
    out += [Entry(_term(_COVERED.key_name, a), f"covered_by.{a}", (), TRUE) for a in covered]
    return tuple(out)


def _wish(person: Person, states: tuple[Symbol, ...]) -> Entry:
    """The origin state is always written ``origin``, so one wish is one world."""
    origin = None if person.origin.unknown else person.origin.value
    words = tuple(const(w) for w in inputs.ID_WORDS[_WISH.domain] if w != UNKNOWN)
    domain = words + tuple(s for s in states if s.name != origin)
    return _entry(const(_WISH.key_name), "wish", ("wish",), person.wish, domain,
                  encode=lambda v: const("origin") if v == origin else const(str(v)))


def _signature(person: Person) -> tuple[Any, ...]:
    """What makes two persons' profiles equal: every fact value, not ids or evidence."""
    def v(f: Fact) -> Any:
        return f.value

    return (
        tuple(v(getattr(person, name)) for name in _SIMPLE),
        tuple(v(getattr(getattr(person, g), n)) for g, _ in _GROUPS for n in type(getattr(person, g)).model_fields),
        tuple(sorted((s, f.value) for s, f in person.risk_on_return.items())),
        v(person.wish),
    )


def _persons(fs: FactSet, scn: Scenario, states: tuple[str, ...], copies: int | None,
             covered: dict[str, tuple[str, ...]], reads: Callable[[str], bool] = lambda name: True) -> None:
    index: dict[tuple[Any, ...], int] = {}
    members: dict[int, list[str]] = {}
    for i, person in enumerate(scn.persons):
        mine = covered.get(person.id, ())
        sig = (_signature(person), mine)
        k = index.get(sig)
        if k is None:
            k = index[sig] = len(fs.profiles)
            fs.profiles.append(tuple(e for e in profile(person, states, mine) if reads(e.name.name)))
            _emit_profile(fs, k, fs.profiles[k])
        fs.persons.append(person.id)
        fs.person_model[person.id] = (i, person)
        fs.profile_of[person.id] = k
        grounded = members.setdefault(k, [])
        if copies is not None and len(grounded) >= copies:
            fs.mirror_of[person.id] = grounded[0]
            continue
        grounded.append(person.id)
        pid = const(person.id)
        fs.atoms.append(Function("person", [pid]))
        fs.atoms.append(Function("has_profile", [pid, Number(k)]))


def _emit_profile(fs: FactSet, k: int, entries: tuple[Entry, ...]) -> None:
    key = Number(k)
    for e in entries:
        if e.value is None:
            fs.atoms.append(Function("profile_open", [key, e.name]))
            fs.atoms.extend(Function("profile_domain", [key, e.name, v]) for v in e.domain)
        else:
            fs.atoms.append(Function("profile", [key, e.name, e.value]))
