"""Benchmark of the house's shape (issue 10 point 6; ``make bench-shape``, never in ``make test``).

1. Groundings per command: ``eval``, ``explain -p ri -c prosecute:participation`` and
   ``brief -o FILE.html`` of one scenario, each run in a fresh interpreter that patches
   ``clingo.Control.ground`` to count calls (and names the callers).
2. Cold wall time and CPU time of the same commands as whole processes
   (``status-engine ...``), run alternately (eval, explain, brief, eval, ...) so machine
   noise falls on all three, median of ``--runs``; the ratios explain/eval and brief/eval
   are what issue 10 bounds (1.5x and 3x).  ``brief`` runs as the CLI does by default (the
   explanations' second part in a forked worker: its CPU time is counted once the worker
   is waited for), ``brief_jobs1`` with ``--jobs 1``.  The instrumented rule base is read
   from the disk cache (``status_engine.cache``), as in any run after the first; the first
   run after an edit of a rule file pays about 60 ms more (measured by ``--no-cache``).

Timings are wall-clock on whatever machine runs this; run it on an idle machine.  The
figures go into README.md ("Performance").
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
EXE = str(BIN / "status-engine")

COUNT = r"""
import collections, sys, traceback
import clingo
seen = collections.Counter()
real = clingo.Control.ground
def ground(self, *a, **k):
    frames = [f"{f.filename.rsplit('status_engine/', 1)[-1]}:{f.name}" for f in traceback.extract_stack()[:-1]
              if "status_engine" in f.filename]
    seen[" < ".join(reversed(frames[-3:]))] += 1
    return real(self, *a, **k)
clingo.Control.ground = ground
from status_engine.cli.app import main
sys.argv = ["status-engine"] + sys.argv[1:]
try:
    main()
except SystemExit:
    pass
import json
print(json.dumps({"total": sum(seen.values()), "by_caller": dict(seen.most_common())}), file=sys.stderr)
"""


def commands(scenario: str, out: str, person: str, conclusion: str) -> dict[str, list[str]]:
    return {
        # The baseline is the evaluation itself (the contract's JSON); the table adds the
        # relevance check of the open facts (one more, doubled, grounding), measured beside it.
        "eval": ["eval", scenario, "--format", "json"],
        "eval_table": ["eval", scenario],
        "explain": ["explain", scenario, "-p", person, "-c", conclusion],
        # The CLI's default: the explanations' two parts in a forked worker and this process
        # (``--jobs``: the cores available); ``--jobs 1`` explains both parts in turn.
        "brief": ["brief", scenario, "-o", out],
        "brief_jobs1": ["brief", scenario, "-o", out, "--jobs", "1"],
    }


def groundings(args: list[str]) -> dict:
    """Groundings of one command in a fresh interpreter."""
    proc = subprocess.run([sys.executable, "-c", COUNT, *args], capture_output=True, text=True)
    last = proc.stderr.strip().splitlines()[-1]
    return json.loads(last)


def cold(cmds: dict[str, list[str]], runs: int) -> tuple[dict[str, float], dict[str, float]]:
    """Median wall and CPU (user + system) seconds of each command as a whole process, the
    commands alternating.  CPU time is the figure to compare on a shared machine: other
    jobs stretch the wall clock, not the work done."""
    walls: dict[str, list[float]] = {name: [] for name in cmds}
    cpus: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(runs):
        for name, args in cmds.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            proc = subprocess.run([EXE, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            walls[name].append(time.perf_counter() - t0)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus[name].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            if proc.returncode != 0:
                raise SystemExit(f"status-engine {' '.join(args)} failed:\n{proc.stderr}")
    return ({name: statistics.median(w) for name, w in walls.items()},
            {name: statistics.median(c) for name, c in cpus.items()})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scenario", default=str(ROOT / "scenarios" / "kursk-2025-02.yaml"))
    ap.add_argument("--person", default="ri")
    ap.add_argument("--conclusion", default="prosecute:participation")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--no-cache", action="store_true",
                    help="turn the disk cache off (STATUS_ENGINE_CACHE=off): every run instruments the rules")
    args = ap.parse_args()
    if args.no_cache:
        os.environ["STATUS_ENGINE_CACHE"] = "off"
    with tempfile.TemporaryDirectory() as tmp:
        cmds = commands(args.scenario, str(Path(tmp) / "brief.html"), args.person, args.conclusion)
        counted = {name: groundings(a) for name, a in cmds.items()}
        walls, cpus = cold(cmds, args.runs)
    report = {
        "scenario": str(Path(args.scenario).resolve().relative_to(ROOT)),
        "groundings": {name: c["total"] for name, c in counted.items()},
        "groundings_by_caller": {name: c["by_caller"] for name, c in counted.items()},
        "runs": args.runs,
        "cache": "off" if args.no_cache else "on",
        "cold_wall_s_median": {name: round(w, 3) for name, w in walls.items()},
        "ratio_to_eval": {name: round(w / walls["eval"], 2) for name, w in walls.items() if name != "eval"},
        "cold_cpu_s_median": {name: round(c, 3) for name, c in cpus.items()},
        "cpu_ratio_to_eval": {name: round(c / cpus["eval"], 2) for name, c in cpus.items() if name != "eval"},
        "targets": {"brief_groundings": 4, "explain_ratio": 1.5, "brief_ratio": 3.0},
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
