"""CLI commands: whatif, sweep, needs, timeline (registered on status_engine.cli.app.app).

Only typer and the CLI's shared option objects are imported here; the analysis modules
(``status_engine.analysis.whatif``) are imported inside each command.
"""

from __future__ import annotations

import sys
from enum import Enum
from typing import Any, List, Optional

import typer

from .base import AS_OF, FILES, JOBS, RULES, SET, TIMEOUT, _overrides, app, guarded, parse_date
from ..contract import Key


class Format(str, Enum):
    table = "table"
    json = "json"


class SweepFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


FORMAT = typer.Option(Format.table, "--format", "-f", help="table (default) or json.")
REASONS = typer.Option(True, "--reasons/--no-reasons", help="Explain each change (one line from `explain`).")


def _book(rules: Optional[str]):
    from .. import api

    return api.rules_for(rules)


def _json(data) -> None:
    from ..render.json_out import dumps

    sys.stdout.write(dumps(data[0] if len(data) == 1 else data))


# ------------------------------------------------------------------------------ whatif

@app.command("whatif")
def whatif_cmd(
    files: List[str] = FILES,
    set_: Optional[List[str]] = SET,
    as_of: Optional[str] = AS_OF,
    fmt: Format = FORMAT,
    timeout: Optional[float] = TIMEOUT,
    rules: Optional[str] = RULES,
    reasons: bool = REASONS,
) -> None:
    """Baseline and variant side by side: only the statuses and verdicts an override changes, and why.

    Example: status-engine whatif scenarios/kursk-2025-06.yaml --set states.dprk.acknowledges_participation=false
    """

    def run() -> None:
        from .base import _prepare_all
        from ..errors import InputError, Problem
        from ..analysis.whatif.compare import compare

        if not set_:
            raise InputError([Problem("--set", None, None, "--set", "a what-if needs at least one override",
                                      "--set PATH=VALUE, e.g. persons.ri.wish=rok")])
        book, date, ovs = _book(rules), parse_date(as_of), _overrides(set_)
        prepared = _prepare_all(files, date, ovs, book)  # every file and override checked before any output
        results = [compare(f, ovs, as_of=date, rules=book, timeout=timeout, reasons=reasons).to_dict() for f in files]
        if fmt is Format.json:
            _json(results)
        else:
            from ..render.whatif_tables import whatif_table
            from ..render.whatif_words import Words

            whatif_table(results, words={f: Words.of(p) for f, p in zip(files, prepared)})

    guarded(run)


# ------------------------------------------------------------------------------- sweep

def _sweep_file(path: str, as_of, sets: list[str], rules: Optional[str], vary: list[str], person: Optional[str],
                max_combinations: int, timeout: Optional[float], rows: bool):
    """One file's sweep as plain data (also run in worker processes)."""
    from .. import api
    from ..analysis.whatif import sweep as sw

    prep = api.prepare(path, as_of=as_of, overrides=_overrides(sets), rules=_book(rules))
    tables = sw.sweep(prep, vary or None, person=person, max_combinations=max_combinations, timeout=timeout)
    return [sw.to_dict(t, path, rows=rows or t.combinations <= 4096) for t in tables]


@app.command("sweep")
def sweep_cmd(
    files: List[str] = FILES,
    vary: Optional[List[str]] = typer.Option(None, "--vary", help="A fact or position to vary (repeatable); "
                                             "default: the open facts and positions that can change a result."),
    person: Optional[str] = typer.Option(None, "--person", help="Only this person's statuses and verdicts."),
    set_: Optional[List[str]] = SET,
    as_of: Optional[str] = AS_OF,
    fmt: SweepFormat = typer.Option(SweepFormat.table, "--format", "-f", help="table (default), json or csv."),
    max_combinations: int = typer.Option(1 << 16, "--max-combinations", min=1,
                                         help="Refuse sweeps with more combinations than this."),
    max_rows: int = typer.Option(40, "--rows", min=0, help="Table format: list every combination up to this "
                                 "many, else group them by outcome."),
    timeout: Optional[float] = TIMEOUT,
    rules: Optional[str] = RULES,
    jobs: int = JOBS,
) -> None:
    """A decision table over combinations of facts and positions: verdicts, pivotal facts, summaries.

    Example: status-engine sweep scenarios/kursk-2025-02.yaml --vary persons.ri.wish_verified --vary positions.party_status
    """

    def run() -> None:
        from .base import _prepare_all
        from ..analysis.whatif.parallel import run as run_all

        book, date, ovs = _book(rules), parse_date(as_of), _overrides(set_)
        prepared = _prepare_all(files, date, ovs, book)
        if person is not None:
            from ..errors import InputError

            problems = [x for x in (person_problem(p, person) for p in prepared) if x is not None]
            if problems:
                raise InputError(problems)
        rows = fmt is not SweepFormat.table
        tasks = [(f, date, list(set_ or []), rules, list(vary or []), person, max_combinations, timeout, rows)
                 for f in files]
        tables = [t for per_file in run_all(_sweep_file, tasks, jobs, "sweep") for t in per_file]
        if fmt is SweepFormat.json:
            _json(tables)
        elif fmt is SweepFormat.csv:
            from ..render.whatif_tables import sweep_csv

            sys.stdout.write(sweep_csv(tables))
        else:
            from ..render.whatif_tables import sweep_table
            from ..render.whatif_words import Words

            sweep_table(tables, max_rows, words={f: Words.of(p) for f, p in zip(files, prepared)})

    guarded(run)


# ------------------------------------------------------------------------------- needs

