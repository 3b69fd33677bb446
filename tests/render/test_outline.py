"""The plain layout of explanation trees (render.outline), against rich's own.

``explain`` into a pipe or a file is laid out without rich (rich's tree layout cost about
as much as the rest of the rendering); the text must read as rich's does: the same
guides, the same wrapping under each guide, a word longer than the line put on a line of
its own and cut there, control characters from a scenario made visible.
"""

from __future__ import annotations

import io

from rich.console import Console

from status_engine.render.outline import Outline, Styled, plain


def _rich(tree: Outline, width: int) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(tree)
    return "".join(line.rstrip() + "\n" for line in console.file.getvalue().splitlines())


def _tree() -> Outline:
    root = Outline(Styled("Ri · prisoner of war: ", "bold").append("possible", "italic"))
    a = root.add("what decides it: whether a state that sends troops is a party to the conflict once its "
                 "forces take part in it, or only once it acknowledges them")
    a.add(Styled("fact ", "dim").append("the conflict's start  scenarios/kursk-2025-02.yaml:34"))
    b = root.add("in detail, region by region:")
    b.add("holds if on party status: a state is a party to the conflict once its forces take part\nsecond line")
    b.add("does not hold otherwise")
    return root


def test_the_plain_layout_is_rich_s_layout_at_several_widths() -> None:
    for width in (40, 60, 80, 120):
        assert plain([_tree()], width) == _rich(_tree(), width), width


def test_a_word_longer_than_the_line_stands_alone_and_is_cut() -> None:
    tree = Outline("a")
    tree.add("hostilities scenarios/kursk-2025-02.yaml:34")
    assert plain([tree], 24) == _rich(tree, 24)


def test_control_characters_are_shown_not_sent() -> None:
    tree = Outline("title \x1b[2J cleared")
    text = plain([tree], 80)
    assert "\x1b" not in text and "\\u001b" in text
