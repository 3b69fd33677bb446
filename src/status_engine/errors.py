"""Errors a user can act on.

Every problem with an input names the file, line and column, the key path, and what was
expected.  The CLI prints them and exits 2 (bad input) or 1 (evaluation problem), never
with a traceback and never after writing partial output.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One located problem in one input."""

    file: str
    line: int | None
    column: int | None
    key: str
    message: str
    expected: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        text = f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"
        if self.expected:
            text += f" (expected {self.expected})"
        return text


class StatusEngineError(Exception):
    """Base class; ``exit_code`` tells the CLI how to end."""

    exit_code = 1


class InputError(StatusEngineError):
    """One or more problems in a scenario, an override or an option: exit code 2."""

    exit_code = 2

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or 0, p.key))
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type, tuple[list[Problem]]]:  # pickled whole (a worker process raises it)
        return (type(self), (self.problems,))


class EvaluationError(StatusEngineError):
    """The scenario is well formed but cannot be evaluated (no world, timeout): exit 1."""

    exit_code = 1

    def __init__(self, message: str, details: list[str] | None = None):
        self.details = details or []
        super().__init__(message)

    def __reduce__(self) -> tuple[type, tuple[str, list[str]]]:  # pickled whole (a worker process raises it)
        return (type(self), (self.args[0], self.details))

    def __str__(self) -> str:
        head = self.args[0]
        return "\n".join([head, *("  " + d for d in self.details)])


class RuleBaseError(StatusEngineError):
    """The rule files or their source registry are inconsistent: exit 1."""

    exit_code = 1
