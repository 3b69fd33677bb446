"""What every command shares: the typer app, its common options, and turning errors into
messages and exit codes.

Exit codes: 0 ok, 1 evaluation problem (no world, timeout, rule-base defect, failed
expectation), 2 bad input.  Errors are printed without a traceback.  ``cli`` and every
module of ``commands`` import this one and nothing imports them back, so the import
graph stays acyclic (tests/packaging/test_imports.py).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from enum import Enum
from typing import Any, Callable, Iterable, List, Optional, Sequence

import typer

from .. import __version__
from ..errors import InputError, Problem, StatusEngineError

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


# Set by main(): only the real command line (not an in-process test runner) is supervised
# by a watchdog thread that may end the process (see Supervisor).
_SUPERVISE = False
_BUDGET: Optional[float] = None  # seconds, from --timeout (set while the options are parsed)
_MEMORY: Optional[int] = None  # bytes, from --max-memory

_CONTROL = None


def _visible(text: str) -> str:
    """Control characters (other than newline and tab) shown as escapes, never sent raw."""
    global _CONTROL
    if _CONTROL is None:
        import re

        _CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _say(text: str) -> None:
    typer.echo(_visible(text), err=True)


def fail(exc: BaseException) -> "typer.Exit":
    """Print an error for a person, not a traceback, and pick the exit code."""
    if isinstance(exc, StatusEngineError):
        _say(f"error: {exc}" if not isinstance(exc, InputError) else f"error: bad input\n{exc}")
        return typer.Exit(exc.exit_code)
    if isinstance(exc, MemoryError) or (isinstance(exc, RuntimeError) and "bad_alloc" in str(exc)):
        limit = f" (the limit set by --max-memory is {_MEMORY:,} bytes)" if _MEMORY else ""
        _say(f"error: the evaluation ran out of memory{limit}; pin some unknown facts or split the scenario")
        return typer.Exit(1)
    if isinstance(exc, OSError) and not os.environ.get("STATUS_ENGINE_DEBUG"):
        return _os_failure(exc)
    if os.environ.get("STATUS_ENGINE_DEBUG"):
        raise exc
    _say(f"internal error: {type(exc).__name__}: {exc} (set STATUS_ENGINE_DEBUG=1 for a traceback)")
    return typer.Exit(1)


def _os_failure(exc: OSError) -> "typer.Exit":
    """Disk full, permission denied, a closed pipe: one line naming the path, exit 1."""
    reason = exc.strerror or str(exc)
    if exc.filename is None:  # a write to standard output (the only unnamed file we write)
        _silence_stdout()
        if isinstance(exc, BrokenPipeError):  # `| head`: the reader has all it wanted
            return typer.Exit(1)
        _say(f"error: cannot write to standard output: {reason}")
    else:
        _say(f"error: {exc.filename}: {reason}")
    return typer.Exit(1)


def _silence_stdout() -> None:
    """After a failed write to stdout, the interpreter's final flush must not fail again."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (a test runner's buffer)
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)
    except OSError:
        pass


def supervise() -> None:
    """Called by ``cli.main``: the real command line (not an in-process test runner) runs
    each command under a watchdog (``supervise.Supervisor``)."""
    global _SUPERVISE
    _SUPERVISE = True


def guarded(fn: Callable[[], None]) -> None:
    supervisor = None
    if _SUPERVISE:
        from ..supervise import Supervisor

        supervisor = Supervisor(_BUDGET, _MEMORY)
    try:
        fn()
        try:
            sys.stdout.flush()
        except OSError as exc:
            exc.filename = None
            raise
    except typer.Exit:
        raise
    except KeyboardInterrupt:
        _say("interrupted")
        raise typer.Exit(130)
    except Exception as exc:  # noqa: BLE001 - every error ends as a message and an exit code
        raise fail(exc) from None
    finally:
        if supervisor is not None:
            supervisor.stop()


def parse_date(text: Optional[str], option: str = "--as-of") -> Optional[dt.date]:
    """Dates only as YYYY-MM-DD (Python 3.11 would also take 20250203 and 2025-W05-1)."""
    if text is None:
        return None
    import re

    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError([Problem(option, None, None, option, f"{text!r} is not a date", "YYYY-MM-DD")]) from None


def _timeout(value: Optional[float]) -> Optional[float]:
    """Any positive number of seconds, ``inf`` included; the budget also bounds loading and grounding."""
    global _BUDGET
    if value is None:
        _BUDGET = None
        return None
    if not value > 0:  # also refuses nan
        raise typer.BadParameter(f"{value!r} is not a positive number of seconds (e.g. 30, 0.5 or inf)")
    _BUDGET = value if value != float("inf") else None
    return value


