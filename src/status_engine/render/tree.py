"""Explanations as a terminal tree (rich).

One branch per conclusion: its value, what decides it (the conditions on open facts and
positions under which it takes each value), then per case the derivation (rule id,
citation, paraphrase, the facts used with file:line and evidence) or the why-not (every
rule that could derive it and the condition that failed).
"""

from __future__ import annotations

from typing import Any, Optional

from . import console as safe_console
from rich.console import Console, Group
from rich.text import Text
from rich.tree import Tree

from . import words
from .table import STYLE

VALUE_STYLE = {"holds": "bold green", "does not hold": "red", "absent": "dim", **STYLE}


def _step(tree: Tree, step: Any, label: str = "") -> None:
    t = Text()
    if label:
        t.append(label, style="dim")
    t.append(step.atom, style="bold")
    if step.rule_id:
        t.append("  ⇐ ")
        t.append(step.rule_id, style="cyan")
        t.append(f" · {step.citation}")
        if step.verified is False:
            t.append(f" ({words.UNVERIFIED})", style="yellow")
        t.append(f"  {step.rule_file}:{step.rule_line}", style="dim")
        if step.paraphrase:
            t.append(f"\n{step.paraphrase}", style="italic dim")
    else:
        t.append(f"  (view {step.rule_file}:{step.rule_line})", style="dim")
    node = tree.add(t)
    for f in step.facts:
        node.add(_fact(f))
    if step.absent:
        absent = node.add(Text("and not: " + ", ".join(step.absent)
                               + (" — not derived, because:" if step.absent_why else ""), style="dim"))
        for f in step.absent_why:
            _failure(absent, f)
    for child in step.children:
        _step(node, child)


def _fact(f: Any) -> Text:
    t = Text("fact ", style="dim")
    t.append(f"{f.path} = {f.value}", style="magenta")
    if f.assumed:
        t.append(" (unknown; this world)", style="yellow")
    t.append(f"  {words.where(f)}", style="dim")
    if f.evidence:
        t.append(f"\nevidence: {' '.join(f.evidence.split())}", style="dim")
    return t


def _failure(tree: Tree, f: Any) -> None:
    t = Text("✗ ", style="red")
    if f.rule_id:
        t.append(f.rule_id, style="cyan")
        t.append(f" · {f.citation}")
        if f.verified is False:
            t.append(f" ({words.UNVERIFIED})", style="yellow")
    else:
        t.append(f"view {f.rule_location}", style="dim")
    t.append(": fails at ")
    t.append(f.failed, style="bold")
    if f.rule_id and f.paraphrase:
        t.append(f"\n{f.paraphrase}", style="italic dim")
    node = tree.add(t)
    for ref in f.facts:
        node.add(_fact(ref))
    if f.blocker is not None:
        _step(node, f.blocker, "which holds: ")
    for b in f.because:
        _failure(node, b)


def _case(tree: Tree, exp: Any, value: str, case: Any, sp: Any = None) -> None:
    cond = sp.condition(case.condition) if sp is not None else words.condition_text(case.condition, exp.person)
    head = Text()
    head.append(value, style=VALUE_STYLE.get(value, ""))
    head.append(" " + (cond if cond == "in every world" else f"if {cond}"))
    node = tree.add(head)
    if case.derivation is not None:
        _step(node, case.derivation)
    if case.scope is not None:
        _step(node, case.scope, "considered because: ")
    if case.derivation is None:
        if not case.why_not:
            node.add(Text("no rule of the rule base could derive it" if exp.kind == "status"
                          else "no rule of the rule base forbids or requires it", style="dim"))
        for f in case.why_not:
            _failure(node, f)


