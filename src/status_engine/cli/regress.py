"""CLI commands: regress_cli (registered on status_engine.cli.app.app).

``status-engine test PATH...``  check the ``expect:`` blocks of scenario files (or
                                 rewrite them with ``--update``);
``status-engine diff --base REV|DIR [--head REV|DIR] PATH...``  what a rule change moved.

Only typer and the cli module are imported here; the work is in ``regress.py``.
"""

from __future__ import annotations

import sys
from typing import List, Optional

import typer

from .base import RULES, TIMEOUT, app, guarded

PATHS = typer.Argument(..., help="Scenario files, or directories of them (*.yaml, *.yml, *.json).",
                       show_default=False)


@app.command("test")
def test_cmd(
    paths: List[str] = PATHS,
    update: bool = typer.Option(False, "--update", help="Write the derived values into the expect: blocks "
                                "(in place: comments and layout kept) and print each change."),
    junit: Optional[str] = typer.Option(None, "--junit", help="Also write a JUnit XML report to this file."),
    explain: bool = typer.Option(True, "--explain/--no-explain", help="Explain each mismatch (default on)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List every expectation, not only mismatches."),
    rules: Optional[str] = RULES,
    timeout: Optional[float] = TIMEOUT,
) -> None:
    """Check every scenario's expect: block against what the rules derive.

    A mismatch shows scenario, person, key, expected and derived values, the file:line of the expectation and why the rules derive what they do. A key that no rule can produce (a typo) is an input error. Exit 1 on any mismatch, 2 on bad input.

    Examples: status-engine test scenarios/ --junit report.xml

              status-engine test scenarios/kursk-2025-06.yaml --update
    """

    def run() -> None:
        from .. import api, files, regress

        report_to = files.check(junit, "--junit") if junit else None  # before any work or any write
        book = api.rules_for(rules)
        snapshots = {f: files.signature(f) for f in regress.scenario_files(paths)} if update else None
        results = regress.check_paths(paths, book, explain=explain and not update, timeout=timeout)
        if update:
            updates, stuck = regress.plan_updates(results)
            xml = regress.junit_xml(results) if report_to else None
            regress.apply_updates(updates, snapshots)
            out = [u.text() for u in updates]
            for c in stuck:
                e = c.expectation
                why = "the scenario could not be evaluated" if c.derived != regress.ABSENT else \
                    "it is derived in no world, and an expectation cannot say `absent`: edit the file by hand"
                out.append(f"{e.where}: {e.scenario} {e.person} {e.kind} {e.key}: {e.expected} -> not updated ({why})")
            n_files = len({u.expectation.file for u in updates})
            out.append(f"updated {len(updates)} expectation(s) in {n_files} file(s)"
                       + (f"; {len(stuck)} left unchanged" if stuck else ""))
            if report_to:
                report_to.write(xml)
            sys.stdout.write("\n".join(out) + "\n")
            if stuck:
                raise typer.Exit(1)
            return
        text = regress.report(results, verbose)
        if report_to:
            report_to.write(regress.junit_xml(results))
        sys.stdout.write(text)
        if any(r.failures for r in results):
            raise typer.Exit(1)

    guarded(run)


@app.command("diff")
def diff_cmd(
    paths: List[str] = PATHS,
    base: str = typer.Option(..., "--base", help="The rules to compare against: a git revision "
                             "(its rules/ directory) or a rule directory."),
    head: Optional[str] = typer.Option(None, "--head", help="The new rules: a git revision or a directory "
                                       "(default: the working rules)."),
    fail_on_change: bool = typer.Option(False, "--fail-on-change", help="Exit 1 when any conclusion changed."),
    explain: bool = typer.Option(True, "--explain/--no-explain", help="Explain old and new values (default on)."),
    timeout: Optional[float] = TIMEOUT,
) -> None:
    """Which statuses and verdicts of a scenario corpus a rule change moves, and why.

    Evaluates every scenario under both rule sets and prints each conclusion that changed (old -> new, with both explanations), the rule ids added, removed or changed, and a summary. Exit 1 with --fail-on-change when anything changed.

    Examples: status-engine diff --base HEAD scenarios/

              status-engine diff --base v0.1 --head drafts/rules scenarios/kursk-2025-02.yaml
    """

    def run() -> None:
        from .. import regress
        from ..errors import InputError, Problem

        empty = [(o, v) for o, v in (("--base", base), ("--head", head)) if v is not None and not v.strip()]
        if empty:  # '' would silently mean the working rules: compared with themselves, nothing changes
            raise InputError([Problem(o, None, None, "", "an empty revision or directory",
                                      "a git revision (HEAD, v0.1, a commit) or a rule directory") for o, _ in empty])
        with regress.rules_at(base, "--base") as (base_book, base_label), \
                regress.rules_at(head, "--head") as (head_book, head_label):
            rep = regress.diff(paths, base_book, head_book, base_label=base_label, head_label=head_label,
                               explain=explain, timeout=timeout)
        sys.stdout.write(rep.text())
        if fail_on_change and (rep.changes or rep.errors):
            raise typer.Exit(1)

    guarded(run)
