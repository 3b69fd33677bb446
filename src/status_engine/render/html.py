"""Briefings as one self-contained HTML page, formatted from the briefing view-model.

No network: the CSS, the script, the data and the derivation graphs (SVG, ``graph``) are
inline.  What the page says is decided by ``briefing_view``; here only how it looks.
The toggles switch between worlds the engine precomputed (``brief.Toggles``); the page
carries them compactly (``worlds_data``) and the script only looks them up.
The page prints: the explorer is left out, and each closed fold prints its one-line summary.
"""

from __future__ import annotations

import json
import re
from html import escape
from typing import Any, Optional

from . import words
from .briefing_view import (INTRO, BriefingView, ChangeView, ConclusionView, ExplorerView, PersonView, QuestionView,
                            ReasonView, view)
from .html_folds import Folds
from .graph import batched

CSS = """
:root{--fg:#1b1f24;--mu:#5b6570;--ln:#d5dae0;--so:#f4f6f8;--ok:#1a7f37;--bad:#b42318;--warn:#9a6700;--info:#0969da}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);margin:0 auto;
max-width:1180px;padding:24px}
h1{font-size:1.55em;margin:.2em 0}h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid var(--ln);
padding-bottom:.2em}h3{font-size:1.05em;margin:1.2em 0 .4em}
.meta,.muted,small{color:var(--mu);font-size:.9em}
code{font:.88em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
table{border-collapse:collapse;width:100%;margin:.5em 0 1em}
th,td{border:1px solid var(--ln);padding:4px 8px;text-align:left;vertical-align:top}th{background:var(--so)}
.v{font-weight:600;white-space:nowrap}.v-necessary,.v-holds,.v-required{color:var(--ok)}
.v-possible{color:var(--warn);font-style:italic}.v-permitted{color:var(--info)}.v-forbidden{color:var(--bad)}
.v-depends{color:var(--warn)}.v-absent,.v-none{color:var(--mu);font-weight:400}
.unverified,.noworld{color:var(--bad);font-weight:600}
.explorer{border:1px solid var(--ln);border-radius:8px;padding:12px 16px;background:var(--so)}
.toggles{display:flex;flex-wrap:wrap;gap:10px;margin-bottom:10px}
.toggles fieldset{border:1px solid var(--ln);border-radius:6px;background:#fff;padding:4px 8px;margin:0}
.toggles legend{font-size:.85em;font-weight:600;padding:0 4px}
.toggles label{font-size:.85em;margin-right:8px;white-space:nowrap;cursor:pointer}
.world td.why{font-size:.82em;color:var(--mu)}.world tr.changed td.v{background:#fff4d6}
details{margin:.3em 0 .6em}summary{cursor:pointer}
.provenance ul{list-style:none;padding-left:1.1em;margin:.2em 0;border-left:1px dotted var(--ln)}
.provenance li{margin:.15em 0}.provenance i{color:var(--mu)}span.f{color:#6f42c1}li.x{color:var(--bad)}
.reason{margin:.1em 0 .1em 1.2em;font-size:.9em}.r{margin:.1em 0 .1em 1.2em;font-size:.9em}.r>summary{margin-left:-1em}
.decides{background:#fff8e6;border-left:3px solid var(--warn);padding:4px 8px;margin:.3em 0;font-size:.92em}
svg.dg{max-width:100%;height:auto;display:block;margin:.4em 0;font:11px system-ui,sans-serif}
.dg path{fill:none;stroke:#c0c7cf}.dg rect{fill:#e8f1fe;stroke:#0969da}.dg .c{fill:#0969da}
.dg .k-unverified rect{fill:#fdecea;stroke:#b42318;stroke-dasharray:4 2}.dg .k-unverified .c{fill:#b42318}
.dg .k-view rect{fill:#f4f6f8;stroke:#8c959f}.dg .k-view .c{fill:#5b6570}
.dg .k-facts rect{fill:#f3effc;stroke:#6f42c1}.dg .k-facts text{fill:#4a2a8a}
.summaries{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:12px}
.person-summary{border:1px solid var(--ln);border-radius:8px;padding:4px 14px}.person-summary ul{padding-left:1.1em}
.glossary dt{font-weight:600;float:left;clear:left;width:7em}.glossary dd{margin:0 0 .2em 7.5em}
@media print{.explorer{display:none}body{max-width:none;padding:0}h2{break-after:avoid}}
@media print{details.provenance>summary{list-style:none;color:var(--mu)}details.provenance>summary::after{content:" (open in the HTML briefing)";font-style:italic}h1,h2,h3{break-after:avoid}.person-summary,tr{break-inside:avoid}}
"""

