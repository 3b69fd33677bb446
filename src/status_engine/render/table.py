"""A readable terminal table of a result: verdicts beside labels in the law's words.

Each line is a verdict word, then the status or outcome in words (``rules/phrases.yaml``)
with its key in brackets: ``forbidden  return to the DPRK (repatriate:dprk)``.  Lines are
laid out here and wrapped between words only, to the terminal's width (80 columns when
piped), and printed as they are: no id, label or verdict word is ever cut or split.
"""

from __future__ import annotations

import textwrap
from typing import Any, Iterable, Optional, Sequence

from . import console as safe_console
from rich.console import Console, Group
from rich.text import Text

from .styles import STYLE

VERDICT_WIDTH = max(len(w) for w in STYLE)


def wrap(text: str, width: int, indent: str = "", subsequent: str | None = None) -> list[str]:
    """``text`` in lines of at most ``width`` characters, broken between words only (a word
    longer than the line stands alone, whole)."""
    return textwrap.wrap(text, width=max(width, 20), initial_indent=indent,
                         subsequent_indent=indent if subsequent is None else subsequent,
                         break_long_words=False, break_on_hyphens=False) or [indent.rstrip()]


def _verdict_lines(items: dict[str, str], label: Any, width: int, indent: str,
                   turns_on: Any = None) -> list[Text]:
    """One verdict a line (wrapped under its label); an unsettled one says what it turns on."""
    out = []
    pad = indent + " " * (VERDICT_WIDTH + 2)
    for key, value in items.items():
        words = label(key)
        shown = f"{words} ({key})" if words != key else key
        lines = wrap(shown, width, pad)
        first = Text(indent)
        first.append(value.ljust(VERDICT_WIDTH), style=STYLE.get(value, ""))
        first.append("  " + lines[0][len(pad):])
        out.append(first)
        out += [Text(line) for line in lines[1:]]
        questions = turns_on(key) if turns_on is not None else None
        if questions:
            out += [Text(line, style="dim") for line in wrap("turns on: " + "; ".join(questions), width, pad,
                                                             pad + "  ")]
    return out


def open_lines(result: dict[str, Any], open_facts: Any, width: int) -> list[Text]:
    """The open facts: those that can change a result, as questions; the others counted.

    Without a relevance summary (``whatif.open_facts``), the open paths as they are."""
    if not result["open"]:
        return []
    if open_facts is None:
        return [Text(line, style="dim") for line in wrap("open: " + ", ".join(result["open"]), width, "", "  ")]
    if not open_facts.checked:
        return [Text(line, style="dim") for line in wrap(
            f"{open_facts.others} facts are open; with this many persons the table does not check which of them "
            "can change a result (status-engine sweep --person does, person by person).", width, "", "  ")]
    n = len(open_facts.relevant)
    if not n:
        return [Text(line, style="dim") for line in wrap(
            f"{open_facts.others} facts are open, but none of them can change any status or verdict here.",
            width, "", "  ")]
    head = f"Open facts that can change a result ({n}):"
    lines = [Text(head)]
    for _, asked in open_facts.relevant:
        lines += [Text(line) for line in wrap(asked, width, "  - ", "    ")]
    if open_facts.others:
        lines += [Text(line, style="dim") for line in wrap(
            (f"{open_facts.others} other open facts change" if open_facts.others > 1 else "1 other open fact changes")
            + " no result here (all are listed by --format json).",
            width, "", "  ")]
    return lines


def table(result: dict[str, Any], title: str | None = None, width: int = 80,
          phrases: Any = None, names: Any = None, open_facts: Any = None) -> Group:
    lines: list[Text] = []
    head = f"{result['scenario']}" + (f" - {title}" if title else "")
    for i, line in enumerate(wrap(head, width, "", "  ")):
        lines.append(Text(line, style="bold" if i == 0 else ""))
    lines += [Text(line) for line in
              wrap(f"as of {result['as_of']} · {result['worlds']} world(s) · rules {result['rules']}", width, "", "  ")]
    lines += open_lines(result, open_facts, width)

    def status_label(key: str) -> str:
        return phrases.status(key) if phrases is not None else key

    def outcome_label(key: str) -> str:
        return phrases.outcome(key, names) if phrases is not None else key

    for pid, person in result["persons"].items():
        lines.append(Text(""))
        shown = names.persons.get(pid, pid) if names is not None else pid
        lines.append(Text(pid if shown == pid else f"{shown} ({pid})", style="bold"))
        def turns_on(key: str, pid: str = pid) -> Any:
            return open_facts.turns_on.get((pid, key)) if open_facts is not None else None

        lines.append(Text("  status"))
        lines += _verdict_lines(person["status"], status_label, width, "    ", turns_on)
        lines.append(Text("  outcomes"))
        lines += _verdict_lines(person["outcomes"], outcome_label, width, "    ", turns_on)
    return Group(*lines)


def render(results: list[tuple[dict[str, Any], str | None]], console: Console | None = None,
           book: Any = None, scenarios: Optional[Sequence[Any]] = None,
           open_facts: Optional[Sequence[Any]] = None) -> None:
    """Print each result; ``book`` and ``scenarios`` (in the same order) give the words and names,
    ``open_facts`` (in the same order) which open facts can change a result."""
    from ..rulebook.phrases import names_for

    console = console or safe_console()
    phrases = book.phrases if book is not None else None
    scns: Iterable[Any] = scenarios if scenarios is not None and len(scenarios) == len(results) else [None] * len(results)
    opens: Iterable[Any] = open_facts if open_facts is not None and len(open_facts) == len(results) \
        else [None] * len(results)
    for i, ((res, title), scn, opened) in enumerate(zip(results, scns, opens)):
        if i:
            console.print()
        names = names_for(scn, book.registry, phrases) if scn is not None and book is not None else None
        console.print(table(res, title, console.width, phrases, names, opened), soft_wrap=True)