def _size(text: Optional[str], option: str) -> Optional[int]:
    """``64M``, ``2G``, ``500k`` or a number of bytes."""
    if text is None:
        return None
    import re

    m = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([kKmMgGtT]?)i?[bB]?\s*", text)
    if not m:
        raise typer.BadParameter(f"{text!r} is not a size (e.g. 64M, 2G or a number of bytes)", param_hint=option)
    n = float(m.group(1)) * 1024 ** " kmgt".index((m.group(2) or " ").lower())
    if n < 1:
        raise typer.BadParameter(f"{text!r} is not a positive size", param_hint=option)
    return int(n)


def _overrides(sets: Optional[List[str]]) -> list[Any]:
    """The ``--set PATH=VALUE`` options as overrides (``validate.parse_overrides``)."""
    from ..scenario.check import parse_overrides

    return parse_overrides(sets)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"status-engine {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
    max_file_size: Optional[str] = typer.Option(
        None, "--max-file-size", help="Refuse scenario files larger than this (default 64M), e.g. 256M."),
    max_memory: Optional[str] = typer.Option(
        None, "--max-memory", help="Stop with a message when the evaluation needs more memory than this, "
                                   "e.g. 4G (default: no limit)."),
) -> None:
    """Legal-status reasoning for captured combatants."""
    global _MEMORY
    size = _size(max_file_size, "--max-file-size")
    if size is not None:
        os.environ["STATUS_ENGINE_MAX_FILE_SIZE"] = str(size)  # read by the loader, also in worker processes
    _MEMORY = _size(max_memory, "--max-memory")  # watched by supervise.Supervisor


FILES = typer.Argument(..., help="Scenario files (YAML or JSON).", show_default=False)
AS_OF = typer.Option(None, "--as-of", help="Evaluation date YYYY-MM-DD (default: the file's as_of, else today).")
SET = typer.Option(None, "--set", help="Override a fact or position: PATH=VALUE, e.g. persons.ri.wish=rok (repeatable).")
RULES = typer.Option(None, "--rules", help="Use the rule files in this directory instead of the shipped ones.")
TIMEOUT = typer.Option(None, "--timeout", callback=_timeout,
                       help="Give up after this many seconds (reading, grounding and solving); any positive number, "
                            "or inf.")
JOBS = typer.Option(1, "--jobs", "-j", min=1, help="Work on this many files at once, in worker processes.")


def _prepare_all(files: Sequence[str], date: Optional[dt.date], overrides: Sequence[Any], book: Any) -> list[Any]:
    """Read and check every file first, reporting all bad inputs together."""
    from .. import api

    prepared, problems = [], []
    for f in files:
        try:
            prepared.append(api.prepare(f, as_of=date, overrides=overrides, rules=book))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    for p in prepared:
        warn(p)
    return prepared


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean `pow`?)`` when something close is among ``choices``, else ``""``."""
    import difflib

    close = difflib.get_close_matches(word, sorted(choices), n=3, cutoff=0.6)
    return f" (did you mean {', '.join(f'`{c}`' for c in close)}?)" if close else ""


def plausible_key(key: str, keys: Iterable[str], states: Iterable[str]) -> bool:
    """A key the rules could conclude: a known one, or a known verb with state ids or known arguments.

    ``transfer:dprk`` may be asked about (why is it never considered?); ``transfer:zz``
    names no state of the scenario and is a typo.
    """
    if key in keys:
        return True
    verb, sep, rest = key.partition(":")
    if not sep:
        return False
    verbs = {k.partition(":")[0] for k in keys if ":" in k}
    args = {a for k in keys for a in k.split(":")[1:]} | set(states)
    return verb in verbs and all(a in args for a in rest.split(":"))


def known_key(prep: Any, key: str, option: str, kind: str | None = None) -> Optional[Problem]:
    """A Problem when no rule can conclude ``key`` (a status or an outcome) in this scenario, else None."""
    from ..regress import vocabulary

    vocab = vocabulary(prep)
    words = (set() if kind == "outcome" else set(vocab.statuses)) | (set() if kind == "status" else set(vocab.outcomes))
    if plausible_key(key, words, prep.source.states):
        return None
    return Problem(option, None, None, "", f"no rule can derive {key!r} in {prep.located.file}"
                   + did_you_mean(key, words), "one of " + ", ".join(sorted(words)))


def warn(prep: Any) -> None:
    """Print the scenario's warnings on standard error (they never change a result)."""
    from ..scenario.check import warnings

    for w in warnings(prep.source, prep.located, prep.as_of):
        _say(f"warning: {w}")
