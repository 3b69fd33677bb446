"""Setting a fact by its path: ``set:`` events, ``--set`` overrides and what-ifs.

A path is resolved against the inputs table (``inputs.match``), the new value validated
with the field's own type, exactly as if the file had said it.
"""

from __future__ import annotations

import datetime as dt
import operator
import typing
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any, Iterable, Optional, Sequence

from pydantic import ValidationError

from .. import inputs
from ...errors import InputError, Problem
from ..model import Person, Scenario
from .messages import Questions, _one_of, _position_problems, describe, suggest

# The person facts whose value is a state id, with the words each takes besides one.
STATE_VALUED = {r.field: inputs.ID_WORDS[r.domain] for r in inputs.of("persons") if r.domain in inputs.ID_WORDS}


@dataclass(frozen=True)
class Target:
    """Where a ``set:`` path points: an object and the attribute or map key to replace."""

    kind: str  # "attr", "map" or "position"
    owner: Any
    name: str
    annotation: Any


def resolve(scn: Scenario, path: str) -> Target | str:
    """Resolve ``persons.ri.wish`` and the like against ``inputs.TABLE``; a string is the
    reason it names no fact."""
    parts = path.split(".")
    head, rest = parts[0], parts[1:]
    owner: Any = scn.conflict
    if head == "states" and len(rest) in (2, 3):
        owner = scn.states.get(rest[0])
        if owner is None:
            return f"no state `{rest[0]}` is declared" + suggest(rest[0], scn.states)
    elif head == "persons" and len(rest) in (2, 3):
        owner = next((x for x in scn.persons if x.id == rest[0]), None)
        if owner is None:
            return f"no person `{rest[0]}` in `persons:`" + suggest(rest[0], [x.id for x in scn.persons])
    found = inputs.match(path)
    if found is None:
        if head in ("states", "persons") and len(rest) == 2:
            return _not_a_fact(rest[1], inputs.facts_of(head))
        return "a fact path: " + ", ".join(inputs.patterns())
    row, binds = found
    if row.section == "positions":
        return Target("position", scn.positions, binds[0], str)
    model = type(owner)
    if not row.grouped:
        return Target("attr", owner, row.field, _full(model.model_fields[row.field]))
    return _member(scn, row, owner, binds[-1])


def _member(scn: Scenario, row: inputs.Input, owner: Any, name: str) -> Target | str:
    """A fact inside a group (``conditions_4a2.<condition>``) or a map (``treaties.<instrument>``)."""
    placeholder = row.name
    if placeholder == "<state>" and name not in scn.states:
        return f"no state `{name}` is declared" + suggest(name, scn.states)
    if row.parts and name not in row.parts:
        if placeholder == "<instrument>":
            return f"no instrument `{name}`{suggest(name, row.parts)} (known: {', '.join(row.parts)})"
        return _not_a_fact(name, row.parts)
    container = getattr(owner, row.field)
    field = type(owner).model_fields[row.field]
    if isinstance(container, dict):
        return Target("map", container, name, typing.get_args(field.annotation)[1])
    return Target("attr", container, name, _full(type(container).model_fields[name]))


def _not_a_fact(name: str, facts: Iterable[str]) -> str:
    facts = list(facts)
    return f"`{name}` is not a fact here{suggest(name, facts)} (facts: {', '.join(facts)})"


def _full(field: Any) -> Any:
    """A field's type with its validators (pydantic keeps them apart in ``metadata``)."""
    if not field.metadata:
        return field.annotation
    return operator.getitem(Annotated, (field.annotation, *field.metadata))


@lru_cache(maxsize=None)
def _adapter(annotation: Any) -> Any:
    from pydantic import TypeAdapter  # only events and overrides need it

    return TypeAdapter(annotation)


def _coerce(target: Target, value: Any) -> Any:
    """Validate a new value with the field's own type (raises ``ValidationError``)."""
    return _adapter(target.annotation).validate_python(value)


