"""One grounded program serving every question asked of a scenario's shape.

A *shape* is what the grounder needs to know about a scenario: the rule base, the
structural atoms (states, parties, agreements in force, enabled rules), every shared input
key with its domain, and the slot person's keys.  The values of the facts are not part of
it: every shared key is *open* over its domain in the grounding and every key of the slot
person too, so a known value is an assumption ``fact(K, V)``, never a fact.  One
grounding therefore serves an evaluation, every date of a timeline (events change values,
not the shape), the briefing's pinned questions and toggles, and counting (the projection
onto the open facts that consistency rules read is added to the same program through the
backend and switched on per solve).

How a Control is built from the rule base (parsed once per process) and how it is asked
(``run``, the one solve with a deadline; consequences; counting; one world) is
``solving``; this module owns the slot programs and what they are asked, and
``programs`` the other kinds grounded on a fact set itself (the whole scenario for unsat
cores, counting, the doubled program of relevance, the programs of ``needs``), kept the
same way.
"""


from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Sequence

import clingo
from clingo import Function, Symbol

from ..errors import EvaluationError
from .facts import Entry, FactSet
from ..rulebook.book import RuleBook
from .solving import (ENFORCE, MECHANISM, SHOWN, Deadline, Dependencies, _conf, add_rules, consequences,
                      count_models, ground, one_world, run, signature, statements, timed_out)

__all__ = ["ENFORCE", "MECHANISM", "SHOWN", "SLOT", "Analysis", "Deadline", "Dependencies", "Session", "add_rules",
           "analysis", "clear", "consequences", "count_models", "ground", "one_world", "run", "session", "shape",
           "signature", "statements", "timed_out"]

SLOT = Function("_slot")
MAX_CACHED = 200_000  # memoised solver answers per session before the memo is cleared


# --------------------------------------------------------------------------- sessions

def structure(facts: FactSet) -> tuple[Symbol, ...]:
    """The shared atoms that are not values of input keys (states, parties, agreements, rules)."""
    return tuple(a for a in facts.shared_atoms() if a.name not in ("fact", "open", "domain"))


def shared_domains(facts: FactSet, fixed: bool = False) -> tuple[tuple[Symbol, tuple[Symbol, ...]], ...]:
    """Every shared key with its full domain (a known value outside it is added);
    ``fixed``: a known key has its value alone (it becomes a fact of the grounding)."""
    known = {a.arguments[0]: a.arguments[1] for a in facts.shared_atoms() if a.name == "fact"}
    out = []
    for key in facts.global_info:
        domain = facts.global_domain.get(key) or facts.global_open.get(key, ())
        value = known.get(key)
        if value is not None and (fixed or value not in domain):
            domain = (value,) if fixed else domain + (value,)
        out.append((key, tuple(domain)))
    return tuple(out)


def shape(rules: RuleBook, facts: FactSet, entries: Sequence[Entry], fixed: bool = False) -> tuple[Any, ...]:
    """What one grounding depends on: never the values of the facts (``fixed``: the known
    shared values too).

    Kept on the fact set (a briefing asks for it once per toggle combination); a caller
    that appends atoms changes their number, and the shape is read again."""
    mark = (id(rules), len(facts.atoms), tuple(entries), fixed)
    cached = facts.__dict__.get("_shape")
    if cached is not None and cached[0] == mark:
        return cached[1]  # type: ignore[no-any-return]
    key = (rules.digest, signature(rules), structure(facts), shared_domains(facts, fixed),
           tuple((e.name, e.domain) for e in entries))
    facts.__dict__["_shape"] = (mark, key)
    return key


def slot_atoms(entries: Sequence[Entry], slots: Sequence[Symbol]) -> list[Symbol]:
    """Persons whose every key is open over its full domain."""
    out: list[Symbol] = []
    for slot in slots:
        out.append(Function("person", [slot]))
        for e in entries:
            key = Function("person", [slot, e.name])
            out.append(Function("open", [key]))
            out += [Function("domain", [key, v]) for v in e.domain]
    return out


