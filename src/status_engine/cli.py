"""The command line (typer): parse options, call one function, print, set the exit code.

Exit codes: 0 ok, 1 evaluation problem (no world, timeout, rule-base defect, failed
expectation), 2 bad input.  Errors are printed without a traceback and nothing is
written to standard output before every input has been read and evaluated.
Heavy modules are imported inside the commands that need them, so that a cold
``status-engine eval`` costs little more than importing clingo, pydantic and typer.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from enum import Enum
from typing import Callable, List, Optional

import typer

from . import __version__
from .errors import InputError, Problem, StatusEngineError

app = typer.Typer(
    name="status-engine",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    help="Legal-status reasoning for captured combatants (GC III, AP I, ICRC 2020, Korean law).\n\n"
         "Examples:\n\n"
         "  status-engine eval scenarios/kursk-2025-02.yaml\n\n"
         "  status-engine eval scenarios/kursk-2025-02.yaml --format json --set positions.party_status=factual\n\n"
         "  status-engine validate scenarios/*.yaml\n\n"
         "  status-engine schema > scenario.schema.json",
)


class Format(str, Enum):
    table = "table"
    json = "json"


def fail(exc: BaseException) -> "typer.Exit":
    """Print an error for a person, not a traceback, and pick the exit code."""
    if isinstance(exc, StatusEngineError):
        typer.echo(f"error: {exc}" if not isinstance(exc, InputError) else f"error: bad input\n{exc}", err=True)
        return typer.Exit(exc.exit_code)
    if os.environ.get("STATUS_ENGINE_DEBUG"):
        raise exc
    typer.echo(f"internal error: {type(exc).__name__}: {exc} (set STATUS_ENGINE_DEBUG=1 for a traceback)", err=True)
    return typer.Exit(1)


def guarded(fn: Callable[[], None]) -> None:
    try:
        fn()
    except typer.Exit:
        raise
    except KeyboardInterrupt:
        raise typer.Exit(130)
    except Exception as exc:  # noqa: BLE001 - every error ends as a message and an exit code
        raise fail(exc) from None


def parse_date(text: Optional[str], option: str = "--as-of") -> Optional[dt.date]:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError([Problem(option, None, None, option, f"{text!r} is not a date", "YYYY-MM-DD")]) from None


def _overrides(sets: Optional[List[str]]):
    from .validate import parse_override

    return [parse_override(s) for s in sets or []]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"status-engine {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """Legal-status reasoning for captured combatants."""


FILES = typer.Argument(..., help="Scenario files (YAML or JSON).", show_default=False)
AS_OF = typer.Option(None, "--as-of", help="Evaluation date YYYY-MM-DD (default: the file's as_of, else today).")
SET = typer.Option(None, "--set", help="Override a fact or position: PATH=VALUE, e.g. persons.ri.wish=rok (repeatable).")
RULES = typer.Option(None, "--rules", help="Use the rule files in this directory instead of the shipped ones.")
TIMEOUT = typer.Option(None, "--timeout", min=0.001, help="Give up after this many seconds of solving.")
JOBS = typer.Option(1, "--jobs", "-j", min=1, help="Work on this many files at once, in worker processes.")


@app.command("eval")
def eval_cmd(
    files: List[str] = FILES,
    as_of: Optional[str] = AS_OF,
    set_: Optional[List[str]] = SET,
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table (default) or json."),
    timeout: Optional[float] = TIMEOUT,
    rules: Optional[str] = RULES,
    jobs: int = JOBS,
) -> None:
    """Evaluate scenarios: every possible status and every outcome's verdict per person.

    Example: status-engine eval scenarios/kursk-2025-06.yaml --set persons.ri.wish_verified=true
    """

    def run() -> None:
        from . import api

        book = api.rules_for(rules)
        date, ovs = parse_date(as_of), _overrides(set_)
        prepared = _prepare_all(files, date, ovs, book)
        if jobs > 1 and len(prepared) > 1:  # every input checked above; workers evaluate
            from .whatif.parallel import evaluate_files

            outputs = evaluate_files(files, date, set_ or [], rules, timeout, jobs)
        else:
            outputs = [(e.result, e.prepared.scenario.title)
                       for e in (api.evaluate_prepared(p, timeout) for p in prepared)]
        if fmt is Format.json:
            from .render.json_out import render

            sys.stdout.write(render([result for result, _ in outputs]))
        else:
            from .render.table import render as render_table

            render_table(outputs)

    guarded(run)


def _prepare_all(files, date, overrides, book):
    """Read and check every file first, reporting all bad inputs together."""
    from . import api

    prepared, problems = [], []
    for f in files:
        try:
            prepared.append(api.prepare(f, as_of=date, overrides=overrides, rules=book))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    return prepared


@app.command("validate")
def validate_cmd(files: List[str] = FILES, rules: Optional[str] = RULES) -> None:
    """Check scenario files without evaluating them; report every problem with file:line.

    Example: status-engine validate scenarios/*.yaml
    """

    def run() -> None:
        from . import api

        _prepare_all(files, None, [], api.rules_for(rules))
        for f in files:
            typer.echo(f"ok  {f}")

    guarded(run)


@app.command("schema")
def schema_cmd() -> None:
    """Print the JSON Schema of scenario format v1 (with extensions), for editors."""

    def run() -> None:
        from .render.json_out import dumps
        from .schema import json_schema

        sys.stdout.write(dumps(json_schema()))

    guarded(run)


# Command groups live in their own modules; importing them registers their commands.
from .commands import explain_cli, regress_cli, rules_cli, whatif_cli  # noqa: E402,F401


def main() -> None:
    app()


if __name__ == "__main__":
    main()
