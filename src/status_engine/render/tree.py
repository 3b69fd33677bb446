"""Explanations as a tree: rich on a terminal, laid out as plain text otherwise (``outline``).

One branch per conclusion: its value, what decides it (the conditions on open facts and
positions under which it takes each value), then per case the derivation (rule id,
citation, paraphrase, the facts used with file:line and evidence) or the why-not (every
rule that could derive it and the condition that failed).
"""

from __future__ import annotations

from typing import Any, Optional

from . import words
from .outline import Outline, Styled, plain
from .styles import STYLE

VALUE_STYLE = {"holds": "bold green", "does not hold": "red", "absent": "dim", **STYLE}


def _step(tree: Outline, step: Any, label: str = "", debug: bool = False) -> None:
    """A derivation step: what was derived, by which rule, on which facts (atoms and files: ``debug``)."""
    t = Styled()
    if label:
        t.append(label, style="dim")
    t.append(step.atom if debug or not step.text else step.text, style="bold")
    if step.rule_id:
        t.append("  ⇐ ")
        t.append(step.citation or step.rule_id)
        t.append(f" [{step.rule_id}]", style="cyan")
        if step.verified is False:
            t.append(f" ({words.UNVERIFIED})", style="yellow")
        if debug:
            t.append(f"  {step.rule_file}:{step.rule_line}", style="dim")
        if step.paraphrase:
            t.append(f"\n{step.paraphrase}", style="italic dim")
    elif debug:
        t.append(f"  (view {step.rule_file}:{step.rule_line})", style="dim")
    node = tree.add(t)
    for f in step.facts:
        node.add(_fact(f, debug))
    if step.absent:
        said = not debug and len(step.absent_text) == len(step.absent)
        absent = node.add(Styled(("and: " + "; ".join(step.absent_text) if said else "and not: " + ", ".join(step.absent))
                               + (" — not derived, because:" if step.absent_why else ""), style="dim"))
        for f in step.absent_why:
            _failure(absent, f, debug)
    for child in step.children:
        _step(node, child, debug=debug)


def _fact(f: Any, debug: bool = False) -> Styled:
    t = Styled("fact ", style="dim")
    said = f"{f.path} = {f.value}" if debug or _SPEAKER[-1] is None else _SPEAKER[-1].fact(f.path, f.value)
    t.append(said, style="magenta")
    if f.assumed:
        t.append(" (unknown; this world)", style="yellow")
    t.append(f"  {words.where(f)}", style="dim")
    if f.evidence:
        t.append(f"\nevidence: {' '.join(f.evidence.split())}", style="dim")
    return t


def _failure(tree: Outline, f: Any, debug: bool = False) -> None:
    """A rule that does not apply and why; a view (no rule id) shows only the facts it read."""
    if f.rule_id is None and not debug:  # a view of the scenario's input: its facts say it
        for ref in f.facts:
            tree.add(_fact(ref))
        if f.blocker is not None:
            _step(tree, f.blocker, "which holds: ")
        for b in f.because:
            _failure(tree, b)
        if not f.facts and f.blocker is None and not f.because and f.failed_text:
            tree.add(Styled(f.failed_text, style="dim"))
        return
    t = Styled("✗ ", style="red")
    if f.rule_id:
        t.append(f.citation or f.rule_id)
        t.append(f" [{f.rule_id}]", style="cyan")
        if f.verified is False:
            t.append(f" ({words.UNVERIFIED})", style="yellow")
    else:
        t.append(f"view {f.rule_location}", style="dim")
    if debug or not f.failed_text:
        t.append(": fails at ")
        t.append(f.failed, style="bold")
    else:
        t.append(" does not apply: ")
        t.append(f.failed_text, style="bold")
    if f.rule_id and f.paraphrase:
        t.append(f"\n{f.paraphrase}", style="italic dim")
    node = tree.add(t)
    for ref in f.facts:
        node.add(_fact(ref, debug))
    if f.blocker is not None:
        _step(node, f.blocker, "which holds: ", debug)
    for b in f.because:
        _failure(node, b, debug)