def open_shared_atoms(facts: FactSet, fixed: bool = False) -> list[Symbol]:
    """The structural atoms and every shared key open over its domain."""
    out = list(structure(facts))
    for key, domain in shared_domains(facts, fixed):
        if len(domain) > 1:
            out.append(Function("open", [key]))
            out += [Function("domain", [key, v]) for v in domain]
        else:
            out.append(Function("fact", [key, domain[0]]))
    return out


@dataclass
class Session:
    """The slot program of one shape, grounded once, asked under integer-literal assumptions.

    ``literal`` maps (slot key name, value) and ``shared`` maps (shared key, value) to the
    literal of ``fact(K, V)``; ``terms`` reads each shown atom about the slot person (or a
    conflict) once.  Answers are memoised by their assumptions: the program never changes,
    so equal assumptions give equal answers (a timeline's dates and a briefing's toggles
    repeat most of them).  ``lock`` serialises users of the Control (the web server).
    """

    ctl: clingo.Control
    entries: tuple[Entry, ...]
    literal: dict[tuple[Symbol, Symbol], int]
    shared: dict[tuple[Symbol, Symbol], int]
    terms: dict[Symbol, tuple[str, str]]
    analysis: "Analysis"
    counter: "Session | None" = None  # the analysis program, projected onto the involved keys: counts worlds
    lock: threading.RLock = field(default_factory=threading.RLock)
    memo: dict[tuple[Any, ...], Any] = field(default_factory=dict)
    memoise: bool = True  # consequences; off for fixed shared values (a large roster: every profile differs)
    _enforce: int | None = None
    _mode: str = ""  # the consequence mode the Control is configured for

    # -- assumptions
    def known(self, facts: FactSet, pins: dict[Symbol, Symbol] | None = None) -> list[int]:
        """The assumptions that set the shared keys a fact set knows (and any pinned)."""
        pins = pins or {}
        cached = facts.__dict__.get(f"_known_{id(self)}")
        if cached is None or cached[0] != len(facts.atoms):
            pairs = []
            for a in facts.shared_atoms():
                if a.name == "fact":
                    key, value = a.arguments
                    lit = self.shared.get((key, value))
                    if lit is not None:
                        pairs.append((key, lit))
            cached = facts.__dict__[f"_known_{id(self)}"] = (len(facts.atoms), pairs)
        out = [lit for key, lit in cached[1] if key not in pins] if pins else [lit for _, lit in cached[1]]
        for key, value in pins.items():
            lit = self.shared.get((key, value))
            out.append(lit if lit is not None else 0)
        return out

    def assumptions(self, profile: Sequence[Entry], only: set[Symbol] | None = None) -> list[int]:
        """Pin one profile onto the slot person: known values set, open domains cut to his own
        (``only``: these keys alone, e.g. the ones a count depends on)."""
        mine = {e.name: e for e in profile}
        out: list[int] = []
        for e in self.entries:
            if only is not None and e.name not in only:
                continue
            own = mine.get(e.name)
            if own is None:  # a fact he does not have (an agreement that does not cover him)
                out.append(self.literal[(e.name, Function("false"))])
            elif own.value is not None:
                out.append(self.literal.get((e.name, own.value), 0))
            else:
                keep = set(own.domain)
                out += [-self.literal[(e.name, v)] for v in e.domain if v not in keep]
        return out

    # -- answers
    def enforce(self, on: bool) -> int:
        """The assumption that excludes (or admits) the worlds where a consistency rule fires.

        ``enforce_consistency`` is a free external set by assumption on each solve:
        assigning it between solves makes clasp prepare the program again (milliseconds
        each time, and a briefing's toggles switch it hundreds of times)."""
        if self._enforce is None:
            self.ctl.assign_external(ENFORCE, None)
            self._enforce = _literal(self.ctl, ENFORCE)
        return self._enforce if on else -self._enforce

    def consequences(self, mode: str, deadline: Deadline, assumptions: Sequence[int], *,
                     enforce: bool = True) -> frozenset[tuple[str, str]] | None:
        """Brave or cautious consequences about the slot person, as terms; ``None`` without a world."""
        deadline.check()  # a memoised answer still counts against the budget: --timeout is a promise
        key = (mode, enforce, tuple(assumptions))
        if key in self.memo:
            return self.memo[key]  # type: ignore[no-any-return]
        found: frozenset[tuple[str, str]] | None = None
        if 0 not in assumptions:  # 0: a value no rule can make true
            if self._mode != mode:  # configured once per switch, not per solve (C calls add up per person)
                _conf(self.ctl, "solve").enum_mode = mode
                _conf(self.ctl, "solver").dom_mod = "3,16" if mode == "brave" else "5,16"
                self._mode = mode
            last: Sequence[Symbol] | None = None

            def on_model(model: clingo.Model) -> None:
                nonlocal last
                last = model.symbols(shown=True)

            self.ctl.solve(on_model=on_model, assumptions=[*assumptions, self.enforce(enforce)])
            terms = self.terms
            found = None if last is None else frozenset(terms[s] for s in last if s in terms)
        self._remember(key, found)
        return found

    def world(self, deadline: Deadline, assumptions: Sequence[int]) -> frozenset[tuple[str, str]] | None:
        """What holds about the slot person in one world (consistency enforced); ``None`` if none."""
        deadline.check()
        shown = None if 0 in assumptions else one_world(self.ctl, deadline, [*assumptions, self.enforce(True)])
        _conf(self.ctl, "solve").models = 0  # back to what ``consequences`` expects
        self._mode = ""
        return None if shown is None else frozenset(self.terms[s] for s in shown if s in self.terms)

    def count(self, deadline: Deadline, assumptions: Sequence[int]) -> int:
        """Admissible assignments of the involved keys under assumptions (consistency enforced)."""
        deadline.check()
        key = ("count", tuple(assumptions))
        if key in self.memo:
            return self.memo[key]  # type: ignore[no-any-return]
        found = 0 if 0 in assumptions else count_models(self.ctl, deadline, [*assumptions, self.enforce(True)],
                                                        blocking=True)
        self._remember(key, found)
        return found

    def _remember(self, key: tuple[Any, ...], value: Any) -> None:
        if not self.memoise and key[0] != "count":  # counts are shared by profiles alike in the cone
            return
        if len(self.memo) >= MAX_CACHED:
            self.memo.clear()
        self.memo[key] = value


