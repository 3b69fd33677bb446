"""Explanations and briefings as Markdown."""

from __future__ import annotations

from typing import Any, Optional

from . import visible, words
from .briefing_view import INTRO, BriefingView, ConclusionView, PersonView, QuestionView, view


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


class _Words:
    """One explanation's Markdown, said as the tree says it (``render.tree``): the law's words
    with a speaker; with ``debug`` (or no speaker's phrases), atoms, rule files and lines."""

    def __init__(self, sp: Any = None, debug: bool = False) -> None:
        self.sp = None if debug else sp
        self.debug = debug

    def fact(self, f: Any) -> str:
        said = f"`{f.path} = {f.value}`" if self.sp is None else _esc(self.sp.fact(f.path, f.value))
        assumed = " *(unknown; the value in this world)*" if f.assumed else ""
        text = f"fact {said}{assumed} ({words.where(f)})"
        if f.evidence:
            text += f" — evidence: {_esc(f.evidence)}"
        return text

    def step(self, s: Any, depth: int, label: str = "") -> list[str]:
        pad = "  " * depth
        said = f"`{s.atom}`" if self.debug or not s.text else _esc(s.text)
        head = f"{pad}- {label}{said} ⇐ {_cite(s.rule_id, s.citation, s.verified)}"
        if self.debug:
            head += f" ({s.rule_file}:{s.rule_line})"
        if s.rule_id and s.paraphrase:
            head += f" — *{_esc(s.paraphrase)}*"
        out = [head] + [f"{pad}  - {self.fact(f)}" for f in s.facts]
        if s.absent:
            spoken = not self.debug and len(s.absent_text) == len(s.absent)
            out.append(f"{pad}  - " + ("and: " + "; ".join(_esc(t) for t in s.absent_text) if spoken
                                       else "and not: " + ", ".join(f"`{a}`" for a in s.absent))
                       + (" — not derived, because:" if s.absent_why else ""))
            for f in s.absent_why:
                out += self.failure(f, depth + 2)
        for c in s.children:
            out += self.step(c, depth + 1)
        return out

    def failure(self, f: Any, depth: int) -> list[str]:
        pad = "  " * depth
        out: list[str] = []
        if f.rule_id is None and not self.debug:  # a view of the scenario's input: its facts say it
            out += [f"{pad}- {self.fact(x)}" for x in f.facts]
            if f.blocker is not None:
                out += self.step(f.blocker, depth, "which holds: ")
            for b in f.because:
                out += self.failure(b, depth)
            if not out and f.failed_text:
                out.append(f"{pad}- {_esc(f.failed_text)}")
            return out
        who = _cite(f.rule_id, f.citation, f.verified) if f.rule_id else f"view ({f.rule_location})"
        if self.debug or not f.failed_text:
            head = f"{pad}- ✗ {who} fails at `{f.failed}`" + (f" ({f.rule_location})" if f.rule_id else "")
        else:
            head = f"{pad}- ✗ {who} does not apply: {_esc(f.failed_text)}"
        if f.rule_id and f.paraphrase:
            head += f" — *{_esc(f.paraphrase)}*"
        out = [head] + [f"{pad}  - {self.fact(x)}" for x in f.facts]
        if f.blocker is not None:
            out += self.step(f.blocker, depth + 1, "which holds: ")
        for b in f.because:
            out += self.failure(b, depth + 1)
        return out

    def condition(self, exp: Any, case: Any) -> str:
        return (self.sp.condition(case.condition) if self.sp is not None
                else words.condition_text(case.condition, exp.person))

    def case(self, exp: Any, value: str, case: Any) -> list[str]:
        cond = self.condition(exp, case)
        out = [f"**{value} {_esc(cond) if cond == 'in every world' else 'if ' + _esc(cond)}**", ""]
        if case.derivation is not None:
            out += self.step(case.derivation, 0)
        if case.scope is not None:
            out += self.step(case.scope, 0, "considered because: ")
        if case.derivation is None:
            if not case.why_not:
                out.append("- no rule of the rule base " + ("could derive it" if exp.kind == "status"
                                                              else "forbids or requires it"))
            for f in case.why_not:
                out += self.failure(f, 0)
        return out + [""]

    def ground(self, g: Any, depth: int) -> list[str]:
        pad = "  " * depth
        said = self.sp.ground(g, premises=False) if self.sp is not None else f"by {g.citation} [{g.rule_id}]"
        out = [f"{pad}- **{_esc(said)}**"]
        if g.premise_grounds:
            out.append(f"{pad}  - {_esc(g.premise_text or g.premise)}, on every reading:")
            for p in g.premise_grounds:
                out += self.ground(p, depth + 2)
        elif g.derivation is not None:
            out += self.step(g.derivation, depth + 1)
        return out

    def reason(self, r: Any) -> list[str]:
        label = _esc(self.sp.label(r.key)) if self.sp is not None else f"`{r.key}`"
        out = [f"- {label}: **{r.value}**"]
        if r.derivation is not None:
            out += ["  " + x for x in self.step(r.derivation, 0)]
        if r.scope is not None:
            out += ["  " + x for x in self.step(r.scope, 0, "considered because: ")]
        for f in r.why_not:
            out += ["  " + x for x in self.failure(f, 0)]
        return out


