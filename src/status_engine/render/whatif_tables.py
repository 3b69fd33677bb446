"""Terminal tables (rich), JSON and CSV for the what-if commands.

Every renderer reads the plain data (``to_dict``) of its result, so that results made in
worker processes (``--jobs``) render exactly like those made here.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from . import console as safe_console
from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from .table import STYLE

STYLE = {**STYLE, "absent": "dim", "not_considered": "dim"}


def _v(value: Any) -> Text:
    text = "—" if value is None else str(value)
    return Text(text, style=STYLE.get(text, ""))


def _print(console: Console | None, parts: list[Any]) -> None:
    console = console or safe_console()
    for i, part in enumerate(parts):
        if i:
            console.print()
        console.print(part)


# ------------------------------------------------------------------------------ whatif

def whatif_table(comparisons: list[dict[str, Any]], console: Console | None = None,
                 words: dict[str, Any] | None = None) -> None:
    from .whatif_words import Words

    parts = []
    for c in comparisons:
        w = (words or {}).get(c["file"]) or Words()
        head = Text()
        head.append(c["scenario"], style="bold")
        head.append(f" · as of {c['as_of']} · what if " + "; ".join(_set_words(x, w) for x in c["set"]))
        worlds = c["worlds"]
        head.append(f"\nworlds: {worlds['baseline']} → {worlds['variant']}", style="dim")
        if c["open"]["no_longer"]:
            head.append("\nno longer open: " + "; ".join(w.question(p) for p in c["open"]["no_longer"]), style="dim")
        if c["open"]["newly"]:
            head.append("\nnewly open: " + "; ".join(w.question(p) for p in c["open"]["newly"]), style="dim")
        if not c["changes"]:
            parts.append(Group(head, Text("no status or verdict changes", style="italic")))
            continue
        parts.append(Group(head, Text(""), _changes(c["changes"], w=w)))
    _print(console, parts)


def _set_words(assignment: str, w: Any) -> str:
    """``persons.baek.wish=rok`` -> "Baek wishes to go to the Republic of Korea"."""
    path, _, value = assignment.partition("=")
    return w.fact(path, value) if w.phrases is not None else assignment


def _why(change: dict[str, Any]) -> str:
    """The explanation's line without its ``person key = value —`` prefix (shown beside it)."""
    text = change.get("reason") or ""
    prefix = f"{change['person']} {change['key']} = {change['after']} — "
    return text[len(prefix):] if text.startswith(prefix) else text


def _changes(changes: list[dict[str, Any]], dated: bool = False, w: Any = None) -> Text:
    """One line per change (baseline → variant), its reason indented below."""
    out = Text()
    for i, ch in enumerate(changes):
        if i:
            out.append("\n")
        if dated:
            out.append(f"{ch['date']}  ", style="bold")
        label = f"{w.person(ch['person'])}: {w.conclusion(ch['key'])}" if w is not None else \
            f"{ch['person']} {ch['key']}"
        out.append(f"{label}: ")
        out.append(str(ch["before"]), style=STYLE.get(ch["before"], ""))
        out.append(" → ")
        out.append(str(ch["after"]), style=STYLE.get(ch["after"], ""))
        why = _why(ch)
        if why:
            out.append(f"\n    why: {why}", style="dim")
    return out


# ------------------------------------------------------------------------------- sweep

def sweep_table(tables: list[dict[str, Any]], max_rows: int = 40, console: Console | None = None,
                words: dict[str, Any] | None = None) -> None:
    """Each sweep in the law's words (``words``: a ``whatif.words.Words`` per file), as wrapped
    lines: a decision table of sentences never fits a terminal, so each combination is a block."""
    from .whatif_words import Words

    console = console or safe_console()
    width = console.width
    parts = []
    for d in tables:
        w = (words or {}).get(d["file"]) or Words()
        parts.append(Group(*_sweep_lines(d, w, max_rows, width)))
    _print(console, parts)


def _lines(text: str, width: int, first: str = "", rest: str | None = None, style: str = "") -> list[Text]:
    from .table import wrap

    return [Text(line, style=style) for line in wrap(text, width, first, first if rest is None else rest)]