@dataclass(frozen=True)
class Analysis:
    """What the ground program of a shape says about it, read once: whether persons are
    independent, and which input keys the consistency rules read (their dependency cone:
    only those can exclude a world)."""

    independent: bool
    involved: frozenset[Symbol]  # shared keys and the slot person's keys person(SLOT, name)


def _analyse(rules: RuleBook, facts: FactSet, entries: tuple[Entry, ...],
             fixed: bool) -> tuple[Analysis, Session]:
    """Ground the shape once more with a second slot person whose atoms are externals (absent
    when solving, present for the grounder), read independence and the conflicts' cone off
    the ground program, then project it onto the involved keys: the Control that counts."""
    other = Function("_slot_b")
    deps = Dependencies()
    ctl = ground(rules, open_shared_atoms(facts, fixed) + slot_atoms(entries, (SLOT,)), shown=(), observer=deps,
                 externals=slot_atoms(entries, (other,)))
    atoms = ctl.symbolic_atoms
    facts_of_b = {s.literal for s in atoms.by_signature("fact", 2)
                  if s.symbol.arguments[0].name == "person" and s.symbol.arguments[0].arguments[0] == other}
    roots = [s.literal for sig in SHOWN for s in atoms.by_signature(sig.split("/")[0], int(sig.split("/")[1]))
             if SLOT in s.symbol.arguments]
    independent = not (deps.cone(roots) & facts_of_b)
    cone = deps.cone(s.literal for s in atoms.by_signature("conflict", 2))
    involved = set()
    project = []
    for s in atoms.by_signature("fact", 2):
        key = s.symbol.arguments[0]
        if s.literal in cone and not (key.name == "person" and key.arguments[0] == other):
            involved.add(key)
            project.append(s.literal)
    with ctl.backend() as backend:
        backend.add_project(project)
    found = Analysis(independent, frozenset(involved))
    return found, _session(ctl, rules, facts, entries, found, fixed)


