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

The rule base is parsed once per process (``statements``) and handed to each Control as
AST, so no Control reads a rule file.  ``run`` is the one way to solve with a deadline.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Iterable, Sequence

import clingo
import clingo.ast as ast
from clingo import Function, Symbol

from .errors import EvaluationError
from .facts import Entry, FactSet
from .mechanism import program
from .rulebook import RuleBook

MECHANISM = program("worlds")  # mechanism/worlds.lp: how unknown facts become worlds
SHOWN = ("status/2", "outcome/2", "obligatory/2", "forbidden/2", "conflict/2", "clash/2")
ENFORCE = Function("enforce_consistency")
SLOT = Function("_slot")
MAX_CACHED = 200_000  # memoised solver answers per session before the memo is cleared


class Deadline:
    """A wall-clock budget shared by the solver calls of one evaluation."""

    def __init__(self, seconds: float | None):
        self.end = None if seconds is None else time.monotonic() + seconds
        self.seconds = seconds

    def left(self) -> float | None:
        return None if self.end is None else max(0.0, self.end - time.monotonic())

    def check(self) -> None:
        """Raise the timeout error if the budget is spent (between small blocking solves)."""
        if self.left() == 0:
            raise timed_out(self)


def timed_out(deadline: Deadline) -> EvaluationError:
    return EvaluationError(f"evaluation timed out after {deadline.seconds:g} s",
                           ["raise --timeout, or pin some unknown facts or positions"])


# ----------------------------------------------------------------------- the rule base

@lru_cache(maxsize=8)
def _parsed(files: tuple[tuple[str, int, int], ...]) -> tuple[Any, ...]:
    out: list[Any] = []
    ast.parse_files([f for f, _, _ in files], out.append)
    return tuple(out)


def signature(rules: RuleBook) -> tuple[tuple[str, int, int], ...]:
    """The rule files with their modification time and size: a file edited while the
    process runs (a lawyer's draft, ``diff`` against a working copy) is parsed again,
    and its programs grounded again, even where the loaded ``RuleBook`` is cached."""
    out = []
    for f in rules.files:
        st = f.stat()
        out.append((str(f), st.st_mtime_ns, st.st_size))
    return tuple(out)


def statements(rules: RuleBook) -> tuple[Any, ...]:
    """The rule files as clingo AST statements, parsed once per process (and per edit)."""
    return _parsed(signature(rules))


def add_rules(ctl: clingo.Control, rules: RuleBook) -> None:
    """Hand the parsed rule base to a Control (no file is read again)."""
    with ast.ProgramBuilder(ctl) as builder:
        for stm in statements(rules):
            builder.add(stm)


def ground(rules: RuleBook, atoms: Iterable[Symbol], *, extra: str = "", shown: Sequence[str] | None = SHOWN,
           observer: Any = None, externals: Iterable[Symbol] = ()) -> clingo.Control:
    """Rules + mechanism + ``atoms`` (added through the backend, never as text), grounded once;
    ``shown=None`` shows every atom; ``externals`` are free atoms (false until assigned)."""
    ctl = clingo.Control(["--warn=none"])
    if observer is not None:
        ctl.register_observer(observer)
    add_rules(ctl, rules)
    shows = "" if shown is None else "".join(f"#show {sig}.\n" for sig in shown)
    ctl.add("base", [], MECHANISM + shows + extra)
    with ctl.backend() as backend:
        for sym in atoms:
            backend.add_rule([backend.add_atom(sym)])
        for sym in externals:
            backend.add_external(backend.add_atom(sym), clingo.TruthValue.Free)
    ctl.ground([("base", [])])
    return ctl


# ---------------------------------------------------------------------------- solving

def run(ctl: clingo.Control, deadline: Deadline, on_model: Callable[[clingo.Model], Any] | None,
        assumptions: Sequence[Any] = (), *, on_timeout: Callable[[], EvaluationError] | None = None,
        tick: Callable[[], None] | None = None) -> clingo.SolveResult:
    """Solve in the background, waiting in slices of 0.1 s: the one "solve with a deadline".

    A single unbounded wait would keep Python from ever seeing Ctrl-C (SIGINT is handled
    between bytecodes); in slices, KeyboardInterrupt arrives within a slice, the search
    is cancelled and the interrupt goes on to the CLI (exit 130).  Any positive budget,
    ``inf`` included, is a number of seconds to keep waiting.  ``on_timeout`` makes the
    caller's own error (what to raise names its own remedy); ``tick`` runs after each
    slice (a progress bar).
    """
    with ctl.solve(on_model=on_model, assumptions=list(assumptions), async_=True) as handle:
        try:
            while True:
                left = deadline.left()
                if left is not None and left <= 0:
                    handle.cancel()
                    raise on_timeout() if on_timeout is not None else timed_out(deadline)
                if handle.wait(0.1 if left is None else min(0.1, left)):
                    result: clingo.SolveResult = handle.get()
                    return result
                if tick is not None:
                    tick()
        except BaseException:
            handle.cancel()
            raise


