"""Explanations and briefings as Markdown."""

from __future__ import annotations

from typing import Any, Optional

from ..contract import Key, value_text
from . import visible, words


def _esc(text: Any) -> str:
    """Free text inside a Markdown table cell or list item.

    Markdown passes HTML through: ``<``, ``>`` and ``&`` are escaped so that a title
    cannot open a ``<script>`` or a ``<!--`` comment that hides the rest of the briefing;
    control characters are shown as escapes.
    """
    flat = " ".join(visible(str(text)).split())
    return flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")


def _flag(verified: Optional[bool]) -> str:
    return f" **({words.UNVERIFIED})**" if verified is False else ""


def _cite(rule_id: Optional[str], citation: Optional[str], verified: Optional[bool]) -> str:
    if not rule_id:
        return "(view of the scenario facts)"
    return f"**{citation}** [`{rule_id}`]{_flag(verified)}"


def _fact(f: Any) -> str:
    where = words.where(f)
    assumed = " *(unknown; the value in this world)*" if f.assumed else ""
    text = f"fact `{f.path} = {f.value}`{assumed} ({where})"
    if f.evidence:
        text += f" — evidence: {_esc(f.evidence)}"
    return text


def _step(s: Any, depth: int, label: str = "") -> list[str]:
    pad = "  " * depth
    head = f"{pad}- {label}`{s.atom}` ⇐ {_cite(s.rule_id, s.citation, s.verified)}"
    head += f" ({s.rule_file}:{s.rule_line})"
    if s.rule_id and s.paraphrase:
        head += f" — *{_esc(s.paraphrase)}*"
    out = [head]
    out += [f"{pad}  - {_fact(f)}" for f in s.facts]
    if s.absent:
        out.append(f"{pad}  - and not: " + ", ".join(f"`{a}`" for a in s.absent)
                   + (" — not derived, because:" if s.absent_why else ""))
        for f in s.absent_why:
            out += _failure(f, depth + 2)
    for c in s.children:
        out += _step(c, depth + 1)
    return out


def _failure(f: Any, depth: int) -> list[str]:
    pad = "  " * depth
    who = _cite(f.rule_id, f.citation, f.verified) if f.rule_id else f"view ({f.rule_location})"
    head = f"{pad}- ✗ {who} fails at `{f.failed}`"
    if f.rule_id:
        head += f" ({f.rule_location})"
        if f.paraphrase:
            head += f" — *{_esc(f.paraphrase)}*"
    out = [head]
    out += [f"{pad}  - {_fact(x)}" for x in f.facts]
    if f.blocker is not None:
        out += _step(f.blocker, depth + 1, "which holds: ")
    for b in f.because:
        out += _failure(b, depth + 1)
    return out


def _case(exp: Any, value: str, case: Any) -> list[str]:
    cond = words.condition_text(case.condition, exp.person)
    out = [f"**{value} {cond if cond == 'in every world' else 'if ' + cond}**", ""]
    if case.derivation is not None:
        out += _step(case.derivation, 0)
    if case.scope is not None:
        out += _step(case.scope, 0, "considered because: ")
    if case.derivation is None:
        if not case.why_not:
            out.append("- no rule of the rule base " + ("could derive it" if exp.kind == "status"
                                                          else "forbids or requires it"))
        for f in case.why_not:
            out += _failure(f, 0)
    return out + [""]


def explanation(exp: Any, level: int = 2) -> str:
    h = "#" * level
    lines = [f"{h} {exp.person} · `{exp.key}`: **{exp.value}**", ""]
    if exp.mirror_of:
        lines += [f"*Same facts as {exp.mirror_of}; the derivation shown is his.*", ""]
    if words.is_open(exp):
        lines += [f"**What decides it:** {_esc(words.decides(exp))}", ""]
    for value, cases in words.ordered_cases(exp):
        for case in cases:
            lines += _case(exp, value, case)
    return "\n".join(lines)


def _reason(r: Any) -> list[str]:
    out = [f"- `{r.key}`: **{r.value}**"]
    if r.derivation is not None:
        out += ["  " + x for x in _step(r.derivation, 0)]
    if r.scope is not None:
        out += ["  " + x for x in _step(r.scope, 0, "considered because: ")]
    for f in r.why_not:
        out += ["  " + x for x in _failure(f, 0)]
    return out


