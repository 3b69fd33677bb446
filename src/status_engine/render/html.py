"""Briefings as one self-contained HTML page.

No network: the CSS, the script, the data and the derivation graphs (SVG laid out here,
a layered tree) are inline.  The toggles switch between worlds the engine precomputed
(``brief.Toggles``); the script only looks them up.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any, Optional

from ..contract import Key, value_text
from . import words

CSS = """
:root { --fg:#1b1f24; --muted:#5b6570; --line:#d5dae0; --bg:#fff; --soft:#f4f6f8;
        --ok:#1a7f37; --bad:#b42318; --warn:#9a6700; --info:#0969da; --fact:#6f42c1; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg);
       background: var(--bg); margin: 0 auto; max-width: 1180px; padding: 24px; }
h1 { font-size: 1.55em; margin: .2em 0; } h2 { font-size: 1.25em; margin-top: 1.6em;
  border-bottom: 1px solid var(--line); padding-bottom: .2em; } h3 { font-size: 1.05em; margin: 1.2em 0 .4em; }
.meta, .muted { color: var(--muted); font-size: .9em; }
code, .atom { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .88em; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
.v { font-weight: 600; white-space: nowrap; }
.v-necessary, .v-holds { color: var(--ok); } .v-possible { color: var(--warn); font-style: italic; }
.v-required { color: var(--ok); } .v-permitted { color: var(--info); } .v-forbidden { color: var(--bad); }
.v-depends { color: var(--warn); } .v-absent, .v-none { color: var(--muted); font-weight: 400; }
.unverified { color: var(--bad); font-weight: 600; }
.explorer { border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; background: var(--soft); }
.toggles { display: flex; flex-wrap: wrap; gap: 10px; margin-bottom: 10px; }
.toggles fieldset { border: 1px solid var(--line); border-radius: 6px; background: #fff; padding: 4px 8px; margin: 0; }
.toggles legend { font-size: .85em; font-weight: 600; padding: 0 4px; }
.toggles label { font-size: .85em; margin-right: 8px; white-space: nowrap; cursor: pointer; }
.world td.why { font-size: .82em; color: var(--muted); }
.world tr.changed td.v { background: #fff4d6; }
.noworld { color: var(--bad); font-weight: 600; }
details { margin: .3em 0 .6em; } summary { cursor: pointer; }
ul.t { list-style: none; padding-left: 1.1em; margin: .2em 0; border-left: 1px dotted var(--line); }
ul.t li { margin: .15em 0; }
.fact { color: var(--fact); } .fail { color: var(--bad); } .para { color: var(--muted); font-style: italic; }
.graph { overflow: auto; border: 1px solid var(--line); border-radius: 6px; background: #fff; margin: .4em 0; }
.reason { margin: .1em 0 .1em 1.2em; font-size: .9em; }
.decides { background: #fff8e6; border-left: 3px solid var(--warn); padding: 4px 8px; margin: .3em 0; font-size: .92em; }
.dgraph { font: 11px system-ui, sans-serif; } .dgraph path { fill: none; stroke: #c0c7cf; }
.dgraph .l1 { font-weight: 600; fill: #1b1f24; } .dgraph text { stroke: none; }
.k-rule use { fill: #e8f1fe; stroke: #0969da; } .k-rule .l2 { fill: #0969da; }
.k-unverified use { fill: #fdecea; stroke: #b42318; stroke-dasharray: 4 2; } .k-unverified .l2 { fill: #b42318; }
.k-view use { fill: #f4f6f8; stroke: #8c959f; } .k-view .l2 { fill: #8c959f; }
.k-fact use { fill: #f3effc; stroke: #6f42c1; } .k-fact .l2 { fill: #6f42c1; }
.k-open use { fill: #fff8e6; stroke: #9a6700; stroke-dasharray: 4 2; } .k-open .l2 { fill: #9a6700; }
.k-fail use { fill: #fff1f0; stroke: #b42318; } .k-fail .l2 { fill: #b42318; }
.k-root use { fill: #f4f6f8; stroke: #5b6570; } .k-root .l2 { fill: #5b6570; }
.summaries { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 12px; }
.person-summary { border: 1px solid var(--line); border-radius: 8px; padding: 4px 14px; }
.person-summary ul { padding-left: 1.1em; } .glossary dt { font-weight: 600; float: left; clear: left; width: 7em; }
.glossary dd { margin: 0 0 .2em 7.5em; }
@media print { .explorer { display: none; } details:not(.provenance) { display: block; } }
@media print { details.provenance > summary { list-style: none; color: var(--muted); } details.provenance > summary::after { content: " (open in the HTML briefing)"; font-style: italic; } h1, h2, h3 { break-after: avoid; } .person-summary, tr { break-inside: avoid; } }
"""

SCRIPT = r"""
(function () {
  function render(section) {
    var data = JSON.parse(section.querySelector('script.worlds').textContent);
    var sets = section.querySelectorAll('.toggles fieldset');
    var index = 0;
    for (var i = 0; i < sets.length; i++) {
      var checked = sets[i].querySelector('input:checked');
      index = index * (data.keys[i].values.length + 1) + parseInt(checked.value, 10);
    }
    var combo = data.combos[index];
    var status = section.querySelector('.world-status');
    var cells = section.querySelectorAll('tr[data-person]');
    if (combo === null) {
      status.textContent = 'No world: these values contradict the scenario\'s facts (a consistency rule excludes them).';
      status.className = 'world-status noworld';
      return;
    }
    status.textContent = '';
    status.className = 'world-status';
    for (var p = 0; p < data.persons.length; p++) {
      var pid = data.persons[p], row = data.rows[combo[p]], keys = data.conclusions[pid];
      var base = data.rows[data.combos[0][p]];
      for (var k = 0; k < keys.length; k++) {
        var tr = section.querySelector('tr[data-person="' + pid + '"][data-key="' + keys[k] + '"]');
        if (!tr) continue;
        var v = row[k][0], td = tr.querySelector('td.v');
        td.textContent = v === 'absent' ? 'does not hold / not considered' : v;
        td.className = 'v v-' + v;
        tr.querySelector('td.why').textContent = data.texts[row[k][1]];
        tr.className = (v !== base[k][0]) ? 'changed' : '';
        tr.setAttribute('data-value', v);
      }
    }
  }
  var sections = document.querySelectorAll('section.explorer');
  for (var s = 0; s < sections.length; s++) {
    (function (section) {
      section.addEventListener('change', function () { render(section); });
      render(section);
    })(sections[s]);
  }
})();
"""


def _e(text: Any) -> str:
    return escape(str(text), quote=True)


def _v(value: str) -> str:
    return f'<span class="v v-{_e(value)}">{_e(value)}</span>'


def _flag(verified: Optional[bool]) -> str:
    return f' <span class="unverified">({words.UNVERIFIED})</span>' if verified is False else ""


def _cite(rule_id: Optional[str], citation: Optional[str], verified: Optional[bool]) -> str:
    if not rule_id:
        return '<span class="muted">view of the scenario facts</span>'
    return f"<b>{_e(citation)}</b> <code>[{_e(rule_id)}]</code>{_flag(verified)}"


def _fact(f: Any, seen: set) -> str:
    """A fact with its location; its evidence the first time it appears in a conclusion."""
    assumed = ' <span class="muted">(open; value in this world)</span>' if f.assumed else ""
    ev = ""
    if f.evidence and ("fact", f.path) not in seen:
        seen.add(("fact", f.path))
        ev = f' — <span class="muted">evidence: {_e(" ".join(f.evidence.split()))}</span>'
    return (f'<li class="fact">fact <code>{_e(f.path)} = {_e(f.value)}</code>{assumed} '
            f'<span class="muted">[{_e(_where(f))}]</span>{ev}</li>')


def _where(f: Any) -> str:
    """Where a fact is stated: its line, when it is in the briefing's scenario file (named in the provenance)."""
    if _FILE and f.file == _FILE[-1] and f.line:
        return f"line {f.line}"
    return words.where(f)


def _para(rule_id: Optional[str], paraphrase: Optional[str], seen: set) -> str:
    """A rule's paraphrase, the first time the rule appears in a conclusion (then the citation)."""
    if not rule_id or not paraphrase or ("rule", rule_id) in seen:
        return ""
    seen.add(("rule", rule_id))
    return f' <span class="para">{_e(paraphrase)}</span>'


def _step(s: Any, seen: set, label: str = "") -> str:
    """A derivation step; a subtree already shown on the page is referred to, not repeated."""
    key = ("step", _shape(s))
    first = _SHOWN.get(key)
    if first is not None and (s.children or s.absent_why or len(s.facts) > 1):
        return (f'<li id="{_e(s.id)}">{_e(label)}{_e(_atom(s.atom))} ⇐ {_cite(s.rule_id, s.citation, s.verified)} '
                f'<a class="muted" href="#{_e(first)}">(as derived above)</a></li>')
    _SHOWN.setdefault(key, s.id)
    out = [f'<li id="{_e(s.id)}">{_e(label)}<span class="atom">{_e(_atom(s.atom))}</span> ⇐ '
           f'{_cite(s.rule_id, s.citation, s.verified)} <span class="muted">{_e(s.rule_file)}:{s.rule_line}</span>'
           f'{_para(s.rule_id, s.paraphrase, seen)}', '<ul class="t">']
    out += [_fact(f, seen) for f in s.facts]
    if s.absent:
        out.append(f'<li class="muted">and not: {", ".join(f"<code>{_e(a)}</code>" for a in s.absent)}'
                   + (" — not derived, because:<ul class='t'>" + "".join(_failure(f, seen) for f in s.absent_why)
                      + "</ul>" if s.absent_why else "") + "</li>")
    out += [_step(c, seen) for c in s.children]
    out.append("</ul></li>")
    return "".join(out)


_SHOWN: dict[tuple, str] = {}  # subtrees already on the page (reset per briefing)
_FILE: list = []  # the scenario file of the briefing being rendered
_SEEN: set = set()  # rules and facts whose paraphrase or evidence the page already shows
_SPEAKER: list = []  # the briefing's speaker while it is rendered


def _atom(atom: str) -> str:
    """A derived atom as its sentence from the rule base's phrases, with the atom in brackets."""
    if not _SPEAKER:
        return atom
    try:
        from clingo import parse_term

        text = _SPEAKER[-1].phrases.atom(parse_term(atom), _SPEAKER[-1].names)
    except RuntimeError:
        return atom
    return atom if text == atom else f"{text} [{atom}]"


def _shape(s: Any) -> str:
    """A step's content without its ids (two equal shapes render alike)."""
    import json as _json

    def strip(d: Any) -> Any:
        if isinstance(d, dict):
            return {k: strip(v) for k, v in d.items() if k != "id"}
        if isinstance(d, list):
            return [strip(x) for x in d]
        return d

    return _json.dumps(strip(s.to_dict()), sort_keys=True)


def _failure(f: Any, seen: set) -> str:
    who = _cite(f.rule_id, f.citation, f.verified) if f.rule_id else f'<span class="muted">view {_e(f.rule_location)}</span>'
    key = ("failure", _shape(f))
    first = _SHOWN.get(key)
    if first is not None and (f.because or f.blocker is not None or len(f.facts) > 1):
        return (f'<li class="fail" id="{_e(f.id)}">✗ {who} fails at <code>{_e(f.failed)}</code> '
                f'<a class="muted" href="#{_e(first)}">(as shown above)</a></li>')
    _SHOWN.setdefault(key, f.id)
    out = [f'<li class="fail" id="{_e(f.id)}">✗ {who} fails at <code>{_e(f.failed)}</code>'
           f'{_para(f.rule_id, f.paraphrase, seen)}<ul class="t">']
    out += [_fact(x, seen) for x in f.facts]
    if f.blocker is not None:
        out.append(_step(f.blocker, seen, "which holds: "))
    out += [_failure(b, seen) for b in f.because]
    out.append("</ul></li>")
    return "".join(out)


def _case(exp: Any, value: str, case: Any, seen: set) -> str:
    cond = _SPEAKER[-1].condition(case.condition) if _SPEAKER else words.condition_text(case.condition, exp.person)
    head = f"{_v(value)} {_e(cond if cond == 'in every world' else 'if ' + cond)}"
    body = []
    if case.derivation is not None:
        body.append(_step(case.derivation, seen))
    if case.scope is not None:
        body.append(_step(case.scope, seen, "considered because: "))
    if case.derivation is None:
        if not case.why_not:
            body.append('<li class="muted">no rule of the rule base '
                        + ("could derive it" if exp.kind == "status" else "forbids or requires it") + "</li>")
        body += [_failure(f, seen) for f in case.why_not]
    return f'<details><summary>{head}</summary><ul class="t">{"".join(body)}</ul></details>'


# ------------------------------------------------------------------------------- graphs

NODE_W, NODE_H, GAP_X, GAP_Y = 230, 44, 34, 10
CHARS = 34


def _clip(text: str, n: int = CHARS) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _graph_nodes(case: Any) -> Optional[dict]:
    """The case's reason as a tree of drawable nodes: kind, two lines, a tooltip, children."""

    def step(s: Any, label: str = "") -> dict:
        kids = [fact(f) for f in s.facts] + [step(c) for c in s.children]  # the grounds that hold only
        line2 = f"{s.rule_id} · {s.citation}" if s.rule_id else f"view {s.rule_file}:{s.rule_line}"
        tip = f"{label}{s.atom}\n{line2}"
        kind = "rule" if s.rule_id else "view"
        if s.verified is False:
            kind = "unverified"
        return {"kind": kind, "l1": label + s.atom, "l2": line2, "tip": tip, "kids": kids}

    def fact(f: Any) -> dict:
        where = words.where(f)
        tip = f"{f.path} = {f.value}\n{where}"
        return {"kind": "open" if f.assumed else "fact", "l1": f"{f.path} = {f.value}", "l2": where, "tip": tip,
                "kids": []}

    def failure(f: Any) -> dict:
        kids = [fact(x) for x in f.facts] + [failure(b) for b in f.because]
        if f.blocker is not None:
            kids.append(step(f.blocker, "holds: "))
        who = f"{f.rule_id} · {f.citation}" if f.rule_id else f"view {f.rule_location}"
        return {"kind": "fail", "l1": f"✗ {who}", "l2": f"fails at {f.failed}",
                "tip": f"{who}\nfails at {f.failed}", "kids": kids}

    if case.derivation is not None:
        return step(case.derivation)
    roots = [failure(f) for f in case.why_not]
    if case.scope is not None:
        roots.insert(0, step(case.scope, "considered: "))
    if not roots:
        return None
    return {"kind": "root", "l1": "why not", "l2": "every rule that could derive it", "tip": "why not", "kids": roots}


# The node box, defined once per page and used by every graph.
BOX = (f'<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs><rect id="box" '
       f'width="{NODE_W}" height="{NODE_H}" rx="6"/></defs></svg>')


def svg_graph(case: Any, limit: int = 80) -> str:
    """A layered left-to-right tree: depth -> column, leaves -> rows, parents centred."""
    root = _graph_nodes(case)
    if root is None:
        return ""
    placed: list[tuple[dict, int, float]] = []
    edges: list[tuple[int, float, int, float]] = []
    counter = {"leaf": 0, "n": 0}

    truncated = {"cut": False}

    def place(node: dict, depth: int) -> float:
        counter["n"] += 1
        kids = node["kids"] if counter["n"] < limit else []
        truncated["cut"] |= len(kids) < len(node["kids"])
        if not kids:
            y = counter["leaf"]
            counter["leaf"] += 1
        else:
            ys = [place(k, depth + 1) for k in kids]
            y = (ys[0] + ys[-1]) / 2
            for ky in ys:
                edges.append((depth, y, depth + 1, ky))
        placed.append((node, depth, y))
        return y

    place(root, 0)
    depth = max(d for _, d, _ in placed) + 1
    width = depth * (NODE_W + GAP_X)
    height = max(1, counter["leaf"]) * (NODE_H + GAP_Y)

    def xy(d: int, y: float) -> tuple[float, float]:
        return d * (NODE_W + GAP_X) + 2, y * (NODE_H + GAP_Y) + 2

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="dgraph" width="{width}" height="{height + 4}" '
           f'viewBox="0 0 {width} {height + 4}" role="img">']
    for d1, y1, d2, y2 in edges:
        x1, yy1 = xy(d1, y1)
        x2, yy2 = xy(d2, y2)
        x1 += NODE_W
        yy1 += NODE_H / 2
        yy2 += NODE_H / 2
        mid = (x1 + x2) / 2
        out.append(f'<path d="M{x1:.0f},{yy1:.0f}C{mid:.0f},{yy1:.0f} {mid:.0f},{yy2:.0f} {x2:.0f},{yy2:.0f}"/>')
    for node, d, y in placed:
        x, yy = xy(d, y)
        clipped = _clip(node["l1"]) != node["l1"] or _clip(node["l2"], CHARS + 2) != node["l2"]
        tip = f'<title>{_e(node["tip"])}</title>' if clipped else ""  # the full text, where the box cuts it
        out.append(f'<g class="k-{node["kind"]}" transform="translate({x:.0f},{yy:.0f})">{tip}'
                   f'<use href="#box"/><text x="8" y="17" class="l1">'
                   f'{_e(_clip(node["l1"]))}</text><text x="8" y="33" class="l2">{_e(_clip(node["l2"], CHARS + 2))}'
                   f'</text></g>')
    if truncated["cut"]:
        out.append(f'<text x="4" y="{height}" class="l2">(first {limit} nodes)</text>')
    out.append("</svg>")
    return "".join(out)


# ---------------------------------------------------------------------------- sections

def _table(b: Any, sp: Any) -> str:
    keys: list[str] = []
    for p in b.persons:
        for k in list(p.result["status"]) + list(p.result["outcomes"]):
            if k not in keys:
                keys.append(k)
    keys = [k for k in keys if Key.parse(k).is_status] + [k for k in keys if Key.parse(k).is_outcome]
    head = "".join(f"<th>{_e(sp.person(p.id))}</th>" for p in b.persons)
    rows = []
    for k in keys:
        cells = []
        for p in b.persons:
            v = p.result["status"].get(k) or p.result["outcomes"].get(k)
            cells.append(f"<td>{_v(v) if v else '<span class=v-none>—</span>'}</td>")
        rows.append(f"<tr><td>{_e(sp.label(k))}</td>{''.join(cells)}</tr>")
    return f'<table class="summary"><tr><th>conclusion</th>{head}</tr>{"".join(rows)}</table>'


def _person_summary(b: Any, p: Any, sp: Any) -> str:
    items = "".join(f"<li><b>{_e(h)}:</b> {_e(t)}.</li>" for h, t in sp.summary(b, p))
    return (f'<section class="person-summary" data-person="{_e(p.id)}"><h3>{_e(p.label or sp.person(p.id))}</h3>'
            f"<ul>{items}</ul></section>")


def _glossary(sp: Any) -> str:
    items = "".join(f"<dt>{_e(w)}</dt><dd>{_e(d)}</dd>" for w, d in sp.glossary())
    return f'<section class="glossary"><h2>Glossary</h2><dl>{items}</dl></section>' if items else ""


def _explorer(b: Any, n: int, sp: Any) -> str:
    t = b.toggles
    if t is None or not t.keys:
        return ""
    sets = []
    for i, k in enumerate(t.keys):
        opts = [f'<label><input type="radio" name="s{n}-k{i}" id="s{n}-k{i}-v0" value="0" checked> open</label>']
        for j, v in enumerate(k["values"]):
            opts.append(f'<label><input type="radio" name="s{n}-k{i}" id="s{n}-k{i}-v{j + 1}" value="{j + 1}" '
                        f'data-path="{_e(k["path"])}" data-value="{_e(v)}"> {_e(k.get("labels", k["values"])[j])}'
                        '</label>')
        sets.append(f'<fieldset data-path="{_e(k["path"])}"><legend>{_e(k.get("label", k["path"]))}</legend>'
                    f'{"".join(opts)}</fieldset>')
    rows = []
    for p in b.persons:
        for key in t.conclusions[p.id]:
            rows.append(f'<tr data-person="{_e(p.id)}" data-key="{_e(key)}"><td>{_e(sp.person(p.id))}</td>'
                        f'<td>{_e(sp.label(key))}</td><td class="v"></td><td class="why"></td></tr>')
    data = json.dumps(t.to_dict(), separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")
    return (f'<section class="explorer" id="explorer-{n}"><h2>Explore the open facts and positions</h2>'
            f'<p class="muted">The toggles are the open facts and positions that decide the conclusions above '
            f'(those named by their explanations; at most {len(t.keys)}). Pin one or more: the engine precomputed '
            f'every combination ({len(t.combos)}); a conclusion may still be <i>possible</i> or <i>depends</i> on '
            f'the facts left open. Changed values are highlighted.</p>'
            f'<div class="toggles">{"".join(sets)}</div><p class="world-status"></p>'
            f'<table class="world"><tr><th>person</th><th>conclusion</th><th>value</th><th>why (conditions and '
            f'grounds)</th></tr>{"".join(rows)}</table>'
            f'<script type="application/json" class="worlds">{data}</script></section>')


def _conclusion(exp: Any, sp: Any) -> str:
    decides = (f'<div class="decides"><b>What decides it:</b> {_e(sp.decides(exp))}</div>'
               if words.is_open(exp) else "")
    reasons = []
    for value, cases in words.ordered_cases(exp):
        for case in cases:
            cond = sp.condition(case.condition, "")
            facts = sp.facts(case)
            reasons.append(f'<div class="reason">{_v(value)}{_e(" if " + cond if cond else "")}: '
                           f'{_e(sp.case(exp, case, 3))}'
                           + (f' <span class="muted">— facts: {_e(facts)}</span>' if facts else "") + "</div>")
    first = next((c for _, cs in words.ordered_cases(exp) for c in cs if c.derivation is not None), None)
    graph = svg_graph(first) if first is not None else ""
    graph_html = (f'<details class="graph-box provenance"><summary>Provenance: derivation graph</summary>'
                  f'<div class="graph">{graph}</div></details>' if graph else "")
    seen = _SEEN  # a paraphrase or an evidence is printed the first time on the page
    trees = "".join(_case(exp, v, c, seen) for v, cs in words.ordered_cases(exp) for c in cs)
    mirror = f'<p class="muted">Same facts as {_e(sp.person(exp.mirror_of))}.</p>' if exp.mirror_of else ""
    return (f'<div class="conclusion" id="c-{_e(exp.person)}-{_e(exp.key)}"><h3>{_e(sp.label(exp.key))}: '
            f'{_v(exp.value)}</h3>{mirror}{decides}{"".join(reasons)}{graph_html}'
            f'<details class="provenance"><summary>Provenance: derivations and why-nots</summary>{trees}</details></div>')


def _facts_table(person: Any, sp: Any) -> str:
    seen: dict[str, Any] = {}
    for e in person.explanations:
        for _, cases in e.cases.items():
            for c in cases:
                for f in words.facts_of_case(c):
                    if not f.assumed and f.path not in seen:
                        seen[f.path] = f
    if not seen:
        return ""
    rows = "".join(f"<tr><td>{_e(sp.fact(f.path, f.value))} <code>[{_e(f.path)}]</code></td><td>{_e(words.where(f))}</td>"
                   f"<td>{_e(f.evidence or '')}</td><td>{_e(f.source or '')}</td></tr>"
                   for f in sorted(seen.values(), key=lambda f: f.path))
    return (f'<details class="provenance"><summary>Provenance: facts relied on ({len(seen)})</summary><table><tr><th>fact</th>'
            f"<th>where</th><th>evidence</th><th>source</th></tr>{rows}</table></details>")


def _question(q: Any, sp: Any) -> str:
    title = _e(q.question or sp.topic(q))
    info = []
    if q.evidence:
        info.append(f'<p class="muted">Evidence: {_e(q.evidence)}' + (f" (source: {_e(q.source)})" if q.source else "")
                    + "</p>")
    if q.decisive_for:
        info.append('<p class="muted">Decides: ' + _e("; ".join(
            f"{sp.person(d.split(' ', 1)[0])}: {sp.label(d.split(' ', 1)[1])}" for d in q.decisive_for)) + "</p>")
    items = []
    for v in q.values:
        pos = q.positions.get(v, {})
        text = f"<b>{_e(sp.fact(q.path, v))}</b>"
        if pos:
            if pos.get("source"):
                text += f' <span class="muted">(source: {_e(pos["source"])})</span>'
            text += _flag(pos.get("verified"))
        if v in q.impossible:
            text += ' — <span class="noworld">contradicts the scenario\'s facts (no world)</span>'
        elif q.effects.get(v):
            text += " — if so: " + "; ".join(f"{_e(sp.person(c.person))}: {_e(sp.label(str(c.key)))} "
                                            f"{_v(value_text(c.before))} → {_v(value_text(c.after))}"
                                            for c in q.effects[v])
        else:
            text += ' — <span class="muted">changes no conclusion on its own</span>'
        items.append(f"<li>{text}</li>")
    where = f"key {q.path}" + (f"; stated at {q.location}" if q.location else "")
    return (f"<h3>{title}</h3>{''.join(info)}<ul>{''.join(items)}</ul>"
            f'<details class="provenance"><summary>Provenance</summary><p class="muted">{_e(where)}</p></details>')


def _timeline(b: Any, sp: Any) -> str:
    if not b.timeline:
        return ""
    rows, reasons = [], []
    for t in b.timeline:
        date = _e(t.date) + (" <span class=muted>(scenario date)</span>" if t.is_as_of else "") + (
            " <span class=muted>(after the scenario date)</span>" if t.after_as_of else "")
        if t.error:
            changes = f'<span class="noworld">cannot evaluate: {_e(t.error)}</span>'
        elif t.changes:
            changes = "<br>".join(f"{_e(sp.person(c.person))}: {_e(sp.label(str(c.key)))} {_v(value_text(c.before))} → "
                                  f"{_v(value_text(c.after))}" for c in t.changes)
            reasons += [f"<li>{_e(t.date)}, {_e(sp.change(c))}: {_e(c.why.replace('`', ''))}</li>"
                                for c in t.changes if c.why]
        else:
            changes = '<span class="muted">—</span>'
        rows.append(f"<tr><td>{date}</td><td>{_e('; '.join(t.notes)) or '—'}</td><td>{changes}</td></tr>")
    fold = (f'<details class="provenance"><summary>Provenance: the rules behind each change</summary>'
            f'<ul class="muted">{"".join(reasons)}</ul></details>' if reasons else "")
    return ("<h2>Timeline</h2><table><tr><th>date</th><th>event</th><th>what changed</th></tr>"
            + "".join(rows) + "</table>" + fold)


def _sources(b: Any) -> str:
    rows = []
    for s in b.sources:
        review = (f'<span class="unverified">{words.UNVERIFIED}</span>' if not s.verified
                  else "verified" + (f" {_e(s.last_reviewed)}" if s.last_reviewed else ""))
        link = f'<a href="{_e(s.link)}">{_e(s.link)}</a>' if s.link else ""
        rows.append(f"<tr><td>{_e(s.citation)}</td><td><code>[{_e(s.rule)}]</code></td><td>{_e(s.paraphrase)}</td>"
                    f"<td>{link}</td><td>{review}</td></tr>")
    unverified = [s.rule for s in b.sources if not s.verified]
    note = (f'<p><span class="unverified">{len(unverified)} of {len(b.sources)} cited rules rest on unverified '
            f'sources</span>: {_e(", ".join(unverified))}.</p>' if unverified else "")
    return ("<h2>Sources</h2>" + note + "<table><tr><th>citation</th><th>rule</th><th>paraphrase</th><th>link</th>"
            "<th>review</th></tr>" + "".join(rows) + "</table>")


def _scenario(b: Any, n: int) -> str:
    from .words import speaker

    sp = speaker(b)
    _SPEAKER.append(sp)
    _FILE.append(b.file)
    try:
        return _scenario_body(b, n, sp)
    finally:
        _SPEAKER.pop()
        _FILE.pop()


def _scenario_body(b: Any, n: int, sp: Any) -> str:
    parts = [f'<article class="scenario" id="scenario-{n}"><h1>Briefing: {_e(b.id)}'
             + (f" — {_e(b.title)}" if b.title else "") + "</h1>",
             f'<p class="meta">As of {_e(b.as_of)}; the engine decided {b.worlds} world(s)'
             + (f" · overrides: {_e(', '.join(b.overrides))}" if b.overrides else "") + "</p>",
             '<p class="muted">Every statement below comes from the rule base and the scenario file: each reason '
             'names the rule (citation and id) and the facts it used. Sources marked '
             f'<span class="unverified">{words.UNVERIFIED}</span> have not been checked against the text.</p>',
             '<h2>Summary</h2><div class="summaries">'
             + "".join(_person_summary(b, p, sp) for p in b.persons) + "</div>",
             _glossary(sp), "<h2>Conclusions at a glance</h2>", _table(b, sp), _explorer(b, n, sp)]
    for p in b.persons:
        parts.append(f'<h2 id="p-{n}-{_e(p.id)}">{_e(p.label or sp.person(p.id))}</h2>')
        if p.mirror_of:
            parts.append(f"<p>Same facts as {_e(sp.person(p.mirror_of))}: same conclusions and reasons.</p>")
            continue
        for kind, title in (("status", "Status"), ("outcome", "What may, must or must not be done")):
            exps = [e for e in p.explanations if e.kind == kind]
            if exps:
                parts.append(f"<h3>{title}</h3>" + "".join(_conclusion(e, sp) for e in exps))
        parts.append(_facts_table(p, sp))
    parts.append("<h2>Open questions and what each would change</h2>")
    matters = [q for q in b.questions if q.matters or q.decisive_for]
    parts += [_question(q, sp) for q in matters]
    idle = [q for q in b.questions if not (q.matters or q.decisive_for)]
    if idle:
        parts.append(f'<p class="muted">Open, but no single value changes any conclusion ({len(idle)}): '
                     + _e("; ".join(sp.topic(q) for q in idle)) + "</p>")
    if not b.questions:
        parts.append("<p>None: every fact and position is known.</p>")
    for q in b.positions:
        if q.path in {x.path for x in b.questions}:
            continue
        parts.append(f"<p>Settled in the scenario: {_e(q.question or q.path)} — "
                     + "; ".join(f"<b>{_e(sp.fact(q.path, v))}</b>{_flag(q.positions.get(v, {}).get('verified'))}"
                                 for v in q.values) + "</p>")
    parts.append(_timeline(b, sp))
    parts.append(_sources(b))
    parts.append('<details class="provenance"><summary>Provenance: scenario file, rule base, open keys</summary>'
                 f'<ul class="muted"><li>file: {_e(b.file)}</li><li>rules: {_e(b.rules)}</li>'
                 f'<li>open facts and positions ({len(b.open)}): {_e(", ".join(b.open))}</li></ul></details>')
    parts.append("</article>")
    return "".join(parts)


def _unreferenced_ids(page: str) -> str:
    """Drop the ids of derivation nodes no link points to, and shorten the others (the page's bulk)."""
    import re

    nodes = set(re.findall(r'<li(?: class="fail")? id="([^"]+)"', page))
    used: dict[str, str] = {}  # referenced node id -> its short name on the page
    for ref in re.findall(r'<a class="muted" href="#([^"]+)"', page):
        if ref in nodes:
            used.setdefault(ref, f"n{len(used)}")
    page = re.sub(r'<li( class="fail")? id="([^"]+)"',
                  lambda m: f'<li{m.group(1) or ""} id="{used[m.group(2)]}"' if m.group(2) in used
                  else f"<li{m.group(1) or ''}", page)
    return re.sub(r'<a class="muted" href="#([^"]+)"',
                  lambda m: f'<a class="muted" href="#{used.get(m.group(1), m.group(1))}"', page)


def briefing(briefs: list[Any]) -> str:
    title = "Briefing: " + ", ".join(b.id for b in briefs)
    _SHOWN.clear()
    _SEEN.clear()
    body = _unreferenced_ids("<hr>".join(_scenario(b, i) for i, b in enumerate(briefs)))
    _SHOWN.clear()
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; '
            f'script-src \'unsafe-inline\'; img-src data:">'
            f"<title>{_e(title)}</title><style>{CSS}</style></head><body>{BOX}{body}<script>{SCRIPT}</script>"
            "</body></html>\n")
