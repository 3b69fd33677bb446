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
import json
import re
from pathlib import Path
from typing import Any, Callable, Optional

import typer

from .base import app, guarded

_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
SCHEMA_FILE = "scenario.schema.json"


def _is_date(text: str) -> bool:
    try:
        return bool(_DATE.match(text)) and bool(dt.date.fromisoformat(text))
    except ValueError:
        return False


def ask(question: str, default: Any, check: Callable[[str], Optional[str]]) -> str:
    """Prompt until ``check`` (returning why an answer is wrong, or None) accepts the answer."""
    import click

    aborts = (click.exceptions.Abort, typer.Abort, EOFError)
    while True:
        try:
            answer = str(typer.prompt(question, default=_yaml(default) if default is not None else None)).strip()
        except aborts:
            from ..errors import InputError, Problem

            raise InputError([Problem("<terminal>", None, None, "", f"no answer to: {question}",
                                      "an answer (the input ended)")]) from None
        why = check(answer)
        if why is None:
            return answer
        typer.echo(f"  {why}", err=True)


def one_of(*words: str, state: bool = False, date: bool = False) -> Callable[[str], Optional[str]]:
    def check(answer: str) -> Optional[str]:
        if answer in words or (state and _ID.match(answer) and answer not in ("true", "false")) \
                or (date and _is_date(answer)):
            return None
        options = (["a state id (e.g. ru)"] if state else []) + (["a date YYYY-MM-DD"] if date else []) + list(words)
        return f"`{answer}` is not " + " or ".join(options)
    return check


def _yaml(value: Any) -> str:
    if value is True or value is False:
        return str(value).lower()
    if value is None:
        return "null"
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _scalar(text: str) -> str:
    """An answer as a YAML scalar: ids, dates and words plain, free text quoted."""
    return text if re.fullmatch(r"[a-z0-9][a-z0-9_-]*|[0-9-]+", text) else json.dumps(text, ensure_ascii=False)


def _prior(person: dict[str, Any], key: str, default: Any) -> Any:
    value = person.get(key, default)
    return value.get("value", default) if isinstance(value, dict) else value


