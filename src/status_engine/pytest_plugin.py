"""pytest plugin (entry point ``pytest11``): scenario expectations as test items.

``pytest scenarios/`` collects every key of every ``expect:`` block (SCENARIO-FORMAT §4)
as one item with a readable id::

    scenarios/kursk-2025-02.yaml::kursk-2025-02::ri::status::pow
    scenarios/kursk-2025-02.yaml::kursk-2025-02::ri::outcomes::repatriate:dprk

Each scenario is evaluated once (on its first item); a mismatch shows expected and
derived values, the expectation's file:line and the explanation of the derived value.
A key no rule can produce (a typo) fails its item.

Which files: YAML/JSON files that declare ``format: status-engine/v1``, under the
directories of the ini option ``status_engine_scenarios`` (default ``scenarios``,
relative to the rootdir), plus scenario files named on the command line.  Other YAML
files (test fixtures, deliberately broken inputs) are never collected.  Options:
``--scenario-rules DIR`` evaluates with another rule directory; ``-p no:status_engine``
switches the plugin off.

Importing this module costs nothing beyond ``re`` and ``pathlib``: the engine is
imported when the first scenario is collected.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Optional

import pytest

_FORMAT = re.compile(r"""^\s*["']?format["']?\s*:\s*["']?status-engine/v1\b""", re.M)
_SUFFIXES = (".yaml", ".yml", ".json")


def pytest_addoption(parser: Any) -> None:
    group = parser.getgroup("status-engine", "scenario expectations (status-engine)")
    group.addoption("--scenario-rules", default=None, metavar="DIR",
                    help="evaluate scenario expectations with the rule files in DIR (default: the shipped rules)")
    parser.addini("status_engine_scenarios", type="linelist", default=["scenarios"],
                  help="directories (relative to the rootdir) whose scenario files are collected as expectations")


def _scope(config: Any) -> tuple[set[Path], list[Path]]:
    """(scenario files named on the command line, directories of the ini option), once."""
    key = "_status_engine_scope"
    if not hasattr(config, key):
        files = set()
        if config.args_source == pytest.Config.ArgsSource.ARGS:
            base = Path(config.invocation_params.dir)
            for arg in config.args:
                p = (base / str(arg).split("::")[0]).resolve()
                if p.is_file():
                    files.add(p)
        roots = [(Path(config.rootpath) / d).resolve() for d in config.getini("status_engine_scenarios")]
        setattr(config, key, (files, roots))
    return getattr(config, key)


def _in_scope(config: Any, path: Path) -> bool:
    path = path.resolve()
    files, roots = _scope(config)
    return path in files or any(path == r or r in path.parents for r in roots)


def pytest_collect_file(file_path: Path, parent: Any) -> Optional["ScenarioFile"]:
    if file_path.suffix not in _SUFFIXES or not _in_scope(parent.config, file_path):
        return None
    try:
        head = file_path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    if not _FORMAT.search(head):
        return None
    return ScenarioFile.from_parent(parent, path=file_path)


def _book(config: Any) -> Any:
    """The rule book, loaded once per session (an error in it fails every scenario)."""
    key = "_status_engine_book"
    if not hasattr(config, key):
        from status_engine import api

        setattr(config, key, api.rules_for(config.getoption("--scenario-rules")))
    return getattr(config, key)


class ScenarioError(Exception):
    """A scenario-level problem, shown as text (no traceback)."""


class ExpectationFailure(AssertionError):
    """A mismatch or a typo'd key, shown as text (no traceback)."""


class _TextFailures:
    def repr_failure(self, excinfo: Any, style: Any = None) -> Any:  # noqa: D401 - pytest hook
        from status_engine.errors import StatusEngineError

        if isinstance(excinfo.value, (ScenarioError, ExpectationFailure, StatusEngineError)):
            return str(excinfo.value)
        return super().repr_failure(excinfo)  # type: ignore[misc]


class ScenarioFile(_TextFailures, pytest.File):
    def collect(self) -> Any:
        from status_engine import api, regress

        prep = api.prepare(str(self.path), rules=_book(self.config))
        exps = regress.expectations_of(prep)
        if exps:
            yield ScenarioNode.from_parent(self, name=prep.source.id, prep=prep, expectations=exps)


class ScenarioNode(_TextFailures, pytest.Collector):
    """One scenario: evaluated once, lazily, for all its expectation items."""

    def __init__(self, *, prep: Any, expectations: list, **kw: Any):
        super().__init__(**kw)
        self.prep = prep
        self.expectations = expectations
        self._state: Optional[tuple] = None
        self._why: Any = None

    def collect(self) -> Any:
        persons: dict[str, dict[str, list]] = {}
        for e in self.expectations:
            persons.setdefault(e.person, {}).setdefault(e.kind, []).append(e)
        for pid, kinds in persons.items():
            yield PersonNode.from_parent(self, name=pid, kinds=kinds)

    def evaluated(self) -> tuple[Any, Any]:
        """(vocabulary, evaluation); raises ScenarioError if the scenario cannot be evaluated."""
        if self._state is None:
            from status_engine import api, regress
            from status_engine.errors import StatusEngineError

            try:
                vocab = regress.vocabulary(self.prep)
                ev = api.evaluate_prepared(self.prep)
                self._state = (vocab, ev, None)
            except StatusEngineError as exc:
                self._state = (None, None, f"{self.prep.located.file}: scenario {self.name} could not be "
                                           f"evaluated: {exc}")
        vocab, ev, err = self._state
        if err:
            raise ScenarioError(err)
        return vocab, ev

    def explain(self, person: str, key: str) -> str:
        from status_engine import regress

        if self._why is None:
            self._why = regress.Explaining(self.evaluated()[1])
        return self._why.one_line(person, key)


class PersonNode(_TextFailures, pytest.Collector):
    def __init__(self, *, kinds: dict, **kw: Any):
        super().__init__(**kw)
        self.kinds = kinds

    def collect(self) -> Any:
        for kind, exps in self.kinds.items():
            yield BlockNode.from_parent(self, name=kind, expectations=exps)


class BlockNode(_TextFailures, pytest.Collector):
    def __init__(self, *, expectations: list, **kw: Any):
        super().__init__(**kw)
        self.expectations = expectations

    def collect(self) -> Any:
        for e in self.expectations:
            yield ExpectationItem.from_parent(self, name=e.key, expectation=e)


class ExpectationItem(_TextFailures, pytest.Item):
    def __init__(self, *, expectation: Any, **kw: Any):
        super().__init__(**kw)
        self.expectation = expectation

    @property
    def scenario(self) -> ScenarioNode:
        node = self.parent
        while not isinstance(node, ScenarioNode):
            node = node.parent
        return node

    def runtest(self) -> None:
        from status_engine import regress

        e = self.expectation
        vocab, ev = self.scenario.evaluated()
        problems = regress.typos([e], vocab)
        if problems:
            raise ExpectationFailure(f"{e.id}: typo in expect: {problems[0]}")
        derived = regress.derived_value(ev.typed, e.person, e.kind, e.key)
        if derived != e.expected:
            check = regress.Check(e, derived, self.scenario.explain(e.person, e.key))
            raise ExpectationFailure(regress.mismatch_text(check))

    def reportinfo(self) -> tuple[Any, Optional[int], str]:
        e = self.expectation
        return self.path, (e.line - 1) if e.line else None, e.id
