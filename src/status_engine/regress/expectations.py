"""Expectations (SCENARIO-FORMAT section 4): what a file expects, what the rules derive.

Every key named under ``expect: <person>: status:`` or ``outcomes:`` is compared with
the derived value.  A key that no rule can produce is a typo and an input error, never a
silent pass: the vocabulary is learnt from the rule heads and from the atoms of this
scenario's ground program (anything some world could derive).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional

from ..contract import Key, Result, value_text
from ..errors import EvaluationError, InputError, Problem, RuleBaseError
from .ruletexts import head_statuses

SUFFIXES = (".yaml", ".yml", ".json")
KINDS = ("status", "outcomes")


def scenario_files(paths: Iterable[str]) -> list[str]:
    """Files named, and scenario files (*.yaml, *.yml, *.json) under directories named."""
    out: list[str] = []
    problems: list[Problem] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(str(f) for f in path.rglob("*")
                           if f.suffix in SUFFIXES and f.is_file()
                           and not any(part.startswith(".") for part in f.relative_to(path).parts))
            if not found:
                problems.append(Problem(str(p), None, None, "", "no scenario files (*.yaml, *.yml, *.json) here",
                                        "a scenario file or a directory of them"))
            out += found
        elif path.is_file():
            out.append(str(p))
        else:
            problems.append(Problem(str(p), None, None, "", "no such file or directory",
                                    "a scenario file or a directory of them"))
    if problems:
        raise InputError(problems)
    return list(dict.fromkeys(out))


@dataclass(frozen=True)
class Expectation:
    """One key of one person's ``expect:`` block, and where it stands in the file."""

    file: str
    scenario: str
    person: str
    kind: str  # "status" or "outcomes", as in the file
    key: str
    expected: str
    line: Optional[int] = None
    column: Optional[int] = None

    @property
    def id(self) -> str:
        """``kursk-2025-02::ri::status::pow``: the pytest id and the JUnit name."""
        return f"{self.scenario}::{self.person}::{self.kind}::{self.key}"

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    @property
    def path(self) -> str:
        return f"expect.{self.person}.{self.kind}.{self.key}"


@dataclass
class Check:
    expectation: Expectation
    derived: str
    explanation: Optional[str] = None

    @property
    def ok(self) -> bool:
        return self.derived == self.expectation.expected


@dataclass
class ScenarioCheck:
    """The expectations of one file and what the rules derive for them."""

    file: str
    scenario: str
    checks: list[Check] = field(default_factory=list)
    error: Optional[str] = None  # the scenario could not be evaluated (no world, timeout, rule defect)
    evaluation: Any = None

    @property
    def failures(self) -> list[Check]:
        return [c for c in self.checks if not c.ok] if self.error is None else list(self.checks)


def expectations_of(prep: Any) -> list[Expectation]:
    """The expectations of a prepared scenario, as written in its file."""
    out = []
    scn = prep.source
    for pid, exp in scn.expect.items():
        for kind in KINDS:
            for key, value in getattr(exp, kind).items():
                line, col = prep.located.where(("expect", pid, kind, key))
                out.append(Expectation(prep.located.file, scn.id, pid, kind, key, value, line, col))
    return out


@dataclass(frozen=True)
class Vocabulary:
    """What the rules can say about this scenario: status names and outcome keys."""

    statuses: frozenset[str]
    outcomes: frozenset[str]

    def knows(self, kind: str, key: str) -> bool:
        return key in (self.statuses if kind == "status" else self.outcomes)


def vocabulary(prep: Any) -> Vocabulary:
    """Status names and outcome keys some world of this scenario could derive: the atoms of
    the fact set's own ground program (``programs.plain``, kept for the process: nothing is
    solved or added, so a second check in one process grounds nothing)."""
    from ..solver import programs
    from ..solver.verdicts import outcome_key

    kept = programs.plain(prep.rules, prep.facts)
    with kept.lock:
        atoms = kept.ctl.symbolic_atoms
        found = [a.symbol for a in atoms.by_signature("status", 2)]
        found_outcomes = [a.symbol for a in atoms.by_signature("outcome", 2)]
    statuses = set(head_statuses(prep.rules))
    statuses |= {str(s.arguments[1]) for s in found}
    outcomes = {outcome_key(s.arguments[1]) for s in found_outcomes}
    return Vocabulary(frozenset(statuses), frozenset(outcomes))


