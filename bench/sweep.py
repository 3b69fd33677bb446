"""Benchmark of ``status-engine sweep`` (``make bench-sweep``; never part of ``make test``).

The cost per combination of a sweep, against two references on the *same* program:

(a) raw clingo: the scenario's program grounded once, then one ``solve`` call per
    combination with integer-literal assumptions in a tight loop, nothing read back.
    This is the physical limit of the "assumptions" approach.
(b) a fresh Control per combination: the Control built the way the engine builds one
    (load the rule files, add the facts with the combination's values, ground), then
    solved; timed on a sample and reported per combination.  (b') the same with the
    rules' text read once and added as a string (no file I/O per combination).

Also timed: the sweep forced into its fallback mode (per combination, brave and
cautious consequences under assumptions), used when facts held open change results.

Workload: ``scenarios/kursk-2025-06.yaml``, whose 16 binary open facts (states'
willingness, party_status, both men's 4A(2) conditions and risks in Russia and Ukraine)
are swept 8, 12 and 16 at a time (2^8, 2^12, 2^16 combinations); every other open fact
is pinned with ``--set`` so that one combination is exactly one world, as in (a).

Reported per size: the library call (``whatif.sweep.sweep``: grounding, consequences,
relevance check, every combination, pivotal facts and summaries) as the median of
``--runs``, its phases, and the whole command (``status-engine sweep ... --format
csv|table``, a cold process writing every row) as the median of ``--cli-runs``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
EXE = str(BIN / "status-engine")
SCENARIO = str(ROOT / "scenarios" / "kursk-2025-06.yaml")
PINNED = {  # the non-binary open facts, pinned so that one combination is one world
    "positions.refused_repatriation": "risk_based",
    "persons.ri.incorporated_into": "none",
    "persons.baek.incorporated_into": "none",
}


def setup(bits: int):
    from status_engine import api
    from status_engine.scenario.check import Override
    from status_engine.analysis.whatif.common import open_axes

    base = api.prepare(SCENARIO, overrides=[Override(p, v, "bench") for p, v in PINNED.items()])
    binary = [a for a in open_axes(base.facts).values() if len(a.values) == 2]
    assert len(binary) >= 16, [a.path for a in binary]
    vary, pin = binary[:bits], binary[bits:]
    sets = {**PINNED, **{a.path: _value(a.values[1]) for a in pin}}
    prep = api.prepare(SCENARIO, overrides=[Override(p, v, "bench") for p, v in sets.items()])
    return prep, [a.path for a in vary], sets


def _value(sym):
    text = str(sym)
    return {"true": True, "false": False}.get(text, text)


def raw_loop(prep, vary: list[str]) -> tuple[float, float]:
    """(a) seconds per combination: one solve per combination, integer assumptions; and the grounding."""
    import itertools

    from status_engine.solver import engine
    from status_engine.analysis.whatif.common import open_axes

    g0 = time.perf_counter()
    ctl = engine.control(prep.rules, prep.facts)
    ground = time.perf_counter() - g0
    ctl.assign_external(engine.ENFORCE, True)
    axes = open_axes(prep.facts)
    lits = [[ctl.symbolic_atoms[axes[p].atom(v)].literal for v in axes[p].values] for p in vary]
    ctl.configuration.solve.models = 1
    combos = list(itertools.product(*lits))
    t0 = time.perf_counter()
    for c in combos:
        ctl.solve(assumptions=list(c))
    return (time.perf_counter() - t0) / len(combos), ground


def fresh_controls(prep, vary: list[str], sample: int) -> float:
    """(b) seconds per combination: a new Control (as the engine builds it) per combination."""
    import itertools

    from clingo import Function

    from status_engine.solver import engine
    from status_engine.analysis.whatif.common import open_axes

    axes = open_axes(prep.facts)
    combos = list(itertools.islice(itertools.product(*[axes[p].values for p in vary]), sample))
    t0 = time.perf_counter()
    for c in combos:
        ctl = engine.control(prep.rules, prep.facts, extra_atoms=[Function("fact", [axes[p].key, v])
                                                                  for p, v in zip(vary, c)])
        ctl.assign_external(engine.ENFORCE, True)
        ctl.solve()
    return (time.perf_counter() - t0) / len(combos)


def fresh_text(prep, vary: list[str], sample: int) -> float:
    """(b') seconds per combination: a new Control from the rules' text read once (no file I/O)."""
    import itertools

    import clingo
    from clingo import Function

    from status_engine.solver import engine
    from status_engine.analysis.whatif.common import open_axes

    text = "".join(Path(f).read_text() for f in prep.rules.files) + engine.MECHANISM
    axes = open_axes(prep.facts)
    combos = list(itertools.islice(itertools.product(*[axes[p].values for p in vary]), sample))
    t0 = time.perf_counter()
    for c in combos:
        ctl = clingo.Control(["--warn=none"])
        ctl.add("base", [], text)
        with ctl.backend() as backend:
            for sym in [*prep.facts.atoms, *(Function("fact", [axes[p].key, v]) for p, v in zip(vary, c))]:
                backend.add_rule([backend.add_atom(sym)])
        ctl.ground([("base", [])])
        ctl.assign_external(engine.ENFORCE, True)
        ctl.solve()
    return (time.perf_counter() - t0) / len(combos)


def library(prep, vary: list[str], runs: int, method: str | None = None) -> dict:
    from status_engine.analysis.whatif import sweep as sw

    sw.sweep(prep, vary, progress=False, method=method)  # warm-up: imports, caches
    walls, phases = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        tables = sw.sweep(prep, vary, progress=False, method=method)
        walls.append(time.perf_counter() - t0)
        phases.append(tables[0].seconds)
    t = tables[0]
    # the median of each phase over the runs (the phases of one run do not add up to another's wall)
    best = {k: statistics.median(p[k] for p in phases) for k in phases[0]}
    return {"wall_s": statistics.median(walls), "phases_s": {k: round(v, 4) for k, v in best.items()},
            "mode": t.mode, "combinations": t.combinations, "pivotal": len(t.pivotal), "items": len(t.items)}


def cli(vary: list[str], sets: dict, fmt: str, runs: int) -> float:
    cmd = [EXE, "sweep", SCENARIO, "--format", fmt]
    for p in vary:
        cmd += ["--vary", p]
    for p, v in sets.items():
        cmd += ["--set", f"{p}={str(v).lower() if isinstance(v, bool) else v}"]
    walls = []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        walls.append(time.perf_counter() - t0)
        if proc.returncode:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr}")
    return statistics.median(walls)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bits", type=int, nargs="*", default=[8, 12, 16])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cli-runs", type=int, default=3)
    ap.add_argument("--fresh-sample", type=int, default=200)
    ap.add_argument("--assumptions-upto", type=int, default=1 << 12,
                    help="also time the sweep forced into its assumptions mode up to this many combinations")
    args = ap.parse_args()
    report = []
    for bits in args.bits:
        prep, vary, sets = setup(bits)
        n = 1 << bits
        raws = [raw_loop(prep, vary) for _ in range(args.runs + 1)][1:]  # the first run warms up
        raw = statistics.median(r for r, _ in raws)
        raw_ground = statistics.median(g for _, g in raws)
        fresh = fresh_controls(prep, vary, min(args.fresh_sample, n))
        fresh_t = fresh_text(prep, vary, min(args.fresh_sample, n))
        lib = library(prep, vary, args.runs)
        per = lib["wall_s"] / n
        assumed = library(prep, vary, 1, "assumptions") if n <= args.assumptions_upto else None
        row = {
            "combinations": n,
            "sweep_library_s": round(lib["wall_s"], 4),
            "sweep_us_per_combination": round(per * 1e6, 2),
            "raw_clingo_us_per_combination": round(raw * 1e6, 2),
            "fresh_control_us_per_combination": round(fresh * 1e6, 1),
            "fresh_control_cached_text_us_per_combination": round(fresh_t * 1e6, 1),
            "ratio_to_raw": round(per / raw, 3),
            "ratio_to_raw_with_its_grounding": round(lib["wall_s"] / (raw * n + raw_ground), 3),
            "marginal_us_per_combination": round(lib["phases_s"]["combinations"] / n * 1e6, 2),
            "ratio_to_fresh": round(per / fresh, 5),
            "assumptions_mode_us_per_combination": (round(assumed["wall_s"] / n * 1e6, 1) if assumed else None),
            "phases_s": lib["phases_s"], "mode": lib["mode"],
            "cli_csv_s": round(cli(vary, sets, "csv", args.cli_runs), 3),
            "cli_table_s": round(cli(vary, sets, "table", args.cli_runs), 3),
        }
        report.append(row)
        print(json.dumps(row), file=sys.stderr)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