def _sweep_lines(d: dict[str, Any], w: Any, max_rows: int, width: int) -> list[Text]:
    paths = [a["path"] for a in d["vary"]]
    n = d["combinations"]
    head = f"{d['scenario']}" + (f" ({w.person(d['person'])})" if d["person"] else "")
    head += f" · as of {d['as_of']} · {n} combination{'s' if n != 1 else ''} of {len(paths)} fact(s)"
    if d["with_worlds"] != n:
        head += f", {n - d['with_worlds']} without a world (excluded by consistency rules)"
    out = _lines(head, width, style="bold")
    if d["held_open"]:
        k = len(d["held_open"])
        note = "they change nothing" if d["held_open_change_nothing"] else "the verdicts aggregate over them"
        out += _lines(f"{k} other open fact{'s' if k != 1 else ''} held open ({note}).", width, style="dim")
    out += [Text(""), Text("Facts varied", style="bold")]
    if not paths:
        out += [Text("no open facts to vary", style="italic")]
    for path in paths:
        changes = d["pivotal"].get(path)
        said = ("changes, alone: " + "; ".join(w.item(i) for i in changes)) if changes else "changes nothing alone"
        out += _lines(f"{w.question(path)}: {said}", width, "  - ", "    ")
    if d["summaries"]:
        out += [Text(""), Text("What each verdict turns on", style="bold")]
        for pid, groups in d["summaries"].items():
            for kind in ("status", "outcomes"):
                for key, s in groups[kind].items():
                    out += _lines(f"{w.person(pid)}: {w.conclusion(key)}: {_spoken_summary(s, w, paths)}",
                                  width, "  - ", "    ")
    rows = d.get("rows")
    items = _items(d)
    if rows is not None and len(rows) <= max_rows and items:
        out += [Text(""), Text(f"Decision table ({len(rows)} combinations)", style="bold")]
        for i, row in enumerate(rows, 1):
            when = "; ".join(w.fact(a["path"], row["values"][a["path"]]) for a in d["vary"])
            out += _lines(f"{i}. {when}", width, "  ", "     ")
            if row["persons"] is None:
                out += [Text("     no world (excluded by a consistency rule)", style="dim")]
                continue
            out += _verdict_lines(row["persons"], items, w, width)
    elif d["groups"] and items:
        out += [Text(""), Text(f"Decision table, grouped ({n} combinations, {len(d['groups'])} distinct outcomes; "
                               "--format csv or json for every row)", style="bold")]
        for i, g in enumerate(d["groups"], 1):
            when = w.condition(g["when"], paths)
            out += _lines(f"{i}. {g['combinations']} combination(s): {when}", width, "  ", "     ")
            out += _verdict_lines(g["persons"], items, w, width)
    if any(g[kind] for g in d["constant"].values() for kind in ("status", "outcomes")):
        out += [Text(""), Text("The same in every combination", style="bold")]
    for pid, groups in d["constant"].items():
        by_verdict: dict[str, list[str]] = {}
        for kind in ("status", "outcomes"):
            for key, v in groups[kind].items():
                by_verdict.setdefault(v, []).append(w.conclusion(key))
        for v, labels in by_verdict.items():
            out += _lines(f"{w.person(pid)}, {v}: " + "; ".join(labels), width, "  - ", "    ")
    return out


def _verdict_lines(persons: dict[str, Any], items: list[tuple[str, str, str]], w: Any, width: int) -> list[Text]:
    out = []
    for pid, kind, key in items:
        value = persons[pid][kind].get(key) or "absent"
        line = Text("     ")
        line.append(value.ljust(9), style=STYLE.get(value, ""))
        rest = _lines(f"{w.person(pid)}: {w.conclusion(key)}", width, " " * 15)
        line.append(" " + rest[0].plain.lstrip() if rest else "")
        out += [line] + rest[1:]
    return out


def _spoken_summary(s: dict[str, Any], w: Any, paths: list[str]) -> str:
    if not s["cases"]:
        return str(s["text"])
    parts = []
    for case in s["cases"]:
        when = case["when"]
        parts.append(f"{case['value']} {when}" if when in ("otherwise", "always")
                     else f"{case['value']} if {w.condition(when, paths)}")
    return "; ".join(parts)


def _items(d: dict[str, Any]) -> list[tuple[str, str, str]]:
    out = []
    for pid, groups in d["summaries"].items():
        for kind in ("status", "outcomes"):
            for key in groups[kind]:
                out.append((pid, kind, key))
    return out


def _short(path: str) -> str:
    from ..analysis.whatif.common import short

    return short(path)


def _fmt(value: Any) -> str:
    return "true" if value is True else "false" if value is False else str(value)


def sweep_csv(tables: list[dict[str, Any]]) -> str:
    """One CSV for every table: the union of their columns (empty where a table has none)."""
    paths: dict[str, None] = {}
    items: dict[tuple[str, str, str], None] = {}
    for d in tables:
        for a in d["vary"]:
            paths[a["path"]] = None
        for it in _items(d):
            items[it] = None
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["file", "scenario", "table", *paths, "has_world", "worlds",
                *[f"{pid}:{'status' if kind == 'status' else 'outcome'}:{key}" for pid, kind, key in items]])
    for d in tables:
        for row in d["rows"]:
            persons = row["persons"]
            cells = [_fmt(row["values"][p]) if p in row["values"] else "" for p in paths]
            verdicts = [("" if persons is None or pid not in persons else
                         (persons[pid][kind].get(key) or "")) for pid, kind, key in items]
            w.writerow([d["file"], d["scenario"], d["person"] or "all", *cells, "yes" if row["has_world"] else "no",
                        row.get("worlds", ""), *verdicts])
    return buf.getvalue()


# ------------------------------------------------------------------------------- needs

