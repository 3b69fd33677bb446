"""Many conclusions explained: in fixed parts by person, the parts in parallel where the platform forks.

An explanation's example worlds depend on what its Control has solved before (the solver's
first model shapes the next), so the work is cut the same way whatever the machine: the
persons, in order, fall into at most ``PARTS`` contiguous parts of about equal numbers of
conclusions, and each part is explained on an ``Explainer`` of its own, in order.  A
briefing is then the same text serial or parallel, on one core or many.

Parallel (``jobs`` > 1) forks one worker per part after the evaluation, so the grounded
rules and the scenario are inherited, not rebuilt or pickled; each worker sends back its
explanations (pure Python dataclasses).  Only a process that owns its threads should
fork: the CLI asks for it; the library and the web server default to serial.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Any, Callable, Optional

from .model import Explanation
from .questions import Explainer

PARTS = 2  # fixed: a part's explanations must not depend on the number of cores

Asked = list[tuple[str, str]]  # (person, conclusion key), in the order shown

# The evaluation and the parts, set in the parent just before the workers fork.
_JOB: Optional[tuple[Any, list[Asked], Optional[Explainer]]] = None


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


def _worker(index: int) -> list[Explanation]:
    assert _JOB is not None
    ev, cut, first = _JOB
    return _explain_part(ev, cut[index], first if index == 0 else None)


def explain_many(ev: Any, asked: Asked, *, jobs: int = 1, explainer: Optional[Explainer] = None,
                 progress: Callable[[int], None] = lambda done: None) -> dict[tuple[str, str], Explanation]:
    """Each asked conclusion's explanation.  ``explainer`` (fresh, or used only to look
    things up) serves the first part; ``progress`` is told how many are done."""
    cut = parts(asked)
    jobs = min(jobs, len(cut))
    if jobs > 1 and "fork" in multiprocessing.get_all_start_methods():
        got = _parallel(ev, cut, explainer, jobs, progress)
    else:
        got, done = [], [0]

        def tick() -> None:
            done[0] += 1
            progress(done[0])

        for i, part in enumerate(cut):
            got.append(_explain_part(ev, part, explainer if i == 0 else None, tick))
    return {(e.person, e.key): e for exps in got for e in exps}


def _parallel(ev: Any, cut: list[Asked], explainer: Optional[Explainer], jobs: int,
              progress: Callable[[int], None]) -> list[list[Explanation]]:
    global _JOB
    from concurrent.futures import ProcessPoolExecutor

    _JOB = (ev, cut, explainer)
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_worker, i) for i in range(len(cut))]
            out, done = [], 0
            for f in futures:
                out.append(f.result())
                done += len(out[-1])
                progress(done)
            return out
    finally:
        _JOB = None


def cores() -> int:
    """Cores this process may use (the CLI's default for ``jobs``)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
