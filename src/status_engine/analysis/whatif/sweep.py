"""A decision table over the combinations of some open facts and positions.

Method (one grounding per sweep, never one per combination):

1. The varied paths are opened (``common.open_paths``) and the program is grounded once
   and kept for the process (``programs.outputs`` and ``programs.table``: the same sweep
   asked again, by the web server or a script, grounds and adds nothing).
2. Brave and cautious consequences over the whole sweep space split the output atoms
   into those that hold everywhere, nowhere, and the *varying* ones; only the last are
   read per combination.
3. *Enumerate inside the solver* (when every world of a combination can be listed
   cheaply): one solve call lists every world.  Each model reports its combination and
   its varying atoms through clasp's cost vector: minimize statements added through the
   backend give each value of an axis the weight ``value index x stride`` (the sum is the
   combination's index) and each varying atom a bit of a mask, and ``--opt-mode=enum``
   with a bound that no sum reaches enumerates every model with its costs.  Python
   touches two or three integers per model and never a symbol.
4. Otherwise (facts held open that change results, too many worlds to list) *projected
   enumeration*: the same single solve call, projected onto the axes' values and the
   varying atoms, lists each combination's distinct sets of varying atoms once; their
   union and intersection are the combination's brave and cautious consequences.
   (``method="assumptions"``, two consequence solves per combination, remains for
   benchmarks.)

Per combination the contract arithmetic of ``verdicts.person_results`` turns the
consequences into statuses and verdicts.  A fact is *pivotal* for an item when flipping
it alone changes the item in some combination (both combinations having worlds).  An
item's verdict depends on its pivotal facts only, so its summary is a small cover of
the table projected onto them.
"""

from __future__ import annotations

import math
from array import array
from typing import Any, Callable, Sequence

import clingo
from clingo import Symbol

from ...solver import programs, session
from ...solver import facts as facts_mod
from ...solver.engine import Consequences, Deadline
from ...errors import EvaluationError, InputError, Problem
from ...solver.verdicts import person_results
from .common import Axis, Opened, open_axes, open_paths, unmirrored
from .decision import (NONE, Item, SweepResult, _missing, cover, pivotal, summaries,  # noqa: F401 (re-exported)
                       to_dict, verdict)
from .progress import Progress

OUTPUTS = ("status/2", "outcome/2", "obligatory/2", "forbidden/2")
MAX_COMBINATIONS = 1 << 16
CHUNK = 30  # bits of one mask level (clasp weights are 32-bit integers)
BOUND = str((1 << 62))
ENUM_MODELS = 1 << 21  # enumerate every world when there are at most this many

# --------------------------------------------------------------------------- solving

def _configure(ctl: clingo.Control, **values: str) -> dict[str, str]:
    """Set solve/solver options, returning the previous values."""
    old = {}
    for name, value in values.items():
        group, option = name.split("__")
        conf = getattr(ctl.configuration, group)
        old[name] = str(getattr(conf, option))
        setattr(conf, option, value)
    return old


def consequences(ctl: clingo.Control, deadline: Deadline, assumptions: Sequence[Any] = ()
                 ) -> tuple[frozenset, frozenset] | None:
    """Brave and cautious consequences (shown atoms) under assumptions; None without a world."""
    brave = session.consequences(ctl, "brave", deadline, assumptions)
    if brave is None:
        return None
    cautious = session.consequences(ctl, "cautious", deadline, assumptions) or []
    return frozenset(brave), frozenset(cautious)


def _solve(ctl: clingo.Control, deadline: Deadline, on_model: Callable, progress: Progress,
           count: list[int], assumptions: Sequence[Any] = ()) -> None:
    session.run(ctl, deadline, on_model, assumptions, tick=lambda: progress.update(count[0]),
                on_timeout=lambda: EvaluationError(f"sweep timed out after {deadline.seconds:g} s",
                                                   ["raise --timeout, or vary fewer facts (--vary)"]))


def _levels(varying: list[Symbol]) -> int:
    return max(1, math.ceil(len(varying) / CHUNK))