def needs_table(results: list[dict[str, Any]], console: Console | None = None,
                words: dict[str, Any] | None = None) -> None:
    from .whatif_words import Words

    parts = []
    for r in results:
        g = r["goal"]
        w = (words or {}).get(r["file"]) or Words()
        head = Text()
        head.append(r["scenario"], style="bold")
        quant = "in some world" if g["value"] == "possible" else "in every world"
        head.append(f" · as of {r['as_of']} · goal: {w.person(g['person'])}: {w.conclusion(g['key'])} "
                    f"{g['value']} ({quant})")
        head.append("\nfacts that may change: " + "; ".join(w.question(p) for p in r["can_change"]), style="dim")
        parts.append(head)
        if r["already_holds"]:
            s = r["solutions"][0]
            parts.append(Text.assemble(("already holds", "bold green"), " — no change needed",
                                       (f"\n  {s['reason']}" if s["reason"] else "", "")))
            continue
        if r["impossible"]:
            b = r["blocked_by"]
            t = Text()
            t.append("impossible under these rules", style="bold red")
            t.append(": " + _impossible_text(b["kind"]))
            for item in b["items"]:
                t.append(f"\n  • {item}")
            if b["reason"]:
                t.append(f"\n  now: {b['reason']}", style="dim")
            parts.append(t)
            continue
        size = len(r["solutions"][0]["changes"])
        t = Text()
        t.append(f"smallest change set(s): {size} change(s)", style="bold")
        if any(len(x["changes"]) != size for x in r["solutions"]):
            t.append(", then other minimal sets", style="bold")
        for i, sol in enumerate(r["solutions"], 1):
            t.append(f"\n{i:>3}. ")
            t.append("; and ".join(_change_words(c, w) for c in sol["changes"]))
            t.append("\n     " + " ".join(f"--set {x}" for x in sol["set"]), style="dim")
            if sol["result"]:
                t.append(f"\n     result: {w.person(g['person'])}: {w.conclusion(g['key'])}: ")
                t.append(sol["result"], style=STYLE.get(sol["result"], ""))
            why = _why({"person": g["person"], "key": g["key"], "after": sol["result"], "reason": sol["reason"]})
            if why:
                t.append(f"\n     why: {why}", style="dim")
        parts.append(t)
    _print(console, parts)


def _change_words(c: dict[str, Any], w: Any) -> str:
    """One change of a fact: the new fact in words, and what it was."""
    if w.phrases is None:
        return f"{c['path']}: {c['from']} → {c['to']}"
    was = "open" if c["from"] in (None, "unknown") else w.fact(c["path"], c["from"])
    return f"{w.fact(c['path'], c['to'])} (was: {was})"


def _impossible_text(kind: str) -> str:
    return {
        "rules": "the goal holds in no world, whatever the changes; it is blocked by each of these rules "
                 "(switching off any one would make it reachable):",
        "rules-jointly": "the goal holds in no world, whatever the changes; these rules together block it:",
        "not-considered": "the rules never reach this goal for this person, whatever the changes",
        "facts": "whatever the changes, a world remains where the goal fails, because of these facts "
                 "that cannot change:",
        "combinations": "every combination of changes leaves a world where the goal fails; for example:",
    }.get(kind, kind)


# ---------------------------------------------------------------------------- timeline

def timeline_table(timelines: list[dict[str, Any]], lanes: list[list[tuple[str, str, str, list[str]]]],
                   console: Console | None = None, words: dict[str, Any] | None = None) -> None:
    from .whatif_words import Words

    parts = []
    for tl, rows in zip(timelines, lanes):
        w = (words or {}).get(tl["file"]) or Words()
        head = Text()
        head.append(tl["scenario"], style="bold")
        head.append(f" · timeline {tl['points'][0]['date']} … {tl['points'][-1]['date']}"
                    f" · {len(tl['points'])} date(s), {len(tl['changes'])} change(s)")
        parts.append(head)
        years = {p["date"][:4] for p in tl["points"]}
        t = Table(box=box.SIMPLE_HEAVY, caption="· = unchanged since the previous date; * = an event that day",
                  caption_justify="left", collapse_padding=True, pad_edge=False)
        t.add_column("status / outcome", ratio=1)
        for p in tl["points"]:
            label = p["date"][5:] if len(years) == 1 else p["date"]
            t.add_column(label + ("*" if p["events"] else ""), no_wrap=len(tl["points"]) <= 6)
        for pid, kind, key, values in rows:
            cells = [_v(v) if i == 0 or v != values[i - 1] else Text("·", style="dim") for i, v in enumerate(values)]
            t.add_row(Text(f"{w.person(pid)}: {w.conclusion(key)}", style="bold" if kind == "status" else ""), *cells)
        parts.append(t)
        ev = Text()
        for p in tl["points"]:
            if p["events"]:
                ev.append(f"* {p['date']}: " + "; ".join(p["events"]) + "\n", style="dim")
        parts.append(ev)
        if tl["changes"]:
            parts.append(Group(Text("Changes", style="italic"), _changes(tl["changes"], dated=True, w=w)))
        else:
            parts.append(Text("no status or verdict changes between these dates", style="italic"))
    _print(console, parts)
