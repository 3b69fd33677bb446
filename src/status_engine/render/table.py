"""A readable terminal table of a result (rich)."""

from __future__ import annotations

from typing import Any

from . import console as safe_console
from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

STYLE = {
    "necessary": "bold",
    "possible": "italic",
    "required": "bold green",
    "permitted": "cyan",
    "forbidden": "bold red",
    "depends": "yellow",
}


def _cell(items: dict[str, str]) -> Text:
    text = Text()
    for i, (key, value) in enumerate(items.items()):
        if i:
            text.append("\n")
        text.append(f"{key}: ")
        text.append(value, style=STYLE.get(value, ""))
    return text


def table(result: dict[str, Any], title: str | None = None) -> Group:
    head = Text()
    head.append(f"{result['scenario']}", style="bold")
    if title:
        head.append(f" - {title}")
    head.append(f"\nas of {result['as_of']} · {result['worlds']} world(s) · rules {result['rules']}")
    if result["open"]:
        head.append("\nopen: " + ", ".join(result["open"]), style="dim")
    t = Table(box=box.SIMPLE_HEAVY, show_lines=True, expand=False)
    t.add_column("person", style="bold")
    t.add_column("status")
    t.add_column("outcomes")
    for pid, person in result["persons"].items():
        t.add_row(pid, _cell(person["status"]), _cell(person["outcomes"]))
    return Group(head, t)


def render(results: list[tuple[dict[str, Any], str | None]], console: Console | None = None) -> None:
    console = console or safe_console()
    for i, (res, title) in enumerate(results):
        if i:
            console.print()
        console.print(table(res, title))
