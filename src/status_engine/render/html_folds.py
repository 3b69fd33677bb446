"""The provenance folds of an HTML briefing: each conclusion's derivations and why-nots.

This is where a reader checks the engine's work: every rule applied (citation, rule id,
file and line), every scenario fact used (its line in the scenario file), and why the
other rules do not apply.  It is the bulk of a page, so a page shows each repeated
subtree once: a later occurrence links to the first ("as derived above"); a rule's
paraphrase and a fact's evidence are printed the first time only.  Node ids exist only
where a link points to them (``Folds.finish``).
"""

from __future__ import annotations

import dataclasses
import re
from html import escape
from typing import Any, Optional

from . import words

_MARK = re.compile("\x01(\\d+)\x02")  # where a shown subtree's id goes, if some link points to it


def _e(text: Any) -> str:
    return escape(str(text), quote=True)


def _shape(node: Any, memo: dict[int, int], shapes: dict[tuple[Any, ...], int]) -> int:
    """A node's content without its ids, as a number (two equal shapes render alike).

    Built from its own fields and its sub-nodes' shape numbers, each node once per page
    (``memo``, by the node's identity: the briefing holds every node while its page is
    written), so a page costs one pass over each tree, not one per node and depth.
    """
    got = memo.get(id(node))
    if got is None:
        key = (type(node).__name__, *(_value(getattr(node, name), memo, shapes) for name in _fields(type(node))))
        got = memo[id(node)] = shapes.setdefault(key, len(shapes))
    return got


_FIELDS: dict[type, tuple[str, ...]] = {}


def _fields(cls: type) -> tuple[str, ...]:
    """A dataclass's field names but ``id`` (once per class)."""
    got = _FIELDS.get(cls)
    if got is None:
        got = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls) if f.name != "id")  # type: ignore[arg-type]
    return got


_HAS_ID: dict[type, bool] = {}


def _has_id(cls: type) -> bool:
    got = _HAS_ID.get(cls)
    if got is None:
        got = _HAS_ID[cls] = any(f.name == "id" for f in dataclasses.fields(cls))  # type: ignore[arg-type]
    return got


def _value(v: Any, memo: dict[int, int], shapes: dict[tuple[Any, ...], int]) -> Any:
    if isinstance(v, list):
        return tuple(_value(x, memo, shapes) for x in v)
    if dataclasses.is_dataclass(v):
        if _has_id(type(v)):  # a step or failure: a node of its own, shaped once
            return _shape(v, memo, shapes)
        return (type(v).__name__, *(_value(getattr(v, n), memo, shapes) for n in _fields(type(v))))
    if isinstance(v, dict):
        return tuple(sorted((k, _value(x, memo, shapes)) for k, x in v.items()))
    return v


