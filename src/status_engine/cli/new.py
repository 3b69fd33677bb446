"""CLI command: ``status-engine new`` (write a scenario by answering questions).

Only the questions whose answers can change a result are asked: no GC III art. 4A(2)
questions for a regular soldier of a party (art. 4A(1) decides his case), no verification
question for a man who wishes to go home, no charge without proceedings.  Each question
offers ``unknown`` where the format allows it (the engine then explores every value).  The
file written is commented, valid, and starts with a ``yaml-language-server`` line so that
editors validate it as the user types.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Callable, Optional

import typer

from .base import app, guarded

SCHEMA_FILE = "scenario.schema.json"


def ask(question: str, default: Optional[str], check: Callable[[str], Optional[str]]) -> str:
    """Prompt until ``check`` (returning why an answer is wrong, or None) accepts the answer."""
    import click

    aborts = (click.exceptions.Abort, typer.Abort, EOFError)
    while True:
        try:
            answer = str(typer.prompt(question, default=default)).strip()
        except aborts:
            from ..errors import InputError, Problem

            raise InputError([Problem("<terminal>", None, None, "", f"no answer to: {question}",
                                      "an answer (the input ended)")]) from None
        why = check(answer)
        if why is None:
            return answer
        typer.echo(f"  {why}", err=True)


def ask_all(old: dict[str, Any], default_id: str) -> dict[str, str]:
    """Ask, one by one, every question whose answer can change a result (``authoring.questions``)."""
    from ..scenario.authoring.questions import next_question

    answers: dict[str, str] = {}
    group = "Scenario"
    today = dt.date.today()
    while (q := next_question(answers, old, default_id, today)) is not None:
        if q.group != group:
            typer.echo(f"\n{q.group}")
            group = q.group
        answers[q.key] = ask(q.text, q.default, q.why_not)
    return answers


@app.command("new")
def new_cmd(
    output: str = typer.Option(..., "-o", "--output", help="The scenario file to write."),
    from_file: Optional[str] = typer.Option(None, "--from", help="Offer the answers of this scenario as defaults."),
    schema: Optional[str] = typer.Option(None, "--schema", help="Path or URL of the JSON Schema for the editor line "
                                         f"(default: {SCHEMA_FILE} beside the file, written if absent)."),
) -> None:
    """Write a scenario by answering questions (only those that can change a result).

    Example: status-engine new -o scenarios/my-case.yaml
    """

    def run() -> None:
        from .. import api
        from ..scenario.authoring.questions import questions, scenario_text
        from ..errors import InputError, Problem
        from ..scenario.load import load_file, load_text

        old: dict[str, Any] = load_file(from_file).data if from_file else {}
        old = old if isinstance(old, dict) else {}
        target = Path(output)
        if target.exists():
            raise InputError([Problem(output, None, None, "", "the file exists already", "a new file name")])
        typer.echo("A new scenario. Enter keeps the [default]; `unknown` lets the engine explore every value.")
        answers = ask_all(old, target.stem.lower())
        text = scenario_text(answers, questions(answers, old, target.stem.lower()), schema or f"./{SCHEMA_FILE}")
        api.check(load_text(text, output), api.rules_for())  # what we write is valid
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        if schema is None and not (target.parent / SCHEMA_FILE).exists():
            from ..render.json_out import dumps
            from ..scenario.schema import json_schema

            (target.parent / SCHEMA_FILE).write_text(dumps(json_schema()), encoding="utf-8")
        typer.echo(f"wrote {output}; check it with: status-engine validate {output}")

    guarded(run)
