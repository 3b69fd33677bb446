"""The command line (typer): parse options, call one function, print, set the exit code.

Exit codes: 0 ok, 1 evaluation problem (no world, timeout, rule-base defect, failed
expectation), 2 bad input.  Errors are printed without a traceback and nothing is
written to standard output before every input has been read and evaluated.
Heavy modules are imported inside the commands that need them, so that a cold
``status-engine eval`` costs little more than importing clingo, pydantic and typer.
What the commands share (the app, options, error handling) is in ``cli.base``.
"""

from __future__ import annotations

import sys
from typing import List, Optional

import typer

from . import base
from .base import (AS_OF, FILES, JOBS, RULES, SET, TIMEOUT, Format, _overrides, _prepare_all, _say,  # noqa: F401
                   app, did_you_mean, fail, guarded, known_key, parse_date, plausible_key, warn)


@app.command("eval")
def eval_cmd(
    files: List[str] = FILES,
    as_of: Optional[str] = AS_OF,
    set_: Optional[List[str]] = SET,
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table (default) or json."),
    timeout: Optional[float] = TIMEOUT,
    rules: Optional[str] = RULES,
    jobs: int = JOBS,
) -> None:
    """Evaluate scenarios: every possible status and every outcome's verdict per person.

    Example: status-engine eval scenarios/kursk-2025-06.yaml --set persons.ri.wish_verified=true
    """

    def run() -> None:
        from .. import api

        book = api.rules_for(rules)
        date, ovs = parse_date(as_of), _overrides(set_)
        prepared = _prepare_all(files, date, ovs, book)
        if jobs > 1 and len(prepared) > 1:  # every input checked above; workers evaluate
            from ..analysis.whatif.parallel import evaluate_files

            outputs = evaluate_files(files, date, set_ or [], rules, timeout, jobs)
        else:
            outputs = [(e.result, e.prepared.scenario.title)
                       for e in (api.evaluate_prepared(p, timeout) for p in prepared)]
        if fmt is Format.json:
            from ..render.json_out import render

            sys.stdout.write(render([result for result, _ in outputs]))
        else:
            from ..render.table import render as render_table
            from ..analysis.whatif.open_facts import summarise

            render_table(outputs, book=book, scenarios=[p.scenario for p in prepared],
                         open_facts=[summarise(p, timeout, res) for p, (res, _) in zip(prepared, outputs)])

    guarded(run)


@app.command("validate")
def validate_cmd(files: List[str] = FILES, rules: Optional[str] = RULES) -> None:
    """Check scenario files without evaluating them; report every problem with file:line.

    Example: status-engine validate scenarios/*.yaml
    """

    def run() -> None:
        from .. import api

        _prepare_all(files, None, [], api.rules_for(rules))
        for f in files:
            typer.echo(f"ok  {f}")

    guarded(run)


@app.command("schema")
def schema_cmd(markdown: bool = typer.Option(False, "--markdown", help="Every key as a Markdown reference "
                                             "(docs/format.md) instead of the JSON Schema.")) -> None:
    """Print the JSON Schema of scenario format v1 (with extensions), for editors.

    Example: status-engine schema --markdown > docs/format.md
    """

    def run() -> None:
        from ..render.json_out import dumps
        from ..scenario.schema import json_schema, markdown as as_markdown

        sys.stdout.write(as_markdown() if markdown else dumps(json_schema()))

    guarded(run)


# Command groups live in their own modules; importing them registers their commands.
# The command groups register their commands on ``base.app`` when imported.
from . import explain, new, regress, serve, whatif  # noqa: E402,F401
from . import rules as rules_group  # noqa: E402,F401  (``rules`` is an option's name below)


def main() -> None:
    base.supervise()
    try:
        app()
    except KeyboardInterrupt:  # Ctrl-C outside a command (while starting): no traceback
        _say("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