def check_setting(scn: Scenario, path: str, value: Any, questions: Questions, p: Any) -> list[Problem]:
    target = resolve(scn, path)
    if isinstance(target, str):
        return [p(f"`{path}` names no fact: {target}", "")]
    if target.kind == "position":
        return _position_problems(target.name, value, questions, p)
    try:
        new = _coerce(target, value)
    except ValidationError as exc:
        said = [describe(e["type"], path.rsplit(".", 1)[-1], e.get("input"), dict(e.get("ctx") or {}), e["msg"])
                for e in exc.errors(include_url=False)]
        return [p("; or ".join(dict.fromkeys(m for m, _ in said)), next((x for _, x in said if x), ""))]
    if _is_state_field(target) and new.value not in STATE_VALUED[target.name] and new.value not in scn.states:
        words = set(scn.states) | set(STATE_VALUED[target.name])
        return [p(f"state `{new.value}` is not declared under `states:`" + suggest(new.value, words), _one_of(words))]
    return []


def _is_state_field(target: Target) -> bool:
    return target.kind == "attr" and isinstance(target.owner, Person) and target.name in STATE_VALUED


def apply(scn: Scenario, path: str, value: Any) -> None:
    """Set one already-checked fact in place."""
    target = resolve(scn, path)
    assert not isinstance(target, str)
    if target.kind == "position":
        target.owner[target.name] = value
    elif target.kind == "map":
        target.owner[target.name] = _coerce(target, value)
    else:
        setattr(target.owner, target.name, _coerce(target, value))


@dataclass(frozen=True)
class Override:
    """A ``--set PATH=VALUE`` from the command line (or a what-if)."""

    path: str
    value: Any
    origin: str = "--set"


def parse_override(text: str) -> Override:
    """``persons.ri.wish=rok`` -> Override; the value is read as a YAML scalar."""
    import yaml

    if "=" not in text:
        raise InputError([Problem("--set", None, None, text, "an override needs PATH=VALUE", "e.g. persons.ri.wish=rok")])
    path, raw = text.split("=", 1)
    try:
        value = yaml.safe_load(raw) if raw.strip() else ""
    except (yaml.YAMLError, ValueError) as exc:
        raise InputError([Problem("--set", None, None, path, f"cannot read the value {raw!r}: {exc}", "a YAML scalar")]) from None
    if isinstance(value, (dict, list)) and not (isinstance(value, dict) and "value" in value):
        value = raw
    return Override(path.strip(), value, f"--set {text}")


def at_date(scn: Scenario, as_of: dt.date, overrides: list[Override], questions: Questions
            ) -> tuple[Scenario, dict[str, str]]:
    """The scenario with events up to ``as_of`` applied in date order, then overrides.

    Also returns, for each fact path that an event or override set, where it was set,
    so that explanations can point at the event rather than the original line.
    """
    problems = []
    for ov in overrides:
        problems += check_setting(scn, ov.path, ov.value, questions,
                                  lambda m, e, ov=ov: Problem("--set", None, None, ov.path, m, e))
    if problems:
        raise InputError(problems)
    due = sorted(((e.on, i, e) for i, e in enumerate(scn.events) if e.on <= as_of), key=lambda t: t[:2])
    if not due and not overrides:
        return scn, {}
    out = scn.model_copy(deep=True)
    provenance: dict[str, str] = {}
    for on, i, event in due:
        for path, value in event.set.items():
            apply(out, path, value)
            provenance[path] = f"events[{i}] ({on.isoformat()}{': ' + event.note if event.note else ''})"
    for ov in overrides:
        apply(out, ov.path, ov.value)
        provenance[ov.path] = ov.origin
    return out, provenance


def parse_overrides(texts: Optional[Sequence[str]]) -> list[Override]:
    """Every ``--set PATH=VALUE`` of a command line (none: an empty list)."""
    return [parse_override(t) for t in texts or ()]
