"""CLI command: ``status-engine rules`` (the rule base, its sources and coverage)."""

from __future__ import annotations

import sys
from typing import List, Optional

import typer

from .base import RULES, app, guarded


@app.command("rules")
def rules_cmd(
    positions: bool = typer.Option(False, "--positions", help="List the contested questions, their positions and sources."),
    coverage: bool = typer.Option(False, "--coverage", help="Articles of the brief encoded or not; rules and what makes them fire."),
    scenarios: Optional[List[str]] = typer.Option(None, "--scenarios", help="Scenario files or directories for --coverage (default: scenarios/ if present)."),
    test_log: Optional[str] = typer.Option(None, "--test-log", help="Firing log written by the test suite (make coverage)."),
    treaties: bool = typer.Option(False, "--treaties", help="Which instruments bind which state since when (the treaty registry); name a STATE to see one."),
    state: Optional[str] = typer.Argument(None, metavar="[STATE]", help="With --treaties: a state id (ua, rok, ...) or ISO code (UKR)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="With --treaties: mark what binds on this date (YYYY-MM-DD)."),
    json_out: bool = typer.Option(False, "--json", help="JSON instead of a table."),
    rules: Optional[str] = RULES,
) -> None:
    """List every rule with its source; --positions; --coverage; --treaties [STATE].

    Examples: status-engine rules · status-engine rules --positions · status-engine rules --coverage ·
    status-engine rules --treaties rok --as-of 2025-01-09
    """

    def run() -> None:
        from pathlib import Path

        from .. import api, coverage as cov

        book = api.rules_for(rules)
        if treaties or state:
            from .treaties_view import treaty_rows, treaty_table

            data = treaty_rows(book.registry, state, as_of)
            return _print(data, json_out, treaty_table)
        if positions:
            data = {q: spec for q, spec in book.questions.items()}
            if json_out:
                return _print(data, json_out, _positions_table)
            from ..render import console as make_console

            out = make_console()
            return out.print(_positions_table(data, out.width, book.phrases), soft_wrap=True)
        if coverage:
            paths = scenarios or (["scenarios"] if Path("scenarios").is_dir() else [])
            arts = cov.articles(book)
            fire = cov.firing(book, cov.scenario_files(paths), test_log)
            data = {
                "articles": cov.by_article(arts),
                "provisions": [a.__dict__ | {"encoded": bool(a.encoded_by), "encoded_by": list(a.encoded_by)} for a in arts],
                "rules": {rid: {"citation": book.sources[rid].citation, **f} for rid, f in fire.items()},
                "never_fired": sorted(r for r, f in fire.items() if not f["scenarios"] and not f["tests"]),
            }
            return _print(data, json_out, _coverage_table)
        _print(rule_rows(book), json_out, _rules_table)

    guarded(run)


def rule_rows(book) -> dict:
    """Every rule with its source and where it is defined: the data of ``rules --json``."""
    from .. import coverage as cov

    where = cov.rule_locations(book)
    return {rid: {"citation": s.citation, "instrument": s.instrument, "article": s.article,
                  "paragraph": s.paragraph, "paraphrase": s.paraphrase, "link": s.link, "verified": s.verified,
                  "last_reviewed": s.last_reviewed, "defined_at": where.get(rid, [])}
            for rid, s in sorted(book.sources.items())}


def _print(data, json_out, table_fn) -> None:
    if json_out:
        from ..render.json_out import dumps

        sys.stdout.write(dumps(data))
    else:
        from ..render import console

        console().print(table_fn(data))


def _rules_table(data):
    from rich.table import Table

    t = Table(title=f"{len(data)} rules", show_lines=False)
    for col in ("rule", "source", "paraphrase", "verified", "defined at"):
        t.add_column(col)
    for rid, r in data.items():
        t.add_row(rid, r["citation"], r["paraphrase"], "yes" if r["verified"] else "[yellow]NO[/]",
                  ", ".join(r["defined_at"]))
    return t


def _positions_table(data, width=80, phrases=None):
    """Each question, then each position: its label, reading and source, wrapped between words only
    (a table of five columns cut ids such as ``refused_repatriation`` at 80 columns)."""
    from rich.console import Group
    from rich.text import Text

    from ..render.table import wrap

    lines = [Text("contested questions", style="bold")]
    for q, spec in data.items():
        lines.append(Text(""))
        lines += [Text(x, style="bold" if i == 0 else "")
                  for i, x in enumerate(wrap(f"{q}: {spec.get('question', '')}", width, "", "  "))]
        for name, pos in (spec.get("positions") or {}).items():
            verified = "verified" if pos.get("verified") else "NOT verified"
            head = Text("  ")
            head.append(name, style="bold")
            head.append(" (")
            head.append(verified, style="" if pos.get("verified") else "yellow")
            head.append(")")
            lines.append(head)
            label = (phrases.positions.get(q, {}).get(name) if phrases is not None else None)
            if label:
                lines += [Text(x) for x in wrap(label, width, "    ", "      ")]
            lines += [Text(x) for x in wrap("reading: " + str(pos.get("summary", "")), width, "    ", "      ")]
            lines += [Text(x, style="dim") for x in wrap("source: " + str(pos.get("source", "")), width,
                                                         "    ", "      ")]
    return Group(*lines)


def _coverage_table(data):
    from rich.console import Group
    from rich.table import Table

    a = Table(title="articles named in the legal brief")
    for col in ("instrument", "article", "encoded by", "paragraphs not encoded"):
        a.add_column(col)
    for art in data["articles"]:
        if art["encoded"]:
            mark = ", ".join(art["encoded_by"])
        else:
            mark = "[dim]context: no rule of its own[/]" if art["context"] else "[red]not encoded[/]"
        a.add_row(art["instrument"], art["article"], mark, ", ".join(art["paragraphs_not_encoded"]))
    r = Table(title="rules and what makes them fire")
    for col in ("rule", "source", "scenarios", "tests"):
        r.add_column(col)
    for rid, f in data["rules"].items():
        names = [n.rsplit(".", 1)[0] for n in f["scenarios"]]
        scen = (f"{len(names)}: " + ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")) if names else "[red]none[/]"
        tests = str(len(f["tests"])) + " test(s)" if f["tests"] else "-"
        r.add_row(rid, f["citation"], scen, tests)
    never = Table(title="rules nothing fires")
    never.add_column("rule")
    for rid in data["never_fired"]:
        never.add_row(rid)
    return Group(a, r, never)
