"""Independent files in parallel worker processes (``--jobs N``).

Every input is read and checked in this process first, so that bad inputs are reported
together and before any work starts; each worker then evaluates one file from its path
and returns plain data.  Errors raised in a worker come back as their message and exit
code (exception objects with extra state do not survive pickling).  Results keep the
order of the files.
"""

from __future__ import annotations

import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, Sequence

from ...errors import EvaluationError, InputError, StatusEngineError
from .progress import Progress


class RelayedInputError(InputError):
    def __init__(self, text: str):
        self.problems = []
        Exception.__init__(self, text)

    def __str__(self) -> str:
        return str(self.args[0])


class RelayedError(EvaluationError):
    def __init__(self, text: str, code: int):
        Exception.__init__(self, text)
        self.details = []
        self.exit_code = code

    def __str__(self) -> str:
        return str(self.args[0])


def _call(fn: Callable[..., Any], args: tuple) -> tuple[str, Any]:
    try:
        return "ok", fn(*args)
    except StatusEngineError as exc:
        return "error", (exc.exit_code, str(exc), isinstance(exc, InputError))


def run(fn: Callable[..., Any], tasks: Sequence[tuple], jobs: int, label: str = "files") -> list[Any]:
    """``[fn(*t) for t in tasks]``, in ``jobs`` processes when there is more than one task."""
    if jobs <= 1 or len(tasks) <= 1:
        out = []
        with Progress(label, len(tasks)) as bar:
            for i, t in enumerate(tasks):
                out.append(fn(*t))
                bar.update(i + 1)
        return out
    method = "fork" if sys.platform.startswith("linux") else None
    ctx = multiprocessing.get_context(method)
    results: list[Any] = [None] * len(tasks)
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=ctx) as pool, \
            Progress(label, len(tasks)) as bar:
        futures = {pool.submit(_call, fn, t): i for i, t in enumerate(tasks)}
        done = 0
        from concurrent.futures import as_completed

        for fut in as_completed(futures):
            results[futures[fut]] = fut.result()
            done += 1
            bar.update(done)
    out = []
    for status, value in results:
        if status == "error":
            code, text, is_input = value
            raise RelayedInputError(text) if is_input else RelayedError(text, code)
        out.append(value)
    return out


# ------------------------------------------------------------------- worker functions

def eval_file(path: str, as_of: Any, sets: list[str], rules: str | None, timeout: float | None
              ) -> tuple[dict[str, Any], str | None]:
    """``status-engine eval`` of one file in a worker: (result, title)."""
    from ... import api
    from ...scenario.check import parse_overrides

    prep = api.prepare(path, as_of=as_of, overrides=parse_overrides(sets), rules=api.rules_for(rules))
    ev = api.evaluate_prepared(prep, timeout)
    return ev.result, prep.scenario.title


def evaluate_files(files: Sequence[str], as_of: Any, sets: list[str], rules: str | None, timeout: float | None,
                   jobs: int) -> list[tuple[dict[str, Any], str | None]]:
    return run(eval_file, [(f, as_of, list(sets), rules, timeout) for f in files], jobs, "eval")