class Folds:
    """Renders derivation folds for one page, remembering what the page already shows."""

    def __init__(self, file: str = "", say: Any = None):
        self.file = file  # the briefing's scenario file: its facts are located by line
        self.say = say  # derived atom -> words (the speaker's phrases), or None
        self.shown: dict[int, int] = {}  # subtree shape (its number) -> its mark
        self.linked: set[int] = set()
        self.seen: set[tuple[str, str]] = set()  # rules and facts already paraphrased / evidenced
        self._memo: dict[int, int] = {}  # node identity -> its shape's number (``_shape``)
        self._shapes: dict[tuple[Any, ...], int] = {}  # shape -> its number

    # -- pieces
    def cite(self, rule_id: Optional[str], citation: Optional[str], verified: Optional[bool]) -> str:
        if not rule_id:
            return "<small>view of the scenario facts</small>"
        flag = ' <span class="unverified">(unverified)</span>' if verified is False else ""
        return f"<b>{_e(citation)}</b> [{_e(rule_id)}]{flag}"

    def where(self, f: Any) -> str:
        if f.file == self.file and f.line:
            return f"line {f.line}"
        return words.where(f)

    def fact(self, f: Any, inline: bool = False) -> str:
        assumed = " <small>(open; value in this world)</small>" if f.assumed else ""
        ev = ""
        if f.evidence and ("fact", f.path) not in self.seen:
            self.seen.add(("fact", f.path))
            ev = f' — <small>evidence: {_e(" ".join(f.evidence.split()))}</small>'
        where = "" if f.assumed and not f.file and not f.set_by else f" <small>[{_e(self.where(f))}]</small>"
        text = f"fact <code>{_e(f.path)} = {_e(f.value)}</code>{assumed}{where}{ev}"
        return f'<span class="f">{text}</span>' if inline else f"<li class=f>{text}"

    def para(self, rule_id: Optional[str], paraphrase: Optional[str]) -> str:
        if not rule_id or not paraphrase or ("rule", rule_id) in self.seen:
            return ""
        self.seen.add(("rule", rule_id))
        return f" <i>{_e(paraphrase)}</i>"

    def atom(self, atom: str) -> str:
        text = self.say(atom) if self.say else atom
        return f"<code>{_e(atom)}</code>" if text == atom else _e(text)  # the atom only where no phrase says it

    def _again(self, node: Any, big: bool) -> tuple[Optional[str], str]:
        """(link to the first occurrence, or None; the id mark for this one)."""
        key = _shape(node, self._memo, self._shapes)
        first = self.shown.get(key)
        if first is not None and big:
            self.linked.add(first)
            return f"<a href=#d{first}>", ""
        if first is None:
            first = self.shown[key] = len(self.shown)
        return None, f"\x01{first}\x02"

    # -- trees
    def step(self, s: Any, label: str = "") -> str:
        link, mark = self._again(s, bool(s.children or s.absent_why or len(s.facts) > 1))
        head = f"{_e(label)}{self.atom(s.atom)} ⇐ {self.cite(s.rule_id, s.citation, s.verified)}"
        if link:
            return f"<li>{head} {link}(derived above)</a>"
        where = f"<small>{_e(s.rule_file)}:{s.rule_line}</small>"
        out = [f"<li{mark}>{head} {where}{self.para(s.rule_id, s.paraphrase)}<ul>"]
        out += [self.fact(f) for f in s.facts]
        if s.absent:
            why = ("; not derived, because:<ul>" + "".join(self.failure(f) for f in s.absent_why) + "</ul>"
                   if s.absent_why else "")
            out.append("<li><small>and not:</small> " + ", ".join(f"<code>{_e(a)}</code>" for a in s.absent) + why)
        out += [self.step(c) for c in s.children]
        return "".join(out) + "</ul>"

    def failure(self, f: Any) -> str:
        if not f.rule_id and f.facts and not f.because and f.blocker is None:
            # a condition on the scenario's facts that is not met: the facts themselves say why
            facts = "; ".join(self.fact(x, inline=True) for x in f.facts)
            return f"<li>✗ not so: <code>{_e(f.failed)}</code> <small>({_e(f.rule_location)})</small>: {facts}"
        who = (self.cite(f.rule_id, f.citation, f.verified) if f.rule_id
               else f"<small>view {_e(f.rule_location)}</small>")
        link, mark = self._again(f, bool(f.because or f.blocker is not None or len(f.facts) > 1))
        head = f"✗ {who} fails at <code>{_e(f.failed)}</code>"
        if link:
            return f"<li>{head} {link}(see above)</a>"
        out = [f"<li{mark}>{head}{self.para(f.rule_id, f.paraphrase)}"]
        kids = [self.fact(x) for x in f.facts]
        if f.blocker is not None:
            kids.append(self.step(f.blocker, "which holds: "))
        kids += [self.failure(b) for b in f.because]
        return "".join(out) + (f"<ul>{''.join(kids)}</ul>" if kids else "")

    def case(self, exp: Any, case: Any, summary: str) -> str:
        """One case of a conclusion: its one-line reason (``summary``, HTML), opening on its derivation or why-nots."""
        body = []
        if case.derivation is not None:
            body.append(self.step(case.derivation))
        if case.scope is not None:
            body.append(self.step(case.scope, "considered because: "))
        if case.derivation is None:
            if not case.why_not:
                body.append("<li><small>no rule of the rule base "
                            + ("could derive it" if exp.kind == "status" else "forbids or requires it") + "</small>")
            body += [self.failure(f) for f in case.why_not]
        return f'<details class="provenance r"><summary>{summary}</summary><ul>{"".join(body)}</ul></details>'

    def finish(self, page: str) -> str:
        """Give an id to each first occurrence a link points to; drop the other marks."""
        return _MARK.sub(lambda m: f' id="d{m.group(1)}"' if int(m.group(1)) in self.linked else "", page)
