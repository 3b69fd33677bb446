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

        from .. import api
        from ..rulebook import coverage as cov

        book = api.rules_for(rules)
        if treaties or state:
            from .treaties import treaty_rows, treaty_table

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
    from ..rulebook import coverage as cov

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

        out = console()
        out.print(table_fn(data, out.width))


def _rules_table(data, width=80):
    """Every rule under its instrument, as wrapped lines: the citation, the id, whether it was
    checked against its source, the paraphrase, and where the rule files define it (a table of
    five columns cut the file names at 80 columns)."""
    from rich.console import Group
    from rich.text import Text

    from ..render.table import wrap

    lines = [Text(f"{len(data)} rules, by instrument", style="bold")]
    by_instrument: dict = {}
    for rid, r in data.items():
        by_instrument.setdefault(r["instrument"] or "(no instrument)", []).append((rid, r))
    for instrument, rules in by_instrument.items():
        lines += [Text(""), Text(instrument, style="bold")]
        for rid, r in rules:
            head = Text("  ")
            head.append(r["citation"], style="bold")
            head.append(f" · {rid} · ")
            head.append("verified" if r["verified"] else "NOT verified", style="" if r["verified"] else "yellow")
            lines.append(head)
            lines += [Text(x) for x in wrap(r["paraphrase"] or "", width, "    ", "    ")]
            if r["defined_at"]:
                lines += [Text(x, style="dim") for x in wrap("defined at " + ", ".join(r["defined_at"]), width,
                                                             "    ", "      ")]
    return Group(*lines)


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


def _coverage_table(data, width=80):
    """The brief's articles and what encodes them, then each rule and what makes it fire, as
    wrapped lines (never a cut id)."""
    from rich.console import Group
    from rich.text import Text

    from ..render.table import wrap

    def para(text: str, style: str = "", first: str = "  - ", rest: str = "    ") -> list:
        return [Text(x, style=style) for x in wrap(text, width, first, rest)]

    lines = [Text("Articles named in the legal brief", style="bold")]
    for art in data["articles"]:
        where = f"{art['instrument']} art. {art['article']}"
        if art["encoded"]:
            said = "encoded by " + ", ".join(art["encoded_by"])
            if art["paragraphs_not_encoded"]:
                said += "; paragraphs not encoded: " + ", ".join(art["paragraphs_not_encoded"])
            lines += para(f"{where}: {said}")
        elif art["context"]:
            lines += para(f"{where}: context only, no rule of its own", "dim")
        else:
            lines += para(f"{where}: NOT ENCODED", "red")
    lines += [Text(""), Text("Rules and what makes them fire", style="bold")]
    for rid, f in data["rules"].items():
        names = [n.rsplit(".", 1)[0] for n in f["scenarios"]]
        scen = (f"fires in {len(names)} scenario(s): " + ", ".join(names)) if names else "fires in no bundled scenario"
        tests = f"; {len(f['tests'])} test(s)" if f["tests"] else "; no test"
        lines += para(f"{rid} ({f['citation']}): {scen}{tests}", "" if names else "red")
    lines += [Text(""), Text("Rules nothing fires", style="bold")]
    lines += para(", ".join(data["never_fired"]) or "none", first="  ", rest="  ")
    return Group(*lines)
