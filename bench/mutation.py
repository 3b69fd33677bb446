"""Mutation check of the rule base: switch off each rule id in turn; who notices?

For every rule id of rules/sources.yaml, the suites below run with that id switched off
(``RuleBook.without``: its ``rule(Id)`` fact is not emitted, so every rule carrying it
is dead).  A mutant is *noticed* when some test fails; a rule whose removal nobody
notices is either untested or without effect of its own, and both deserve a look.

Suites, cheapest first (``-x`` stops a mutant at its first failing test):
  scenarios/        the bundled expectations (pytest plugin)
  tests/rules       the rule-base tests
  tests/regress     the regression-tool tests (incl. the tests written for mutation gaps)
  tests/properties  the legal invariants, with a reduced example budget and a fixed seed

Tests that already fail without any mutation are reported and deselected, so that they
do not "notice" every mutant.  Usage::

    python bench/mutation.py                  # every rule id, all suites, 2 jobs
    python bench/mutation.py --only gc3_126,api_43_2 --jobs 1
    python bench/mutation.py --suites scenarios,tests/rules --markdown report.md
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUITES = ("scenarios", "tests/rules", "tests/regress", "tests/properties")
FAILED = re.compile(r"^(?:FAILED|ERROR) (\S+)", re.M)


def run_suites(suites: list[str], mutant: str | None, deselect: list[str], scale: float,
               stop_first: bool = True) -> tuple[int, list[str], str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "bench"), os.environ.get("PYTHONPATH")])),
               STATUS_ENGINE_PROPERTY_SCALE=str(scale), STATUS_ENGINE_MUTANT=mutant or "")
    cmd = [sys.executable, "-m", "pytest", "-q", "-rfE", "-p", "mutation_plugin", "-p", "no:cacheprovider",
           "--hypothesis-seed=0", *(["-x"] if stop_first else []), *suites]
    for node in deselect:
        cmd += ["--deselect", node]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    return proc.returncode, FAILED.findall(proc.stdout), proc.stdout[-2000:] + proc.stderr[-2000:]


def suite_of(node: str) -> str:
    for s in SUITES:
        if node.startswith(s):
            return s
    return node.split("/")[0]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", help="comma-separated rule ids (default: every id of the registry)")
    ap.add_argument("--suites", default=",".join(SUITES), help="comma-separated test paths, cheapest first")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--scale", type=float, default=0.2, help="property example budget factor (default 0.2)")
    ap.add_argument("--markdown", help="also write the report to this file")
    args = ap.parse_args(argv)

    sys.path.insert(0, str(ROOT / "src"))
    from status_engine import api

    book = api.rules_for()
    ids = sorted(book.sources) if not args.only else [i.strip() for i in args.only.split(",") if i.strip()]
    unknown = [i for i in ids if i not in book.sources]
    if unknown:
        print(f"no such rule id: {', '.join(unknown)}", file=sys.stderr)
        return 2
    suites = [s for s in args.suites.split(",") if s]
    started = time.monotonic()

    rc, baseline, tail = run_suites(suites, None, [], args.scale, stop_first=False)
    if rc not in (0, 1):
        print(f"the suites do not run without mutation (exit {rc}):\n{tail}", file=sys.stderr)
        return 2
    print(f"baseline: {len(baseline)} test(s) fail without any mutation (deselected below)", flush=True)
    for node in baseline:
        print(f"  {node}")

    def one(rid: str) -> tuple[str, int, list[str], str]:
        rc, failed, tail = run_suites(suites, rid, baseline, args.scale)
        return rid, rc, failed, tail

    results: dict[str, tuple[int, list[str], str]] = {}
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for rid, rc, failed, tail in pool.map(one, ids):
            results[rid] = (rc, failed, tail)
            mark = "noticed  " if rc == 1 else "UNNOTICED" if rc == 0 else f"error({rc})"
            print(f"{mark} {rid:34s} {failed[0] if failed else ''}", flush=True)

    unnoticed = [r for r in ids if results[r][0] == 0]
    errors = [r for r in ids if results[r][0] not in (0, 1)]
    by_suite: dict[str, int] = {}
    for r in ids:
        if results[r][0] == 1 and results[r][1]:
            by_suite[suite_of(results[r][1][0])] = by_suite.get(suite_of(results[r][1][0]), 0) + 1
    elapsed = time.monotonic() - started
    lines = [
        "# Mutation check of the rule base",
        "",
        f"{len(ids)} rule ids switched off one at a time; suites: {', '.join(suites)} "
        f"(properties at {args.scale:g} of their example budget, seed 0); {elapsed:.0f} s.",
        "",
        f"* noticed: {sum(1 for r in ids if results[r][0] == 1)} "
        f"(first noticed by: {', '.join(f'{s} {n}' for s, n in sorted(by_suite.items())) or '-'})",
        f"* **unnoticed: {len(unnoticed)}**" + (f": {', '.join(unnoticed)}" if unnoticed else ""),
    ]
    if errors:
        lines.append(f"* errors (suite did not run): {', '.join(errors)}")
    if baseline:
        lines.append(f"* failing without mutation (deselected): {', '.join(baseline)}")
    if unnoticed:
        lines += ["", "| rule id | citation | paraphrase |", "| --- | --- | --- |"]
        for r in unnoticed:
            src = book.sources[r]
            lines.append(f"| `{r}` | {src.citation} | {src.paraphrase.replace('|', '/')} |")
    text = "\n".join(lines) + "\n"
    print()
    print(text)
    if args.markdown:
        Path(args.markdown).write_text(text, encoding="utf-8")
    for r in errors:
        print(f"--- {r} (exit {results[r][0]})\n{results[r][2]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
