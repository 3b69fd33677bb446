"""Problems in the contract's words: pydantic's errors, misspelt words and positions.

Every message names what is wrong as SCENARIO-FORMAT.md says it (``true | false``, a
state id, a date YYYY-MM-DD) and, where something close exists, suggests it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Iterable

from pydantic import BaseModel

from ...errors import Problem
from ..model import Scenario


@dataclass(frozen=True)
class Questions:
    """The contested questions the rule base offers: question -> its positions."""

    options: dict[str, tuple[str, ...]]


_PATTERNS = {
    r"^[a-z][a-z0-9_-]*$": ("must start with a lowercase letter, then lowercase letters, digits, `_` or `-`",
                            "e.g. kursk-2025"),
    r"^[A-Z]{3}$": ("must be three capital letters (ISO 3166-1 alpha-3)", "e.g. KOR"),
}
_ID_RULE = "a lowercase letter, then lowercase letters, digits or `_` (at most 64)"


def _shown(value: Any) -> str:
    """A value as the user wrote it in YAML."""
    if value is True or value is False:
        return str(value).lower()
    if value is None:
        return "null"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _choices(expected: str) -> list[str]:
    """``'a', 'b' or 'c'`` / ``True, False or 'unknown'`` (pydantic's wording) -> the words."""
    return [q or b.lower() for q, b in re.findall(r"'([^']*)'|\b(True|False)\b", expected)]


def suggest(word: Any, choices: Iterable[str]) -> str:
    """`` (did you mean x?)`` when something close is among ``choices``, else ``""``."""
    import difflib

    close = difflib.get_close_matches(_shown(word), sorted(set(choices)), n=2, cutoff=0.6)
    return f" (did you mean {' or '.join(close)}?)" if close else ""


def _literal(name: str, value: Any, ctx: dict[str, Any], is_key: bool) -> tuple[str, str]:
    words = _choices(ctx.get("expected", ""))
    if len(words) == 1:
        return f"`{name}` must be exactly {words[0]}", ""
    return f"`{_shown(value)}` is not one of {', '.join(words)}{suggest(value, words)}", ""


def _pattern(name: str, value: Any, ctx: dict[str, Any], is_key: bool) -> tuple[str, str]:
    words, example = _PATTERNS.get(ctx.get("pattern", ""), (f"must match {ctx.get('pattern')}", ""))
    return f"`{name}` {words}" + ("" if is_key else f", not `{_shown(value)}`"), example


def _ident(name: str, value: Any, ctx: dict[str, Any], is_key: bool) -> tuple[str, str]:
    if is_key:
        return f"`{_shown(value)}` is not a valid id: {_ID_RULE}", "e.g. ru, kim_2"
    return f"`{name}` must be an id: {_ID_RULE}; `{_shown(value)}` is not", "e.g. ru, kim_2"


def _unknown_key(name: str, value: Any, ctx: dict[str, Any], is_key: bool) -> tuple[str, str]:
    allowed = ctx.get("allowed") or []
    return f"unknown key `{name}`{suggest(name, allowed)}", ("one of: " + ", ".join(allowed)) if allowed else ""


def _simple(text: str, expected: str = "") -> Any:
    return lambda name, value, ctx, is_key: (text.format_map({**ctx, "name": name, "value": _shown(value)}), expected)


# pydantic's error type -> (message, expected), in the words of SCENARIO-FORMAT.md.
MESSAGES: dict[str, Any] = {
    "literal_error": _literal,
    "string_pattern_mismatch": _pattern,
    "ident": _ident,
    "extra_forbidden": _unknown_key,
    "missing": _simple("`{name}` is required"),
    "bool_parsing": _simple("`{name}` must be true or false, not `{value}`", "true | false"),
    "bool_type": _simple("`{name}` must be true or false, not `{value}`", "true | false"),
    "date_from_datetime_parsing": _simple("`{value}` is not a date", "YYYY-MM-DD, e.g. 2025-01-09"),
    "date_from_datetime_inexact": _simple("`{value}` is not a date (it has a time of day)", "YYYY-MM-DD"),
    "date_parsing": _simple("`{value}` is not a date", "YYYY-MM-DD, e.g. 2025-01-09"),
    "date_type": _simple("`{value}` is not a date", "YYYY-MM-DD, e.g. 2025-01-09"),
    "date_or": _simple("`{value}` is not a date or one of {words}", "YYYY-MM-DD, e.g. 2025-01-09"),
    "id_or": _simple("`{value}` is not a state id or one of {words}", "a state declared under `states:`"),
    "string_type": _simple("`{name}` must be text, not `{value}`", "text (in quotes if it looks like a number)"),
    "dict_type": _simple("`{name}` must be a mapping (key: value)", ""),
    "model_type": _simple("`{name}` must be a mapping (key: value)", ""),
    "model_attributes_type": _simple("`{name}` must be a mapping (key: value)", ""),
    "list_type": _simple("`{name}` must be a list", "[a, b], or one `- item` a line"),
    "too_short": _simple("`{name}` must have at least {min_length} item(s)", ""),
    "int_parsing": _simple("`{name}` must be a whole number, not `{value}`", ""),
    "int_type": _simple("`{name}` must be a whole number, not `{value}`", ""),
    "evidence_keys": lambda name, value, ctx, is_key: (
        f"unknown key `{ctx.get('keys')}` in an evidence object{suggest(ctx.get('keys'), ['value', 'evidence', 'source'])}",
        "value, evidence, source"),
    "evidence_value": _simple("an evidence object needs a `value`", "{value: ..., evidence: ..., source: ...}"),
    "evidence_text": _simple("`{k}` of an evidence object must be text", "text"),
}


def describe(kind: str, name: str, value: Any, ctx: dict[str, Any], raw: str, is_key: bool = False) -> tuple[str, str]:
    """One pydantic error in the contract's words: (message, expected)."""
    said = MESSAGES.get(kind)
    if said is None:
        return f"`{name}`: {raw}", ""
    text, expected = said(name, value, ctx, is_key)
    return str(text), str(expected)


def _allowed_keys(loc: tuple[Any, ...]) -> list[str]:
    """The keys the model at ``loc`` accepts, for an 'unknown key' message."""
    model: Any = Scenario
    for part in loc:
        if isinstance(part, int) or part == "[key]":
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return []
        field = model.model_fields.get(part)
        if field is None:
            return []
        model = _inner_model(field.annotation)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if isinstance(found, type) and issubclass(found, BaseModel):
            return found
    return annotation


def _position_problems(q: str, v: Any, questions: Questions, p: Any) -> list[Problem]:
    if q not in questions.options:
        return [p(f"unknown contested question `{q}`" + suggest(q, questions.options), _one_of(questions.options))]
    if v not in questions.options[q]:
        return [p(f"`{_shown(v)}` is not a position on {q}" + suggest(v, questions.options[q]),
                  _one_of(questions.options[q]))]
    return []


def _one_of(values: Iterable[str]) -> str:
    values = sorted(values)
    return "one of: " + ", ".join(values) if values else "a declared id"