# The explorer: the radio buttons give a mixed-radix index into the precomputed combinations.
SCRIPT = r"""
(function(){
function setup(sec){
var d=JSON.parse(sec.querySelector('script.worlds').textContent),P=d.p.length;
function m(i){var x=d.m.substr(i*d.w,d.w);return x.charAt(0)==='-'?-1:parseInt(x,36);}
function text(i){return d.t[i].map(function(j){return d.s[j];}).join('');}
function render(){
var sets=sec.querySelectorAll('.toggles fieldset'),index=0;
for(var i=0;i<sets.length;i++){
index=index*(d.k[i]+1)+parseInt(sets[i].querySelector('input:checked').value,10);}
var st=sec.querySelector('.world-status');
if(m(index*P)<0){
st.textContent='No world: these values contradict the scenario\'s facts (a consistency rule excludes them).';
st.className='world-status noworld';return;}
st.textContent='';st.className='world-status';
for(var p=0;p<P;p++){
var pid=d.p[p],row=d.r[m(index*P+p)],base=d.r[m(p)],keys=d.c[pid];
for(var k=0;k<keys.length;k++){
var tr=sec.querySelector('tr[data-person="'+pid+'"][data-key="'+keys[k]+'"]');
if(!tr)continue;
var v=d.v[row[2*k]],td=tr.querySelector('td.v');
td.textContent=v==='absent'?'does not hold / not considered':v;
td.className='v v-'+v;
tr.querySelector('td.why').textContent=text(row[2*k+1]);
tr.className=(row[2*k]!==base[2*k])?'changed':'';
tr.setAttribute('data-value',v);}}}
sec.addEventListener('change',render);render();}
var s=document.querySelectorAll('section.explorer');
for(var i=0;i<s.length;i++)setup(s[i]);
})();
"""

_PIECES = re.compile(r"( \| |: |; and |; | — or if | if )")  # where the one-line reasons repeat themselves


def _e(text: Any) -> str:
    return escape(str(text), quote=True)


def _v(value: str) -> str:
    return f'<b class="v v-{_e(value)}">{_e(value)}</b>'


def _flag(verified: Optional[bool]) -> str:
    return f' <span class="unverified">({words.UNVERIFIED})</span>' if verified is False else ""


def _fold(title: str, body: str) -> str:
    return f'<details class="provenance"><summary>Provenance{": " + title if title else ""}</summary>{body}</details>'


def _change(c: ChangeView) -> str:
    return f"{_e(c.person)}: {_e(c.conclusion)} {_v(c.before)} → {_v(c.after)}"


# ------------------------------------------------------------------------------ the data

