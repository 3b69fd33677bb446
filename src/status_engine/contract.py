"""The public vocabulary of a result, typed: verdicts, modalities, keys, results and their diff.

SCENARIO-FORMAT §2 fixes the JSON a result is published as.  Inside the package that
JSON used to be the model itself, so verdict words were string literals everywhere,
``":" in key`` told a status from an outcome in a dozen places and three features each
wrote their own diff.  This module is the one place those decisions live:

* ``Verdict`` and ``Modality`` are ``str`` enums, so a value still compares equal to its
  word and ``json.dumps`` writes the very same bytes;
* ``Key.parse`` is the only reader of a key's text (``pow``, ``repatriate:dprk``);
* ``Result`` is what an evaluation concluded; ``Result.to_json`` is the edge where the
  contract's JSON is produced (and ``from_json`` reads it back);
* ``diff`` is the one comparison of two results that ``whatif``, ``brief``, ``test`` and
  ``diff`` share, and ``Change`` its one answer.

Nothing here imports clingo: the vocabulary must be cheap to load for every command.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterator, Mapping, Optional, Union

from . import FORMAT

__all__ = ["ABSENT", "Change", "Conclusions", "Key", "Kind", "Modality", "Result", "Value", "Verdict", "diff",
           "value_text", "worlds_fields"]

ABSENT = "absent"
"""How the contract's outputs write "not in any world / not considered" (``None`` inside)."""


class _Word(str, enum.Enum):
    """A ``str`` enum whose ``str()`` and ``format()`` are the bare word (as in the JSON).

    ``enum.StrEnum`` would do, but its ``repr`` and pickling differ between Python
    versions; spelling the two methods out keeps f-strings and logs identical everywhere.
    """

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)


class Verdict(_Word):
    """An outcome's deontic verdict over all worlds (the contract's arithmetic, ``verdicts``)."""

    REQUIRED = "required"  # obligatory in every world
    PERMITTED = "permitted"  # forbidden in none, not required in all
    FORBIDDEN = "forbidden"  # forbidden in every world
    DEPENDS = "depends"  # forbidden in some worlds only


class Modality(_Word):
    """How a status holds over all worlds: in every one, or in some."""

    NECESSARY = "necessary"
    POSSIBLE = "possible"


Value = Union[Verdict, Modality]
"""A conclusion's value; ``None`` where a key is absent (holds in no world, not considered)."""


class Kind(_Word):
    """What a key names: a status of a person, or an outcome (an act) concerning them."""

    STATUS = "status"
    OUTCOME = "outcome"

    @property
    def section(self) -> str:
        """The name of this kind's block in a result and in ``expect:`` (``status``/``outcomes``)."""
        return "status" if self is Kind.STATUS else "outcomes"

    @classmethod
    def of_section(cls, section: str) -> "Kind":
        """The kind whose result block is called ``section``; ``ValueError`` for any other name."""
        if section == "status":
            return cls.STATUS
        if section == "outcomes":
            return cls.OUTCOME
        raise ValueError(f"not a result section: {section!r} (status or outcomes)")


def _split_args(text: str) -> tuple[str, ...]:
    """``a,f(b,c),"d,e"`` -> ``("a", "f(b,c)", '"d,e"')``: commas inside brackets or quotes stay."""
    out, depth, quoted, start, i = [], 0, False, 0, 0
    while i < len(text):
        ch = text[i]
        if quoted:
            if ch == "\\":
                i += 1
            elif ch == '"':
                quoted = False
        elif ch == '"':
            quoted = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            out.append(text[start:i])
            start = i + 1
        i += 1
    out.append(text[start:])
    return tuple(out)


