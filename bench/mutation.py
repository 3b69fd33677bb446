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
import shutil
import subprocess
import tempfile
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUITES = ("scenarios", "tests/rules", "tests/regress", "tests/properties")
FAILED = re.compile(r"^(?:FAILED|ERROR) (\S+)", re.M)


SNAPSHOT = ""  # the copy of the rules every run uses (set in main)


def run_suites(suites: list[str], mutant: str | None, deselect: list[str], scale: float,
               stop_first: bool = True) -> tuple[int, list[str], str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "bench"), os.environ.get("PYTHONPATH")])),
               STATUS_ENGINE_PROPERTY_SCALE=str(scale), STATUS_ENGINE_MUTANT=mutant or "",
               STATUS_ENGINE_MUTATION_RULES=SNAPSHOT)
    cmd = [sys.executable, "-m", "pytest", "-q", "-rfE", "-p", "mutation_plugin", "-p", "no:cacheprovider",
           "--hypothesis-seed=0", *(["-x"] if stop_first else []), *suites]
    for node in deselect:
        cmd += ["--deselect", node]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    return proc.returncode, FAILED.findall(proc.stdout), proc.stdout[-2000:] + proc.stderr[-2000:]


def corpus_effect(book, ids: list[str]) -> dict[str, int]:
    """How many conclusions of the bundled scenarios move when each id is switched off."""
    from status_engine import regress

    out: dict[str, int] = {}
    for rid in ids:
        rep = regress.diff([str(ROOT / "scenarios")], book, book.without(rid), explain=False)
        out[rid] = len(rep.changes) + len(rep.errors)
    return out


def corroborates(book) -> dict[str, str]:
    """Registry entries marked ``corroborates:`` (restate another rule's conclusion by design)."""
    import yaml

    reg = yaml.safe_load((Path(book.directory) / "sources.yaml").read_text(encoding="utf-8")) or {}
    out = {}
    for rid, e in (reg.get("rules") or {}).items():
        if isinstance(e, dict) and e.get("corroborates"):
            t = e["corroborates"]
            out[rid] = ", ".join(t) if isinstance(t, list) else str(t)
    return out


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
    ap.add_argument("--all-failures", action="store_true",
                    help="run every suite to the end for each mutant and list every failing test (slow)")
    args = ap.parse_args(argv)

    sys.path.insert(0, str(ROOT / "src"))
    from status_engine import api
    from status_engine.rulebook.book import default_directory

    # The rule base may be edited while this runs: every run uses one snapshot of it.
    global SNAPSHOT
    tmp = tempfile.mkdtemp(prefix="status-engine-mutation-")
    SNAPSHOT = str(Path(tmp) / "rules")
    shutil.copytree(default_directory().resolve(), SNAPSHOT)
    try:
        return run(args, api.rules_for(SNAPSHOT))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(args: argparse.Namespace, book) -> int:
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
        rc, failed, tail = run_suites(suites, rid, baseline, args.scale, stop_first=not args.all_failures)
        return rid, rc, failed, tail

    moved = corpus_effect(book, ids)

    results: dict[str, tuple[int, list[str], str]] = {}
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for rid, rc, failed, tail in pool.map(one, ids):
            results[rid] = (rc, failed, tail)
            mark = "noticed  " if rc == 1 else "UNNOTICED" if rc == 0 else f"error({rc})"
            shown = failed if args.all_failures else failed[:1]
            print(f"{mark} {rid:34s} {moved[rid]:3d} conclusion(s) {len(failed):3d} test(s)  "
                  + "\n        ".join([""] + shown if len(shown) > 1 else shown), flush=True)

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
    corroborating = corroborates(book)
    inert = [r for r in ids if moved[r] == 0]
    lines.append(f"* switching off changes no conclusion of the bundled scenarios: {len(inert)} "
                 f"({sum(1 for r in inert if r in corroborating)} of them corroborating citations by design)")
    for title, group in (("Unnoticed by every suite", unnoticed),
                         ("No effect on any conclusion of the bundled scenarios", inert)):
        if not group:
            continue
        lines += ["", f"### {title}", "", "| rule id | citation | corroborates | first noticed by |",
                  "| --- | --- | --- | --- |"]
        for r in group:
            src = book.sources[r]
            first = results[r][1][0] if results[r][1] else "-"
            lines.append(f"| `{r}` | {src.citation} | {corroborating.get(r, '')} | {first} |")
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