def explanation(exp: Any, level: int = 2, sp: Any = None, debug: bool = False) -> str:
    """One conclusion: what decides it, then every ground of a firm verdict or the regions of
    worlds in detail (as the tree); ``debug``: the solver's view, every region."""
    md = _Words(sp, debug)
    h = "#" * level
    who, what = (_esc(md.sp.person(exp.person)), _esc(md.sp.label(exp.key))) if md.sp is not None \
        else (exp.person, f"`{exp.key}`")
    lines = [f"{h} {who} · {what}: **{exp.value}**", ""]
    if exp.mirror_of:
        lines += [f"*Same facts as {exp.mirror_of}; the derivation shown is his.*", ""]
    if words.is_open(exp):
        lines += [f"**What decides it:** {_esc(words.decides(exp, md.sp))}", ""]
    if exp.grounds and not debug:
        lines += [f"**{exp.grounds_of} on every reading, on {len(exp.grounds)} grounds:**" if len(exp.grounds) > 1
                  else f"**{exp.grounds_of} in every world:**", ""]
        for g in exp.grounds:
            lines += md.ground(g, 0)
        return "\n".join(lines + [""])
    if words.is_open(exp):
        lines += ["*In detail, region by region:*", ""]
    for value, cases in words.ordered_cases(exp):
        for case in cases:
            lines += md.case(exp, value, case)
    return "\n".join(lines)


def contrast(c: Any, level: int = 2, sp: Any = None, debug: bool = False) -> str:
    from .tree import _said, contrast_summary

    md = _Words(sp, debug)
    sp = md.sp
    h = "#" * level
    who, key, versus, cond_of = _said(c, sp)
    lines = [f"{h} {_esc(who)}: why {_esc(key)} rather than {_esc(versus)}", "",
             f"- {_esc(key)} ({c.first.value}): {_esc(words.decides(c.first, sp))}",
             f"- {_esc(versus)} ({c.second.value}): {_esc(words.decides(c.second, sp))}", "",
             f"**Decisive difference:** {_esc(contrast_summary(c, sp))}", ""]
    for name, cases, a, b in (("rather", c.rather, key, versus), ("instead", c.instead, versus, key)):
        if not cases:
            lines += [f"*{_esc(a)} never holds without {_esc(b)}.*", ""]
            continue
        for case in cases:
            cond = cond_of(case)
            lines += [f"{h}# {_esc(a)} and not {_esc(b)} {_esc(cond) if cond == 'in every world' else 'if ' + _esc(cond)}",
                      ""]
            first, second = (case.first, case.second) if name == "rather" else (case.second, case.first)
            lines += md.reason(first) + md.reason(second) + [""]
    return "\n".join(lines)