def _statements(ctl: clingo.Control, axes: list[Axis], varying: list[Symbol], project: bool, distinct: bool) -> None:
    """The minimize (and projection) statements that make each model report its combination
    and varying atoms: added once to the table's kept program (``programs.table``)."""
    atoms = ctl.symbolic_atoms
    levels = _levels(varying)
    with ctl.backend() as backend:
        weights, stride = [], 1
        for axis in reversed(axes):
            for digit, value in enumerate(axis.values):
                sa = atoms[axis.atom(value)]
                if digit and sa is not None:
                    weights.append((sa.literal, digit * stride))
            stride *= len(axis.values)
        backend.add_minimize(levels, weights)
        if project or distinct:
            backend.add_project([atoms[a.atom(v)].literal for a in axes for v in a.values
                                 if atoms[a.atom(v)] is not None]
                                + ([atoms[s].literal for s in varying if atoms[s] is not None] if distinct else []))
        for level in range(levels):
            chunk = varying[level * CHUNK:(level + 1) * CHUNK]
            lits = [(atoms[s].literal, 1 << i) for i, s in enumerate(chunk) if atoms[s] is not None]
            backend.add_minimize(levels - 1 - level, lits)


def _enumerate(ctl: clingo.Control, axes: list[Axis], varying: list[Symbol], n: int, per: int,
               deadline: Deadline, progress: Progress, project: bool = False, distinct: bool = False
               ) -> tuple[list, list, array]:
    """Every world in one solve call; per combination: OR and AND of the varying-atom masks
    (the program has ``_statements`` for these axes, varying atoms and projection).

    ``project``: one model per combination (the facts held open change nothing);
    ``distinct``: one model per combination and set of varying atoms (projected on both),
    so ``worlds`` counts those sets, not worlds."""
    levels = _levels(varying)
    _configure(ctl, solve__opt_mode="enum," + ",".join([BOUND] * (levels + 1)), solve__models="0",
               solve__enum_mode="auto", solve__project="project" if project or distinct else "no", solver__heuristic="vsids,92", solver__dom_mod="no")
    full = (1 << len(varying)) - 1
    bmask, cmask, worlds = [0] * n, [full] * n, array("q", [0]) * n
    count = [0]
    if levels == 1 and per == 1:
        def on_model(model: clingo.Model) -> None:
            cost = model.cost
            bmask[cost[0]] = cost[1]
            worlds[cost[0]] = 1
            count[0] += 1
    else:
        def on_model(model: clingo.Model) -> None:
            cost = model.cost
            mask = 0
            for level, part in enumerate(cost[1:]):
                mask |= part << (CHUNK * level)
            i = cost[0]
            bmask[i] |= mask
            cmask[i] &= mask
            worlds[i] += 1
            count[0] += 1
    _solve(ctl, deadline, on_model, progress, count)
    if per == 1:
        cmask = bmask
    return bmask, cmask, worlds


def _by_assumptions(ctl: clingo.Control, axes: list[Axis], varying: list[Symbol], n: int,
                    deadline: Deadline, progress: Progress) -> tuple[list, list, array]:
    """Per combination, brave then cautious consequences under integer-literal assumptions.

    All brave solves run first and all cautious ones after, so the solver is configured
    twice per sweep rather than twice per combination (the Domain heuristic of
    ``session.consequences``: a handful of models per call whatever the size).
    """
    atoms = ctl.symbolic_atoms
    lits = [[atoms[a.atom(v)].literal if atoms[a.atom(v)] is not None else 0 for v in a.values] for a in axes]
    sizes = [len(a.values) for a in axes]
    bit = {s: 1 << i for i, s in enumerate(varying)}
    bmask, cmask, worlds = [0] * n, [0] * n, array("q", [0]) * n
    last: list[Any] = [None]

    def on_model(model: clingo.Model) -> None:
        last[0] = model.symbols(shown=True)

    def assumptions(index: int) -> list[int]:
        out = []
        for k in range(len(axes) - 1, -1, -1):
            index, d = divmod(index, sizes[k])
            lit = lits[k][d]
            if lit:
                out.append(lit)
            else:  # a value no rule can make true: the combination has no world
                return [0]
        return out

    for phase, mode in ((0, "brave"), (1, "cautious")):
        _configure(ctl, solver__heuristic="Domain", solver__dom_mod="3,16" if mode == "brave" else "5,16",
                   solve__enum_mode=mode, solve__models="0", solve__project="no", solve__opt_mode="opt")
        for index in range(n):
            if phase and not worlds[index]:
                continue
            a = assumptions(index)
            if a == [0]:
                continue
            last[0] = None
            ctl.solve(assumptions=a, on_model=on_model)
            if last[0] is not None:
                mask = sum(bit.get(sym, 0) for sym in last[0])
                if phase:
                    cmask[index] = mask
                else:
                    bmask[index], worlds[index] = mask, 1
            if index % 64 == 0:
                if deadline.left() == 0.0:
                    raise EvaluationError(f"sweep timed out after {deadline.seconds:g} s",
                                          ["raise --timeout, or vary fewer facts (--vary)"])
                progress.update(phase * n + index, 2 * n)
    return bmask, cmask, worlds


