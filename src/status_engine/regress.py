"""Regression testing of rule changes: expectations, updates, and diffs of rule sets.

* **Expectations** (SCENARIO-FORMAT §4): every key named under ``expect: <person>:
  status:`` or ``outcomes:`` is compared with the derived value.  A key that no rule can
  produce is a typo and an input error, never a silent pass.  The vocabulary is learnt
  from the rules themselves: status names from the heads of the rule files and, like
  outcome keys, from the atoms of this scenario's ground program (anything some world
  could derive).
* **Update** writes derived values into the ``expect:`` blocks in place: the file is
  parsed with ruamel.yaml's round-trip loader, which gives each value's position, and
  only that value's token is replaced, so comments, quoting and layout stay byte for
  byte.  The new text is re-read and checked before it atomically replaces the file.
* **Diff** evaluates a corpus under two rule sets (a directory, or a git revision's rule
  directory) and reports every status or verdict that moved, with both explanations and
  the rules that differ (by rule id, comparing the normalised rule text).

No legal vocabulary lives here: statuses, verbs and verdict names come from the rules
and from the contract's arithmetic (``verdicts.py``).
"""

from __future__ import annotations

import difflib
import io
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator, NamedTuple, Optional

from .contract import ABSENT, Change, Key, Result, diff as diff_results, value_text
from .errors import EvaluationError, InputError, Problem, RuleBaseError

SUFFIXES = (".yaml", ".yml", ".json")
KINDS = ("status", "outcomes")
# ABSENT (from ``contract``): the derived value of a key that holds in no world / is not considered


# ------------------------------------------------------------------------------ files

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


# ------------------------------------------------------------------------ expectations

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


def _rule_id(body: Iterable[Any]) -> Optional[str]:
    from .explain.instrument import rule_id as rule_id_of  # one reading of rule(Id) for the whole package

    return rule_id_of(body)


@lru_cache(maxsize=16)
def _parsed(files: tuple[tuple[str, str], ...]) -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    """Status names in rule heads, and the normalised rule texts per rule id."""
    import clingo.ast as ast

    statuses: set[str] = set()
    texts: dict[str, list[str]] = {}
    for name, text in files:
        def take(stm: Any, name: str = name) -> None:
            if stm.ast_type != ast.ASTType.Rule:
                return
            head = stm.head
            if head.ast_type == ast.ASTType.Literal and head.atom.ast_type == ast.ASTType.SymbolicAtom:
                sym = head.atom.symbol
                if sym.ast_type == ast.ASTType.Function and sym.name == "status" and len(sym.arguments) == 2:
                    arg = sym.arguments[1]
                    if arg.ast_type == ast.ASTType.SymbolicTerm:
                        statuses.add(str(arg.symbol))
                    elif arg.ast_type == ast.ASTType.Function and not arg.arguments:
                        statuses.add(arg.name)
            rid = _rule_id(stm.body) or f"(statements without a rule id in {name})"
            texts.setdefault(rid, []).append(str(stm))

        try:
            ast.parse_string(text, take)
        except RuntimeError as exc:
            raise RuleBaseError(f"{name}: cannot parse the rule file: {exc}") from None
    return frozenset(statuses), {k: tuple(sorted(v)) for k, v in texts.items()}


def _rule_files(book: Any) -> tuple[tuple[str, str], ...]:
    return tuple((Path(f).name, Path(f).read_text(encoding="utf-8")) for f in book.files)


def rule_texts(book: Any) -> dict[str, tuple[str, ...]]:
    """Rule id -> the normalised text of every rule carrying it (comments and layout dropped)."""
    return _parsed(_rule_files(book))[1]


