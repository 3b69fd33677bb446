"""Benchmark of varied rosters (issue 14): persons whose facts differ (``make bench-varied``).

A seeded generator writes a Kursk-like scenario (states ru, ua, dprk, rok; an
international conflict between ru and ua) with N soldiers whose facts are drawn at
random per person, about 30% of them ``unknown``.  Facts that are known are kept
consistent: a soldier is captured by ua and never fought for, nor was incorporated
into, ua's forces.  Identical persons are mirrored by the engine, so this benchmark is
the one that shows what a real roster costs; ``bench/run.py`` keeps the identical-profile
deployment.

Each size is evaluated by a cold ``status-engine eval FILE --format json`` process (the
user's path), run under a fresh wrapper interpreter so that
``getrusage(RUSAGE_CHILDREN).ru_maxrss`` is the peak RSS of that one child.  A size that
exceeds ``--timeout`` is reported as "did not finish" and the larger sizes are skipped.

    python bench/varied.py                         # 100 1000 10000 15000
    python bench/varied.py --sizes 50 100 200 --timeout 300 --json out.json
    python bench/varied.py --emit 200 > roster.json    # just write the scenario

Timings are wall-clock (and the child's user+system CPU seconds, steadier on a shared machine) on
whatever machine runs this: run one benchmark at a time.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BIN = Path(sys.executable).parent
EXE = str(BIN / "status-engine")
SEED = 14
UNKNOWN = 0.30

TARGETS = {  # issue 14, on the 2-core machine
    1000: {"seconds": 5.0},
    15000: {"seconds": 60.0, "mb": 2048.0},
    "slope": 1.1,
}

STATES = {  # as in scenarios/kursk-2025-02.yaml (the ROK's willingness as set by its 14 Jan 2025 event)
    "ru": {"name": "Russian Federation", "acknowledges_participation": False},
    "ua": {"name": "Ukraine"},
    "dprk": {"name": "Democratic People's Republic of Korea", "korea": "dprk", "acknowledges_participation": False},
    "rok": {"name": "Republic of Korea", "korea": "rok", "acknowledges_participation": False,
            "willing_to_receive": True},
}


def _pick(rng: random.Random, known: list, weights: list[float] | None = None) -> object:
    """``unknown`` with probability UNKNOWN, else one of ``known`` (optionally weighted)."""
    if rng.random() < UNKNOWN:
        return "unknown"
    return rng.choices(known, weights=weights)[0]


def soldier(rng: random.Random, i: int) -> dict:
    """One soldier, every listed fact drawn independently (~30% unknown)."""
    p: dict = {"id": f"s{i}"}
    p["origin"] = _pick(rng, ["dprk", "ru"], [0.9, 0.1])
    p["armed_forces"] = _pick(rng, ["dprk", "ru", "none"], [0.75, 0.2, 0.05])
    # Consistent when known: never incorporated into, nor fighting for, the captor (ua).
    p["incorporated_into"] = _pick(rng, ["ru", "none"], [0.4, 0.6])
    p["fought_for"] = _pick(rng, ["ru", "dprk"], [0.9, 0.1])
    p["captured_by"] = _pick(rng, ["ua"])
    p["captured_on"] = f"2025-{rng.randint(1, 4):02d}-{rng.randint(1, 28):02d}"
    p["conditions_4a2"] = {c: _pick(rng, [True, False], [0.8, 0.2])
                           for c in ("responsible_command", "distinctive_sign", "arms_openly", "laws_of_war")}
    p["wish"] = _pick(rng, ["origin", "rok", "stay", "undecided", "ua"], [0.25, 0.35, 0.15, 0.15, 0.10])
    p["wish_verified"] = _pick(rng, [True, False])
    p["risk_on_return"] = {s: _pick(rng, ["substantial", "none"], w)
                           for s, w in (("dprk", [0.8, 0.2]), ("ru", [0.4, 0.6]), ("rok", [0.05, 0.95]),
                                        ("ua", [0.05, 0.95]))}
    p["proceedings"] = _pick(rng, ["none", "pending", "convicted"], [0.8, 0.15, 0.05])
    p["seriously_wounded"] = _pick(rng, [True, False], [0.1, 0.9])
    p["claims_pow"] = _pick(rng, [True, False], [0.5, 0.5])
    p["tribunal_decision"] = _pick(rng, ["none", "pow", "not_pow"], [0.7, 0.2, 0.1])
    return p


def roster(n: int, seed: int = SEED) -> dict:
    """A scenario with ``n`` varied soldiers; the same (n, seed) gives the same file."""
    rng = random.Random(f"{seed}:{n}")
    return {
        "format": "status-engine/v1",
        "id": f"varied-{n}",
        "title": f"{n} captured soldiers with varied facts (seed {seed})",
        "as_of": "2025-06-01",
        "conflict": {"kind": "international", "parties": ["ru", "ua"], "hostilities_ended": None},
        "states": STATES,
        "persons": [soldier(rng, i) for i in range(n)],
        "positions": {},
    }


WRAPPER = """\
import json, resource, subprocess, sys, time
if hasattr(sys, "set_int_max_str_digits"):
    sys.set_int_max_str_digits(0)  # a count written as a bare integer may exceed 4,300 digits