# --------------------------------------------------------------------------- the sweep

def _flatten(results: dict[str, dict[str, dict[str, str]]]) -> dict[Item, str]:
    out = {}
    for pid, res in results.items():
        for kind in ("status", "outcomes"):
            for key, v in res[kind].items():
                out[Item(pid, kind, key)] = v
    return out


def plan(prep: Any, vary: Sequence[str] | None, person: str | None, max_combinations: int,
         deadline: Deadline) -> tuple[Any, dict[str, Axis], list[tuple[str | None, list[str], bool]]]:
    """The facts to open and the tables to compute: (person or None, varied paths, held facts irrelevant).

    Named facts (``--vary``) make one table.  Otherwise the table varies every open fact
    if there are few enough combinations, else only the facts that can change a result
    (``relevance``); if those are still too many, one table per person over the facts
    relevant to him.  For one person (``--person``), the facts relevant to him.
    """
    from .relevance import Doubled

    if vary:
        paths = list(dict.fromkeys(vary))
        opened = open_paths(prep, paths)
        if set(opened.axes) <= set(paths):  # nothing held open: every combination is one world
            plans = [(person, paths, True)]
        else:
            doubled = Doubled(prep.rules, opened.facts, opened.axes, deadline)
            plans = [(person, paths, doubled.sufficient(paths, person))]
    else:
        fs = unmirrored(prep)
        opened = Opened(fs, open_axes(fs))
        every = list(opened.axes)
        if person is None and _count(opened.axes, every) <= max_combinations:
            plans = [(person, every, True)]
        else:
            doubled = Doubled(prep.rules, fs, opened.axes, deadline)
            keys = doubled.choose(person)
            if _count(opened.axes, keys) <= max_combinations or person is not None:
                plans = [(person, keys, True)]
            else:
                plans = [(pid, doubled.choose(pid), True) for pid in fs.persons]
    for who, paths, _ in plans:
        n = _count(opened.axes, paths)
        if n > max_combinations:
            whose = f" for {who}" if who else ""
            raise InputError([Problem("--vary", None, None, ", ".join(opened.axes[p].name for p in paths),
                                      f"{n} combinations{whose}, more than --max-combinations {max_combinations}",
                                      "fewer facts named with --vary, --person, or a larger --max-combinations")])
    return opened.facts, opened.axes, plans


def _count(axes: dict[str, Axis], paths: Sequence[str]) -> int:
    return math.prod(len(axes[p].values) for p in paths)


def sweep(prep: Any, vary: Sequence[str] | None = None, *, person: str | None = None,
          max_combinations: int = MAX_COMBINATIONS, timeout: float | None = None,
          progress: bool | None = None, method: str | None = None) -> list["SweepResult"]:
    """Decision tables for a prepared scenario (usually one; one per person if need be)."""
    deadline = Deadline(timeout)
    if person is not None and person not in prep.facts.persons:
        raise InputError([Problem("--person", None, None, person, f"no person `{person}` in the scenario",
                                  "one of: " + ", ".join(prep.facts.persons))])
    facts, axes, plans = plan(prep, vary, person, max_combinations, deadline)
    return [table(prep, facts, axes, paths, who, exact, deadline, progress, method) for who, paths, exact in plans]


