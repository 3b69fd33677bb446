"""Explanations and briefings as Markdown."""

from __future__ import annotations

from typing import Any, Optional

from ..contract import Key
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

def short_reason(exp: Any, sp: Any = None) -> list[str]:
    """A conclusion in a few lines: per case its condition (in words) and its grounds (citations)."""
    from .words import Speaker

    sp = sp or Speaker.plain()
    out = []
    for value, cases in words.ordered_cases(exp):
        for case in cases:
            cond = sp.condition(case.condition, "")
            facts = sp.facts(case)
            out.append(f"{value}{' if ' + cond if cond else ''}: {sp.case(exp, case, 3)}"
                       + (f". Facts: {facts}" if facts else ""))
    return out


def _facts_table(facts: list[Any], sp: Any) -> list[str]:
    if not facts:
        return []
    out = ["| fact | where | evidence | source |", "| --- | --- | --- | --- |"]
    for f in facts:
        out.append(f"| {_esc(sp.fact(f.path, f.value))} [{_esc(f.path)}] | {_esc(words.where(f))} | "
                   f"{_esc(f.evidence or '')} | {_esc(f.source or '')} |")
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


def _fold(title: str, lines: list[str]) -> list[str]:
    """A provenance fold (rendered closed where Markdown passes HTML through)."""
    return [f'<details class="provenance"><summary>{title}</summary>', ""] + lines + ["</details>", ""]


def _table(b: Any, sp: Any) -> list[str]:
    persons = b.persons
    keys: list[str] = []
    for p in persons:
        for k in list(p.result["status"]) + list(p.result["outcomes"]):
            if k not in keys:
                keys.append(k)
    statuses = [k for k in keys if Key.parse(k).is_status]
    outcomes = [k for k in keys if Key.parse(k).is_outcome]
    out = ["| conclusion | " + " | ".join(_esc(sp.person(p.id)) for p in persons) + " |",
           "| --- | " + " | ".join("---" for _ in persons) + " |"]
    for k in statuses + outcomes:
        cells = []
        for p in persons:
            v = p.result["status"].get(k) or p.result["outcomes"].get(k) or "—"
            cells.append(f"**{v}**" if v in ("necessary", "required", "forbidden") else v)
        out.append(f"| {_esc(sp.label(k))} | " + " | ".join(cells) + " |")
    return out + [""]


def _question(q: Any, sp: Any) -> list[str]:
    out = [f"### {_esc(q.question or sp.question(q.path))}", ""]
    if q.evidence:
        out += [f"Evidence: {_esc(q.evidence)}" + (f" (source: {_esc(q.source)})" if q.source else ""), ""]
    if q.decisive_for:
        out += ["Decides: " + "; ".join(f"{sp.person(d.split(' ', 1)[0])}: {sp.label(d.split(' ', 1)[1])}"
                                        for d in q.decisive_for) + ".", ""]
    for v in q.values:
        pos = q.positions.get(v, {})
        text = f"- **{_esc(sp.fact(q.path, v))}**"
        if pos:
            if pos.get("source"):
                text += f" (source: {_esc(pos['source'])})"
            text += _flag(pos.get("verified"))
        if v in q.impossible:
            text += " — contradicts the scenario's facts (no world)."
        elif q.effects.get(v):
            text += " — if so: " + "; ".join(_esc(sp.change(c)) for c in q.effects[v])
        else:
            text += " — changes no conclusion on its own."
        out.append(text)
    out.append("")
    where = [f"- key: {_esc(q.path)}"] + ([f"- stated at: {_esc(q.location)}"] if q.location else [])
    return out + _fold("Provenance", where + [""])


WIDTH = 120


def wrap(text: str, width: int = WIDTH) -> str:
    """Prose lines wrapped to ``width`` between words (tables, headings and HTML tags kept)."""
    import re
    import textwrap

    out = []
    for line in text.split("\n"):
        if len(line) <= width or line.startswith(("|", "#", "<")):
            out.append(line)
            continue
        m = re.match(r"(\s*)([-*] |\d+\. )?", line)
        lead = m.group(1) + (m.group(2) or "")
        out += textwrap.wrap(line, width, initial_indent="", subsequent_indent=" " * len(lead),
                             break_long_words=False, break_on_hyphens=False)
    return "\n".join(out)


