"""Benchmarks of the engine core (``make bench``; never part of ``make test``).

1. Whole deployment: one scenario with N persons (default 15,000, the estimated size of
   the DPRK deployment), each with three unknown facts, evaluated by a cold
   ``status-engine eval --format json`` process.  We report wall time (median of runs)
   and the peak resident memory of the child process.
2. Cold start: ``status-engine eval`` of one bundled Kursk scenario as a whole process,
   against ``python -c "import clingo, pydantic, typer"`` timed in the same run,
   alternating the two to share machine noise.

Method and figures go into README.md ("Performance").  Timings are wall-clock on
whatever machine runs this; run it on an idle machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
EXE = str(BIN / "status-engine")


def deployment(n: int) -> dict:
    """N captured soldiers; unknown: incorporation, verification of the wish, risk at home."""
    states = {
        "ru": {"name": "Russian Federation", "willing_to_receive": False},
        "ua": {"name": "Ukraine", "willing_to_receive": False},
        "dprk": {"name": "DPRK", "korea": "dprk", "acknowledges_participation": True, "willing_to_receive": False},
        "rok": {"name": "Republic of Korea", "korea": "rok", "acknowledges_participation": False,
                "willing_to_receive": True},
    }
    conditions = dict.fromkeys(["responsible_command", "distinctive_sign", "arms_openly", "laws_of_war"], True)
    persons = [{
        "id": f"p{i}", "origin": "dprk", "armed_forces": "dprk", "fought_for": "ru", "captured_by": "ua",
        "conditions_4a2": conditions, "wish": "rok" if i % 3 else "origin",
        "incorporated_into": "unknown", "wish_verified": "unknown",
        "risk_on_return": {"dprk": "unknown", "ru": "substantial", "ua": "none", "rok": "none"},
    } for i in range(n)]
    return {"format": "status-engine/v1", "id": "deployment", "as_of": "2025-06-01",
            "conflict": {"kind": "international", "parties": ["ru", "ua"]},
            "states": states, "persons": persons, "positions": {"party_status": "factual"}}


def run_child(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (MiB) of one child process."""
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr}")
    return wall, 0


def peak_rss_mib(cmd: list[str]) -> tuple[float, float]:
    """Run once in a fresh interpreter wrapper that reports its child's peak RSS."""
    code = ("import resource, subprocess, sys, time; t=time.perf_counter(); "
            "r=subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
            "w=time.perf_counter()-t; "
            "print(w, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024); sys.exit(r.returncode)")
    out = subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True, text=True, check=True)
    wall, rss = out.stdout.split()
    return float(wall), float(rss)


def bench_deployment(n: int, runs: int, rules: str | None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "deployment.json"
        path.write_text(json.dumps(deployment(n)))
        cmd = [EXE, "eval", str(path), "--format", "json"] + (["--rules", rules] if rules else [])
        results = [peak_rss_mib(cmd) for _ in range(runs)]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True)
        worlds = json.loads(out.stdout)["worlds"]
    walls = [w for w, _ in results]
    return {"persons": n, "unknowns_per_person": 3, "runs": runs, "wall_s_median": statistics.median(walls),
            "wall_s_min": min(walls), "peak_rss_mib": max(r for _, r in results),
            "worlds_digits": len(str(worlds))}


def bench_cold(scenario: str, runs: int, fmt: str) -> dict:
    base_cmd = [sys.executable, "-c", "import clingo, pydantic, typer"]
    eval_cmd = [EXE, "eval", scenario] + (["--format", fmt] if fmt != "table" else [])
    env_ok = subprocess.run(eval_cmd, capture_output=True, text=True)
    if env_ok.returncode != 0:
        raise SystemExit(env_ok.stderr)
    base, ev = [], []
    for _ in range(runs):
        base.append(run_child(base_cmd)[0])
        ev.append(run_child(eval_cmd)[0])
    b, e = statistics.median(base), statistics.median(ev)
    return {"scenario": os.path.relpath(scenario, ROOT), "format": fmt, "runs": runs,
            "import_baseline_ms": round(b * 1000, 1), "eval_ms": round(e * 1000, 1), "ratio": round(e / b, 2)}


def main() -> None:
    sys.set_int_max_str_digits(0)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--persons", type=int, default=15000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--cold-runs", type=int, default=21)
    ap.add_argument("--scenario", default=str(ROOT / "scenarios" / "kursk-2025-02.yaml"))
    ap.add_argument("--rules", default=None)
    args = ap.parse_args()
    report = {
        "deployment": bench_deployment(args.persons, args.runs, args.rules),
        "cold_start": [bench_cold(args.scenario, args.cold_runs, f) for f in ("table", "json")],
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