def person_problem(prep: Any, person: str, option: str = "--person") -> Any:
    """A person id the scenario does not have, as a located problem with "did you mean"; else None."""
    from .base import did_you_mean
    from ..errors import Problem

    persons = list(prep.facts.persons)
    if person in persons:
        return None
    return Problem(option, None, None, "", f"no person {person!r} in {prep.located.file}"
                   + did_you_mean(person, persons), "one of " + ", ".join(persons))


def check_goal(prepared: list, person: str, g, person_option: str = "--person", goal_option: str = "--goal") -> None:
    """An unknown person or goal key is a typo (an InputError naming the option), not an answer."""
    from .base import known_key
    from ..errors import InputError

    problems = []
    for p in prepared:
        missing = person_problem(p, person, person_option)
        if missing is not None:
            problems.append(missing)
            continue
        problem = known_key(p, g.key, goal_option, Key.parse(g.key).kind.value)
        if problem is not None:
            problems.append(problem)
    if problems:
        raise InputError(problems)


@app.command("needs")
def needs_cmd(
    files: List[str] = FILES,
    person: str = typer.Option(..., "--person", help="The person the goal is about."),
    goal: str = typer.Option(..., "--goal", help="KEY=VALUE: an outcome and a verdict "
                             "(transfer:rok=permitted; required|permitted|forbidden) or a status and a modality "
                             "(pow=necessary; necessary|possible|absent)."),
    can_change: Optional[List[str]] = typer.Option(None, "--can-change", help="A fact that may change (repeatable); "
                                                   "default: his wish, wish_verified and proceedings, non-party "
                                                   "states' acknowledges_participation, conflict.hostilities_ended."),
    all_minimal: bool = typer.Option(False, "--all-minimal", help="Also list larger change sets that are minimal "
                                     "(no subset works), not only the smallest."),
    limit: int = typer.Option(20, "--limit", min=1, help="At most this many change sets."),
    set_: Optional[List[str]] = SET,
    as_of: Optional[str] = AS_OF,
    fmt: Format = FORMAT,
    timeout: Optional[float] = TIMEOUT,
    rules: Optional[str] = RULES,
    reasons: bool = REASONS,
) -> None:
    """What would it take: the smallest sets of fact changes under which a goal holds in every world.

    `permitted` means allowed (forbidden in no world); it may also be required somewhere.

    Example: status-engine needs scenarios/kursk-2025-06.yaml --person baek --goal transfer:rok=permitted
    """

    def run() -> None:
        from .base import _prepare_all
        from ..analysis.whatif.needs import needs, parse_goal

        book, date, ovs = _book(rules), parse_date(as_of), _overrides(set_)
        g = parse_goal(goal, person)
        prepared = _prepare_all(files, date, ovs, book)
        check_goal(prepared, person, g)
        results = [needs(p, g, can_change=can_change, all_minimal=all_minimal, limit=limit, timeout=timeout,
                         reasons=reasons).to_dict() for p in prepared]
        if fmt is Format.json:
            _json(results)
        else:
            from ..render.whatif_tables import needs_table
            from ..render.whatif_words import Words

            needs_table(results, words={f: Words.of(p) for f, p in zip(files, prepared)})

    guarded(run)


# ---------------------------------------------------------------------------- timeline

@app.command("timeline")
def timeline_cmd(
    files: List[str] = FILES,
    start: Optional[str] = typer.Option(None, "--from", help="First date YYYY-MM-DD (default: the first event)."),
    end: Optional[str] = typer.Option(None, "--to", help="Last date YYYY-MM-DD (default: the file's as_of, "
                                      "else today)."),
    chart: Optional[str] = typer.Option(None, "--chart", help="Write an SVG chart to this file (several files: "
                                        "one chart each, named OUT-<scenario id>.svg)."),
    all_outcomes: bool = typer.Option(False, "--all-outcomes", help="Show every outcome, not only those that change."),
    set_: Optional[List[str]] = SET,
    fmt: Format = FORMAT,
    timeout: Optional[float] = TIMEOUT,
    rules: Optional[str] = RULES,
    reasons: bool = REASONS,
) -> None:
    """Statuses and verdicts at each event date and the evaluation date, where they change, and a chart.

    Example: status-engine timeline scenarios/kursk-2025-06.yaml --chart kursk.svg
    """

    def run() -> None:
        from pathlib import Path

        from .. import files as output_files
        from .base import _prepare_all
        from ..analysis.whatif.timeline import svg, timeline

        book, ovs = _book(rules), _overrides(set_)
        first, last = parse_date(start, "--from"), parse_date(end, "--to")
        prepared = _prepare_all(files, last, ovs, book)
        targets = []
        if chart:  # every chart path checked before any work, and before anything is written
            out = Path(chart)
            names = [chart] if len(prepared) == 1 else \
                [str(out.with_name(f"{out.stem}-{p.scenario.id}{out.suffix or '.svg'}")) for p in prepared]
            targets = output_files.check_all((n, "--chart") for n in names)
        tls = [timeline(f, start=first, end=last, overrides=ovs, rules=book, timeout=timeout, reasons=reasons)
               for f in files]
        charts = [svg(tl, all_outcomes) for tl in tls] if targets else []
        for target, text in zip(targets, charts):
            target.write(text)
            typer.echo(f"chart written to {target.path}", err=True)
        if fmt is Format.json:
            _json([tl.to_dict() for tl in tls])
        else:
            from ..render.whatif_tables import timeline_table
            from ..render.whatif_words import Words

            timeline_table([tl.to_dict() for tl in tls], [tl.lanes(all_outcomes) for tl in tls],
                           words={f: Words.of(p) for f, p in zip(files, prepared)})

    guarded(run)
