"""Read YAML or JSON into plain Python data, remembering where every key stands.

PyYAML's composer (the C one when available) gives each node its start mark; we build
the data ourselves from the node graph so that we can record ``path -> (line, column)``,
reject duplicate keys (PyYAML silently keeps the last) and turn an impossible date such
as ``2025-13-45`` (a bare ``ValueError`` inside PyYAML) into a located problem.

Loading is bounded, whatever the file: at most ``max_file_size()`` bytes (64 MiB unless
``status-engine --max-file-size`` says otherwise), at most ``MAX_DEPTH`` levels of
nesting, and YAML aliases (``*name``) may repeat at most ``ALIAS_BUDGET`` values in all
(a nine-line "billion laughs" file would otherwise expand to millions).  Text may not
contain control characters (other than tab and line breaks) or lone surrogates: they
could rewrite a terminal or break a briefing, and no scenario needs them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import os
import re

import yaml

from ..errors import InputError, Problem

MAX_DEPTH = 100  # a scenario needs about six levels
ALIAS_BUDGET = 10_000  # values that aliases may repeat, in all
DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024
# C0 controls but tab, LF and CR; DEL; C1 controls; lone surrogates (a pair is one character).
BAD_CHAR = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# The same characters as JSON escapes (raw ones are rejected by the JSON parser, except C1).
_JSON_SUSPECT = re.compile(r"[\x7f-\x9f\ud800-\udfff]|\\[bf]|\\u(?:00[01][0-9a-fA-F]|007[fF]|00[89][0-9a-fA-F]|[dD][89a-fA-F])")


def max_file_size() -> int:
    """Bytes; ``STATUS_ENGINE_MAX_FILE_SIZE`` (set by ``--max-file-size``) raises or lowers it."""
    try:
        return int(os.environ.get("STATUS_ENGINE_MAX_FILE_SIZE", DEFAULT_MAX_FILE_SIZE))
    except ValueError:
        return DEFAULT_MAX_FILE_SIZE


def _bad_text(text: str) -> str | None:
    """What is wrong with a string, in words, or None."""
    m = BAD_CHAR.search(text)
    if m is None:
        return None
    code = ord(m.group())
    what = "a lone surrogate" if 0xD800 <= code <= 0xDFFF else "a control character"
    return f"contains {what} (U+{code:04X}) at position {m.start() + 1}"


class _TooDeep(Exception):
    pass

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
    # Problems in values (impossible dates, duplicate keys, control characters) kept by a
    # ``keep_going`` load, so that they are reported together with schema and reference ones.
    problems: list[Problem] = field(default_factory=list)

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
        self.seen: set[int] = set()
        self.repeats = 0

    def mark(self, path: Path_, node: yaml.Node) -> None:
        self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: yaml.Node, path: Path_) -> Any:
        if len(path) > MAX_DEPTH:
            shown = dotted(path[:4]) + "..."
            raise InputError([Problem(self.file, node.start_mark.line + 1, node.start_mark.column + 1, shown,
                                      f"nested more than {MAX_DEPTH} levels deep", "a scenario (about six levels)")])
        if id(node) in self.seen:  # reached again: through an alias
            self.repeats += 1
            if self.repeats > ALIAS_BUDGET:
                raise InputError([self._at(node, path, f"YAML aliases (*name) repeat more than {ALIAS_BUDGET:,} "
                                                       "values in this file", "the values written out, or fewer aliases")])
        else:
            self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            out = []
            for i, item in enumerate(node.value):
                self.mark(path + (i,), item)
                out.append(self.build(item, path + (i,)))
            return out
        return self.scalar(node, path)

    def mapping(self, node: yaml.MappingNode, path: Path_) -> dict[Any, Any]:
        self.constructor.flatten_mapping(node)
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            # Keys are names, read as written: YAML 1.1 would turn `on:` into True.
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(self._at(key_node, path, "a mapping key must be a plain name", "a string key"))
                continue
            key = key_node.value
            bad = _bad_text(key)
            if bad:
                self.problems.append(self._at(key_node, path, f"a key {bad}", "printable text"))
                continue
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
            value = self.constructor.construct_object(node, deep=True)
        except (ValueError, yaml.constructor.ConstructorError) as exc:
            text = node.value
            self.problems.append(self._at(node, path, f"`{text}` is not a real date or value ({exc})", "a real date YYYY-MM-DD"))
            return text
        if isinstance(value, str):
            bad = _bad_text(value)
            if bad:
                self.problems.append(self._at(node, path, f"the text {bad}", "printable text"))
        return value

    def _at(self, node: yaml.Node, path: Path_, message: str, expected: str) -> Problem:
        return Problem(self.file, node.start_mark.line + 1, node.start_mark.column + 1, dotted(path), message, expected)


def _single_node(text: str) -> Any:
    """The document's node tree (PyYAML's composer: nodes keep their marks), or ``None``."""
    loader = Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def load_text(text: str, file: str, keep_going: bool = False) -> Located:
    """Parse YAML (or JSON, which we read as YAML) and return located plain data.

    With ``keep_going``, problems in values are kept in ``Located.problems`` (the value
    stays as written) instead of raised; syntax and size problems are always raised.
    """
    try:
        node = _single_node(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        reason = " ".join(x for x in (exc.context, exc.problem) if x)
        raise InputError([Problem(file, line, col, "", f"not valid YAML/JSON: {reason}", "well-formed YAML or JSON")]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(file, None, None, "", f"not valid YAML/JSON: {exc}", "well-formed YAML or JSON")]) from None
    except UnicodeError as exc:  # a lone surrogate in text handed over by a caller (a file cannot hold one)
        start = getattr(exc, "start", 0)
        line = text.count("\n", 0, start) + 1
        raise InputError([Problem(file, line, start - text.rfind("\n", 0, start), "",
                                  "the text contains a lone surrogate", "printable text")]) from None
    if node is None:
        raise InputError([Problem(file, 1, 1, "", "the file is empty", "a scenario mapping")])
    builder = _Builder(file)
    data = builder.build(node, ())
    if builder.problems and not keep_going:
        raise InputError(builder.problems)
    return Located(file, data, builder.marks, problems=builder.problems)


def _marks_of(text: str, file: str) -> dict[Path_, tuple[int, int]]:
    """Where each path starts, also in a file with problems (as far as it can be read)."""
    builder = _Builder(file)
    try:
        node = _single_node(text)
        if node is not None:
            builder.build(node, ())
    except (yaml.YAMLError, InputError, UnicodeError):
        pass
    return builder.marks


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f"duplicate key {k!r}")
        out[k] = v
    return out


def load_json(text: str, file: str, keep_going: bool = False) -> Located:
    """Fast path for JSON; falls back to the YAML reader for located errors."""
    import json

    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except (ValueError, RecursionError):
        return load_text(text, file, keep_going)  # the YAML reader locates the problem (or reads JSON5-ish input)
    located = Located(file, data, None, text)
    problems: list[Problem] = []
    try:
        _walk(data, (), _JSON_SUSPECT.search(text) is not None, located, problems)
    except _TooDeep:
        return load_text(text, file, keep_going)  # the YAML reader says where
    if problems and not keep_going:
        raise InputError(problems)
    located.problems = problems
    return located


def _walk(data: Any, path: Path_, strings: bool, located: Located, problems: list[Problem]) -> None:
    """Depth (always) and, when the text has suspicious escapes, every string of parsed JSON."""
    if len(path) > MAX_DEPTH:
        raise _TooDeep
    if isinstance(data, dict):
        for k, v in data.items():
            if strings and _bad_text(k):
                problems.append(located.problem(path, f"a key {_bad_text(k)}", "printable text"))
                continue
            if strings or isinstance(v, (dict, list)):
                _walk(v, path + (k,), strings, located, problems)
    elif isinstance(data, list):
        for i, v in enumerate(data):
            if strings or isinstance(v, (dict, list)):
                _walk(v, path + (i,), strings, located, problems)
    elif strings and isinstance(data, str) and _bad_text(data):
        problems.append(located.problem(path, f"the text {_bad_text(data)}", "printable text"))


def read_text(path: str | Path, what: str = "the file") -> str:
    """A file's text, never more than ``max_file_size()`` bytes (also from a device or a pipe)."""
    name = str(path)
    limit = max_file_size()

    def refuse(message: str, expected: str) -> InputError:
        return InputError([Problem(name, None, None, "", message, expected)])

    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > limit:
                raise refuse(f"{what} is {size:,} bytes, more than the limit of {limit:,}",
                             "a smaller file, or a higher limit: status-engine --max-file-size 256M ...")
            data = fh.read(limit + 1)
    except OSError as exc:
        raise refuse(f"cannot read {what}: {exc.strerror or exc}", "a readable UTF-8 file") from None
    if len(data) > limit:
        raise refuse(f"{what} is longer than the limit of {limit:,} bytes",
                     "a smaller file, or a higher limit: status-engine --max-file-size 256M ...")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError([Problem(name, line, None, "", f"{what} is not UTF-8 text (byte {exc.start + 1})",
                                  "a readable UTF-8 file")]) from None


def load_file(path: str | Path, keep_going: bool = False) -> Located:
    """Read a scenario file; an unreadable file is an input problem, not a traceback."""
    name = str(path)
    text = read_text(path)
    if name.endswith(".json"):
        return load_json(text, name, keep_going)
    return load_text(text, name, keep_going)