def table(prep: Any, facts: Any, all_axes: dict[str, Axis], paths: list[str], person: str | None,
          exact: bool, deadline: Deadline, progress: bool | None = None, method: str | None = None
          ) -> "SweepResult":
    """One decision table over ``paths``; ``exact``: the facts held open change nothing.

    ``method`` forces "enumerate" or "assumptions" (benchmarks); by default enumeration
    when every world of the sweep can be listed cheaply.
    """
    import time

    t0 = time.perf_counter()
    book = prep.rules
    base = programs.outputs(book, facts, OUTPUTS)  # kept: a repeat sweep grounds nothing
    t1 = time.perf_counter()
    with base.lock:
        if base.answers is None:
            base.answers = consequences(base.ctl, deadline)
        whole = base.answers
    if whole is None:
        raise EvaluationError(f"{prep.located.file}: no world: the scenario's facts contradict each other",
                              ["run `status-engine eval` on it for the facts that conflict"])
    brave, cautious = whole
    if person is not None:
        mine = facts_mod.const(person)
        brave = frozenset(s for s in brave if s.arguments[0] == mine)
        cautious = frozenset(s for s in cautious if s.arguments[0] == mine)
    axes = [all_axes[p] for p in paths]
    n = _count(all_axes, paths)
    held = [p for p in all_axes if p not in paths]
    per = 1 if exact else _count(all_axes, held)
    varying = sorted(brave - cautious)
    t2 = time.perf_counter()
    label = f"sweep {prep.scenario.id}" + (f" ({person})" if person else "")
    if method == "enumerate" or (method is None and n * per <= ENUM_MODELS and per <= 64):
        how = "enumerate"
    else:
        how = "projected" if method in (None, "projected") else "assumptions"
    project, distinct = how == "enumerate" and exact and bool(held), how == "projected"
    setup = (how, project, distinct, tuple(tuple(a.atom(v) for v in a.values) for a in axes), tuple(varying))
    kept = programs.table(book, facts, OUTPUTS, setup)
    with kept.lock, Progress(label, n * per if n * per <= ENUM_MODELS else n, progress) as bar:
        ctl = kept.ctl
        if how != "assumptions" and not kept.statements_added:
            _statements(ctl, axes, varying, project, distinct)
            kept.statements_added = True
        if how == "enumerate":
            mode = "enumerate" + (" (projected)" if exact and held else "")
            bmask, cmask, worlds = _enumerate(ctl, axes, varying, n, per, deadline, bar, project=project)
        elif how == "projected":
            mode = "enumerate (projected on the varying conclusions)"
            bmask, cmask, worlds = _enumerate(ctl, axes, varying, n, max(per, 2), deadline, bar, distinct=True)
        else:
            mode = "assumptions"
            bmask, cmask, worlds = _by_assumptions(ctl, axes, varying, n, deadline, bar)
    t3 = time.perf_counter()
    persons = [person] if person else facts.persons
    rows, profiles = _profiles(bmask, cmask, worlds, varying, cautious, persons)
    items, constant = _items(profiles, rows)
    counted = mode == "enumerate" and per > 1  # every world listed: the counts are worlds
    result = SweepResult(prep.scenario.id, prep.scenario.title, prep.as_of.isoformat(), book.digest, axes, held,
                         exact, person, mode, rows, worlds if counted else None, profiles, items, constant)
    result.pivotal = pivotal(result)
    result.summaries = summaries(result)
    t4 = time.perf_counter()
    result.seconds = {"ground": t1 - t0, "consequences": t2 - t1, "combinations": t3 - t2, "table": t4 - t3}
    return result


def _profiles(bmask: list, cmask: list, worlds: array, varying: list[Symbol], always: frozenset,
              persons: list[str]) -> tuple[array, list[dict[Item, str]]]:
    """Intern each combination's (brave, cautious) pair as a profile of verdicts."""
    ids: dict[tuple[int, int], int] = {}
    profiles: list[dict[Item, str]] = []
    rows = array("i", [-1]) * len(bmask)
    for index, (b, c, w) in enumerate(zip(bmask, cmask, worlds)):
        if not w:
            continue
        pid = ids.get((b, c))
        if pid is None:
            pid = ids[(b, c)] = len(profiles)
            bs = set(always) | {s for i, s in enumerate(varying) if b >> i & 1}
            cs = set(always) | {s for i, s in enumerate(varying) if c >> i & 1}
            profiles.append(_flatten(person_results(Consequences(bs, cs, 0, set()), persons)))
        rows[index] = pid
    return rows, profiles


def _items(profiles: list[dict[Item, str]], rows: array) -> tuple[list[Item], dict[Item, str]]:
    used = sorted(set(rows) - {-1})
    every = sorted({i for k in used for i in profiles[k]}, key=lambda i: (i.person, i.kind != "status", i.key))
    varying, constant = [], {}
    for item in every:
        seen = {profiles[k].get(item, _missing(item)) for k in used}
        if len(seen) > 1:
            varying.append(item)
        else:
            constant[item] = seen.pop()
    return varying, constant
