"""Derivation graphs as inline SVG that fits the page: root at the top, only the grounds that hold.

A derivation (``explain.Step``) becomes a tree of boxes: each rule applied (its conclusion
in words, then its citation) and, under it, one box listing the scenario facts it used.
Failed rules are not drawn: the graph shows why a conclusion holds; why other rules do not
apply stays in the provenance folds.

Layout: Graphviz ``dot`` (the Debian package ``graphviz``), run as a subprocess on the
node sizes only; its positions and edge splines (``-Tplain``) are drawn here as compact
SVG.  ``dot`` minimises edge crossings and packs wide levels far better than a tree
walk.  Without ``dot`` (not installed, failing, too slow) the same boxes are placed by a
layered tree layout (depth -> row, leaves -> columns, parents centred), so a briefing is
always drawn.  Either way the SVG has a ``viewBox`` and ``max-width:100%``: a wide graph
shrinks to the page width instead of running off it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from typing import Any, Callable, Iterator, Optional

WIDTH, LINE, PAD, GAP_X, GAP_Y = 200, 13, 5, 14, 22  # px: box width, text line, padding, gaps
CHARS = 33  # characters per line in a box
MAX_LINES = 3  # lines of a conclusion's words
MAX_FACTS = 6  # fact lines in a facts box
MAX_NODES = 60  # boxes in one graph (the rest: "n more" in the last box)
DOT_TIMEOUT = 10.0  # seconds


@dataclass
class Node:
    kind: str  # rule, unverified, view, facts
    lines: list[str]
    tip: str  # the full text (tooltip), when a line was clipped
    cites: int = 0  # the last lines that give the rule's citation
    kids: list["Node"] = field(default_factory=list)

    @property
    def height(self) -> int:
        return len(self.lines) * LINE + 2 * PAD


def _wrap(text: str, lines: int) -> tuple[list[str], bool]:
    out = textwrap.wrap(text, CHARS, break_long_words=True) or [""]
    clipped = len(out) > lines
    if clipped:
        out = out[:lines]
        out[-1] = out[-1][: CHARS - 1] + "…"
    return out, clipped


def tree(step: Any, say: Callable[[str], str] = lambda atom: atom) -> Node:
    """The boxes of a derivation; ``say`` puts a derived atom in words."""
    count = [0]

    def down(s: Any) -> Node:
        count[0] += 1
        text, clipped = _wrap(say(s.atom), MAX_LINES)
        cite = f"{s.citation} [{s.rule_id}]" if s.rule_id else f"view of the facts ({s.rule_file}:{s.rule_line})"
        cite_lines, cut = _wrap(cite, 2)
        kind = "view" if not s.rule_id else ("unverified" if s.verified is False else "rule")
        node = Node(kind, text + cite_lines, f"{say(s.atom)}\n{cite}" if clipped or cut else "", len(cite_lines))
        if s.facts:
            count[0] += 1
            facts = [f"{f.path} = {f.value}" + (" (open)" if f.assumed else "") for f in s.facts]
            shown = [x if len(x) <= CHARS else x[: CHARS - 1] + "…" for x in facts[:MAX_FACTS]]
            if len(facts) > MAX_FACTS:
                shown.append(f"(+{len(facts) - MAX_FACTS} more facts)")
            node.kids.append(Node("facts", shown, "\n".join(facts) if shown != facts else ""))
        for c in s.children:
            if count[0] >= MAX_NODES:
                node.kids.append(Node("view", ["(more rules: see the", "derivation fold)"], ""))
                break
            node.kids.append(down(c))
        return node

    return down(step)


def _flat(root: Node) -> list[Node]:
    out, stack = [], [root]
    while stack:
        n = stack.pop()
        out.append(n)
        stack += reversed(n.kids)
    return out


# ------------------------------------------------------------------------------ layouts

Layout = tuple[float, float, dict[int, tuple[float, float]], list[str]]  # width, height, top-left per node, edges


@lru_cache(maxsize=1)
def dot_path() -> Optional[str]:
    return shutil.which("dot")


def _dot_source(nodes: list[Node]) -> str:
    """The graph for ``dot``: node sizes and edges only (the boxes are drawn here)."""
    index = {id(n): i for i, n in enumerate(nodes)}
    src = ["digraph{graph[rankdir=TB,nodesep=0.18,ranksep=0.3];node[shape=box,fixedsize=true,label=\"\"];"
           "edge[arrowhead=none];"]
    src += [f"n{i}[width={WIDTH / 72:.3f},height={n.height / 72:.3f}];" for i, n in enumerate(nodes)]
    src += [f"n{index[id(n)]}->n{index[id(k)]};" for n in nodes for k in n.kids]
    src.append("}\n")
    return "".join(src)


def layout_dot(root: Node, dot: str) -> Optional[Layout]:
    """Positions and edge paths from ``dot -Tplain``; ``None`` if dot fails."""
    return layout_dots([root], dot)[0]


def layout_dots(roots: list[Node], dot: str) -> list[Optional[Layout]]:
    """Every graph laid out by one ``dot`` process (it reads one graph after another and ends
    each layout with ``stop``): a page's graphs cost one process start, not one each.
    ``None`` for a graph dot could not lay out (all of them if dot fails)."""
    if not roots:
        return []
    flats = [_flat(r) for r in roots]
    try:
        run = subprocess.run([dot, "-Tplain"], input="".join(_dot_source(n) for n in flats), capture_output=True,
                             text=True, timeout=DOT_TIMEOUT * len(roots), check=True)
    except (OSError, subprocess.SubprocessError):
        return [None] * len(roots)
    outputs = run.stdout.split("\nstop\n")
    if len(outputs) < len(roots):
        return [None] * len(roots)
    return [_parse_plain(out, nodes) for out, nodes in zip(outputs, flats)]


def _parse_plain(plain: str, nodes: list[Node]) -> Optional[Layout]:
    width = height = 0.0
    pos: dict[int, tuple[float, float]] = {}
    edges: list[str] = []
    for line in plain.splitlines():
        f = line.split()
        if f and f[0] == "graph":
            width, height = float(f[2]) * 72, float(f[3]) * 72
        elif f and f[0] == "node":
            i, x, y = int(f[1][1:]), float(f[2]) * 72, float(f[3]) * 72
            pos[i] = (x - WIDTH / 2, height - y - nodes[i].height / 2)
        elif f and f[0] == "edge":
            n = int(f[3])
            pts = [(float(f[4 + 2 * j]) * 72, height - float(f[5 + 2 * j]) * 72) for j in range(n)]
            d = f"M{pts[0][0]:.0f} {pts[0][1]:.0f}C" + " ".join(f"{x:.0f} {y:.0f}" for x, y in pts[1:])
            edges.append(d)
    if len(pos) != len(nodes) or not width:
        return None
    return width, height, pos, edges


def layout_tree(root: Node) -> Layout:
    """The fallback: a layered tree, root on top, leaves side by side, each parent centred above its children."""
    nodes = _flat(root)
    index = {id(n): i for i, n in enumerate(nodes)}
    depth: dict[int, int] = {}
    xs: dict[int, float] = {}
    leaf = [0]

    def place(n: Node, d: int) -> float:
        depth[index[id(n)]] = d
        if not n.kids:
            x = float(leaf[0] * (WIDTH + GAP_X))
            leaf[0] += 1
        else:
            kids = [place(k, d + 1) for k in n.kids]
            x = (kids[0] + kids[-1]) / 2
        xs[index[id(n)]] = x
        return x

    place(root, 0)
    rows = max(depth.values()) + 1
    row_h = [max(nodes[i].height for i in depth if depth[i] == r) for r in range(rows)]
    tops = [sum(row_h[:r]) + r * GAP_Y for r in range(rows)]
    pos = {i: (xs[i], float(tops[depth[i]])) for i in xs}
    edges = []
    for n in nodes:
        px, py = pos[index[id(n)]]
        for k in n.kids:
            kx, ky = pos[index[id(k)]]
            x1, y1, x2 = px + WIDTH / 2, py + n.height, kx + WIDTH / 2
            mid = (y1 + ky) / 2
            edges.append(f"M{x1:.0f} {y1:.0f}C{x1:.0f} {mid:.0f} {x2:.0f} {mid:.0f} {x2:.0f} {ky:.0f}")
    return leaf[0] * (WIDTH + GAP_X) - GAP_X, float(tops[-1] + row_h[-1]), pos, edges


# ------------------------------------------------------------------------------ drawing

class Batch:
    """The graphs of one page, laid out together when the page is done (``batched``).

    ``svg`` stands a placeholder for each graph; ``fill`` runs ``dot`` once for all of them
    and puts each drawing in its place.  The placeholder is a control character no page
    text holds (``html_folds`` marks with \\x01 and \\x02)."""

    def __init__(self, dot: str) -> None:
        self.dot = dot
        self.roots: list[Node] = []

    def add(self, root: Node) -> str:
        self.roots.append(root)
        return f"\x03{len(self.roots) - 1}\x04"

    def fill(self, page: str) -> str:
        drawn = [_draw(root, got) for root, got in zip(self.roots, layout_dots(self.roots, self.dot))]
        return _PLACE.sub(lambda m: drawn[int(m.group(1))], page)


_PLACE = re.compile("\x03(\\d+)\x04")
_BATCH: ContextVar[Optional[Batch]] = ContextVar("graph_batch", default=None)


@contextmanager
def batched(use_dot: bool = True) -> Iterator[Optional[Batch]]:
    """Within: ``svg`` defers ``dot`` to the batch's ``fill`` (``None``, and no deferring,
    without ``dot``)."""
    dot = dot_path() if use_dot else None
    batch = Batch(dot) if dot else None
    token = _BATCH.set(batch)
    try:
        yield batch
    finally:
        _BATCH.reset(token)


def svg(root: Node, use_dot: bool = True) -> str:
    """The graph as inline SVG (laid out by ``dot`` when present and ``use_dot``; inside
    ``batched``, a placeholder the batch fills)."""
    batch = _BATCH.get() if use_dot else None
    if batch is not None:
        return batch.add(root)
    dot = dot_path() if use_dot else None
    return _draw(root, layout_dot(root, dot) if dot else None)


def _draw(root: Node, got: Optional[Layout]) -> str:
    """The SVG of a laid-out graph (the tree layout when ``got`` is ``None``)."""
    width, height, pos, edges = got if got is not None else layout_tree(root)
    out = [f'<svg class="dg" viewBox="-2 -2 {width + 4:.0f} {height + 4:.0f}" width="{width + 4:.0f}" '
           f'role="img" aria-label="derivation graph">']
    out += [f'<path d="{d}"/>' for d in edges]
    for i, n in enumerate(_flat(root)):
        x, y = pos[i]
        tip = f"<title>{escape(n.tip)}</title>" if n.tip else ""
        text = "".join(f"<text y={PAD + LINE * (j + 1) - 3}{_line_class(n, j)}>{escape(t)}</text>"
                       for j, t in enumerate(n.lines))
        # the group's origin is the text's left margin, so each line needs no x
        kind = "" if n.kind == "rule" else f" class=k-{n.kind}"  # a rule's box has the default style
        out.append(f"<g{kind} transform=translate({x + PAD + 1:.0f},{y:.0f})>{tip}"
                   f"<rect x=-{PAD + 1} width={WIDTH} height={n.height} rx=5 />{text}</g>")
    out.append("</svg>")
    return "".join(out)


def _line_class(n: Node, j: int) -> str:
    """The last lines of a rule's box are its citation (set apart by colour)."""
    return " class=c" if j >= len(n.lines) - n.cites else ""


def derivation_svg(case: Any, say: Callable[[str], str] = lambda atom: atom, use_dot: bool = True) -> str:
    """The graph of a case that holds (its derivation); ``""`` for a case without one (a why-not).

    A derivation by one rule is not drawn: its fold already reads as one step, and a page
    of such pictures would only add bytes.
    """
    if getattr(case, "derivation", None) is None or not case.derivation.children:
        return ""
    return svg(tree(case.derivation, say), use_dot)