def _header(meta: dict[str, Any], what: str) -> list[str]:
    title = f" — {_esc(meta['title'])}" if meta.get("title") else ""
    return [f"# {what}: {meta['scenario']}{title}", "",
            f"As of {meta['as_of']} · {meta['worlds']} world(s) · rules `{meta['rules']}` · file `{meta['file']}`", ""]


def explanations(meta: dict[str, Any], exps: list[Any], contrast_: Optional[Any] = None,
                 sp: Any = None, debug: bool = False) -> str:
    lines = _header(meta, "Explanations")
    if contrast_ is not None:
        lines.append(contrast(contrast_, sp=sp, debug=debug))
    for e in exps:
        lines.append(explanation(e, sp=sp, debug=debug))
    return "\n".join(lines).rstrip() + "\n"


# ---------------------------------------------------------------------------- briefings

def short_reason(exp: Any, sp: Any = None) -> list[str]:
    """A conclusion in a few lines: per case its condition (in words) and its grounds (citations)."""
    from .briefing_view import reasons
    from .words import Speaker

    return [f"{r.value}{' if ' + r.condition if r.condition else ''}: {r.grounds}"
            + (f". Facts: {r.facts}" if r.facts else "") for r in reasons(exp, sp or Speaker.plain())]


def _fold(title: str, lines: list[str]) -> list[str]:
    """A provenance fold (rendered closed where Markdown passes HTML through)."""
    return [f'<details class="provenance"><summary>{title}</summary>', ""] + lines + ["</details>", ""]


BOLD = ("necessary", "required", "forbidden")  # firm verdicts stand out in the glance table


def _glance(v: BriefingView) -> list[str]:
    names, rows = v.glance
    out = ["| conclusion | " + " | ".join(_esc(n) for n in names) + " |",
           "| --- | " + " | ".join("---" for _ in names) + " |"]
    for label, values in rows:
        cells = [f"**{x}**" if x in BOLD else (x or "—") for x in values]
        out.append(f"| {_esc(label)} | " + " | ".join(cells) + " |")
    return out + [""]


def _conclusion(c: ConclusionView) -> list[str]:
    out = [f"- **{_esc(c.label)}: {c.value}**" + (f" — what decides it: {_esc(c.decides)}" if c.decides else "")
           + (f" — {_esc(c.grounds)}" if c.grounds else "")]
    return out + [f"  - {_esc(r.value)}{' if ' + _esc(r.condition) if r.condition else ''}: {_esc(r.grounds)}"
                  + (f". Facts: {_esc(r.facts)}" if r.facts else "") for r in c.reasons]


def _person(p: PersonView) -> list[str]:
    out = [f"## {_esc(p.title)}", ""]
    if p.mirror_of:
        return out + [f"Same facts as {_esc(p.mirror_of)}: same conclusions and reasons.", ""]
    for title, conclusions in p.groups:
        out += [f"### {title}", ""] + [line for c in conclusions for line in _conclusion(c)] + [""]
    if p.facts:
        table = ["| fact | where | evidence | source |", "| --- | --- | --- | --- |"]
        table += [f"| {_esc(f.text)} [{_esc(f.path)}] | {_esc(f.where)} | {_esc(f.evidence)} | {_esc(f.source)} |"
                  for f in p.facts]
        out += _fold(f"Provenance: facts relied on ({len(p.facts)})", table + [""])
    return out


def _question(q: QuestionView) -> list[str]:
    title = _esc(q.title)  # a heading cannot wrap: a long title is a bold paragraph instead
    out = [f"### {title}" if len(title) + 4 <= WIDTH else f"**{title}**", ""]
    if q.evidence:
        out += [f"Evidence: {_esc(q.evidence)}" + (f" (source: {_esc(q.source)})" if q.source else ""), ""]
    if q.decides:
        out += ["Decides: " + _esc("; ".join(q.decides)) + ".", ""]
    for o in q.options:
        text = f"- **{_esc(o.label)}**" + (f" (source: {_esc(o.source)})" if o.source else "") + _flag(o.verified)
        if o.impossible:
            text += " — contradicts the scenario's facts (no world)."
        elif o.changes:
            text += " — if so: " + "; ".join(_esc(c.text) for c in o.changes)
        else:
            text += " — changes no conclusion on its own."
        out.append(text)
    where = [f"- key: {_esc(q.key)}"] + ([f"- stated at: {_esc(q.location)}"] if q.location else [])
    return out + [""] + _fold("Provenance", where + [""])