def worlds_data(toggles: Any) -> dict[str, Any]:
    """The precomputed worlds, compact: one string table for the reasons' pieces, flat rows and combinations.

    ``k`` values per key; ``p`` persons; ``c`` their conclusions; ``v`` value words;
    ``s`` string pieces and ``t`` each reason as piece indexes; ``r`` rows as flat
    ``[value, reason]`` pairs per conclusion (the conclusions that arise only under some
    pins are not shown by the page, so not carried); ``m`` per combination one row per
    person, each a base-36 number of ``w`` digits, ``-`` where the pins leave no world.
    """
    pieces: dict[str, int] = {}
    values: dict[str, int] = {}

    def piece(s: str) -> int:
        return pieces.setdefault(s, len(pieces))

    texts = [[piece(x) for x in _PIECES.split(t) if x] for t in toggles.texts]
    rows: dict[tuple[int, ...], int] = {}
    row_of: list[int] = []
    for row in toggles.rows:
        flat = tuple(x for value, text, *extra in row if not extra
                     for x in (values.setdefault(value, len(values)), text))
        row_of.append(rows.setdefault(flat, len(rows)))
    width = len(_base36(max(len(rows) - 1, 0)))
    combos = "".join(_base36(row_of[r]).rjust(width, "0") if c is not None else "-" * width
                     for c in toggles.combos for r in (c if c is not None else [0] * len(toggles.persons)))
    return {"k": [len(k["values"]) for k in toggles.keys], "p": toggles.persons, "c": toggles.conclusions,
            "v": list(values), "s": list(pieces), "t": texts, "r": [list(r) for r in rows], "m": combos, "w": width}


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, d = divmod(n, 36)
        out = digits[d] + out
        if not n:
            return out


# ---------------------------------------------------------------------------- sections

def _summary(p: PersonView) -> str:
    items = "".join(f"<li><b>{_e(h)}:</b> {_e(t)}." for h, t in p.summary)
    return f'<section class="person-summary" data-person="{_e(p.id)}"><h3>{_e(p.title)}</h3><ul>{items}</ul></section>'


def _glossary(v: BriefingView) -> str:
    items = "".join(f"<dt>{_e(w)}<dd>{_e(d)}" for w, d in v.glossary)
    return f'<section class="glossary"><h2>Glossary</h2><dl>{items}</dl></section>' if items else ""


def _glance(v: BriefingView) -> str:
    names, rows = v.glance
    head = "".join(f"<th>{_e(n)}" for n in names)
    none = "<span class=v-none>—</span>"
    body = "".join(f"<tr><td>{_e(label)}" + "".join(f"<td>{_v(x) if x else none}" for x in xs) for label, xs in rows)
    return f'<h2>Conclusions at a glance</h2><table class="summary"><tr><th>conclusion{head}{body}</table>'