def _case(tree: Outline, exp: Any, value: str, case: Any, sp: Any = None, debug: bool = False) -> None:
    cond = sp.condition(case.condition) if sp is not None else words.condition_text(case.condition, exp.person)
    head = Styled()
    head.append(value, style=VALUE_STYLE.get(value, ""))
    head.append(" " + (cond if cond == "in every world" else f"if {cond}"))
    node = tree.add(head)
    if case.derivation is not None:
        _step(node, case.derivation, debug=debug)
    if case.scope is not None:
        _step(node, case.scope, "considered because: ", debug)
    if case.derivation is None:
        if not case.why_not:
            node.add(Styled("no rule of the rule base could derive it" if exp.kind == "status"
                          else "no rule of the rule base forbids or requires it", style="dim"))
        for f in case.why_not:
            _failure(node, f, debug)


def _grounds(tree: Outline, exp: Any, sp: Any, debug: bool) -> None:
    """A firm verdict's grounds, each with where it applies and its derivation in one such world."""
    node = tree.add(Styled(f"{exp.grounds_of} on every reading, on {len(exp.grounds)} ground(s):"
                         if len(exp.grounds) > 1 else f"{exp.grounds_of} in every world:",
                         style=VALUE_STYLE.get(exp.grounds_of, "")))
    for g in exp.grounds:
        _ground(node, g, sp, debug)


def _ground(node: Outline, g: Any, sp: Any, debug: bool) -> None:
    said = f"by {g.citation} [{g.rule_id}]"
    if sp is not None:
        said = sp.ground(g, premises=False)
    gnode = node.add(Styled(said, style="bold"))
    if g.premise_grounds:
        pnode = gnode.add(Styled(f"{g.premise_text or g.premise}, on every reading:", style="bold"))
        for p in g.premise_grounds:
            _ground(pnode, p, sp, debug)
    elif g.derivation is not None:
        _step(gnode, g.derivation, debug=debug)


# The speaker of the tree being rendered (facts in words); None: paths and values.
_SPEAKER: list[Any] = [None]


def explanation_tree(exp: Any, sp: Any = None, debug: bool = False) -> Outline:
    """One conclusion; with a speaker (``render.words.Speaker``), the person, conclusion and conditions in words.

    ``debug``: atoms, rule files and lines, and the failed conditions as the solver has them.
    """
    _SPEAKER.append(None if debug else sp)
    try:
        head = Styled()
        who, what = (sp.person(exp.person), sp.label(exp.key)) if sp is not None else (exp.person, exp.key)
        head.append(f"{who} · {what}: ", style="bold")
        head.append(exp.value, style=VALUE_STYLE.get(exp.value, ""))
        if exp.mirror_of:
            head.append(f"  (same as {exp.mirror_of}, whose derivation is shown)", style="dim")
        tree = Outline(head)
        if words.is_open(exp):
            tree.add(Styled("what decides it: " + (sp.decides(exp) if sp is not None else words.decides(exp)),
                          style="yellow"))
        if exp.grounds and not debug:
            _grounds(tree, exp, sp, debug)
            return tree
        parent = tree.add(Styled("in detail, region by region:", style="dim")) if words.is_open(exp) else tree
        for value, cases in words.ordered_cases(exp):
            for case in cases:
                _case(parent, exp, value, case, sp, debug)
        return tree
    finally:
        _SPEAKER.pop()


def _said(c: Any, sp: Any) -> tuple[str, str, str, Any]:
    """The person and the two conclusions as a lawyer reads them (ids in debug, no speaker)."""
    if sp is None:
        return c.person, c.key, c.versus, lambda case: words.condition_text(case.condition, c.person)
    return sp.person(c.person), sp.label(c.key), sp.label(c.versus), lambda case: sp.condition(case.condition)


