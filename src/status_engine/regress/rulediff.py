"""``status-engine diff``: a corpus evaluated under two rule sets, and what moved.

Every status or verdict that differs is reported with both explanations and the rules
that differ (by rule id, comparing the normalised rule text).  A rule set is a directory
or a git revision's rule directory, extracted into a temporary directory.
"""

from __future__ import annotations

import difflib
import io
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, NamedTuple, Optional

from ..contract import Change, diff as diff_results, value_text
from ..errors import EvaluationError, InputError, Problem, RuleBaseError
from .expectations import Explaining, scenario_files
from .ruletexts import rule_texts


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
    from .. import api

    try:
        return api.evaluate_prepared(api.prepare(file, rules=book), timeout), None
    except InputError as exc:
        return None, f"not valid for these rules: {exc}"
    except (EvaluationError, RuleBaseError) as exc:
        return None, f"cannot be evaluated: {exc}"


def diff(paths: Iterable[str], base: Any, head: Any, *, base_label: str = "base", head_label: str = "head",
         explain: bool = True, timeout: Optional[float] = None) -> DiffReport:
    """Every status and verdict of the corpus that differs between two rule sets."""
    from .. import api

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

def _git(root: Path, *args: str) -> "subprocess.CompletedProcess[bytes]":
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
    from .. import api
    from ..rulebook.book import default_directory

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
