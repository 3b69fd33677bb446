"""CLI commands ``explain`` and ``brief`` (registered on status_engine.cli.app.app).

Only typer and the cli module are imported here; the engine, the explanations and the
renderers are imported inside the commands.
"""

from __future__ import annotations

from enum import Enum
from typing import List, Optional

import typer

from .base import AS_OF, RULES, SET, TIMEOUT, _overrides, app, did_you_mean, guarded, parse_date, plausible_key, warn


JOBS = typer.Option(None, "--jobs", "-j", min=1,
                    help="Worker processes for the explanations (default: the cores available; 1: none). "
                         "The text is the same whatever the number.")


def _jobs(asked: Optional[int]) -> int:
    from ..analysis.explain.batch import cores

    return asked if asked is not None else cores()


class ExplainFormat(str, Enum):
    tree = "tree"
    json = "json"
    markdown = "markdown"


@app.command("explain")
def explain_cmd(
    file: str = typer.Argument(..., help="A scenario file (YAML or JSON).", show_default=False),
    person: Optional[str] = typer.Option(None, "--person", "-p", help="Only this person (default: every person)."),
    conclusion: Optional[str] = typer.Option(
        None, "--conclusion", "-c",
        help="Only this status (pow, civilian, ...) or outcome (transfer:rok, ...); "
             "one that does not hold is explained by why-not."),
    versus: Optional[str] = typer.Option(
        None, "--versus", help="Contrast: why --conclusion rather than this one (needs --conclusion)."),
    fmt: ExplainFormat = typer.Option(ExplainFormat.tree, "--format", "-f",
                                      help="tree (default), json or markdown; json carries the solver's atoms, "
                                           "rule files and lines as well as the words."),
    debug: bool = typer.Option(False, "--debug",
                               help="Tree and Markdown: show the solver's view (atoms, rule files and lines, the failed "
                                    "condition as an atom) instead of the law's words."),
    as_of: Optional[str] = AS_OF,
    set_: Optional[List[str]] = SET,
    rules: Optional[str] = RULES,
    timeout: Optional[float] = TIMEOUT,
    jobs: Optional[int] = JOBS,
) -> None:
    """Why each status and verdict: the solver's derivation, what decides it, why not.

    Each step says what was derived, by which rule (citation, rule id, paraphrase), on
    which scenario facts (file:line, evidence).  A verdict that holds in every world lists
    every ground it holds on, each with where it applies; a `possible` status or a
    `depends` verdict says what decides it ("required if ...; otherwise permitted"), then
    the regions of worlds in detail.  --debug shows atoms and rule files instead.

    Examples:

      status-engine explain scenarios/kursk-2025-02.yaml --person ri

      status-engine explain scenarios/kursk-2025-02.yaml -p ri -c civilian

      status-engine explain scenarios/kursk-2025-02.yaml -p ri -c pow --versus presumed_pow

      status-engine explain scenarios/kursk-2025-02.yaml -p ri -c transfer:rok -f json
    """

    def run() -> None:
        import sys

        from .. import api
        from ..analysis.explain import document

        book = api.rules_for(rules)
        prep = api.prepare(file, as_of=parse_date(as_of), overrides=_overrides(set_), rules=book)
        warn(prep)
        ev, exps, contrast = explanations(prep, person, conclusion, versus, timeout, jobs=_jobs(jobs))
        if fmt is ExplainFormat.json:
            from ..render.json_out import dumps

            sys.stdout.write(dumps(document.explain_document(ev, exps, contrast)))
            return
        from ..rulebook.phrases import names_for
        from ..render.words import Speaker

        speaker = Speaker(book.phrases, names_for(prep.scenario, book.registry, book.phrases))
        if fmt is ExplainFormat.markdown:
            from ..render.markdown import explanations as md

            sys.stdout.write(md(document.meta(ev), exps, contrast, sp=speaker, debug=debug))
        else:
            from ..render.tree import render

            render(document.meta(ev), exps, contrast, speaker=speaker, debug=debug)

    guarded(run)