def vocabulary(prep: Any) -> Vocabulary:
    """Status names and outcome keys some world of this scenario could derive."""
    from .engine import control
    from .verdicts import outcome_key

    ctl = control(prep.rules, prep.facts, show_all=True)
    statuses = set(_parsed(_rule_files(prep.rules))[0])
    statuses |= {str(a.symbol.arguments[1]) for a in ctl.symbolic_atoms.by_signature("status", 2)}
    outcomes = {outcome_key(a.symbol.arguments[1]) for a in ctl.symbolic_atoms.by_signature("outcome", 2)}
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
                from . import explain

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
    from . import api

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
    from . import api

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


def mismatch_text(c: Check) -> str:
    e = c.expectation
    head = f"{e.where}: {e.scenario} {e.person} {e.kind} {e.key}: expected {e.expected}, derived {c.derived}"
    return head + (f"\n    why: {c.explanation}" if c.explanation else "")


def summary(results: list[ScenarioCheck]) -> str:
    total = sum(len(r.checks) for r in results)
    failed = sum(len(r.failures) for r in results)
    text = f"{total - failed} passed, {failed} failed"
    errors = sum(1 for r in results if r.error)
    if errors:
        text += f" ({errors} scenario(s) could not be evaluated)"
    return text


def report(results: list[ScenarioCheck], verbose: bool = False) -> str:
    lines = []
    for r in results:
        if r.error:
            lines.append(f"ERROR {r.file}: {r.scenario}: {r.error}")
            continue
        bad = r.failures
        if not r.checks:
            lines.append(f"--    {r.file}: {r.scenario}: no expectations")
        elif not bad:
            lines.append(f"ok    {r.file}: {r.scenario}: {len(r.checks)} expectations")
        else:
            lines.append(f"FAIL  {r.file}: {r.scenario}: {len(bad)} of {len(r.checks)} expectations differ")
        for c in r.checks:
            if not c.ok:
                lines.append("  " + mismatch_text(c).replace("\n", "\n  "))
            elif verbose:
                lines.append(f"  ok {c.expectation.id} = {c.derived}")
    lines.append(summary(results))
    return "\n".join(lines) + "\n"


def junit_xml(results: list[ScenarioCheck]) -> str:
    """JUnit XML: one testsuite per scenario file, one testcase per expectation."""
    import xml.etree.ElementTree as ET

    root = ET.Element("testsuites", name="status-engine expectations")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for r in results:
        failures = 0 if r.error else len(r.failures)
        errors = len(r.checks) if r.error else 0
        suite = ET.SubElement(root, "testsuite", name=r.scenario, file=r.file, tests=str(len(r.checks)),
                              failures=str(failures), errors=str(errors), skipped="0")
        totals["tests"] += len(r.checks)
        totals["failures"] += failures
        totals["errors"] += errors
        for c in r.checks:
            e = c.expectation
            case = ET.SubElement(suite, "testcase", classname=f"{e.scenario}.{e.person}.{e.kind}", name=e.key,
                                 file=e.file, line=str(e.line or 0))
            if r.error:
                ET.SubElement(case, "error", message=f"not evaluated: {r.error.splitlines()[0]}").text = r.error
            elif not c.ok:
                msg = f"expected {e.expected}, derived {c.derived}"
                ET.SubElement(case, "failure", message=msg).text = mismatch_text(c)
    for k, v in totals.items():
        root.set(k, str(v))
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


# ------------------------------------------------------------------------------ update

def write_atomically(path: str | Path, text: str) -> None:
    """Write through ``files``: atomic for a regular file, in place for a device or FIFO."""
    from .files import write_text

    write_text(str(path), text, "file")


@dataclass(frozen=True)
class Update:
    expectation: Expectation
    new: str

    def text(self) -> str:
        e = self.expectation
        return f"{e.where}: {e.scenario} {e.person} {e.kind} {e.key}: {e.expected} -> {self.new}"


def _token_end(line: str, start: int) -> int:
    if start < len(line) and line[start] in "\"'":
        end = line.find(line[start], start + 1)
        return len(line) if end < 0 else end + 1
    end = start
    while end < len(line) and line[end] not in " \t,}]#\r\n":
        end += 1
    return end