def contrast(c: Any, level: int = 2) -> str:
    from .tree import contrast_summary

    h = "#" * level
    lines = [f"{h} {c.person}: why `{c.key}` rather than `{c.versus}`", "",
             f"- `{c.key}` ({c.first.value}): {_esc(words.decides(c.first))}",
             f"- `{c.versus}` ({c.second.value}): {_esc(words.decides(c.second))}", "",
             f"**Decisive difference:** {_esc(contrast_summary(c))}", ""]
    for name, cases, a, b in (("rather", c.rather, c.key, c.versus), ("instead", c.instead, c.versus, c.key)):
        if not cases:
            lines += [f"*`{a}` never holds without `{b}`.*", ""]
            continue
        for case in cases:
            cond = words.condition_text(case.condition, c.person)
            lines += [f"{h}# `{a}` and not `{b}` {cond if cond == 'in every world' else 'if ' + cond}", ""]
            first, second = (case.first, case.second) if name == "rather" else (case.second, case.first)
            lines += _reason(first) + _reason(second) + [""]
    return "\n".join(lines)


def _header(meta: dict[str, Any], what: str) -> list[str]:
    title = f" — {_esc(meta['title'])}" if meta.get("title") else ""
    return [f"# {what}: {meta['scenario']}{title}", "",
            f"As of {meta['as_of']} · {meta['worlds']} world(s) · rules `{meta['rules']}` · file `{meta['file']}`", ""]


def explanations(meta: dict[str, Any], exps: list[Any], contrast_: Optional[Any] = None) -> str:
    lines = _header(meta, "Explanations")
    if contrast_ is not None:
        lines.append(contrast(contrast_))
    for e in exps:
        lines.append(explanation(e))
    return "\n".join(lines).rstrip() + "\n"


# ---------------------------------------------------------------------------- briefings

def short_reason(exp: Any) -> list[str]:
    """A conclusion in a few lines: per case its condition and citations (or failing rules)."""
    out = []
    for value, cases in words.ordered_cases(exp):
        for case in cases:
            cond = words.condition_text(case.condition, exp.person, "")
            facts = words.facts_brief(case)
            out.append(f"{value}{' if ' + cond if cond else ''}: {words.case_summary(exp, case, 3)}"
                       + (f" — facts: {facts}" if facts else ""))
    return out


def _facts_table(facts: list[Any]) -> list[str]:
    if not facts:
        return []
    out = ["| fact | value | where | evidence | source |", "| --- | --- | --- | --- | --- |"]
    for f in facts:
        where = words.where(f)
        value = f"{f.value} *(open)*" if f.assumed else str(f.value)
        out.append(f"| `{f.path}` | {_esc(value)} | {_esc(where)} | {_esc(f.evidence or '')} | {_esc(f.source or '')} |")
    return out + [""]


def _person_facts(person: Any) -> list[Any]:
    seen: dict[str, Any] = {}
    for e in person.explanations:
        for _, cases in e.cases.items():
            for c in cases:
                for f in words.facts_of_case(c):
                    if not f.assumed and f.path not in seen:
                        seen[f.path] = f
    return sorted(seen.values(), key=lambda f: f.path)


def _summary(b: Any) -> list[str]:
    persons = b.persons
    keys: list[str] = []
    for p in persons:
        for k in list(p.result["status"]) + list(p.result["outcomes"]):
            if k not in keys:
                keys.append(k)
    statuses = [k for k in keys if Key.parse(k).is_status]
    outcomes = [k for k in keys if Key.parse(k).is_outcome]
    out = ["| conclusion | " + " | ".join(p.id for p in persons) + " |",
           "| --- | " + " | ".join("---" for _ in persons) + " |"]
    for k in statuses + outcomes:
        cells = []
        for p in persons:
            v = p.result["status"].get(k) or p.result["outcomes"].get(k) or "—"
            cells.append(f"**{v}**" if v in ("necessary", "required", "forbidden") else v)
        out.append(f"| `{k}` | " + " | ".join(cells) + " |")
    return out + [""]


def _question(q: Any) -> list[str]:
    head = f"### `{q.path}`"
    if q.question:
        head += f" — {_esc(q.question)}"
    out = [head, ""]
    if q.location or q.evidence:
        out.append(f"Stated at {q.location or '(not in the file)'}"
                   + (f"; evidence: {_esc(q.evidence)}" if q.evidence else "")
                   + (f" (source: {_esc(q.source)})" if q.source else ""))
        out.append("")
    if q.decisive_for:
        out += [f"Decides: {', '.join(q.decisive_for)}.", ""]
    for v in q.values:
        pos = q.positions.get(v, {})
        text = f"- **{v}**"
        if pos:
            text += f": {_esc(pos.get('summary', ''))}"
            if pos.get("source"):
                text += f" (source: {_esc(pos['source'])})"
            text += _flag(pos.get("verified"))
        if v in q.impossible:
            text += " — contradicts the scenario's facts (no world)."
        elif q.effects.get(v):
            text += " — if so: " + "; ".join(f"{c.person} `{c.key}` {value_text(c.before)} → **{value_text(c.after)}**"
                                            for c in q.effects[v])
        else:
            text += " — changes no conclusion on its own."
        out.append(text)
    return out + [""]