def explanations(prep, person: Optional[str] = None, conclusion: Optional[str] = None, versus: Optional[str] = None,
                 timeout: Optional[float] = None, jobs: int = 1):
    """Evaluate ``prep`` and explain what was asked: (evaluation, explanations, contrast).

    Shared by ``status-engine explain`` and the HTTP API's ``/v1/explain``; bad
    ``person`` / ``conclusion`` / ``versus`` raise ``InputError``.  ``jobs`` > 1 explains
    in forked worker processes (``analysis.explain.batch``): the CLI only, never a server.
    """
    from .. import api
    from ..analysis import explain
    from ..errors import InputError, Problem

    persons = list(prep.facts.persons)
    problems = []
    if person is not None and person not in persons:
        problems.append(Problem("--person", None, None, "", f"no person {person!r} in {prep.located.file}"
                                + did_you_mean(person, persons), "one of " + ", ".join(persons)))
    if versus is not None and conclusion is None:
        problems.append(Problem("--versus", None, None, "", "--versus needs --conclusion",
                                "--conclusion KEY --versus KEY"))
    if problems:
        raise InputError(problems)
    from ..analysis.explain.instrument import grounded_meanwhile

    meanwhile = grounded_meanwhile(prep)  # the explanations' program, grounded while the evaluation runs
    ev = api.evaluate_prepared(prep, timeout)
    ex = explain.Explainer(ev, meanwhile.get())
    chosen = [person] if person else list(ev.result["persons"])
    for asked, option in ((conclusion, "--conclusion"), (versus, "--versus")):
        if asked is None:
            continue
        for pid in chosen:
            res = ev.result["persons"][pid]
            statuses, outcomes = ex.conclusions(pid)
            known = set(res["status"]) | set(res["outcomes"]) | set(statuses) | set(outcomes)
            # transfer:zz names no state: a typo, not an outcome "absent in every world"
            if asked not in known and not (ex.could_derive(pid, asked)
                                           and plausible_key(asked, known, prep.source.states)):
                problems.append(Problem(option, None, None, "",
                                        f"no rule can derive {asked!r} for {pid}" + did_you_mean(asked, known),
                                        "one of " + ", ".join(sorted(known))))
    if problems:
        raise InputError(problems)
    contrast = None
    exps = []
    if versus is not None:
        contrast = ex.contrast(chosen[0], conclusion, versus) if len(chosen) == 1 else None
        if contrast is None:
            raise InputError([Problem("--versus", None, None, "", "a contrast is about one person",
                                      "--person P")])
    else:
        from ..analysis.explain import batch

        asked = [(pid, k) for pid in chosen
                 for k in ([conclusion] if conclusion else list(ev.result["persons"][pid]["status"])
                           + list(ev.result["persons"][pid]["outcomes"]))]
        done = batch.explain_many(ev, asked, jobs=jobs, explainer=ex)
        exps = [done[a] for a in asked]
    return ev, exps, contrast


def explain_document(prep, person=None, conclusion=None, versus=None, timeout=None) -> dict:
    """The JSON document of ``status-engine explain --format json``."""
    from ..analysis.explain.document import explain_document as document

    ev, exps, contrast = explanations(prep, person, conclusion, versus, timeout)
    return document(ev, exps, contrast)


@app.command("brief")
def brief_cmd(
    files: List[str] = typer.Argument(..., help="Scenario files (YAML or JSON).", show_default=False),
    output: str = typer.Option(..., "--output", "-o",
                               help="OUT.md (Markdown), OUT.html (one self-contained page) or OUT.pdf (the page printed by headless Chromium); - for standard output."),
    format_: Optional[str] = typer.Option(None, "--format", help="md, html or pdf (default: from the output's "
                                                                 "name; md for standard output)."),
    as_of: Optional[str] = AS_OF,
    set_: Optional[List[str]] = SET,
    rules: Optional[str] = RULES,
    timeout: Optional[float] = TIMEOUT,
    toggles: int = typer.Option(6, "--toggles", min=0, max=10,
                                help="HTML: at most this many decisive open facts/positions as toggles."),
    jobs: Optional[int] = JOBS,
) -> None:
    """Write a briefing a desk officer can hand on, per person of each scenario.

    Summary table; each status and verdict with a short explanation and its citations;
    the open questions and what each would change; the timeline at the event dates; the
    sources, unverified ones flagged.  The HTML page is self-contained (no network) with
    derivation graphs and toggles for the decisive open facts and positions.

    Examples:

      status-engine brief scenarios/kursk-2025-02.yaml -o kursk.html

      status-engine brief scenarios/kursk-*.yaml -o kursk.md

      status-engine brief scenarios/kursk-2025-02.yaml -o - | less
    """

    def run() -> None:
        from pathlib import Path

        from .. import api
        from ..analysis import brief
        from .. import files as output_files
        from ..errors import InputError, Problem

        kind = "." + format_.lower().lstrip(".") if format_ else (".md" if output == "-" else Path(output).suffix.lower())
        if kind not in (".md", ".markdown", ".html", ".htm", ".pdf"):
            what = "--format" if format_ else "--output"
            raise InputError([Problem(what, None, None, "", f"cannot tell the format of {format_ or output!r}",
                                      "md, html or pdf" if format_ else "a name ending in .md, .html or .pdf, or -")])
        target = output_files.check(output, "--output")  # refused before any work, and nothing written yet
        if kind == ".pdf":
            from ..render import pdf

            pdf.chromium()  # no browser: said before any work
        book = api.rules_for(rules)
        briefs = brief.build(list(files), as_of=parse_date(as_of), overrides=_overrides(set_), rules=book,
                             timeout=timeout, toggles=kind in (".html", ".htm") and toggles > 0, max_toggles=toggles,
                             jobs=_jobs(jobs))
        if kind in (".html", ".htm", ".pdf"):
            from ..render.html import briefing
        else:
            from ..render.markdown import briefing
        text = briefing(briefs)
        if kind == ".pdf":  # the page as printed; its toggles would be dead on paper, so none were built
            pdf.write(target, pdf.html_to_pdf(text))
        else:
            target.write(text)
        typer.echo(f"wrote {'standard output' if output == '-' else output} ({len(briefs)} scenario(s), "
                   f"{sum(len(b.persons) for b in briefs)} person(s))", err=output == "-")

    guarded(run)