_SESSIONS: OrderedDict[tuple[Any, ...], Session] = OrderedDict()
_SESSIONS_LOCK = threading.Lock()
MAX_SESSIONS = 8


def analysis(rules: RuleBook, facts: FactSet, entries: Sequence[Entry]) -> Analysis:
    """Independence and the conflicts' cone for this shape (its session grounded on first use)."""
    return session(rules, facts, entries).analysis


def session(rules: RuleBook, facts: FactSet, entries: Sequence[Entry], fixed: bool = False) -> Session:
    """The session of this shape, grounded on first use and kept for the process."""
    key = shape(rules, facts, entries, fixed)
    with _SESSIONS_LOCK:
        found = _SESSIONS.get(key)
        if found is not None:
            _SESSIONS.move_to_end(key)
            return found
    made = _ground_session(rules, facts, tuple(entries), fixed)
    with _SESSIONS_LOCK:
        _SESSIONS[key] = made
        while len(_SESSIONS) > MAX_SESSIONS:
            _SESSIONS.popitem(last=False)
    return made


def _literal(ctl: clingo.Control, symbol: Symbol) -> int:
    atom = ctl.symbolic_atoms[symbol]
    if atom is None:
        raise EvaluationError(f"internal: no ground atom {symbol}")
    return atom.literal


def _ground_session(rules: RuleBook, facts: FactSet, entries: tuple[Entry, ...], fixed: bool) -> Session:
    found, counter = _analyse(rules, facts, entries, fixed)
    ctl = ground(rules, open_shared_atoms(facts, fixed) + slot_atoms(entries, (SLOT,)))
    made = _session(ctl, rules, facts, entries, found, fixed)
    made.counter = counter
    return made


def _session(ctl: clingo.Control, rules: RuleBook, facts: FactSet, entries: tuple[Entry, ...],
             found: Analysis, fixed: bool = False) -> Session:
    literal = {(e.name, v): _literal(ctl, Function("fact", [Function("person", [SLOT, e.name]), v]))
               for e in entries for v in e.domain}
    shared = {}
    for key, domain in shared_domains(facts, fixed):
        for v in domain:
            atom = ctl.symbolic_atoms[Function("fact", [key, v])]
            if atom is not None:
                shared[(key, v)] = atom.literal
    terms: dict[Symbol, tuple[str, str]] = {}
    from .verdicts import term_of  # verdicts reads engine's Consequences: imported late

    for sig in SHOWN:
        name, arity = sig.split("/")
        for atom in ctl.symbolic_atoms.by_signature(name, int(arity)):
            args = atom.symbol.arguments
            if name == "conflict":
                terms[atom.symbol] = ("conflict", str(args[0]))
            elif args and args[0] == SLOT:
                terms[atom.symbol] = term_of(name, args[1])
    _conf(ctl, "solver").heuristic = "Domain"  # see ``consequences``: a handful of models per call
    _conf(ctl, "solve").models = 0
    _conf(ctl, "solve").project = "no"
    return Session(ctl, entries, literal, shared, terms, found, memoise=not fixed)


def clear() -> None:
    """Forget every session and every kept program of another kind (``programs``): tests
    that count groundings start from a cold process state."""
    from . import programs

    with _SESSIONS_LOCK:
        _SESSIONS.clear()
    programs.clear()
