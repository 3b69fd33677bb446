"""Where the time of a varied roster goes (issue 14): models per consequence solve, Controls.

Instruments the engine from outside (monkeypatching; nothing under src/ changes) and
evaluates ``bench/varied.py``'s roster of N persons through ``api.evaluate_file``:

* every ``clingo.Control`` constructed (count, and the seconds spent grounding),
* every ``session.consequences`` call: mode (brave / cautious), models enumerated (each
  ``on_model`` call), seconds in the solve, seconds reading ``model.symbols`` in the
  callback, shown atoms per model,
* ``engine.count_worlds`` / ``involved_keys`` / ``_projected_tally``: calls, seconds, solves.

    python bench/profile_varied.py --sizes 50 100 200          # the models-per-call table
    python bench/profile_varied.py --cprofile 200 --top 15     # cProfile, top by cumulative time

The counting mode still pays the callback's own cost; the figures are for comparing sizes.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import clingo

sys.path.insert(0, str(Path(__file__).resolve().parent))
from varied import SEED, roster  # noqa: E402

from status_engine import api
from status_engine.solver import engine  # noqa: E402


class Probe:
    """Counters filled by the patched engine functions."""

    def __init__(self) -> None:
        self.controls = 0
        self.ground_s = 0.0
        self.consequences: list[dict] = []
        self.timers: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.tally_solves = 0
        self._current: dict | None = None


def instrument(probe: Probe) -> None:
    real_control = clingo.Control

    class CountingControl(real_control):  # type: ignore[misc, valid-type]
        def __init__(self, *a, **kw):
            probe.controls += 1
            super().__init__(*a, **kw)

        def ground(self, *a, **kw):
            t = time.perf_counter()
            try:
                return super().ground(*a, **kw)
            finally:
                probe.ground_s += time.perf_counter() - t

    clingo.Control = CountingControl  # engine calls clingo.Control(...) through the module

    from status_engine.solver import session

    real_consequence, real_run = session.consequences, session.run

    def consequence(ctl, mode, deadline, assumptions=(), **kw):
        rec = {"mode": mode, "models": 0, "callback_s": 0.0, "atoms_last": 0}
        probe._current = rec
        t = time.perf_counter()
        try:
            return real_consequence(ctl, mode, deadline, assumptions, **kw)
        finally:
            rec["seconds"] = time.perf_counter() - t
            rec["enumerated"] = int(ctl.statistics["summary"]["models"]["enumerated"])
            probe.consequences.append(rec)
            probe._current = None

    def run(ctl, deadline, on_model, assumptions=()):
        rec = probe._current
        if on_model is None or rec is None:
            probe.tally_solves += 1
            return real_run(ctl, deadline, on_model, assumptions)

        def counting(model):
            t = time.perf_counter()
            on_model(model)
            rec["callback_s"] += time.perf_counter() - t
            rec["models"] += 1
            rec["atoms_last"] = len(model.symbols(shown=True)) if rec["models"] == 1 else rec["atoms_last"]

        return real_run(ctl, deadline, counting, assumptions)

    session.consequences, session.run = consequence, run

    for name in ("count_worlds", "involved_keys", "_projected_tally", "control"):
        real = getattr(engine, name)

        def timed(*a, _real=real, _name=name, **kw):
            probe.calls[_name] += 1
            t = time.perf_counter()
            try:
                return _real(*a, **kw)
            finally:
                probe.timers[_name] += time.perf_counter() - t

        setattr(engine, name, timed)


def scenario_file(n: int, seed: int, tmp: str) -> str:
    path = Path(tmp) / f"varied-{n}.json"
    path.write_text(json.dumps(roster(n, seed)))
    return str(path)


def count(n: int, seed: int) -> dict:
    probe = Probe()
    instrument(probe)
    with tempfile.TemporaryDirectory() as tmp:
        path = scenario_file(n, seed, tmp)
        t = time.perf_counter()
        ev = api.evaluate_file(path)
        total = time.perf_counter() - t
    return {"persons": n, "total_s": total, "controls": probe.controls, "ground_s": probe.ground_s,
            "consequences": probe.consequences, "calls": dict(probe.calls), "timers": dict(probe.timers),
            "tally_solves": probe.tally_solves, "open_keys": len(ev.prepared.facts.open_paths()),
            "shown_brave": len(ev.consequences.brave), "conflicts": len(ev.consequences.conflicts)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 200])
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--cprofile", type=int, metavar="N", help="cProfile one evaluation of N persons instead")
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--out", metavar="FILE", help="the .prof file (with --cprofile)")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # one size, in this process
    ap.add_argument("--json", metavar="FILE", help="write the counting figures to FILE")
    args = ap.parse_args(argv)

    if args.cprofile:
        with tempfile.TemporaryDirectory() as tmp:
            path = scenario_file(args.cprofile, args.seed, tmp)
            prof = cProfile.Profile()
            prof.enable()
            api.evaluate_file(path)
            prof.disable()
        if args.out:
            prof.dump_stats(args.out)
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).strip_dirs().sort_stats("cumulative").print_stats(args.top)
        print(buf.getvalue())
        return 0

    if args.one:  # child: one size in a fresh interpreter, figures as JSON on stdout
        print(json.dumps(count(args.one, args.seed)))
        return 0

    import subprocess

    results = []
    for n in args.sizes:  # each size in its own process: a cold import, one evaluation
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--seed", str(args.seed)],
                             capture_output=True, text=True, check=True)
        results.append(json.loads(out.stdout))
    print("per consequence call: models enumerated (on_model calls), seconds, callback seconds")
    print(f"{'persons':>7} {'call':<16} {'models':>6} {'solve s':>8} {'on_model s':>10} {'ms/model':>8}")
    for r in results:
        for i, c in enumerate(r["consequences"]):
            label = f"{i + 1}. {c['mode']}"
            per = 1000 * c["seconds"] / c["models"] if c["models"] else 0.0
            print(f"{r['persons']:>7} {label:<16} {c['models']:>6} {c['seconds']:>8.2f} {c['callback_s']:>10.2f} "
                  f"{per:>8.1f}")
    print()
    print(f"{'persons':>7} {'total s':>8} {'Controls':>8} {'ground s':>8} {'count_worlds s':>14} "
          f"{'tally solves':>12} {'open keys':>9} {'conflicts':>9}")
    for r in results:
        print(f"{r['persons']:>7} {r['total_s']:>8.2f} {r['controls']:>8} {r['ground_s']:>8.2f} "
              f"{r['timers'].get('count_worlds', 0):>14.2f} {r['tally_solves']:>12} {r['open_keys']:>9} "
              f"{r['conflicts']:>9}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
