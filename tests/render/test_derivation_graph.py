"""Derivation graphs: laid out by Graphviz dot (or the tree fallback), root on top, fitting the page.

The graph shows why a conclusion holds, so only the grounds that hold are drawn (rules
applied and the facts they used), never the rules that fail.
"""

from __future__ import annotations

import re

import pytest

from status_engine.analysis.explain.model import Case, Failure, FactRef, Step
from status_engine.render import graph
from status_engine.render.html import CSS


def _step(name: str, children=(), facts=(), absent_why=()) -> Step:
    return Step(id=name, atom=f"{name}(ri)", rule_id=f"r_{name}", citation=f"Treaty art. {name}", paraphrase=None,
                verified=True, rule_file="rules/x.lp", rule_line=1, facts=list(facts), children=list(children),
                absent_why=list(absent_why))


FAILED = Failure(rule_id="r_failed", citation="Other treaty art. 9", paraphrase=None, failed="never(ri)",
                 rule_location="rules/x.lp:9")
# A root with three grounds, one of which has two of its own: a chain worth a picture.
DERIVATION = _step("pow", children=[
    _step("member", facts=[FactRef("persons.ri.armed_forces", "dprk", "s.yaml", 3)]),
    _step("party", children=[_step("acknowledged"), _step("engaged")]),
    _step("conflict", facts=[FactRef("conflict.kind", "international", "s.yaml", 1)], absent_why=[FAILED]),
])


def _boxes(svg: str) -> list[tuple[int, int, str]]:
    """(x, y, first line) of every box, in drawing order (the root first)."""
    out = []
    for m in re.finditer(r"<g(?: class=k-\w+)? transform=translate\((-?\d+),(-?\d+)\)>(?:<title>[^<]*</title>)?<rect[^>]*>"
                         r"<text[^>]*>([^<]*)</text>", svg):
        out.append((int(m.group(1)), int(m.group(2)), m.group(3)))
    return out


def _check(svg: str) -> None:
    boxes = _boxes(svg)
    assert len(boxes) == 1 + 3 + 2 + 2  # five rules below the root, and two boxes of facts
    root_y = boxes[0][1]
    assert boxes[0][2].startswith("pow(ri)")
    assert all(y > root_y for _, y, _ in boxes[1:]), "the root is at the top, every ground below it"
    view = re.search(r'viewBox="(-?[\d.]+) (-?[\d.]+) ([\d.]+) ([\d.]+)"', svg)
    assert view, "a viewBox lets the page shrink the graph to its width"
    width = float(view.group(3))
    assert all(0 <= x < width for x, _, _ in boxes)
    assert "Other treaty" not in svg and "never(ri)" not in svg, "a failed rule is not a ground: not drawn"
    assert "persons.ri.armed_forces = dprk" in svg and "Treaty art. engaged [r_engaged]" in svg
    assert "Treaty art. acknowledged" in svg and "[r_acknowledged]" in svg  # a long citation takes two lines


@pytest.mark.skipif(graph.dot_path() is None, reason="Graphviz dot not installed (Debian package graphviz)")
def test_dot_lays_out_the_grounds_that_hold_with_the_root_on_top():
    svg = graph.derivation_svg(Case([], DERIVATION))
    assert graph.layout_dot(graph.tree(DERIVATION), graph.dot_path()) is not None, "dot itself laid it out"
    _check(svg)
    assert "<path d=" in svg  # dot's edge splines


def test_without_dot_the_tree_layout_draws_the_same_boxes(monkeypatch):
    """No Graphviz (or a failing one): the fallback layout, same boxes, same order, root on top."""
    monkeypatch.setattr(graph, "dot_path", lambda: None)
    _check(graph.derivation_svg(Case([], DERIVATION)))
    assert graph.layout_dot(graph.tree(DERIVATION), "/bin/false") is None  # dot failing: no layout, no exception
    monkeypatch.setattr(graph, "dot_path", lambda: "/bin/false")
    _check(graph.derivation_svg(Case([], DERIVATION)))


def test_the_page_shrinks_a_wide_graph_to_its_width():
    """The CSS caps every graph at the page width (the viewBox keeps its proportions)."""
    assert re.search(r"svg\.dg\{max-width:100%;height:auto", CSS)


def test_a_case_that_does_not_hold_or_rests_on_one_rule_has_no_graph():
    """Why-nots stay in the folds; a one-rule derivation reads as one line there."""
    assert graph.derivation_svg(Case([], None, why_not=[FAILED])) == ""
    assert graph.derivation_svg(Case([], _step("alone", facts=[FactRef("a", "b")]))) == ""


def test_long_sentences_are_wrapped_and_clipped_with_the_full_text_as_tooltip():
    long = _step("x" * 200, children=[_step("y")])
    svg = graph.derivation_svg(Case([], long))
    assert "<title>" in svg and "…" in svg
    assert all(len(t) <= graph.CHARS for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg))


@pytest.mark.skipif(graph.dot_path() is None, reason="Graphviz dot not installed (Debian package graphviz)")
def test_one_dot_process_lays_out_each_graph_as_alone() -> None:
    # Engineering (issue 10.6): a page's graphs go to one dot process; each must come out
    # as if laid out on its own (same positions and edges), in the order given.
    small = _step("alone", children=[_step("one")])
    roots = [graph.tree(DERIVATION), graph.tree(small), graph.tree(DERIVATION)]
    together = graph.layout_dots(roots, graph.dot_path())
    assert together == [graph.layout_dot(r, graph.dot_path()) for r in roots]
    assert together[0] is not None and together[0] != together[1], "two different graphs, two layouts"


@pytest.mark.skipif(graph.dot_path() is None, reason="Graphviz dot not installed (Debian package graphviz)")
def test_batched_page_draws_what_direct_drawing_does() -> None:
    # Engineering: inside ``batched`` a graph is a placeholder until ``fill``; the filled page
    # holds the very SVG drawn without batching, and no placeholder is left.
    direct = graph.svg(graph.tree(DERIVATION))
    with graph.batched() as batch:
        page = "<p>" + graph.svg(graph.tree(DERIVATION)) + "</p>"
    assert batch is not None and direct not in page
    assert batch.fill(page) == f"<p>{direct}</p>"


def test_batch_falls_back_to_the_tree_layout_when_dot_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    # Engineering: a failing dot (here /bin/false) must still give a drawing for every graph.
    monkeypatch.setattr(graph, "dot_path", lambda: "/bin/false")
    with graph.batched() as batch:
        page = graph.svg(graph.tree(DERIVATION))
    assert batch is not None
    assert batch.fill(page) == graph._draw(graph.tree(DERIVATION), None)
