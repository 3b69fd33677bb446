"""The what-if tables in the law's words: persons by name, conclusions by label, facts as sentences.

The what-if results are plain data (``to_dict``) keyed by ids and short paths, so that
results from worker processes render like local ones.  ``Words`` turns those ids back into
``rules/phrases.yaml``'s sentences for one scenario; a condition the sweep writes as
``ri.wish_verified and party_status=factual`` is read back against the sweep's own axes
(every name in it is one of them) and spoken fact by fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..contract import Key


@dataclass(frozen=True)
class Words:
    """Names and sentences for one scenario (ids where the rule base has no phrase)."""

    phrases: Any = None
    names: Any = None
    questions: dict[str, str] = field(default_factory=dict)  # position name -> contested question

    @classmethod
    def of(cls, prep: Any) -> "Words":
        from ..rulebook.phrases import names_for

        book = prep.rules
        return cls(book.phrases, names_for(prep.scenario, book.registry, book.phrases),
                   {k: v.get("question", "") for k, v in book.questions.items()})

    def person(self, pid: str) -> str:
        return self.names.persons.get(pid, pid) if self.names is not None else pid

    def conclusion(self, key: str) -> str:
        """A status or outcome in words with its key: ``prisoner of war (pow)``."""
        if self.phrases is None:
            return key
        words = self.phrases.status(key) if Key.parse(key).is_status else self.phrases.outcome(key, self.names)
        return key if words == key else f"{words} ({key})"

    def item(self, text: str) -> str:
        """``ri pow`` (a sweep's item) -> ``Ri: prisoner of war (pow)``."""
        pid, _, key = text.partition(" ")
        return f"{self.person(pid)}: {self.conclusion(key)}"

    def question(self, path: str) -> str:
        """An open fact as the question it leaves (a position as its contested question)."""
        if path.startswith("positions."):
            asked = self.questions.get(path.split(".", 1)[1])
            if asked:
                return asked
        return str(self.phrases.question(path, self.names)) if self.phrases is not None else path

    def fact(self, path: str, value: Any) -> str:
        word = "true" if value is True else "false" if value is False else str(value)
        return str(self.phrases.fact(path, word, self.names)) if self.phrases is not None else f"{path}={word}"

    def condition(self, text: str, paths: Iterable[str]) -> str:
        """A sweep condition spoken: cubes joined by "or", literals by "and"."""
        if text in ("always", "otherwise"):
            return text
        by_name = {_short(p): p for p in paths}
        cubes = [c.strip().strip("()") for c in _split_top(text)]
        spoken = ["; and ".join(self._literal(lit, by_name) for lit in cube.split(" and ")) for cube in cubes]
        return " — or if ".join(spoken)

    def _literal(self, lit: str, by_name: dict[str, str]) -> str:
        lit = lit.strip()
        m = re.fullmatch(r"(\S+) in \{(.*)\}", lit)
        if m and m.group(1) in by_name:
            return " or ".join(self.fact(by_name[m.group(1)], v.strip()) for v in m.group(2).split(","))
        for sep, negate in (("≠", True), ("=", False)):
            name, found, value = lit.partition(sep)
            if found and name in by_name:
                sentence = self.fact(by_name[name], value)
                return f"it is not the case that {sentence}" if negate else sentence
        if lit.startswith("not ") and lit[4:] in by_name:
            return self.fact(by_name[lit[4:]], False)
        if lit in by_name:
            return self.fact(by_name[lit], True)
        return lit


def _short(path: str) -> str:
    from ..analysis.whatif.common import short

    return short(path)


def _split_top(text: str) -> list[str]:
    """``(a and b) or c`` -> ``["(a and b)", "c"]``: split on " or " outside parentheses."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        ch = text[i]
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0 and text.startswith(" or ", i):
            parts.append(text[start:i])
            start = i = i + 4
            continue
        i += 1
    parts.append(text[start:])
    return parts