def _questions(v: BriefingView) -> list[str]:
    out = ["## Open questions and what each would change", ""]
    out += [line for q in v.questions for line in _question(q)]
    if v.idle:
        out += [f"Open, but no single value changes any conclusion ({len(v.idle)}): " + _esc("; ".join(v.idle))
                + ".", ""]
    if not v.questions and not v.idle:
        out += ["None: every fact and position is known.", ""]
    for s in v.settled:
        out += [f"Settled in the scenario: {_esc(s.question)} — "
                + ("; ".join(f"**{_esc(label)}**{_flag(ok)}" for label, ok in s.values) or "?"), ""]
    return out


def _timeline(v: BriefingView) -> list[str]:
    if not v.timeline:
        return []
    out = ["## Timeline", "", "| date | event | what changed |", "| --- | --- | --- |"]
    for t in v.timeline:
        date = t.date + "".join(f" ({m})" for m in t.marks)
        changes = (f"cannot evaluate: {_esc(t.error)}" if t.error
                   else "<br>".join(_esc(c.text) for c in t.changes) or "—")
        out.append(f"| {date} | {_esc(t.events) or '—'} | {changes} |")
    out.append("")
    if v.timeline_reasons:
        out += _fold("Provenance: the rules behind each change", [f"- {_esc(r)}" for r in v.timeline_reasons] + [""])
    return out


def _sources(v: BriefingView) -> list[str]:
    out = ["## Sources", "", "| citation | rule | paraphrase | link | review |", "| --- | --- | --- | --- | --- |"]
    for s in v.sources:
        review = (f"**{words.UNVERIFIED}**" if not s.verified
                  else f"verified{' ' + s.last_reviewed if s.last_reviewed else ''}")
        out.append(f"| {_esc(s.citation)} | [{s.rule}] | {_esc(s.paraphrase)} | {_esc(s.link)} | {review} |")
    out.append("")
    if v.unverified:
        out += [f"{len(v.unverified)} of {len(v.sources)} cited rules rest on unverified sources: "
                + ", ".join(f"[{r}]" for r in v.unverified) + ".", ""]
    return out


def _scenario(v: BriefingView) -> list[str]:
    out = [f"# Briefing: {v.id}", ""] + ([f"**{_esc(v.title)}**", ""] if v.title else [])
    out += [f"As of {v.as_of}; the engine decided {v.worlds} world(s).", ""]
    if v.overrides:
        out += ["Overrides: " + _esc(", ".join(v.overrides)), ""]
    out += [f"{INTRO} Sources marked *{words.UNVERIFIED}* have not been checked against the text.", ""]
    out += ["## Summary", ""]
    for p in v.persons:
        out += [f"### {_esc(p.title)}", ""] + [f"- **{h}:** {_esc(t)}." for h, t in p.summary] + [""]
    if v.glossary:
        out += ["## Glossary", ""] + [f"- **{w}**: {_esc(d)}" for w, d in v.glossary] + [""]
    out += ["## Conclusions at a glance", ""] + _glance(v)
    out += [line for p in v.persons for line in _person(p)]
    out += _questions(v) + _timeline(v) + _sources(v)
    return out + _fold("Provenance: scenario file, rule base, open keys",
                       [f"- {what}: {_esc(text)}" for what, text in v.provenance] + [""])


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
        lead = m.group(1) + (m.group(2) or "") if m else ""
        out += textwrap.wrap(line, width, initial_indent="", subsequent_indent=" " * len(lead),
                             break_long_words=False, break_on_hyphens=False)
    return "\n".join(out)


def briefing(briefs: list[Any]) -> str:
    """Briefings as Markdown that pastes into a memo (prose wrapped at ``WIDTH``, no backtick)."""
    return wrap("\n".join(line for b in briefs for line in _scenario(view(b))).rstrip()) + "\n"