def explanation_tree(exp: Any, sp: Any = None) -> Tree:
    """One conclusion; with a speaker (``render.speak``), the person, conclusion and conditions in words."""
    head = Text()
    who, what = (sp.person(exp.person), sp.label(exp.key)) if sp is not None else (exp.person, exp.key)
    head.append(f"{who} · {what}: ", style="bold")
    head.append(exp.value, style=VALUE_STYLE.get(exp.value, ""))
    if exp.mirror_of:
        head.append(f"  (same as {exp.mirror_of}, whose derivation is shown)", style="dim")
    tree = Tree(head)
    if words.is_open(exp):
        tree.add(Text("what decides it: " + (sp.decides(exp) if sp is not None else words.decides(exp)),
                      style="yellow"))
    for value, cases in words.ordered_cases(exp):
        for case in cases:
            _case(tree, exp, value, case, sp)
    return tree


def contrast_tree(c: Any) -> Tree:
    tree = Tree(Text(f"{c.person}: why {c.key} rather than {c.versus}", style="bold"))
    tree.add(Text(f"{c.key} ({c.first.value}): {words.decides(c.first)}"))
    tree.add(Text(f"{c.versus} ({c.second.value}): {words.decides(c.second)}"))
    tree.add(Text("decisive difference: " + contrast_summary(c), style="yellow"))
    for name, cases, a, b in (("rather", c.rather, c.key, c.versus), ("instead", c.instead, c.versus, c.key)):
        if not cases:
            tree.add(Text(f"{a} never holds without {b}", style="dim"))
            continue
        for case in cases:
            cond = words.condition_text(case.condition, c.person)
            node = tree.add(Text(f"{a} and not {b} " + (cond if cond == "in every world" else f"if {cond}"),
                                 style="bold"))
            first, second = (case.first, case.second) if name == "rather" else (case.second, case.first)
            _reason(node, first)
            _reason(node, second)
    return tree


def _reason(tree: Tree, r: Any) -> None:
    node = tree.add(Text(f"{r.key}: {r.value}", style=VALUE_STYLE.get(r.value, "")))
    if r.derivation is not None:
        _step(node, r.derivation)
    if r.scope is not None:
        _step(node, r.scope, "considered because: ")
    for f in r.why_not:
        _failure(node, f)


def contrast_summary(c: Any) -> str:
    """Where the first holds and the second does not, and what fails for the second there."""
    if not c.rather:
        return f"{c.key} never holds without {c.versus}"
    groups: dict[tuple[str, str], list[str]] = {}
    for case in c.rather:
        cond = words.condition_text(case.condition, c.person)
        first, second = case.first, case.second
        if second.why_not:
            why = "; ".join(words.failure_text(f) for f in second.why_not[:2])
        elif second.derivation is not None:
            why = f"by {'; '.join(second.derivation.citations()[:2])}"
        else:
            why = ""
        by = (f" by {'; '.join(first.derivation.citations()[:3])}" if first.derivation is not None else
              (f" ({words.case_summary_reason(first)})" if first.why_not or first.scope else ""))
        text = f"{c.key} {first.value}{by}; {c.versus} {second.value}" + (f" ({why})" if why else "")
        groups.setdefault((text, ""), []).append(cond)
    parts = []
    for (text, _), conds in groups.items():
        where = "in every world" if "in every world" in conds else "if " + ", or if ".join(conds)
        parts.append(f"{where}: {text}")
    return " — ".join(parts)


def header(meta: dict[str, Any]) -> Text:
    t = Text()
    t.append(f"{meta['scenario']}", style="bold")
    if meta.get("title"):
        t.append(f" - {meta['title']}")
    t.append(f"\nas of {meta['as_of']} · {meta['worlds']} world(s) · rules {meta['rules']}", style="dim")
    return t


def render(meta: dict[str, Any], explanations: list[Any], contrast: Optional[Any] = None,
           console: Optional[Console] = None, speaker: Any = None) -> None:
    console = console or safe_console()
    parts: list[Any] = [header(meta)]
    if contrast is not None:
        parts.append(contrast_tree(contrast))
    else:
        parts += [explanation_tree(e, speaker) for e in explanations]
    console.print(Group(*parts))