def updated_text(text: str, file: str, updates: list[Update]) -> str:
    """The file's text with the expectation values replaced in place.

    ruamel.yaml's round-trip loader gives the line and column of each value; only that
    token changes (quotes kept), so comments and layout are untouched.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    from .loader import load_text

    try:
        doc = YAML(typ="rt").load(text)
    except YAMLError as exc:
        raise InputError([Problem(file, None, None, "", f"cannot read for update: {exc}")]) from None
    lines = text.splitlines(keepends=True)
    edits: dict[int, list[tuple[int, int, str]]] = {}
    for u in updates:
        e = u.expectation
        block = doc["expect"][e.person][e.kind]
        line, col = block.lc.value(e.key)
        end = _token_end(lines[line], col)
        token = lines[line][col:end]
        quote = token[0] if token[:1] in ("'", '"') else ""
        if token.strip("'\"") != e.expected:
            raise InputError([Problem(file, line + 1, col + 1, e.path,
                                      f"cannot update in place: found {token!r} where {e.expected!r} was read")])
        new = f"{quote}{u.new}{quote}"
        rest = lines[line][end:]
        gap = len(rest) - len(rest.lstrip(" "))
        if gap and rest[gap:gap + 1] == "#":  # keep an aligned trailing comment in its column
            new += " " * max(1, gap - (len(new) - len(token)))
            end += gap
        edits.setdefault(line, []).append((col, end, new))
    for line, spans in edits.items():
        s = lines[line]
        for col, end, new in sorted(spans, reverse=True):
            s = s[:col] + new + s[end:]
        lines[line] = s
    new_text = "".join(lines)
    # Re-read: everything but the updated values must be exactly what it was.
    before, after = load_text(text, file).data, load_text(new_text, file).data
    for u in updates:
        e = u.expectation
        before["expect"][e.person][e.kind][e.key] = u.new
    if before != after:
        raise InputError([Problem(file, None, None, "expect", "in-place update would change more than the "
                                  "expected values; file left unchanged")])
    return new_text


def plan_updates(results: list[ScenarioCheck]) -> tuple[list[Update], list[Check]]:
    """Updates for every mismatch; mismatches that cannot be written (absent, not evaluated)."""
    updates, stuck = [], []
    for r in results:
        for c in r.failures:
            if r.error or c.derived == ABSENT:
                stuck.append(c)
            else:
                updates.append(Update(c.expectation, c.derived))
    return updates, stuck


def apply_updates(updates: list[Update], snapshots: Optional[dict[str, tuple]] = None) -> list[str]:
    """Write the updates, file by file (each file atomically); returns the files written.

    Every file is checked (writable, unchanged since ``snapshots`` was taken, before the
    evaluation) and its new text computed before the first one is written.
    """
    from .files import OutputError, check, signature

    by_file: dict[str, list[Update]] = {}
    for u in updates:
        by_file.setdefault(u.expectation.file, []).append(u)
    targets, new_texts = {}, {}
    for file, ups in by_file.items():  # compute every file first: nothing is written if one fails
        targets[file] = check(file, "--update")
        if snapshots is not None and snapshots.get(file) != signature(file):
            raise OutputError(f"{file} changed while it was being tested; nothing updated (run again)")
        text = Path(file).read_bytes().decode("utf-8")  # line endings (CRLF) kept as they are
        new_texts[file] = updated_text(text, file, ups)
    for file, text in new_texts.items():
        targets[file].write(text)
    return list(new_texts)


# -------------------------------------------------------------------------------- diff

@dataclass
class RuleDiff:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    disabled: list[str] = field(default_factory=list)  # switched off on the head side only
    enabled: list[str] = field(default_factory=list)  # switched off on the base side only
    cited: list[str] = field(default_factory=list)  # same rule text, source entry changed
    detail: dict[str, list[str]] = field(default_factory=dict)  # id -> unified diff lines

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.disabled or self.enabled or self.cited)

    def lines(self) -> list[str]:
        out = []
        for label, ids in (("added", self.added), ("removed", self.removed), ("changed", self.changed),
                           ("switched off", self.disabled), ("switched on", self.enabled),
                           ("citation changed", self.cited)):
            if ids:
                out.append(f"  {label}: {', '.join(ids)}")
        return out or ["  (no rule differs)"]


def rule_diff(base: Any, head: Any) -> RuleDiff:
    """Rules that differ by id: added, removed, changed text, switched on/off, re-cited."""
    a, b = rule_texts(base), rule_texts(head)
    d = RuleDiff()
    d.added = sorted(set(b) - set(a))
    d.removed = sorted(set(a) - set(b))
    for rid in sorted(set(a) & set(b)):
        if a[rid] != b[rid]:
            d.changed.append(rid)
            d.detail[rid] = list(difflib.unified_diff(list(a[rid]), list(b[rid]), "base", "head", lineterm="", n=0))[2:]
    d.disabled = sorted((head.disabled - base.disabled) & set(head.sources))
    d.enabled = sorted((base.disabled - head.disabled) & set(base.sources))
    touched = set(d.added) | set(d.removed) | set(d.changed)
    d.cited = sorted(r for r in set(base.sources) & set(head.sources)
                     if r not in touched and base.sources[r] != head.sources[r])
    return d


class Moved(NamedTuple):
    """One conclusion a rule change moved, and the scenario (file) it belongs to."""

    file: str
    scenario: str
    change: Change

    def text(self) -> str:
        c = self.change
        head = f"  {c.person} {c.kind} {c.key}: {value_text(c.before)} -> {value_text(c.after)}"
        if c.why_before:
            head += f"\n      before: {c.why_before}"
        if c.why:
            head += f"\n      after:  {c.why}"
        return head


@dataclass
class DiffReport:
    base: str
    head: str
    rules: RuleDiff
    changes: list[Moved] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (file, what went wrong on which side)
    scenarios: int = 0

    @property
    def moved_scenarios(self) -> list[str]:
        return sorted({m.scenario for m in self.changes} | {f for f, _ in self.errors})

    def summary(self) -> str:
        n, m = len(self.changes), len({c.scenario for c in self.changes})
        text = f"rules changed {n} conclusion{'s' if n != 1 else ''} in {m} scenario{'s' if m != 1 else ''}" \
               f" (of {self.scenarios})"
        if self.errors:
            text += f"; {len(self.errors)} scenario(s) evaluate on one side only"
        return text

    def text(self) -> str:
        lines = [f"base: {self.base}", f"head: {self.head}", "rules:", *self.rules.lines()]
        for rid, diff in self.rules.detail.items():
            lines.append(f"  --- {rid}")
            lines += [f"    {d}" for d in diff]
        current = None
        for c in self.changes:
            if c.scenario != current:
                current = c.scenario
                lines.append(f"{c.scenario} ({c.file})")
            lines.append(c.text())
        for file, err in self.errors:
            lines.append(f"{file}: {err}")
        lines.append(self.summary())
        return "\n".join(lines) + "\n"


def _evaluate(file: str, book: Any, timeout: Optional[float]) -> tuple[Any, Optional[str]]:
    from . import api

    try:
        return api.evaluate_prepared(api.prepare(file, rules=book), timeout), None
    except InputError as exc:
        return None, f"not valid for these rules: {exc}"
    except (EvaluationError, RuleBaseError) as exc:
        return None, f"cannot be evaluated: {exc}"


def diff(paths: Iterable[str], base: Any, head: Any, *, base_label: str = "base", head_label: str = "head",
         explain: bool = True, timeout: Optional[float] = None) -> DiffReport:
    """Every status and verdict of the corpus that differs between two rule sets."""
    from . import api

    files = scenario_files(paths)
    problems = []
    for f in files:  # the corpus must be valid for the head rules: that is the input being checked
        try:
            api.prepare(f, rules=head)
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    rep = DiffReport(base_label, head_label, rule_diff(base, head), scenarios=len(files))
    for f in files:
        old_ev, old_err = _evaluate(f, base, timeout)
        new_ev, new_err = _evaluate(f, head, timeout)
        if old_err or new_err:
            if old_err and new_err:
                continue  # broken on both sides: not a change made by the rules
            rep.errors.append((f, f"under {base_label if old_err else head_label}: {old_err or new_err}"))
            continue
        why_old, why_new = (Explaining(old_ev), Explaining(new_ev)) if explain else (None, None)
        # By person, then block name (``outcomes`` before ``status``), then key: the report's order.
        moved = sorted(diff_results(old_ev.typed, new_ev.typed), key=lambda c: (c.person, c.kind, str(c.key)))
        for c in moved:
            if why_old and why_new:
                c = c.explained(why_new.one_line(c.person, str(c.key)), why_old.one_line(c.person, str(c.key)))
            rep.changes.append(Moved(f, new_ev.typed.scenario, c))
    return rep


# ---------------------------------------------------------------------- rule sets by name

def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except OSError as exc:
        raise InputError([Problem("--base", None, None, "", f"git is not available: {exc}")]) from None


@contextmanager
def rules_at(spec: Optional[str], option: str = "--base", repo_rules: Optional[Path] = None
             ) -> Iterator[tuple[Any, str]]:
    """A rule book from a directory or a git revision (``None``: the working rules).

    A revision's rule directory (the working rule directory's path in its repository)
    is extracted with ``git archive`` into a temporary directory, removed afterwards.
    """
    from . import api
    from .rulebook import default_directory

    if spec is None:
        directory = (repo_rules or default_directory()).resolve()
        yield api.rules_for(str(repo_rules) if repo_rules else None), f"working rules ({directory})"
        return
    if Path(spec).is_dir():
        yield api.rules_for(spec), f"directory {spec}"
        return
    rules_dir = (repo_rules or default_directory()).resolve()
    top = _git(rules_dir, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise InputError([Problem(option, None, None, spec, "not a directory, and the working rules are not in a "
                                  "git repository", "a rule directory or a git revision")])
    root = Path(top.stdout.decode().strip())
    rev = _git(root, "rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}")
    if rev.returncode != 0:
        raise InputError([Problem(option, None, None, spec, "neither a directory nor a git revision",
                                  "a rule directory or a git revision (e.g. HEAD~1, a tag, a commit)")])
    sha = rev.stdout.decode().strip()
    rel = rules_dir.relative_to(root).as_posix()
    archive = _git(root, "archive", "--format=tar", sha, "--", rel)
    if archive.returncode != 0:
        raise InputError([Problem(option, None, None, spec, f"no `{rel}/` at revision {sha[:12]}: "
                                  f"{archive.stderr.decode().strip()}")])
    tmp = tempfile.mkdtemp(prefix="status-engine-rules-")
    try:
        import tarfile

        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            try:
                tar.extractall(tmp, filter="data")
            except TypeError:  # Python without extraction filters
                tar.extractall(tmp)
        yield api.rules_for(str(Path(tmp) / rel)), f"{spec} ({sha[:12]}:{rel})"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


__all__ = ["ABSENT", "Check", "Change", "DiffReport", "Expectation", "Moved", "RuleDiff", "ScenarioCheck", "Update",
           "Vocabulary", "apply_updates", "check_paths", "check_prepared", "diff", "expectations_of", "junit_xml",
           "plan_updates", "report", "rule_diff", "rule_texts", "rules_at", "scenario_files", "summary", "typos",
           "updated_text", "vocabulary", "write_atomically"]
