"""Read YAML or JSON into plain Python data, remembering where every key stands.

PyYAML's composer (the C one when available) gives each node its start mark; we build
the data ourselves from the node graph so that we can record ``path -> (line, column)``,
reject duplicate keys (PyYAML silently keeps the last) and turn an impossible date such
as ``2025-13-45`` (a bare ``ValueError`` inside PyYAML) into a located problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError, Problem

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Path_ = tuple[Any, ...]


@dataclass
class Located:
    """Plain data plus where each path starts in the source file.

    JSON is parsed by the C ``json`` module without positions (a 15,000-person file in
    a fraction of a second); positions are computed from ``text`` only when a problem
    has to be located.
    """

    file: str
    data: Any
    marks: dict[Path_, tuple[int, int]] | None = field(default_factory=dict)
    text: str | None = None

    def where(self, path: Path_) -> tuple[int | None, int | None]:
        """Line and column of the longest prefix of ``path`` that has a mark."""
        if self.marks is None:
            self.marks = _marks_of(self.text or "", self.file)
        for n in range(len(path), -1, -1):
            if path[:n] in self.marks:
                return self.marks[path[:n]]
        return None, None

    def problem(self, path: Path_, message: str, expected: str = "") -> Problem:
        line, col = self.where(path)
        return Problem(self.file, line, col, dotted(path), message, expected)


def dotted(path: Path_) -> str:
    """``('persons', 0, 'wish')`` -> ``persons[0].wish``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Builder:
    def __init__(self, file: str):
        self.file = file
        self.marks: dict[Path_, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.constructor = yaml.constructor.SafeConstructor()

    def mark(self, path: Path_, node: yaml.Node) -> None:
        self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: yaml.Node, path: Path_) -> Any:
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            out = []
            for i, item in enumerate(node.value):
                self.mark(path + (i,), item)
                out.append(self.build(item, path + (i,)))
            return out
        return self.scalar(node, path)

    def mapping(self, node: yaml.MappingNode, path: Path_) -> dict:
        self.constructor.flatten_mapping(node)
        out: dict = {}
        for key_node, value_node in node.value:
            # Keys are names, read as written: YAML 1.1 would turn `on:` into True.
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(self._at(key_node, path, "a mapping key must be a plain name", "a string key"))
                continue
            key = key_node.value
            if key in out:
                self.problems.append(self._at(key_node, path + (key,), "duplicate key", "each key once per mapping"))
                continue
            self.mark(path + (key,), key_node)
            out[key] = self.build(value_node, path + (key,))
        return out

    def scalar(self, node: yaml.Node, path: Path_) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            return self.build(node, path)
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, yaml.constructor.ConstructorError) as exc:
            text = node.value
            self.problems.append(self._at(node, path, f"{text!r} is not a valid date or value ({exc})", "a real date YYYY-MM-DD"))
            return text

    def _at(self, node: yaml.Node, path: Path_, message: str, expected: str) -> Problem:
        return Problem(self.file, node.start_mark.line + 1, node.start_mark.column + 1, dotted(path), message, expected)


def load_text(text: str, file: str) -> Located:
    """Parse YAML (or JSON, which we read as YAML) and return located plain data."""
    try:
        loader = Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        reason = " ".join(x for x in (exc.context, exc.problem) if x)
        raise InputError([Problem(file, line, col, "", f"not valid YAML/JSON: {reason}", "well-formed YAML or JSON")]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(file, None, None, "", f"not valid YAML/JSON: {exc}", "well-formed YAML or JSON")]) from None
    if node is None:
        raise InputError([Problem(file, 1, 1, "", "the file is empty", "a scenario mapping")])
    builder = _Builder(file)
    data = builder.build(node, ())
    if builder.problems:
        raise InputError(builder.problems)
    return Located(file, data, builder.marks)


def _marks_of(text: str, file: str) -> dict[Path_, tuple[int, int]]:
    try:
        return load_text(text, file).marks or {}
    except InputError:
        return {}


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict:
    out = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f"duplicate key {k!r}")
        out[k] = v
    return out


def load_json(text: str, file: str) -> Located:
    """Fast path for JSON; falls back to the YAML reader for located errors."""
    import json

    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except ValueError:
        return load_text(text, file)  # the YAML reader locates the problem (or reads JSON5-ish input)
    return Located(file, data, None, text)


def load_file(path: str | Path) -> Located:
    """Read a scenario file; an unreadable file is an input problem, not a traceback."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Problem(name, None, None, "", f"cannot read the file: {exc}", "a readable UTF-8 file")]) from None
    if name.endswith(".json"):
        return load_json(text, name)
    return load_text(text, name)
