"""Solving a grounded program: the rule base handed to a Control, and the solver calls.

The rule base is parsed once per process (``statements``) and given to each Control as
AST, so no Control reads a rule file; ``run`` is the one way to solve with a deadline;
``consequences``, ``count_models`` and ``one_world`` are the three questions asked of a
program under assumptions.  ``session`` builds the grounded programs these serve.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Iterable, Sequence

import clingo
import clingo.ast as ast
from clingo import Function, Symbol

from ..errors import EvaluationError
from .mechanism import program
from ..rulebook.book import RuleBook

MECHANISM = program("worlds")  # mechanism/worlds.lp: how unknown facts become worlds
SHOWN = ("status/2", "outcome/2", "obligatory/2", "forbidden/2", "conflict/2", "clash/2")
ENFORCE = Function("enforce_consistency")


@dataclass
class Consequences:
    """What holds in some world (brave) and in every world (cautious)."""

    brave: set[Symbol]
    cautious: set[Symbol]
    worlds: int
    conflicts: set[Symbol]  # conflict/2 atoms that hold in some world of the unfiltered space
    # Solved person by person (per_profile): each person's verdicts already computed, and
    # the clash/2 atoms as text; brave and cautious are then empty.
    results: dict[str, Any] | None = None
    clashes: list[str] = field(default_factory=list)


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
def parsed(files: tuple[tuple[str, int, int], ...]) -> tuple[Any, ...]:
    """The statements of the rule files named in ``files`` (a ``signature``), once per edit."""
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
    return parsed(signature(rules))


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
        tick: Callable[[], None] | None = None,
        on_core: Callable[[Sequence[int]], None] | None = None) -> clingo.SolveResult:
    """Solve in the background, waiting in slices of 0.1 s: the one "solve with a deadline".

    A single unbounded wait would keep Python from ever seeing Ctrl-C (SIGINT is handled
    between bytecodes); in slices, KeyboardInterrupt arrives within a slice, the search
    is cancelled and the interrupt goes on to the CLI (exit 130).  Any positive budget,
    ``inf`` included, is a number of seconds to keep waiting.  ``on_timeout`` makes the
    caller's own error (what to raise names its own remedy); ``tick`` runs after each
    slice (a progress bar); ``on_core`` receives the unsat core of the assumptions.
    """
    with ctl.solve(on_model=on_model, on_core=on_core, assumptions=list(assumptions),
                   async_=True) as handle:
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