def contrast_tree(c: Any, sp: Any = None, debug: bool = False) -> Outline:
    said = None if debug else sp
    who, key, versus, cond_of = _said(c, said)
    tree = Outline(Styled(f"{who}: why {key} rather than {versus}", style="bold"))
    tree.add(Styled(f"{key} ({c.first.value}): {words.decides(c.first, said)}"))
    tree.add(Styled(f"{versus} ({c.second.value}): {words.decides(c.second, said)}"))
    tree.add(Styled("decisive difference: " + contrast_summary(c, said), style="yellow"))
    for name, cases, a, b in (("rather", c.rather, key, versus), ("instead", c.instead, versus, key)):
        if not cases:
            tree.add(Styled(f"{a} never holds without {b}", style="dim"))
            continue
        for case in cases:
            cond = cond_of(case)
            node = tree.add(Styled(f"{a} and not {b} " + (cond if cond == "in every world" else f"if {cond}"),
                                 style="bold"))
            first, second = (case.first, case.second) if name == "rather" else (case.second, case.first)
            _SPEAKER.append(None if debug else sp)
            try:
                _reason(node, first, debug)
                _reason(node, second, debug)
            finally:
                _SPEAKER.pop()
    return tree


def _reason(tree: Outline, r: Any, debug: bool = False) -> None:
    node = tree.add(Styled(f"{r.key}: {r.value}", style=VALUE_STYLE.get(r.value, "")))
    if r.derivation is not None:
        _step(node, r.derivation, debug=debug)
    if r.scope is not None:
        _step(node, r.scope, "considered because: ", debug)
    for f in r.why_not:
        _failure(node, f, debug)


def contrast_summary(c: Any, sp: Any = None) -> str:
    """Where the first holds and the second does not, and what fails for the second there
    (in words with a speaker: names, labels, conditions; citations before rule ids)."""
    _, key, versus, cond_of = _said(c, sp)
    if not c.rather:
        return f"{key} never holds without {versus}"
    groups: dict[tuple[str, str], list[str]] = {}
    for case in c.rather:
        cond = cond_of(case)
        first, second = case.first, case.second
        if second.why_not:
            why = "; ".join(words.failure_text(f) for f in second.why_not[:2])
        elif second.derivation is not None:
            why = f"by {'; '.join(second.derivation.citations()[:2])}"
        else:
            why = ""
        by = (f" by {'; '.join(first.derivation.citations()[:3])}" if first.derivation is not None else
              (f" ({words.case_summary_reason(first)})" if first.why_not or first.scope else ""))
        text = f"{key} {first.value}{by}; {versus} {second.value}" + (f" ({why})" if why else "")
        groups.setdefault((text, ""), []).append(cond)
    parts = []
    for (text, _), conds in groups.items():
        where = "in every world" if "in every world" in conds else "if " + ", or if ".join(conds)
        parts.append(f"{where}: {text}")
    return " — ".join(parts)


def header(meta: dict[str, Any]) -> Styled:
    t = Styled()
    t.append(f"{meta['scenario']}", style="bold")
    if meta.get("title"):
        t.append(f" - {meta['title']}")
    t.append(f"\nas of {meta['as_of']} · {meta['worlds']} world(s) · rules {meta['rules']}", style="dim")
    return t


def render(meta: dict[str, Any], explanations: list[Any], contrast: Optional[Any] = None,
           console: Optional[Any] = None, speaker: Any = None, debug: bool = False) -> None:
    """Print the trees: through rich (colour) on a terminal or a given rich ``console``,
    as plain text otherwise (no rich imported)."""
    import sys

    parts: list[Any] = [header(meta)]
    if contrast is not None:
        parts.append(contrast_tree(contrast, speaker, debug))
    else:
        parts += [explanation_tree(e, speaker, debug) for e in explanations]
    if console is None and not sys.stdout.isatty():
        sys.stdout.write(plain(parts))
        return
    from rich.console import Group

    from . import console as safe_console

    (console or safe_console()).print(Group(*[p.__rich__() for p in parts]))
