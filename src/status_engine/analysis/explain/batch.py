"""Many conclusions explained: in fixed parts by person, the parts in parallel where the platform forks.

An explanation's example worlds depend on what its Control has solved before (the solver's
first model shapes the next), so the work is cut the same way whatever the machine: the
persons, in order, fall into at most ``PARTS`` contiguous parts of about equal numbers of
conclusions, and each part is explained, in order, from a freshly grounded instrumented
Control.  A briefing is then the same text serial or parallel, on one core or many.

Parallel (``jobs`` > 1): the instrumented program is grounded once, then a worker is
forked for every part but the first *before anything is solved*, so each inherits a
Control in exactly the fresh state (nothing grounded again, nothing pickled on the way
in); the parent explains the first part meanwhile, and each worker sends back its
explanations (pure Python dataclasses) through a pipe.  Serial (``jobs`` = 1, no ``fork``,
or a process running other threads, such as the web server: forking one is unsafe): every
part after the first grounds its own fresh Control, which is the same state again.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from typing import Any, Callable, Optional

from .model import Explanation
from .questions import Explainer

PARTS = 2  # fixed: a part's explanations must not depend on the number of cores

Asked = list[tuple[str, str]]  # (person, conclusion key), in the order shown

def parts(asked: Asked, n: int = PARTS) -> list[Asked]:
    """``asked`` cut between persons into at most ``n`` contiguous parts of about equal size."""
    persons: list[tuple[str, Asked]] = []
    for pid, key in asked:
        if not persons or persons[-1][0] != pid:
            persons.append((pid, []))
        persons[-1][1].append((pid, key))
    out: list[Asked] = [[] for _ in range(n)]
    before = 0
    for _, items in persons:  # a person goes to the part his midpoint falls in: contiguous, balanced
        middle = before + len(items) / 2
        out[min(n - 1, int(middle * n / max(1, len(asked))))].extend(items)
        before += len(items)
    return [p for p in out if p]


def _explain_part(ev: Any, part: Asked, explainer: Optional[Explainer],
                  tick: Callable[[], None] = lambda: None) -> list[Explanation]:
    ex = explainer if explainer is not None else Explainer(ev)
    out = []
    for pid, key in part:
        out.append(ex.explain(pid, key))
        tick()
    return out


def explain_many(ev: Any, asked: Asked, *, jobs: int = 1, explainer: Optional[Explainer] = None,
                 progress: Callable[[int], None] = lambda done: None) -> dict[tuple[str, str], Explanation]:
    """Each asked conclusion's explanation.  ``explainer``, if given, must not have solved
    anything yet (it may have been asked what it could derive); ``progress`` is told how
    many explanations are done."""
    cut = parts(asked)
    first = explainer if explainer is not None else (Explainer(ev) if cut else None)
    done = [0]

    def tick() -> None:
        done[0] += 1
        progress(done[0])

    workers = []
    if min(jobs, len(cut)) > 1 and _may_fork():
        workers = [_fork(ev, first, part) for part in cut[1:]]  # before the first part solves anything
    try:
        got = [_explain_part(ev, cut[0], first, tick)] if cut else []
    except BaseException:  # a timeout or Ctrl-C here: the workers' answers are not wanted
        for proc, receive in workers:
            proc.terminate()
            receive.close()
        raise
    if workers:
        for w in workers:
            got.append(_collect(w))
            done[0] += len(got[-1])
            progress(done[0])
    else:
        got += [_explain_part(ev, part, None, tick) for part in cut[1:]]
    return {(e.person, e.key): e for exps in got for e in exps}


def _may_fork() -> bool:
    """Fork only where it is safe: the platform has it and this process runs no other thread
    than the CLI's watchdog (``supervise``: it waits on a socket and holds no lock a worker
    could need; a worker is not watched, and ends with its part)."""
    from ...supervise import THREAD

    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    return all(t is threading.main_thread() or t.name == THREAD for t in threading.enumerate())


def _fork(ev: Any, explainer: Optional[Explainer], part: Asked) -> tuple[Any, Any]:
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_worker, args=(ev, explainer, part, send), daemon=True)
    proc.start()
    send.close()  # the parent's copy: the worker's end closes when it exits
    return proc, receive


def _worker(ev: Any, explainer: Optional[Explainer], part: Asked, send: Any) -> None:
    _bound_to_parent()
    try:
        answer: tuple[str, Any] = ("ok", _explain_part(ev, part, explainer))
    except BaseException as exc:  # raised again in the parent: a timeout stays a timeout
        answer = ("raise", exc)
    try:
        send.send(answer)
    except OSError:  # the parent is gone: nobody to tell
        pass
    except Exception:  # noqa: BLE001 - an exception that does not pickle: its words
        try:
            send.send(("error", f"{type(answer[1]).__name__}: {answer[1]}"))
        except OSError:
            pass
    finally:
        send.close()


def _bound_to_parent() -> None:
    """A worker ends with its parent.  Ctrl-C is the parent's to handle (it ends its workers
    as it exits); on Linux the kernel also stops a worker whose parent has died, as the CLI's
    watchdog ends a timed-out command at once (``os._exit``), with no time to end them."""
    import signal
    import sys

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def _collect(worker: tuple[Any, Any]) -> list[Explanation]:
    proc, receive = worker
    try:
        kind, value = receive.recv()
    except EOFError:
        kind, value = "error", "the worker stopped before it answered"
    except Exception as exc:  # noqa: BLE001 - an answer that does not unpickle
        kind, value = "error", f"{type(exc).__name__}: {exc}"
    finally:
        receive.close()
        proc.join()
    if kind == "raise":
        raise value
    if kind != "ok":
        raise RuntimeError(f"explaining in a worker process failed: {value}")
    return value  # type: ignore[no-any-return]


def cores() -> int:
    """Cores this process may use (the CLI's default for ``jobs``)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
