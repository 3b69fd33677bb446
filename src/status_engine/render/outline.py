"""A tree of styled text: laid out by itself for plain output, handed to rich for a terminal.

``explain`` prints its trees to a terminal in colour (rich) and, far more often, into a
pipe or a file, where colour is dropped anyway.  Rich's tree layout costs about as much
as importing rich (some 35 ms of a 0.45 s command), so plain output is laid out here: the
same guides (``├── ``, ``│   ``, ``└── ``), every label wrapped to the width under its
guide, control characters made visible (``render.visible``).  ``__rich__`` turns a tree
into rich's own renderables, so a terminal, or a test with a rich Console, gets rich's
rendering unchanged.
"""

from __future__ import annotations

import os
import textwrap
from typing import Any, Iterable, Optional, Union

from . import visible

WIDTH = 80  # a pipe's width, as rich's when COLUMNS is not set


class Styled:
    """Text in styled parts (rich style names), as rich's ``Text`` is built."""

    __slots__ = ("parts",)

    def __init__(self, text: str = "", style: str = "") -> None:
        self.parts: list[tuple[str, str]] = [(text, style)] if text else []

    def append(self, text: str, style: Optional[str] = None) -> "Styled":
        self.parts.append((text, style or ""))
        return self

    @property
    def plain(self) -> str:
        return "".join(t for t, _ in self.parts)

    def __rich__(self) -> Any:
        from rich.text import Text

        out = Text()
        for text, style in self.parts:
            out.append(text, style=style or None)
        return out


Label = Union[Styled, str]


class Outline:
    """A node: its label and its children (``add`` returns the child, as rich's ``Tree.add``)."""

    __slots__ = ("label", "children")

    def __init__(self, label: Label) -> None:
        self.label = label if isinstance(label, Styled) else Styled(str(label))
        self.children: list[Outline] = []

    def add(self, label: Label) -> "Outline":
        node = Outline(label)
        self.children.append(node)
        return node

    def __rich__(self) -> Any:
        from rich.tree import Tree

        def build(node: Outline, into: Any) -> None:
            for child in node.children:
                build(child, into.add(child.label.__rich__()))

        root = Tree(self.label.__rich__())
        build(self, root)
        return root

    def lines(self, width: int = WIDTH) -> list[str]:
        out: list[str] = []
        _layout(self, "", "", width, out)
        return out


def _wrap(text: str, width: int) -> list[str]:
    """Each line of ``text`` wrapped between words (a longer word is cut, as rich cuts it)."""
    width = max(width, 10)
    out: list[str] = []
    for para in text.split("\n"):
        for line in textwrap.wrap(para, width=width, break_long_words=False, break_on_hyphens=False,
                                  replace_whitespace=False) or [""]:
            out += [line[i:i + width] for i in range(0, len(line), width)] or [""]
    return out


def _layout(node: Outline, first: str, rest: str, width: int, out: list[str]) -> None:
    for i, line in enumerate(_wrap(node.label.plain, width - len(first))):
        out.append((first if i == 0 else rest) + line)
    for j, child in enumerate(node.children):
        last = j == len(node.children) - 1
        _layout(child, rest + ("└── " if last else "├── "), rest + ("    " if last else "│   "), width, out)


def plain(parts: Iterable[Union[Outline, Styled]], width: Optional[int] = None) -> str:
    """The parts as plain text, one after the other, control characters made visible."""
    width = width or _width()
    lines: list[str] = []
    for p in parts:
        lines += p.lines(width) if isinstance(p, Outline) else _wrap(p.plain, width)
    return "".join(visible(line.rstrip()) + "\n" for line in lines)


def _width() -> int:
    try:
        return max(20, int(os.environ.get("COLUMNS", "")))
    except ValueError:
        return WIDTH