@dataclass(frozen=True)
class Key:
    """One conclusion about a person, without the person: ``pow`` or ``repatriate:dprk``.

    A status is written as its name; an outcome as ``verb:arg,arg`` (``outcome_key`` in
    ``verdicts``).  Every outcome the rules produce has arguments and no status has a
    colon, so the text alone tells them apart; where the block is known (a result's
    ``status`` or ``outcomes``) pass ``kind`` and an outcome without arguments stays an
    outcome.
    """

    kind: Kind
    verb: str
    args: tuple[str, ...] = ()

    @staticmethod
    def parse(text: str, kind: Optional[Kind] = None) -> "Key":
        """The key written as ``text``; the one place that decides status versus outcome."""
        return _parse(text, kind)

    @staticmethod
    def of_section(section: str, text: str) -> "Key":
        """The key ``text`` found under a result's ``status`` or ``outcomes`` block."""
        return _parse(text, Kind.of_section(section))

    @property
    def is_status(self) -> bool:
        return self.kind is Kind.STATUS

    @property
    def is_outcome(self) -> bool:
        return self.kind is Kind.OUTCOME

    def __str__(self) -> str:
        return _text(self)

    def __lt__(self, other: "Key") -> bool:
        """Statuses before outcomes, then by text: the order of a result's blocks."""
        if not isinstance(other, Key):
            return NotImplemented
        return (self.kind is Kind.OUTCOME, str(self)) < (other.kind is Kind.OUTCOME, str(other))


@lru_cache(maxsize=65536)
def _parse(text: str, kind: Optional[Kind]) -> Key:
    # Cached: a roster repeats the same few dozen keys for every person.
    verb, colon, rest = text.partition(":")
    if kind is None:
        kind = Kind.OUTCOME if colon else Kind.STATUS
    if kind is Kind.STATUS or not colon:
        return Key(kind, text if kind is Kind.STATUS else verb, ())
    return Key(kind, verb, _split_args(rest))


@lru_cache(maxsize=65536)
def _text(key: Key) -> str:
    if key.kind is Kind.STATUS or not key.args:
        return key.verb
    return key.verb + ":" + ",".join(key.args)


def value_text(value: Optional[Value]) -> str:
    """A conclusion's value as the outputs write it: the word, or ``absent``."""
    return ABSENT if value is None else value.value


def _value(kind: Kind, word: str) -> Value:
    return Modality(word) if kind is Kind.STATUS else Verdict(word)


@dataclass(frozen=True)
class Conclusions:
    """What holds of one person: each status with its modality, each outcome with its verdict."""

    statuses: Mapping[Key, Modality] = field(default_factory=dict)
    outcomes: Mapping[Key, Verdict] = field(default_factory=dict)

    def get(self, key: Key) -> Optional[Value]:
        """The value of ``key``, ``None`` where it is absent."""
        block: Mapping[Key, Any] = self.statuses if key.is_status else self.outcomes
        return block.get(key)

    def items(self) -> Iterator[tuple[Key, Value]]:
        """Statuses, then outcomes, each in key order (the order of the JSON blocks)."""
        yield from sorted(self.statuses.items())
        yield from sorted(self.outcomes.items())

    def to_json(self) -> dict[str, dict[str, str]]:
        return {"status": {str(k): v.value for k, v in sorted(self.statuses.items())},
                "outcomes": {str(k): v.value for k, v in sorted(self.outcomes.items())}}

    @classmethod
    def from_json(cls, data: Mapping[str, Mapping[str, str]]) -> "Conclusions":
        """One person's block of a result (values may be words or the enums themselves)."""
        return cls({Key.of_section("status", k): Modality(v) for k, v in data.get("status", {}).items()},
                   {Key.of_section("outcomes", k): Verdict(v) for k, v in data.get("outcomes", {}).items()})


@dataclass(frozen=True)
class Result:
    """What one evaluation concluded (SCENARIO-FORMAT §2), typed; JSON only via ``to_json``."""

    scenario: str
    as_of: dt.date
    rules: str  # the digest of the rule base
    worlds: int
    open: tuple[str, ...]
    persons: Mapping[str, Conclusions]

    def to_json(self) -> dict[str, Any]:
        """The contract's JSON object, exactly as published (keys sorted when rendered)."""
        cache: dict[int, dict[str, Any]] = {}  # mirrored persons share one Conclusions object
        persons = {}
        for pid, c in sorted(self.persons.items()):
            if id(c) not in cache:
                cache[id(c)] = c.to_json()
            persons[pid] = cache[id(c)]
        return {"format": FORMAT, "scenario": self.scenario, "as_of": self.as_of.isoformat(), "rules": self.rules,
                **worlds_fields(self.worlds), "open": sorted(self.open), "persons": persons}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Result":
        """Read a result back (``ValueError`` for another format, an unknown word or a bad count)."""
        if data.get("format", FORMAT) != FORMAT:
            raise ValueError(f"not a {FORMAT} result: format {data.get('format')!r}")
        return cls(str(data["scenario"]), dt.date.fromisoformat(data["as_of"]), str(data["rules"]),
                   parse_worlds(data["worlds"]), tuple(data.get("open", ())),
                   {pid: Conclusions.from_json(p) for pid, p in data["persons"].items()})


