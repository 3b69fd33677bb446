"""The pipeline in one place: file -> scenario -> facts -> consequences -> result.

Everything the CLI, the what-if tools, the regression tools and the tests need goes
through ``prepare`` (read and check, no solving) and ``evaluate`` (solve).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .solver import facts as facts_mod
from .rulebook import book as rulebook
from .scenario import check as validate
from .solver.engine import Consequences, Contradiction, solve
from .errors import EvaluationError
from .scenario.load import Located, load_text
from .rulebook.book import RuleBook
from .scenario.model import Scenario
from .contract import Result
from .scenario.check import Override
from .solver.verdicts import typed_result


@dataclass
class Prepared:
    """A checked scenario at its evaluation date, with its facts; not yet solved."""

    source: Scenario  # as written in the file
    located: Located
    scenario: Scenario  # with events up to as_of and overrides applied
    as_of: dt.date
    facts: facts_mod.FactSet
    rules: RuleBook
    provenance: dict[str, str] = field(default_factory=dict)


@dataclass
class Evaluation:
    """A solved scenario: its consequences and the typed ``Result`` drawn from them.

    ``typed`` is what features compare and read; ``result`` is its JSON (SCENARIO-FORMAT
    §2), kept because renderers, explanations and tests read the published shape (built
    once, on first use).
    """

    prepared: Prepared
    consequences: Consequences
    typed: Result

    @cached_property
    def result(self) -> dict[str, Any]:
        """The contract's JSON object of ``typed`` (the edge: renderers and JSON output)."""
        return self.typed.to_json()


def rules_for(rules_dir: str | None = None, disabled: tuple[str, ...] = ()) -> RuleBook:
    book = rulebook.load(rules_dir)
    return book.without(*disabled) if disabled else book


def _questions(book: RuleBook) -> validate.Questions:
    return validate.Questions(book.options)


def check(located: Located, book: RuleBook) -> Scenario:
    """Validate located data; raises ``InputError`` naming file, line and key."""
    return validate.check_all(located, _questions(book))


def prepare_located(located: Located, *, as_of: dt.date | None = None, overrides: list[Override] | None = None,
                    rules: RuleBook | None = None) -> Prepared:
    book = rules or rules_for()
    scn = check(located, book)
    date = as_of or scn.as_of or dt.date.today()
    at, provenance = validate.at_date(scn, date, overrides or [], _questions(book))
    fs = facts_mod.build(at, date, book.options, book.enabled, registry=book.registry, reads=book.reads)
    return Prepared(scn, located, at, date, fs, book, provenance)


def prepare(path: str, **kw: Any) -> Prepared:
    from .scenario.load import load_file

    return prepare_located(load_file(path, keep_going=True), **kw)


def evaluate_prepared(prep: Prepared, timeout: float | None = None) -> Evaluation:
    try:
        cons = solve(prep.rules, prep.facts, timeout)
    except Contradiction as exc:
        raise EvaluationError(f"{prep.located.file}: {exc.args[0]}", explain_contradiction(prep, exc)) from None
    res = typed_result(prep.scenario.id, prep.as_of, prep.rules.digest, cons, prep.facts.persons,
                       prep.facts.open_paths(), prep.facts.mirror_of)
    return Evaluation(prep, cons, res)


def fact_origin(prep: Prepared, key: Any) -> str:
    """``file:line (path)`` of a fact, or the event / override that set it."""
    info = prep.facts.info(key)
    if info is None:
        return str(key)
    if info.path in prep.provenance:
        where = prep.provenance[info.path]
        line, col = prep.located.where(("events",)) if where.startswith("events") else (None, None)
        if where.startswith("events["):
            idx = int(where[7:where.index("]")])
            line, col = prep.located.where(("events", idx))
        return f"{prep.located.file}:{line}: {info.path}, set by {where}" if line else f"{info.path}, set by {where}"
    line, _ = prep.located.where(info.loc)
    return f"{prep.located.file}:{line}: {info.path}" if line else f"{info.path} (default)"


def explain_contradiction(prep: Prepared, exc: Contradiction) -> list[str]:
    lines = []
    for sym in exc.core:
        key, value = sym.arguments
        lines.append(f"{fact_origin(prep, key)} = {value}")
    for c in exc.conflicts:
        rid = str(c.arguments[0])
        src = prep.rules.sources.get(rid)
        cite = f" [{src.citation}] {src.paraphrase}" if src else ""
        lines.append(f"rule {rid}{cite} (applies to {c.arguments[1]})")
    return lines


def evaluate_file(path: str, *, as_of: dt.date | None = None, overrides: list[Override] | None = None,
                  rules: RuleBook | None = None, timeout: float | None = None) -> Evaluation:
    return evaluate_prepared(prepare(path, as_of=as_of, overrides=overrides, rules=rules), timeout)


def evaluate_data(data: dict[str, Any], *, as_of: dt.date | str | None = None, overrides: dict[str, Any] | None = None,
                  rules: RuleBook | None = None, name: str = "<data>") -> dict[str, Any]:
    """Evaluate a scenario given as a dict (tests, notebooks); returns the result dict."""
    import json

    located = load_text(json.dumps(data, default=str), name)
    date = dt.date.fromisoformat(as_of) if isinstance(as_of, str) else as_of
    ovs = [Override(k, v, f"override {k}") for k, v in (overrides or {}).items()]
    return evaluate_prepared(prepare_located(located, as_of=date, overrides=ovs, rules=rules)).result