def ask_person(n: int, parties: list[str], old: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(key, value, comment) lines of one person, asking only what can change his result."""
    typer.echo(f"\nPerson {n + 1}")
    lines: list[tuple[str, str, str]] = []

    def q(key: str, text: str, default: Any, check: Callable[[str], Optional[str]], comment: str) -> str:
        answer = ask(text, _prior(old, key, default), check)
        lines.append((key, answer, comment))
        return answer

    q("id", "Id (lowercase letters, digits, _)", old.get("id", f"p{n + 1}"),
      lambda a: None if _ID.match(a) else "an id starts with a lowercase letter, then lowercase letters, digits or _",
      "unique in the file")
    label = ask("Display name (optional, Enter to skip)", old.get("label", ""), lambda a: None)
    if label:
        lines.append(("label", label, ""))
    q("origin", "State of origin (state id | unknown)", "unknown", one_of("unknown", state=True), "state of nationality")
    forces = q("armed_forces", "Whose regular armed forces is he a member of (state id | none | unknown)", "unknown",
               one_of("none", "unknown", state=True), "art. 4A(1)")
    regular = forces in parties
    if not regular and forces not in ("none",):
        q("incorporated_into", "Formally incorporated into another state's forces (state id | none | unknown)",
          "unknown", one_of("none", "unknown", state=True), "AP I art. 43")
    q("fought_for", "Party on whose side he fought (state id | none | unknown)", forces if forces != "none" else "unknown",
      one_of("none", "unknown", state=True), "")
    if not regular:  # art. 4A(2) matters only outside a party's regular forces
        for key, text in (("responsible_command", "commanded by a person responsible for subordinates"),
                          ("distinctive_sign", "wearing a fixed distinctive sign"),
                          ("arms_openly", "carrying arms openly"),
                          ("laws_of_war", "respecting the laws and customs of war")):
            default = (old.get("conditions_4a2") or {}).get(key, "unknown")
            answer = ask(f"Was his unit {text}? (true | false | unknown)", default, one_of("true", "false", "unknown"))
            lines.append((f"conditions_4a2.{key}", answer, "GC III art. 4A(2)"))
    q("captured_by", "Detaining state (state id | unknown)", "unknown", one_of("unknown", state=True), "")
    q("captured_on", "Date of capture (YYYY-MM-DD | unknown)", "unknown", one_of("unknown", date=True), "")
    wish = q("wish", "Where does he wish to go (origin | state id | stay | undecided | unknown)", "unknown",
             one_of("origin", "stay", "undecided", "unknown", state=True), "")
    if wish != "origin":
        q("wish_verified", "Verified by the ICRC or a neutral body in a private interview? (true | false | unknown)",
          "false", one_of("true", "false", "unknown"), "")
        origin = next(v for k, v, _ in lines if k == "origin")
        if origin != "unknown":
            risk = ask(f"Risk of serious harm if returned to {origin} (substantial | none | unknown)",
                       (old.get("risk_on_return") or {}).get(origin, "unknown"), one_of("substantial", "none", "unknown"))
            lines.append((f"risk_on_return.{origin}", risk, "non-refoulement"))
    proceedings = q("proceedings", "Criminal proceedings in the detaining state (none | pending | convicted | unknown)",
                    "none", one_of("none", "pending", "convicted", "unknown"), "")
    if proceedings != "none":
        q("charge", "What for (war_crime | ordinary_crime | participation_only | unknown)", "unknown",
          one_of("war_crime", "ordinary_crime", "participation_only", "unknown"), "")
    q("seriously_wounded", "Seriously wounded or sick? (true | false | unknown)", "false",
      one_of("true", "false", "unknown"), "GC III art. 110")
    return lines


def _text(head: list[tuple[str, str, str]], kind: str, parties: list[str], ended: str,
          persons: list[list[tuple[str, str, str]]], schema: str) -> str:
    states = sorted({*parties, *(v for p in persons for k, v, _ in p
                                 if k in ("origin", "armed_forces", "incorporated_into", "fought_for", "captured_by",
                                          "wish") and v not in ("unknown", "none", "origin", "stay", "undecided")),
                     *(k.split(".")[1] for p in persons for k, _, _ in p if k.startswith("risk_on_return."))})
    out = [f"# yaml-language-server: $schema={schema}",
           f"# Written by `status-engine new` on {dt.date.today().isoformat()}. `unknown` = not established:",
           "# the engine explores every possible value. Every key: docs/format.md.",
           "format: status-engine/v1"]
    out += [f"{k}: {_scalar(v)}" + (f"  # {c}" if c else "") for k, v, c in head]
    out += ["conflict:", f"  kind: {kind}"]
    return "\n".join(out + _body(parties, ended, states, persons)) + "\n"


def _body(parties: list[str], ended: str, states: list[str], persons: list[list[tuple[str, str, str]]]) -> list[str]:
    out = [f"  parties: [{', '.join(parties)}]", f"  hostilities_ended: {ended}",
           "states:  # a state id that is an ISO code (ru, ua) or rok/dprk/prc/roc brings what is known of it"]
    out += [f"  {sid}: {{}}" for sid in states]
    out.append("persons:")
    for person in persons:
        first = True
        groups: dict[str, list[tuple[str, str, str]]] = {}
        for key, value, comment in person:
            note = f"  # {comment}" if comment else ""
            if "." in key:
                group, sub = key.split(".", 1)
                groups.setdefault(group, []).append((sub, value, comment))
                continue
            out.append(("  - " if first else "    ") + f"{key}: {_scalar(value)}{note}")
            first = False
        for group, items in groups.items():
            out.append(f"    {group}:")
            out += [f"      {sub}: {_scalar(v)}" + (f"  # {c}" if c else "") for sub, v, c in items]
    return out


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
        from ..errors import InputError, Problem
        from ..loader import load_file, load_text

        old: dict[str, Any] = load_file(from_file).data if from_file else {}
        old = old if isinstance(old, dict) else {}
        conflict = old.get("conflict") if isinstance(old.get("conflict"), dict) else {}
        target = Path(output)
        if target.exists():
            raise InputError([Problem(output, None, None, "", "the file exists already", "a new file name")])
        typer.echo("A new scenario. Enter keeps the [default]; `unknown` lets the engine explore every value.")
        head = [("id", ask("Scenario id (lowercase letters, digits, _ or -)", old.get("id", target.stem.lower()),
                           lambda a: None if re.fullmatch(r"[a-z][a-z0-9_-]*", a) else
                           "the id starts with a lowercase letter, then lowercase letters, digits, _ or -"), "")]
        title = ask("Title (optional)", old.get("title", ""), lambda a: None)
        if title:
            head.append(("title", title, ""))
        head.append(("as_of", ask("Evaluation date (YYYY-MM-DD)", old.get("as_of", dt.date.today()), one_of(date=True)),
                     "events after it are ignored"))
        kind = ask("Kind of conflict (international | non_international | unknown)",
                   _prior(conflict, "kind", "international"), one_of("international", "non_international", "unknown"))
        parties = ask("Parties to the conflict from its start (state ids, comma separated)",
                      ", ".join(conflict.get("parties") or []) or None,
                      lambda a: None if a and all(_ID.match(x.strip()) for x in a.split(",")) else
                      "state ids such as ru, ua, separated by commas")
        party_list = [x.strip() for x in parties.split(",")]
        ended = ask("Date active hostilities ended (YYYY-MM-DD | null while they go on | unknown)",
                    _prior(conflict, "hostilities_ended", None) or "null", one_of("null", "unknown", date=True))
        old_persons = [p for p in old.get("persons") or [] if isinstance(p, dict)]
        persons = []
        while True:
            persons.append(ask_person(len(persons), party_list, old_persons[len(persons)]
                                      if len(persons) < len(old_persons) else {}))
            more = len(persons) < len(old_persons)
            if ask("Another person? (y | n)", "y" if more else "n", one_of("y", "n", "yes", "no"))[0] == "n":
                break
        location = schema or f"./{SCHEMA_FILE}"
        text = _text(head, kind, party_list, ended, persons, location)
        api.check(load_text(text, output), api.rules_for())  # what we write is valid
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        if schema is None and not (target.parent / SCHEMA_FILE).exists():
            from ..render.json_out import dumps
            from ..schema import json_schema

            (target.parent / SCHEMA_FILE).write_text(dumps(json_schema()), encoding="utf-8")
        typer.echo(f"wrote {output}; check it with: status-engine validate {output}")

    guarded(run)
