"""``test --update``: derived values written into the ``expect:`` blocks in place.

The file is parsed with ruamel.yaml's round-trip loader, which gives each value's
position, and only that value's token is replaced, so comments, quoting and layout stay
byte for byte.  The new text is re-read and checked before it atomically replaces the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from ..contract import ABSENT
from ..errors import InputError, Problem
from .expectations import Check, Expectation, ScenarioCheck


def write_atomically(path: str | Path, text: str) -> None:
    """Write through ``files``: atomic for a regular file, in place for a device or FIFO."""
    from ..files import write_text

    write_text(str(path), text, "file")


@dataclass(frozen=True)
class Update:
    expectation: Expectation
    new: str

    def text(self) -> str:
        e = self.expectation
        return f"{e.where}: {e.scenario} {e.person} {e.kind} {e.key}: {e.expected} -> {self.new}"


def _token_end(line: str, start: int) -> int:
    if start < len(line) and line[start] in "\"'":
        end = line.find(line[start], start + 1)
        return len(line) if end < 0 else end + 1
    end = start
    while end < len(line) and line[end] not in " \t,}]#\r\n":
        end += 1
    return end


def updated_text(text: str, file: str, updates: list[Update]) -> str:
    """The file's text with the expectation values replaced in place.

    ruamel.yaml's round-trip loader gives the line and column of each value; only that
    token changes (quotes kept), so comments and layout are untouched.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    from ..scenario.load import load_text

    try:
        doc = YAML(typ="rt").load(text)
    except YAMLError as exc:
        raise InputError([Problem(file, None, None, "", f"cannot read for update: {exc}")]) from None
    lines = text.splitlines(keepends=True)
    edits: dict[int, list[tuple[int, int, str]]] = {}
    for u in updates:
        e = u.expectation
        block = doc["expect"][e.person][e.kind]
        line, col = block.lc.value(e.key)
        end = _token_end(lines[line], col)
        token = lines[line][col:end]
        quote = token[0] if token[:1] in ("'", '"') else ""
        if token.strip("'\"") != e.expected:
            raise InputError([Problem(file, line + 1, col + 1, e.path,
                                      f"cannot update in place: found {token!r} where {e.expected!r} was read")])
        new = f"{quote}{u.new}{quote}"
        rest = lines[line][end:]
        gap = len(rest) - len(rest.lstrip(" "))
        if gap and rest[gap:gap + 1] == "#":  # keep an aligned trailing comment in its column
            new += " " * max(1, gap - (len(new) - len(token)))
            end += gap
        edits.setdefault(line, []).append((col, end, new))
    for line, spans in edits.items():
        s = lines[line]
        for col, end, new in sorted(spans, reverse=True):
            s = s[:col] + new + s[end:]
        lines[line] = s
    new_text = "".join(lines)
    # Re-read: everything but the updated values must be exactly what it was.
    before, after = load_text(text, file).data, load_text(new_text, file).data
    for u in updates:
        e = u.expectation
        before["expect"][e.person][e.kind][e.key] = u.new
    if before != after:
        raise InputError([Problem(file, None, None, "expect", "in-place update would change more than the "
                                  "expected values; file left unchanged")])
    return new_text


def plan_updates(results: list[ScenarioCheck]) -> tuple[list[Update], list[Check]]:
    """Updates for every mismatch; mismatches that cannot be written (absent, not evaluated)."""
    updates, stuck = [], []
    for r in results:
        for c in r.failures:
            if r.error or c.derived == ABSENT:
                stuck.append(c)
            else:
                updates.append(Update(c.expectation, c.derived))
    return updates, stuck


def apply_updates(updates: list[Update], snapshots: Optional[dict[str, tuple[Any, ...]]] = None) -> list[str]:
    """Write the updates, file by file (each file atomically); returns the files written.

    Every file is checked (writable, unchanged since ``snapshots`` was taken, before the
    evaluation) and its new text computed before the first one is written.
    """
    from ..files import OutputError, check, signature

    by_file: dict[str, list[Update]] = {}
    for u in updates:
        by_file.setdefault(u.expectation.file, []).append(u)
    targets, new_texts = {}, {}
    for file, ups in by_file.items():  # compute every file first: nothing is written if one fails
        targets[file] = check(file, "--update")
        if snapshots is not None and snapshots.get(file) != signature(file):
            raise OutputError(f"{file} changed while it was being tested; nothing updated (run again)")
        text = Path(file).read_bytes().decode("utf-8")  # line endings (CRLF) kept as they are
        new_texts[file] = updated_text(text, file, ups)
    for file, text in new_texts.items():
        targets[file].write(text)
    return list(new_texts)