def briefing(briefs: list[Any]) -> str:
    from .words import speaker

    out: list[str] = []
    for b in briefs:
        sp = speaker(b)
        out += [f"# Briefing: {b.id}", ""] + ([f"**{_esc(b.title)}**", ""] if b.title else [])
        out += [f"As of {b.as_of}; the engine decided {b.worlds} world(s).", ""]
        if b.overrides:
            out += ["Overrides: " + ", ".join(b.overrides), ""]
        out += ["Every statement below comes from the rule base and the scenario file: each reason names "
                "the rule (citation and id) and the facts it used. "
                f"Sources marked *{words.UNVERIFIED}* have not been checked against the text.", ""]
        out += ["## Summary", ""]
        for p in b.persons:
            out += [f"### {_esc(p.label or sp.person(p.id))}", ""]
            out += [f"- **{h}:** {_esc(t)}." for h, t in sp.summary(b, p)] + [""]
        gloss = sp.glossary()
        if gloss:
            out += ["## Glossary", ""] + [f"- **{w}**: {_esc(d)}" for w, d in gloss] + [""]
        out += ["## Conclusions at a glance", ""] + _table(b, sp)
        for p in b.persons:
            out += [f"## {_esc(p.label or sp.person(p.id))}", ""]
            if p.mirror_of:
                out += [f"Same facts as {sp.person(p.mirror_of)}: same conclusions and reasons.", ""]
                continue
            for kind, title_ in (("status", "Status"), ("outcome", "What may, must or must not be done")):
                exps = [e for e in p.explanations if e.kind == kind]
                if not exps:
                    continue
                out += [f"### {title_}", ""]
                for e in exps:
                    out.append(f"- **{_esc(sp.label(e.key))}: {e.value}**"
                               + (f" — what decides it: {_esc(sp.decides(e))}" if words.is_open(e) else ""))
                    out += [f"  - {_esc(r)}" for r in short_reason(e, sp)]
                out.append("")
            facts = _person_facts(p)
            if facts:
                out += _fold(f"Provenance: facts relied on ({len(facts)})", _facts_table(facts, sp))
        out += ["## Open questions and what each would change", ""]
        matters = [q for q in b.questions if q.matters or q.decisive_for]
        for q in matters:
            out += _question(q, sp)
        idle = [q for q in b.questions if not (q.matters or q.decisive_for)]
        if idle:
            out += [f"Open, but no single value changes any conclusion ({len(idle)}): "
                    + "; ".join(_esc(q.question or " or ".join(sp.fact(q.path, v) for v in q.values)) for q in idle)
                    + ".", ""]
        if not b.questions:
            out += ["None: every fact and position is known.", ""]
        pinned = [q for q in b.positions if q.path not in {x.path for x in b.questions}]
        for q in pinned:
            out += [f"Settled in the scenario: {_esc(q.question or q.path)} — "
                    + "; ".join(f"**{_esc(sp.fact(q.path, v))}**{_flag(q.positions.get(v, {}).get('verified'))}"
                                for v in q.values) if q.values else "?", ""]
        if b.timeline:
            out += ["## Timeline", "", "| date | event | what changed |", "| --- | --- | --- |"]
            reasons = []
            for t in b.timeline:
                date = t.date + (" (scenario date)" if t.is_as_of else "") + (" (after the scenario date)"
                                                                              if t.after_as_of else "")
                if t.error:
                    changes = f"cannot evaluate: {_esc(t.error)}"
                elif t.changes:
                    changes = "<br>".join(_esc(sp.change(c)) for c in t.changes)
                    reasons += [f"- {t.date}, {_esc(sp.change(c))}: {_esc(c.why.replace('`', ''))}"
                                for c in t.changes if c.why]
                else:
                    changes = "—"
                out.append(f"| {date} | {_esc('; '.join(t.notes)) or '—'} | {changes} |")
            out.append("")
            if reasons:
                out += _fold("Provenance: the rules behind each change", reasons + [""])
        out += ["## Sources", "", "| citation | rule | paraphrase | link | review |", "| --- | --- | --- | --- | --- |"]
        for s in b.sources:
            review = f"**{words.UNVERIFIED}**" if not s.verified else (
                f"verified{' ' + s.last_reviewed if s.last_reviewed else ''}")
            out.append(f"| {_esc(s.citation)} | [{s.rule}] | {_esc(s.paraphrase)} | {_esc(s.link)} | {review} |")
        out.append("")
        unverified = [s.rule for s in b.sources if not s.verified]
        if unverified:
            out += [f"{len(unverified)} of {len(b.sources)} cited rules rest on unverified sources: "
                    + ", ".join(f"[{r}]" for r in unverified) + ".", ""]
        out += _fold("Provenance: scenario file, rule base, open keys",
                     [f"- file: {_esc(b.file)}", f"- rules: {_esc(b.rules)}",
                      f"- open facts and positions ({len(b.open)}): " + _esc(", ".join(b.open)), ""])
    return wrap("\n".join(out).rstrip()) + "\n"