def briefing(briefs: list[Any]) -> str:
    out: list[str] = []
    for b in briefs:
        meta = {"scenario": b.id, "title": b.title, "as_of": b.as_of, "worlds": b.worlds, "rules": b.rules,
                "file": b.file}
        out += _header(meta, "Briefing")
        if b.overrides:
            out += ["Overrides: " + ", ".join(f"`{o}`" for o in b.overrides), ""]
        out += ["Every statement below comes from the rule base and the scenario file: each reason names "
                "the rule (id and citation) and the facts it used (file:line, evidence). "
                f"Sources marked *{words.UNVERIFIED}* have not been checked against the text.", ""]
        if b.open:
            out += [f"Open facts and positions ({len(b.open)}): " + ", ".join(f"`{p}`" for p in b.open), ""]
        out += ["## Summary", ""] + _summary(b)
        for p in b.persons:
            label = f" — {_esc(p.label)}" if p.label else ""
            out += [f"## {p.id}{label}", ""]
            if p.mirror_of:
                out += [f"Same facts as {p.mirror_of}: same conclusions and reasons.", ""]
                continue
            for kind, title in (("status", "Status"), ("outcome", "What may, must or must not be done")):
                exps = [e for e in p.explanations if e.kind == kind]
                if not exps:
                    continue
                out += [f"### {title}", ""]
                for e in exps:
                    out.append(f"- **`{e.key}`: {e.value}**"
                               + (f" — what decides it: {_esc(words.decides(e))}" if words.is_open(e) else ""))
                    out += [f"  - {_esc(r)}" for r in short_reason(e)]
                out.append("")
            facts = _person_facts(p)
            if facts:
                out += ["### Facts relied on", ""] + _facts_table(facts)
        out += ["## Open questions and what each would change", ""]
        matters = [q for q in b.questions if q.matters or q.decisive_for]
        for q in matters:
            out += _question(q)
        idle = [q.path for q in b.questions if not (q.matters or q.decisive_for)]
        if idle:
            out += ["Open, but no single value changes any conclusion: " + ", ".join(f"`{p}`" for p in idle), ""]
        if not b.questions:
            out += ["None: every fact and position is known.", ""]
        pinned = [q for q in b.positions if q.path not in {x.path for x in b.questions}]
        for q in pinned:
            out += [f"Position `{q.path}` is pinned to **{', '.join(q.values) or '?'}**"
                    + (f" ({_esc(q.question)})" if q.question else "")
                    + "".join(f"; {v}: {_esc(q.positions.get(v, {}).get('summary', ''))}"
                              f"{_flag(q.positions.get(v, {}).get('verified'))}" for v in q.values), ""]
        if b.timeline:
            out += ["## Timeline", "", "| date | event | what changed |", "| --- | --- | --- |"]
            for t in b.timeline:
                date = t.date + (" (scenario date)" if t.is_as_of else "") + (" (after the scenario date)"
                                                                              if t.after_as_of else "")
                if t.error:
                    changes = f"cannot evaluate: {_esc(t.error)}"
                elif t.changes:
                    changes = "<br>".join(f"{c.person} `{c.key}` {value_text(c.before)} → **{value_text(c.after)}**"
                                          + (f" ({_esc(c.why)})" if c.why else "") for c in t.changes)
                else:
                    changes = "—"
                out.append(f"| {date} | {_esc('; '.join(t.notes)) or '—'} | {changes} |")
            out.append("")
        out += ["## Sources", "", "| rule | citation | paraphrase | link | review |", "| --- | --- | --- | --- | --- |"]
        for s in b.sources:
            review = f"**{words.UNVERIFIED}**" if not s.verified else (
                f"verified{' ' + s.last_reviewed if s.last_reviewed else ''}")
            out.append(f"| `{s.rule}` | {_esc(s.citation)} | {_esc(s.paraphrase)} | {_esc(s.link)} | {review} |")
        out.append("")
        unverified = [s.rule for s in b.sources if not s.verified]
        if unverified:
            out += [f"{len(unverified)} of {len(b.sources)} cited rules rest on unverified sources: "
                    + ", ".join(f"`{r}`" for r in unverified) + ".", ""]
    return "\n".join(out).rstrip() + "\n"