t = time.perf_counter()
try:
    r = subprocess.run(sys.argv[2:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=float(sys.argv[1]))
except subprocess.TimeoutExpired:
    print(json.dumps({"finished": False})); sys.exit(0)
w = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
rss, cpu = ru.ru_maxrss / 1024, ru.ru_utime + ru.ru_stime
if r.returncode:
    print(json.dumps({"finished": False, "error": r.stderr.decode()[-2000:]})); sys.exit(0)
out = json.loads(r.stdout)
worlds = out.get("worlds")
digits = len(str(worlds).lstrip("-")) if worlds is not None else None
print(json.dumps({"finished": True, "seconds": w, "cpu": cpu, "mb": rss, "digits": digits,
                  "log10": out.get("worlds_log10")}))
"""


def run_once(path: Path, timeout: float) -> dict:
    """One cold ``eval`` in a fresh wrapper interpreter: wall time, child's peak RSS, worlds digits."""
    cmd = [sys.executable, "-c", WRAPPER, str(timeout), EXE, "eval", str(path), "--format", "json"]
    # subprocess.run(timeout=...) kills the eval child; the outer limit only guards the wrapper.
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout + 60)
    if out.returncode:
        return {"finished": False, "error": out.stderr[-2000:]}
    return json.loads(out.stdout)


def bench_size(n: int, seed: int, repeat: int, timeout: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"varied-{n}.json"
        path.write_text(json.dumps(roster(n, seed)))
        runs = []
        for _ in range(repeat):
            r = run_once(path, timeout)
            if not r.get("finished"):
                return {"persons": n, "finished": False, "timeout": timeout, **({"error": r["error"]} if "error" in r else {})}
            runs.append(r)
    return {"persons": n, "finished": True, "runs": len(runs),
            "seconds": statistics.median(r["seconds"] for r in runs),
            "seconds_all": [round(r["seconds"], 3) for r in runs],
            "cpu_seconds": statistics.median(r["cpu"] for r in runs),
            "mb": statistics.median(r["mb"] for r in runs),
            "worlds_digits": runs[0]["digits"]}


def slope(points: list[tuple[float, float]]) -> float | None:
    """Least-squares slope of log(seconds) against log(persons)."""
    if len(points) < 2:
        return None
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else None


def _target(n: int, row: dict) -> str:
    t = TARGETS.get(n)
    if not t:
        return ""
    parts = [f"< {t['seconds']:g} s"] + ([f"< {t['mb'] / 1024:g} GB"] if "mb" in t else [])
    if not row.get("finished"):
        return "target " + ", ".join(parts) + ": MISSED"
    ok = row["seconds"] < t["seconds"] and ("mb" not in t or row["mb"] < t["mb"])
    return "target " + ", ".join(parts) + (": met" if ok else ": MISSED")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000, 15000])
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--repeat", type=int, default=1, help="runs per size (median)")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds per run before 'did not finish'")
    ap.add_argument("--json", metavar="FILE", help="write the figures to FILE")
    ap.add_argument("--emit", type=int, metavar="N", help="print the N-person scenario as JSON and exit")
    args = ap.parse_args(argv)
    if args.emit is not None:
        json.dump(roster(args.emit, args.seed), sys.stdout)
        return 0

    print(f"varied rosters, seed {args.seed}, ~{UNKNOWN:.0%} unknown, repeat {args.repeat}, "
          f"timeout {args.timeout:g} s; cold `status-engine eval --format json`", flush=True)
    print(f"{'persons':>8} {'seconds':>9} {'cpu s':>8} {'peak MB':>8} {'worlds digits':>14}  target", flush=True)
    rows: list[dict] = []
    stopped = False
    for n in sorted(args.sizes):
        if stopped:
            rows.append({"persons": n, "finished": False, "skipped": True})
            print(f"{n:>8} {'skipped (a smaller size did not finish)':>42}", flush=True)
            continue
        row = bench_size(n, args.seed, args.repeat, args.timeout)
        rows.append(row)
        if row["finished"]:
            print(f"{n:>8} {row['seconds']:>9.2f} {row['cpu_seconds']:>8.2f} {row['mb']:>8.0f} "
                  f"{row['worlds_digits']:>14}  {_target(n, row)}",
                  flush=True)
        else:
            what = "error: " + row["error"].strip().splitlines()[-1] if "error" in row else \
                f"did not finish in {args.timeout:g} s"
            print(f"{n:>8} {what:>42}  {_target(n, row)}", flush=True)
            stopped = True

    done = [(r["persons"], r["seconds"]) for r in rows if r.get("finished")]
    steps = [{"from": a[0], "to": b[0], "slope": math.log(b[1] / a[1]) / math.log(b[0] / a[0])}
             for a, b in zip(done, done[1:])]
    overall = slope(done)
    cpu_overall = slope([(r["persons"], r["cpu_seconds"]) for r in rows if r.get("finished")])
    print("\nlog-log slope of time vs persons (target <= 1.1):")
    for s in steps:
        print(f"  {s['from']:>6} -> {s['to']:<6} {s['slope']:.2f}")
    if overall is not None:
        verdict = "met" if overall <= TARGETS["slope"] else "MISSED"
        print(f"  overall (least squares, {len(done)} sizes): {overall:.2f}  {verdict}"
              f"   (CPU time of the child: {cpu_overall:.2f})")
    else:
        print("  overall: fewer than two sizes finished")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "seed": args.seed, "unknown_share": UNKNOWN, "repeat": args.repeat, "timeout": args.timeout,
            "sizes": rows, "slopes": steps, "slope": overall, "slope_cpu": cpu_overall,
            "targets": {"1000_seconds": 5.0, "15000_seconds": 60.0, "15000_mb": 2048.0, "slope": 1.1},
        }, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