def _explorer(x: Optional[ExplorerView], n: int) -> str:
    if x is None:
        return ""
    sets = []
    for i, k in enumerate(x.keys):
        opts = [f'<label><input type="radio" name="s{n}k{i}" value="0" checked> open</label>']
        opts += [f'<label><input type="radio" name="s{n}k{i}" value="{j + 1}" data-path="{_e(k.path)}" '
                 f'data-value="{_e(value)}"> {_e(label)}</label>'
                 for j, (value, label) in enumerate(zip(k.values, k.labels))]
        sets.append(f'<fieldset data-path="{_e(k.path)}"><legend>{_e(k.label)}</legend>{"".join(opts)}</fieldset>')
    rows = "".join(f'<tr data-person="{_e(pid)}" data-key="{_e(key)}"><td>{_e(name)}<td>{_e(label)}'
                   f'<td class="v"><td class="why">' for pid, name, key, label in x.rows)
    data = json.dumps(worlds_data(x.toggles), separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")
    return (f'<section class="explorer" id="explorer-{n}"><h2>Explore the open facts and positions</h2>'
            f'<p class="muted">The toggles are the open facts and positions that decide the conclusions above '
            f'(those named by their explanations; at most {len(x.keys)}). Pin one or more: the engine precomputed '
            f'every combination ({len(x.toggles.combos)}); a conclusion may still be <i>possible</i> or '
            f'<i>depends</i> on the facts left open. Changed values are highlighted.</p>'
            f'<div class="toggles">{"".join(sets)}</div><p class="world-status"></p>'
            f'<table class="world"><tr><th>person<th>conclusion<th>value<th>why (conditions and grounds)</tr>'
            f'{rows}</table>'
            f'<script type="application/json" class="worlds">{data}</script></section>')


def _conclusion(c: ConclusionView, folds: Folds, sp: Any) -> str:
    from .graph import derivation_svg

    decides = f'<div class="decides"><b>What decides it:</b> {_e(c.decides)}</div>' if c.decides else ""
    if c.grounds:
        decides += f'<div class="decides"><b>Grounds:</b> {_e(c.grounds)}</div>'

    cases = [case for _, cs in words.ordered_cases(c.explanation) for case in cs]
    # Each reason opens on its provenance: the derivation, or why no rule applies.
    reasons = "".join(folds.case(c.explanation, case, _reason(r)) for r, case in zip(c.reasons, cases))
    first = next((case for case in cases if case.derivation is not None), None)
    graph = derivation_svg(first, _say(sp)) if first is not None else ""
    mirror = f'<p class="muted">Same facts as {_e(c.mirror_of)}.</p>' if c.mirror_of else ""
    return (f'<div class="conclusion" id="c-{_e(c.person)}-{_e(c.key)}"><h3>{_e(c.label)}: {_v(c.value)}</h3>'
            f'{mirror}{decides}{reasons}{_fold("derivation graph", graph) if graph else ""}</div>')


def _reason(r: ReasonView) -> str:
    """A case in one line: value, condition, grounds, facts."""
    cond = _e(" if " + r.condition) if r.condition else ""
    facts = f" <small>— facts: {_e(r.facts)}</small>" if r.facts else ""
    return f"{_v(r.value)}{cond}: {_e(r.grounds)}{facts}"


def _say(sp: Any) -> Any:
    """A derived atom in words (the rule base's phrases), or the atom itself."""
    def say(atom: str) -> str:
        try:
            from clingo import parse_term

            return str(sp.phrases.atom(parse_term(atom), sp.names))
        except (RuntimeError, AttributeError):
            return atom
    return say


def _person(p: PersonView, n: int, folds: Folds, sp: Any) -> str:
    out = [f'<h2 id="p-{n}-{_e(p.id)}">{_e(p.title)}</h2>']
    if p.mirror_of:
        return out[0] + f"<p>Same facts as {_e(p.mirror_of)}: same conclusions and reasons.</p>"
    for title, conclusions in p.groups:
        out.append(f"<h3>{title}</h3>" + "".join(_conclusion(c, folds, sp) for c in conclusions))
    if p.facts:
        rows = "".join(f"<tr><td>{_e(f.text)} <code>[{_e(f.path)}]</code><td>{_e(f.where)}<td>{_e(f.evidence)}"
                       f"<td>{_e(f.source)}" for f in p.facts)
        out.append(_fold(f"facts relied on ({len(p.facts)})",
                         f"<table><tr><th>fact<th>where<th>evidence<th>source{rows}</table>"))
    return "".join(out)


def _question(q: QuestionView) -> str:
    info = ""
    if q.evidence:
        source = f" (source: {_e(q.source)})" if q.source else ""
        info += f'<p class="muted">Evidence: {_e(q.evidence)}{source}</p>'
    if q.decides:
        info += f'<p class="muted">Decides: {_e("; ".join(q.decides))}</p>'
    items = []
    for o in q.options:
        text = f"<b>{_e(o.label)}</b>" + (f' <small>(source: {_e(o.source)})</small>' if o.source else "")
        text += _flag(o.verified)
        if o.impossible:
            text += ' — <span class="noworld">contradicts the scenario\'s facts (no world)</span>'
        elif o.changes:
            text += " — if so: " + "; ".join(_change(c) for c in o.changes)
        else:
            text += ' — <small>changes no conclusion on its own</small>'
        items.append(f"<li>{text}</li>")
    where = f"key {q.key}" + (f"; stated at {q.location}" if q.location else "")
    return f"<h3>{_e(q.title)}</h3>{info}<ul>{''.join(items)}</ul>" + _fold("", f'<p class="muted">{_e(where)}</p>')


def _questions(v: BriefingView) -> str:
    out = ["<h2>Open questions and what each would change</h2>"] + [_question(q) for q in v.questions]
    if v.idle:
        out.append(f'<p class="muted">Open, but no single value changes any conclusion ({len(v.idle)}): '
                   f'{_e("; ".join(v.idle))}</p>')
    if not v.questions and not v.idle:
        out.append("<p>None: every fact and position is known.</p>")
    out += [f"<p>Settled in the scenario: {_e(s.question)} — "
            + "; ".join(f"<b>{_e(label)}</b>{_flag(ok)}" for label, ok in s.values) + "</p>" for s in v.settled]
    return "".join(out)


def _timeline(v: BriefingView) -> str:
    if not v.timeline:
        return ""
    rows = []
    for t in v.timeline:
        date = _e(t.date) + "".join(f" <small>({m})</small>" for m in t.marks)
        changes = (f'<span class="noworld">cannot evaluate: {_e(t.error)}</span>' if t.error
                   else "<br>".join(_change(c) for c in t.changes) or '<small>—</small>')
        rows.append(f"<tr><td>{date}<td>{_e(t.events) or '—'}<td>{changes}")
    fold = (_fold("the rules behind each change", '<ul class="muted">' + "".join(
        f"<li>{_e(r)}" for r in v.timeline_reasons) + "</ul>") if v.timeline_reasons else "")
    return f"<h2>Timeline</h2><table><tr><th>date<th>event<th>what changed{''.join(rows)}</table>{fold}"


def _sources(v: BriefingView) -> str:
    rows = []
    for s in v.sources:
        review = (f'<span class="unverified">{words.UNVERIFIED}</span>' if not s.verified
                  else "verified" + (f" {_e(s.last_reviewed)}" if s.last_reviewed else ""))
        link = f'<a href="{_e(s.link)}">{_e(s.link)}</a>' if s.link else ""
        rows.append(f"<tr><td>{_e(s.citation)}<td><code>[{_e(s.rule)}]</code><td>{_e(s.paraphrase)}<td>{link}"
                    f"<td>{review}")
    note = (f'<p><span class="unverified">{len(v.unverified)} of {len(v.sources)} cited rules rest on unverified '
            f'sources</span>: {_e(", ".join(v.unverified))}.</p>' if v.unverified else "")
    return (f"<h2>Sources</h2>{note}<table><tr><th>citation<th>rule<th>paraphrase<th>link<th>review"
            f"{''.join(rows)}</table>")


def _scenario(b: Any, n: int, folds: Folds) -> str:
    from .words import speaker

    v, sp = view(b), speaker(b)
    folds.file, folds.say = v.file, _say(sp)
    title = _e(v.id) + (f" — {_e(v.title)}" if v.title else "")
    overrides = f" · overrides: {_e(', '.join(v.overrides))}" if v.overrides else ""
    return "".join([
        f'<article class="scenario" id="scenario-{n}"><h1>Briefing: {title}</h1>',
        f'<p class="meta">As of {_e(v.as_of)}; the engine decided {v.worlds} world(s){overrides}</p>',
        f'<p class="muted">{_e(INTRO)} Sources marked <span class="unverified">{words.UNVERIFIED}</span> have not '
        'been checked against the text.</p>',
        '<h2>Summary</h2><div class="summaries">' + "".join(_summary(p) for p in v.persons) + "</div>",
        _glossary(v), _glance(v), _explorer(v.explorer, n),
        *[_person(p, n, folds, sp) for p in v.persons],
        _questions(v), _timeline(v), _sources(v),
        _fold("scenario file, rule base, open keys",
              '<ul class="muted">' + "".join(f"<li>{_e(w)}: {_e(t)}" for w, t in v.provenance) + "</ul>"),
        "</article>"])


def briefing(briefs: list[Any]) -> str:
    """The page: every briefing, one after the other, with one set of folds (repeats shown once per page)."""
    title = "Briefing: " + ", ".join(b.id for b in briefs)
    folds = Folds()
    with batched() as graphs:  # one dot process for every graph of the page
        body = folds.finish("<hr>".join(_scenario(b, i, folds) for i, b in enumerate(briefs)))
    body = graphs.fill(body) if graphs is not None else body
    css = " ".join(CSS.split("\n")).strip()
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; '
            f'script-src \'unsafe-inline\'; img-src data:">'
            f"<title>{_e(title)}</title><style>{css}</style></head><body>{body}<script>{SCRIPT.strip()}</script>"
            "</body></html>\n")