def typos(expectations: list[Expectation], vocab: Vocabulary) -> list[Problem]:
    """Keys no rule can produce: a typo must fail, not pass."""
    out = []
    for e in expectations:
        if vocab.knows(e.kind, e.key):
            continue
        if e.kind == "status":
            words, what = vocab.statuses, f"unknown status `{e.key}`: no rule derives it"
        else:
            words = vocab.outcomes
            what = (f"unknown outcome `{e.key}`: no rule produces it for any person of this scenario "
                    "(a typo, or the rules no longer consider it)")
        close = difflib.get_close_matches(e.key, sorted(words), n=3, cutoff=0.6)
        hint = f" (did you mean {', '.join(f'`{c}`' for c in close)}?)" if close else ""
        out.append(Problem(e.file, e.line, e.column, e.path, what + hint, "one of: " + ", ".join(sorted(words))))
    return out


def derived_value(result: Result, person: str, kind: str, key: str) -> str:
    """The value of ``expect: <person>: <kind>: <key>`` as the file would write it (``absent``)."""
    found = result.persons.get(person)
    return value_text(found.get(Key.of_section(kind, key)) if found is not None else None)


class Explaining:
    """One-line explanations of derived values, one explainer per evaluation (lazy)."""

    def __init__(self, ev: Any):
        self.ev = ev
        self._explainer: Any = None
        self._failed: Optional[str] = None

    def one_line(self, person: str, key: str) -> str:
        if self._failed:
            return self._failed
        try:
            if self._explainer is None:
                from ..analysis import explain

                self._explainer = explain.explainer(self.ev)
            rep = self.ev.prepared.facts.mirror_of.get(person)
            text = self._explainer.explain(rep or person, key).one_line()
            return f"{text} ({person} has the same facts as {rep})" if rep else text
        except ImportError as exc:  # explanations are optional for the checks themselves
            self._failed = f"(explanations unavailable: {exc})"
            return self._failed
        except Exception as exc:  # noqa: BLE001 - an explanation never hides the check's result
            return f"(no explanation: {type(exc).__name__}: {exc})"


def check_prepared(prep: Any, *, explain: bool = True, timeout: Optional[float] = None,
                   vocab_check: bool = True) -> ScenarioCheck:
    """Evaluate one prepared scenario and compare it with its expectations.

    Raises ``InputError`` for a key no rule can produce (a typo).
    """
    from .. import api

    exps = expectations_of(prep)
    out = ScenarioCheck(prep.located.file, prep.source.id)
    if not exps:
        return out
    if vocab_check:
        problems = typos(exps, vocabulary(prep))
        if problems:
            raise InputError(problems)
    try:
        ev = api.evaluate_prepared(prep, timeout)
    except (EvaluationError, RuleBaseError) as exc:  # no world, timeout, or a clash in the rule base
        out.error = str(exc)
        out.checks = [Check(e, "(not evaluated)") for e in exps]
        return out
    out.evaluation = ev
    why = Explaining(ev) if explain else None
    for e in exps:
        c = Check(e, derived_value(ev.typed, e.person, e.kind, e.key))
        if not c.ok and why is not None:
            c.explanation = why.one_line(e.person, e.key)
        out.checks.append(c)
    return out


def check_paths(paths: Iterable[str], book: Any = None, *, explain: bool = True,
                timeout: Optional[float] = None) -> list[ScenarioCheck]:
    """Check every scenario file under ``paths``; every input problem is reported together."""
    from .. import api

    book = book or api.rules_for()
    prepared, problems = [], []
    for f in scenario_files(paths):
        try:
            prepared.append(api.prepare(f, rules=book))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    for prep in prepared:
        try:
            problems += typos(expectations_of(prep), vocabulary(prep))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    return [check_prepared(p, explain=explain, timeout=timeout, vocab_check=False) for p in prepared]