def _conf(ctl: clingo.Control, group: str) -> Any:
    """A configuration group (clingo types it loosely as ``str | Configuration | None``)."""
    return getattr(ctl.configuration, group)


def consequences(ctl: clingo.Control, mode: str, deadline: Deadline,
                 assumptions: Sequence[Any] = (), *, blocking: bool = False) -> Sequence[Symbol] | None:
    """Brave or cautious consequences (shown atoms) under assumptions; ``None`` when there is no world.

    Each consequence model must add (brave) or remove (cautious) at least one shown atom.
    With clasp's default heuristic a model changes one person at a time, so the number
    of models grows with the number of persons and the cost with its square.  Preferring
    shown atoms true (brave) or false (cautious) makes every model change all persons at
    once: a handful of models whatever the size.  Heuristics never change the answer.
    ``blocking``: one small program solves in well under a millisecond; a blocking call
    with the deadline checked before it costs less than waiting on a handle.
    """
    _conf(ctl, "solver").heuristic = "Domain"
    _conf(ctl, "solver").dom_mod = "3,16" if mode == "brave" else "5,16"
    _conf(ctl, "solve").enum_mode = mode
    _conf(ctl, "solve").models = 0
    _conf(ctl, "solve").project = "no"
    last: Sequence[Symbol] | None = None

    def on_model(model: clingo.Model) -> None:
        nonlocal last
        last = model.symbols(shown=True)

    if blocking:
        deadline.check()
        ctl.solve(on_model=on_model, assumptions=list(assumptions))
    else:
        run(ctl, deadline, on_model, assumptions)
    return last


def count_models(ctl: clingo.Control, deadline: Deadline, assumptions: Sequence[Any] = (), *,
                 blocking: bool = False) -> int:
    """Models (projected when the program has a projection) under assumptions, counted by clasp
    (``blocking``: a small program, the deadline checked before the call)."""
    _conf(ctl, "solve").enum_mode = "auto"
    _conf(ctl, "solve").models = 0
    _conf(ctl, "solve").project = "project"
    if blocking:
        deadline.check()
        ctl.solve(assumptions=list(assumptions))
    else:
        run(ctl, deadline, None, assumptions)
    return int(ctl.statistics["summary"]["models"]["enumerated"])


def one_world(ctl: clingo.Control, deadline: Deadline, assumptions: Sequence[Any] = ()) -> Sequence[Symbol] | None:
    """The shown atoms of one world under assumptions; ``None`` when there is none."""
    _conf(ctl, "solve").enum_mode = "auto"
    _conf(ctl, "solve").models = 1
    _conf(ctl, "solve").project = "no"
    found: Sequence[Symbol] | None = None

    def on_model(model: clingo.Model) -> None:
        nonlocal found
        found = model.symbols(shown=True)

    run(ctl, deadline, on_model, assumptions)
    return found


class Dependencies(clingo.Observer):
    """Records the ground program's rules, to find which atoms a conclusion depends on."""

    def __init__(self) -> None:
        self.bodies: dict[int, list[int]] = {}

    def rule(self, choice: bool, head: Sequence[int], body: Sequence[int]) -> None:
        for h in head:
            self.bodies.setdefault(h, []).extend(abs(b) for b in body)

    def weight_rule(self, choice: bool, head: Sequence[int], lower_bound: int,
                    body: Sequence[tuple[int, int]]) -> None:
        for h in head:
            self.bodies.setdefault(h, []).extend(abs(b) for b, _ in body)

    def cone(self, roots: Iterable[int]) -> set[int]:
        seen: set[int] = set()
        todo = list(roots)
        while todo:
            a = todo.pop()
            if a not in seen:
                seen.add(a)
                todo.extend(self.bodies.get(a, ()))
        return seen


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
    """Forget every session (tests that count groundings start from a cold process state)."""
    with _SESSIONS_LOCK:
        _SESSIONS.clear()
