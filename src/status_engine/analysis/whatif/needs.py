"""What would it take: the smallest sets of fact changes under which a goal holds in every world.

A goal is a verdict or a status of one person, read from the rules' output atoms only
(no law here):

* ``O=forbidden``  ``forbidden(P, O)`` in every world;
* ``O=required``   ``obligatory(P, O)`` and not ``forbidden(P, O)`` in every world;
* ``O=permitted``  ``outcome(P, O)`` and not ``forbidden(P, O)`` in every world (he *may* be
  transferred: allowed everywhere; it may also be required somewhere);
* ``S=necessary``  ``status(P, S)`` in every world; ``S=absent`` in none;
  ``S=possible`` in at least one world.

Facts that can change are opened (``common.open_paths``); a *change* pins one of them to
a value other than the scenario's (pinning a fact the scenario leaves unknown is a
change too).  The search is a counterexample-guided loop on two Controls, each grounded
once per process (``solver.programs``: asked again, e.g. by the web server, nothing is
grounded; the constraints a search adds are guarded so the next one finds the program as
grounded):

* the *optimiser*: the rules, a choice of pins ``pin(K, V)`` with ``#minimize`` over their
  number, and the goal required in the one world it picks (a relaxation: a change set
  under which the goal holds nowhere is never proposed);
* the *checker*: the rules; a candidate is checked by one solver call under assumptions
  (the pinned values, the unchanged known values, and the goal false): unsatisfiable
  means the goal holds in every remaining world; a model is a counterexample world.

A counterexample is generalised (the changeable facts whose value does not matter to it
are dropped, each by one check that the goal fails whatever they are) and added to the
optimiser as a constraint excluding every change set that keeps that world; a solution
is recorded and its supersets excluded; the loop ends when the optimum grows or nothing
is left.  When no change set exists the search says which rules block the goal: if the
goal holds in no world whatever the changes, the rules whose switching off alone makes
it reachable (else a minimal set of rules that together prevent it, from an unsat
core); otherwise the open facts that cannot change and leave a world where it fails,
with the explanation of that world.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any, Sequence

import clingo
from clingo import Function, Symbol

from ...solver import programs
from ...solver import facts as facts_mod
from ...contract import ABSENT, Key, Modality, Verdict
from ...solver.engine import Deadline, shrink_core
from ...errors import EvaluationError, InputError, Problem
from .common import Axis, open_paths, parse_key, set_text
from .progress import Progress

OUTCOME_GOALS: tuple[str, ...] = (Verdict.REQUIRED, Verdict.PERMITTED, Verdict.FORBIDDEN)
STATUS_GOALS: tuple[str, ...] = (Modality.NECESSARY, Modality.POSSIBLE, ABSENT)


@dataclass(frozen=True)
class Goal:
    person: str
    key: str  # "transfer:rok" or "pow"
    want: str  # a verdict or a status modality

    @property
    def kind(self) -> str:
        return "outcome" if self.want in OUTCOME_GOALS else "status"

    @property
    def everywhere(self) -> bool:
        return self.want != "possible"

    def text(self) -> str:
        return f"{self.person} {self.key}={self.want}"


def parse_goal(text: str, person: str) -> Goal:
    key, sep, want = text.rpartition("=")
    key, want = key.strip(), want.strip()
    problem = None
    if not sep or not key:
        problem = "a goal is KEY=VALUE"
    elif want not in OUTCOME_GOALS + STATUS_GOALS:
        problem = f"`{want}` is not a goal value"
    else:
        try:
            parse_key(key)
        except ValueError:
            problem = f"`{key}` is not an outcome key (verb:argument) or a status name"
        if problem is None and want in STATUS_GOALS and Key.parse(key).is_outcome:
            problem = f"`{want}` is a status modality, but `{key}` is an outcome"
    if problem:
        raise InputError([Problem("--goal", None, None, text, problem,
                                  "e.g. transfer:rok=permitted (required|permitted|forbidden) or "
                                  "pow=necessary (necessary|possible|absent)")])
    return Goal(person, key, want)


@dataclass
class Solution:
    changes: list[tuple[str, Symbol | None, Symbol]]  # (path, before or None if unknown, after)
    overrides: list[str]  # as --set texts
    verdict: str = ""  # the goal key's value in the scenario with these changes
    why: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"changes": [{"path": p, "from": "unknown" if b is None else str(b), "to": str(a)}
                            for p, b, a in self.changes],
                "set": self.overrides, "result": self.verdict, "reason": self.why}


@dataclass
class Needs:
    file: str
    scenario: str
    as_of: str
    goal: Goal
    can_change: list[str]
    solutions: list[Solution] = field(default_factory=list)
    already: bool = False
    impossible: bool = False
    blockers: list[str] = field(default_factory=list)  # rules or facts that block the goal
    blocker_kind: str = ""  # "rules" / "rules-jointly" / "facts" / "combinations" / "not-considered"
    why: str = ""
    iterations: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "file": self.file, "scenario": self.scenario, "as_of": self.as_of,
            "goal": {"person": self.goal.person, "key": self.goal.key, "value": self.goal.want},
            "can_change": self.can_change, "already_holds": self.already, "impossible": self.impossible,
            "solutions": [s.to_dict() for s in self.solutions],
        }
        if self.impossible:
            out["blocked_by"] = {"kind": self.blocker_kind, "items": self.blockers, "reason": self.why}
        return out


def default_changeable(prep: Any, person: str) -> list[str]:
    """The person's wish, its verification and proceedings; non-party states'
    acknowledgment of participation; the end of hostilities."""
    scn = prep.scenario
    out = [f"persons.{person}.wish", f"persons.{person}.wish_verified", f"persons.{person}.proceedings"]
    out += [f"states.{s}.acknowledges_participation" for s in scn.states if s not in scn.conflict.parties]
    out.append("conflict.hostilities_ended")
    return out


# --------------------------------------------------------------------------- the search

class Search:
    def __init__(self, prep: Any, goal: Goal, changeable: Sequence[str], deadline: Deadline):
        self.prep, self.goal, self.deadline = prep, goal, deadline
        opened = open_paths(prep, changeable, origin="--can-change")
        self.facts = opened.facts
        self.axes = opened.axes
        self.change = [self.axes[p] for p in changeable]
        self.fixed_open = [a for p, a in self.axes.items() if p not in changeable]  # universally quantified
        self.person = facts_mod.const(goal.person)
        self.term = parse_key(goal.key) if goal.kind == "outcome" else Function(goal.key)
        self.marks = [Function("changeable", [a.key]) for a in self.change]
        self.marks += [Function("baseline", [a.key, a.baseline]) for a in self.change if a.baseline is not None]
        self.optimiser = programs.optimiser(prep.rules, self.facts, self.marks)
        self.checker = programs.plain(prep.rules, self.facts)
        self.opt, self.chk = self.optimiser.ctl, self.checker.ctl
        with self.optimiser.lock, self.checker.lock:  # the backend of a Control another thread may solve
            self.opt_ok = self.optimiser.goal(self._goal_key(), self._goal_atom)
            self.chk_ok = self.checker.goal(self._goal_key(), self._goal_atom)
        self.iterations = 0
        self.active = 0  # the activation literal of this search's constraints on the optimiser
        self._stack = contextlib.ExitStack()

    def __enter__(self) -> "Search":
        """Hold both kept programs for the whole search (another thread waits), and guard the
        constraints this search adds to the optimiser (``programs.Program.activation``)."""
        self._stack.enter_context(self.optimiser.lock)
        self._stack.enter_context(self.checker.lock)
        self.active = self._stack.enter_context(self.optimiser.activation())
        with self.opt.backend() as backend:  # the goal holds in the world the optimiser picks
            backend.add_rule([], [-self.opt_ok, self.active])
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stack.close()

    def _goal_key(self) -> tuple[Any, ...]:
        return (self.goal.kind, self.goal.want, self.person, self.term)

    # -- the goal as one atom, from the output atoms only
    def _goal_atom(self, ctl: clingo.Control) -> int:
        P, T = self.person, self.term
        want = self.goal.want
        if self.goal.kind == "outcome":
            pos = {"required": [Function("obligatory", [P, T])], "forbidden": [Function("forbidden", [P, T])],
                   "permitted": [Function("outcome", [P, T])]}[want]
            neg = [] if want == "forbidden" else [Function("forbidden", [P, T])]
        else:
            status = Function("status", [P, T])
            pos, neg = ([], [status]) if want == "absent" else ([status], [])
        atoms = ctl.symbolic_atoms
        with ctl.backend() as backend:
            ok = backend.add_atom()
            if all(atoms[s] is not None for s in pos):
                body = [atoms[s].literal for s in pos] + [-atoms[s].literal for s in neg if atoms[s] is not None]
                backend.add_rule([ok], body)
        return ok

    # -- solver calls
    def _run(self, ctl: clingo.Control, assumptions: list, on_model: Any = None, on_core: Any = None) -> bool:
        from ...solver.session import run

        return bool(run(ctl, self.deadline, on_model, assumptions, on_core=on_core, on_timeout=lambda: EvaluationError(
            f"search timed out after {self.deadline.seconds:g} s",
            ["raise --timeout, or allow fewer facts to change (--can-change)"])).satisfiable)

    def candidate(self) -> tuple[int, list[tuple[Axis, Symbol]]] | None:
        """The cheapest change set not yet excluded under which the goal holds in some world."""
        found: dict[str, Any] = {}

        def on_model(m: clingo.Model) -> None:
            found["pins"] = [s for s in m.symbols(shown=True) if s.name == "pin"]
            found["cost"] = m.cost[0] if m.cost else 0

        if not self._run(self.opt, [self.active], on_model):
            return None
        by_key = {a.key: a for a in self.change}
        pins = sorted(((by_key[s.arguments[0]], s.arguments[1]) for s in found["pins"]),
                      key=lambda av: self.change.index(av[0]))
        return found["cost"], pins

    def _assume(self, pins: list[tuple[Axis, Symbol]]) -> list:
        chosen = {a.path: v for a, v in pins}
        out = []
        for a in self.change:
            v = chosen.get(a.path, a.baseline)
            if v is not None:
                out.append((a.atom(v), True))
        return out

    def counterexample(self, pins: list[tuple[Axis, Symbol]]) -> dict[str, Symbol] | None:
        """A world under these changes where the goal fails (every open value), or None."""
        world: dict[str, Symbol] = {}

        def on_model(m: clingo.Model) -> None:
            for a in list(self.axes.values()):
                for v in a.values:
                    if m.contains(a.atom(v)):
                        world[a.path] = v
                        break

        if self.goal.everywhere:
            assumptions = self._assume(pins) + [-self.chk_ok]
        else:  # "possible": the candidate's own world already shows it
            return None
        return world if self._run(self.chk, assumptions, on_model) else None

    def generalise(self, world: dict[str, Symbol]) -> list[Axis]:
        """The changeable facts the counterexample needs: drop each whose value does not matter."""
        fixed = [(a.atom(world[a.path]), True) for a in self.fixed_open]
        keep = list(self.change)
        for a in list(keep):
            trial = [b for b in keep if b is not a]
            assumptions = fixed + [(b.atom(world[b.path]), True) for b in trial] + [self.chk_ok]
            if not self._run(self.chk, assumptions):
                keep = trial
        return keep

    def exclude_world(self, world: dict[str, Symbol], keys: list[Axis]) -> None:
        atoms = self.opt.symbolic_atoms
        body = []
        for a in keys:
            v = world[a.path]
            if a.baseline is None:
                body += [-atoms[Function("pin", [a.key, w])].literal for w in a.values
                         if w != v and atoms[Function("pin", [a.key, w])] is not None]
            elif a.baseline == v:
                pinned = atoms[Function("pinned", [a.key])]
                if pinned is not None:
                    body.append(-pinned.literal)
            else:
                sa = atoms[Function("pin", [a.key, v])]
                if sa is None:  # this value cannot be chosen: the constraint excludes nothing
                    return
                body.append(sa.literal)
        with self.opt.backend() as backend:
            backend.add_rule([], [*body, self.active])

    def exclude_supersets(self, pins: list[tuple[Axis, Symbol]]) -> None:
        atoms = self.opt.symbolic_atoms
        with self.opt.backend() as backend:
            backend.add_rule([], [*(atoms[Function("pin", [a.key, v])].literal for a, v in pins), self.active])

    def run(self, all_minimal: bool, limit: int, progress: Any = None) -> tuple[list[list[tuple[Axis, Symbol]]],
                                                                             list[dict]]:
        """Minimal change sets (smallest first) and the counterexamples met on the way."""
        solutions: list[list[tuple[Axis, Symbol]]] = []
        worlds: list[dict] = []
        best = None
        while len(solutions) < limit:
            self.iterations += 1
            if progress is not None:
                progress.update(self.iterations)
            cand = self.candidate()
            if cand is None:
                break
            cost, pins = cand
            if best is not None and cost > best and not all_minimal:
                break
            world = self.counterexample(pins)
            if world is None:
                solutions.append(pins)
                best = cost if best is None else best
                if not pins:
                    break
                self.exclude_supersets(pins)
            else:
                worlds.append(world)
                self.exclude_world(world, self.generalise(world))
        return sorted(solutions, key=self._order), worlds

    def _order(self, pins: list[tuple[Axis, Symbol]]) -> tuple[int, list[tuple[int, int]]]:
        """Smallest first; among sets of one size, in the order of the changeable facts and
        of their values: the listing does not depend on the order the solver met them in
        (nor on what an earlier search left in the kept program's heuristics)."""
        return len(pins), [(self.change.index(a), a.values.index(v) if v in a.values else -1) for a, v in pins]

    # -- diagnosis when nothing works
    def blocking_rules(self) -> tuple[str, list[str]]:
        """Rules that prevent the goal in every world whatever the changes."""
        book = self.prep.rules
        ids = [Function("rule_id", [facts_mod.const(r)]) for r in book.enabled]
        diagnosis = programs.diagnosis(book, self.facts, self.marks, ids)
        rules = [Function("rule", [facts_mod.const(r)]) for r in book.enabled]
        with diagnosis.lock:
            ctl = diagnosis.ctl
            ok = diagnosis.goal(self._goal_key(), self._goal_atom)
            # Switches set by assignment, not assumption (a hundred assumptions per solve cost
            # more than the program's preparation); every caller sets them all first.
            for r in rules:
                ctl.assign_external(r, True)
            sole = []
            for r in rules:
                ctl.assign_external(r, False)
                if self._run(ctl, [ok]):
                    sole.append(str(r.arguments[0]))
                ctl.assign_external(r, True)
            for r in rules:
                ctl.assign_external(r, None)  # free: the core says which must be on
            if sole:
                return "rules", sole
            core = self._core(ctl, ok, rules)
        return "rules-jointly", [str(r.arguments[0]) for r in core]

    def _core(self, ctl: clingo.Control, ok: int, rules: list[Symbol]) -> list[Symbol]:
        def unsat(cands: list[Symbol]) -> list[Symbol] | None:
            core: list[int] = []
            if self._run(ctl, [(r, True) for r in cands] + [ok], on_core=core.extend):
                return None
            lits = {abs(x) for x in core}
            by_lit = {ctl.symbolic_atoms[r].literal: r for r in cands if ctl.symbolic_atoms[r] is not None}
            return [by_lit[x] for x in lits if x in by_lit]

        core = unsat(rules)
        return [] if core is None else shrink_core(core, unsat)

    def blocking_facts(self, world: dict[str, Symbol]) -> list[Axis]:
        """A minimal part of a counterexample's unchangeable facts under which the goal fails
        whatever the changes (empty if no single world family blocks every change)."""
        region = [a for a in self.fixed_open if a.path in world]

        def fails(axes: list[Axis]) -> bool:
            return not self._run(self.chk, [(a.atom(world[a.path]), True) for a in axes] + [self.chk_ok])

        if not fails(region):
            return []
        for a in list(region):
            trial = [b for b in region if b is not a]
            if fails(trial):
                region = trial
        return region


def needs(prep: Any, goal: Goal, *, can_change: Sequence[str] | None = None, all_minimal: bool = False,
          limit: int = 20, timeout: float | None = None, reasons: bool = True) -> Needs:
    import time

    from ... import api

    t0 = time.perf_counter()
    if goal.person not in prep.facts.persons:
        raise InputError([Problem("--person", None, None, goal.person, f"no person `{goal.person}` in the scenario",
                                  "one of: " + ", ".join(prep.facts.persons))])
    changeable = list(dict.fromkeys(can_change or default_changeable(prep, goal.person)))
    out = Needs(prep.located.file, prep.scenario.id, prep.as_of.isoformat(), goal, changeable)
    from ...scenario.check import parse_override

    search = Search(prep, goal, changeable, Deadline(timeout))
    with Progress(f"needs: {goal.text()}") as bar:
        with search:
            solutions, worlds = search.run(all_minimal, limit, bar)
        out.iterations = search.iterations
        as_of = prep.as_of
        for pins in solutions:
            sets = [set_text(a.path, v, as_of) for a, v in pins]
            sol = Solution([(a.path, a.baseline, v) for a, v in pins], sets)
            # The scenario with these changes, through the ordinary pipeline: its value of
            # the goal's key (a check on the search) and, if asked, the explanation.
            ev = api.evaluate_prepared(api.prepare_located(
                prep.located, as_of=as_of, rules=prep.rules,
                overrides=_base_overrides(prep) + [parse_override(x) for x in sets]), timeout)
            sol.verdict = _value(ev.result, goal)
            if reasons:
                sol.why = _reason(ev, goal)
            out.solutions.append(sol)
            bar.update(search.iterations + len(out.solutions))
    out.already = bool(solutions) and not solutions[0]
    if not solutions:
        out.impossible = True
        with search:
            _diagnose(out, search, worlds, prep, reasons)
    out.seconds = time.perf_counter() - t0
    return out


def _base_overrides(prep: Any) -> list[Any]:
    """The ``--set`` overrides the prepared scenario was made with (kept under a variant)."""
    from ...scenario.check import Override

    return [Override(path, _current(prep, path), origin) for path, origin in prep.provenance.items()
            if origin.startswith("--set")]


def _current(prep: Any, path: str) -> Any:
    from ...scenario import check as validate

    target = validate.resolve(prep.scenario, path)
    if isinstance(target, str):
        return None
    if target.kind == "position":
        return target.owner.get(target.name)
    value = target.owner[target.name] if target.kind == "map" else getattr(target.owner, target.name)
    return value.value if hasattr(value, "value") else value


def _value(result: dict[str, Any], goal: Goal) -> str:
    person = result["persons"].get(goal.person, {})
    group = person.get("outcomes" if goal.kind == "outcome" else "status", {})
    return group.get(goal.key, ABSENT)


def _reason(ev: Any, goal: Goal) -> str:
    from .common import reason

    return reason(ev, goal.person, goal.key)


def _diagnose(out: Needs, search: Search, worlds: list[dict], prep: Any, reasons: bool) -> None:
    from ... import api

    book = prep.rules
    if not worlds:
        # Not even one world has the goal, whatever the changes: which rules prevent it?
        kind, ids = search.blocking_rules()
        if not ids:
            out.blocker_kind, out.blockers = "not-considered", []
        else:
            out.blocker_kind = kind
            out.blockers = [_cite(book, r) for r in ids]
        if reasons:
            ev = api.evaluate_prepared(prep)
            out.why = _reason(ev, out.goal)
        return
    # Some world has it, but every change set leaves a world where it fails.
    for world in reversed(worlds):
        facts = search.blocking_facts(world)
        if facts:
            out.blocker_kind = "facts"
            out.blockers = [set_text(a.path, world[a.path], prep.as_of) for a in facts]
            if reasons:
                from ...scenario.check import parse_override

                ev = api.evaluate_prepared(api.prepare_located(
                    prep.located, as_of=prep.as_of, rules=book,
                    overrides=_base_overrides(prep) + [parse_override(s) for s in out.blockers]))
                out.why = _reason(ev, out.goal)
            return
    out.blocker_kind = "combinations"
    out.blockers = [", ".join(set_text(p, v, prep.as_of) for p, v in sorted(worlds[-1].items())
                              if p not in out.can_change)]


def _cite(book: Any, rule_id: str) -> str:
    src = book.sources.get(rule_id)
    return f"{rule_id} [{src.citation}] {src.paraphrase}".strip() if src else rule_id