def parse_worlds(worlds: Union[int, str]) -> int:
    """The world count of a result: an integer, or (over 15 digits) a string of decimal digits."""
    if isinstance(worlds, bool) or not isinstance(worlds, (int, str)):
        raise ValueError(f"not a world count: {worlds!r}")
    if isinstance(worlds, int):
        return worlds
    if not worlds.isdigit() or not worlds.isascii():
        raise ValueError(f"not a world count: {worlds[:40]!r}")
    if len(worlds) <= 4000:
        return int(worlds)
    import decimal  # past Python's int-from-str digit limit

    return int(decimal.Context(prec=len(worlds) + 1, Emax=decimal.MAX_EMAX).create_decimal(worlds))


def worlds_fields(worlds: int) -> dict[str, Any]:
    """SCENARIO-FORMAT §2 (corrected November 2026): a count of more than 15 digits is a
    string of decimal digits with ``worlds_log10`` beside it, so every JSON reader can load
    it (Python refuses integers over 4,300 digits; JavaScript loses precision past 2^53)."""
    if worlds < 10 ** 15:
        return {"worlds": worlds}
    digits = str(worlds) if worlds.bit_length() < 14000 else _decimal(worlds)
    lead = digits[:17]
    return {"worlds": digits, "worlds_log10": round(math.log10(int(lead)) + len(digits) - len(lead), 6)}


def _decimal(n: int) -> str:
    """Decimal digits of a huge integer (sidesteps Python's int-to-str digit limit)."""
    import decimal

    ctx = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX)
    return format(ctx.create_decimal(n), "f")


# ------------------------------------------------------------------------------ diff

@dataclass(frozen=True)
class Change:
    """One conclusion whose value differs between two results (``None``: absent on that side).

    ``why`` explains the value after, ``why_before`` the value before, when a feature
    asked for them (``explained``); the comparison itself never explains.
    """

    person: str
    key: Key
    before: Optional[Value]
    after: Optional[Value]
    why: str = ""
    why_before: str = ""

    @property
    def kind(self) -> str:
        """The key's block in a result: ``status`` or ``outcomes``."""
        return self.key.kind.section

    def explained(self, why: str = "", why_before: str = "") -> "Change":
        return dataclasses.replace(self, why=why, why_before=why_before)

    def to_dict(self) -> dict[str, Any]:
        """The change as the outputs write it (``absent`` for a missing value)."""
        return {"person": self.person, "key": str(self.key), "before": value_text(self.before),
                "after": value_text(self.after), "why": self.why}


PersonsLike = Union[Result, Mapping[str, Conclusions]]


def diff(old: PersonsLike, new: PersonsLike) -> list[Change]:
    """Every conclusion whose value differs, by person, statuses before outcomes, by key.

    Takes whole results or just their persons (a briefing compares pinned worlds, which
    have no scenario or date of their own).  A person or key missing on one side is a
    change to or from absent.
    """
    a = old.persons if isinstance(old, Result) else old
    b = new.persons if isinstance(new, Result) else new
    out: list[Change] = []
    empty = Conclusions()
    for pid in sorted(set(a) | set(b)):
        x, y = a.get(pid, empty), b.get(pid, empty)
        if x is y:
            continue
        for xs, ys in ((x.statuses, y.statuses), (x.outcomes, y.outcomes)):
            for key in sorted(set(xs) | set(ys), key=str):
                before, after = xs.get(key), ys.get(key)
                if before != after:
                    out.append(Change(pid, key, before, after))
    return out
