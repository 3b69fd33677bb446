"""From located data to a checked ``Scenario``, and from a scenario to its state on a date.

Three passes, each reporting every problem it finds (not just the first), each problem
located at a file line: shape and vocabulary (pydantic), cross references (declared
states, unique ids, known positions, expectations naming real persons), and the
``set:`` paths of events and ``--set`` overrides, validated like the file itself.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Annotated, Any, Iterable

from pydantic import BaseModel, ValidationError

from . import inputs
from .errors import InputError, Problem
from .loader import Located, dotted, load_file
from .scenario import RESERVED_IDS, Fact, Person, Scenario


@dataclass(frozen=True)
class Questions:
    """The contested questions the rule base offers: question -> its positions."""

    options: dict[str, tuple[str, ...]]


def parse(located: Located) -> Scenario:
    """Validate shape and vocabulary; raise ``InputError`` with every located problem."""
    data = located.data
    if not isinstance(data, dict):
        raise InputError([located.problem((), "a scenario must be a mapping", "keys format, id, conflict, states, persons")])
    if "format" not in data:
        raise InputError([located.problem((), "missing `format:`", "format: status-engine/v1")])
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise InputError(_problems(located, exc.errors(include_url=False))) from None


def check_all(located: Located, questions: Questions) -> Scenario:
    """Every problem of a file at once: values the loader kept (``keep_going``), shape and
    vocabulary, and cross references checked on what remains once the bad values are set
    aside (so an undeclared state is reported in the same run as a misspelt key)."""
    problems = list(located.problems)
    data = located.data
    if not isinstance(data, dict) or "format" not in data:
        try:
            parse(located)
        except InputError as exc:
            problems += exc.problems
        raise InputError(problems)
    try:
        scn: Scenario | None = Scenario.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        reported = {p.key for p in problems}
        positions = data.get("positions")
        for p in _problems(located, errors):
            q = p.key.partition(".")[2]
            if p.key.startswith("positions.") and isinstance(positions, dict) and q in positions \
                    and isinstance(positions[q], str):  # a misspelt position: name the positions
                problems += _position_problems(q, positions[q], questions, lambda m, e, p=p: replace(p, message=m, expected=e))
            elif p.key not in reported:
                problems.append(p)
        scn = _partial(data, errors)
    if scn is not None:
        problems += check_references(scn, located, questions)
    if problems:
        raise InputError(problems)
    assert scn is not None
    return scn


# Stand-ins for required values set aside, so that the rest of a file can still be checked.
_STAND_INS: dict[str, Any] = {"format": "status-engine/v1", "id": "missing_id", "on": dt.date.min,
                              "from": dt.date.min, "kind": "exchange"}


def _partial(data: dict, errors: list[dict], rounds: int = 4) -> Scenario | None:
    """The scenario with every value pydantic rejected set aside (its default, or a
    stand-in when it is required); None when that does not give a valid scenario."""
    import copy

    work = copy.deepcopy(data)
    for _ in range(rounds):
        for err in errors:
            if not _set_aside(work, tuple(err["loc"]), err["type"]):
                return None
        try:
            return Scenario.model_validate(work)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
    return None


def _set_aside(data: dict, loc: tuple[Any, ...], kind: str) -> bool:
    path = _data_path(data, loc)
    if kind in ("extra_forbidden", "missing") and (not path or path[-1] != loc[-1]):
        path = path + (loc[-1],)
    if not path:
        return False
    parent: Any = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if kind == "missing":
        if last not in _STAND_INS or not isinstance(parent, dict):
            return False
        indices = [str(x) for x in path if isinstance(x, int)]
        parent[last] = "_".join(["missing_id", *indices]) if last == "id" else _STAND_INS[last]
    elif isinstance(parent, dict):
        parent.pop(last, None)
    elif isinstance(parent, list):  # an item that is not a mapping: {} if mappings are expected
        if len(path) == 2 and path[0] in ("persons", "events", "agreements"):
            parent[last] = {}
        else:  # a list of ids: set the whole list aside (keeps later indices right)
            grand: Any = data
            for part in path[:-2]:
                grand = grand[part]
            grand.pop(path[-2], None) if isinstance(grand, dict) else None
    return True


def _data_path(data: Any, loc: Iterable[Any]) -> tuple[Any, ...]:
    """Keep the parts of a pydantic ``loc`` that are real keys of the data."""
    path: list[Any] = []
    cur = data
    for part in loc:
        if isinstance(cur, dict) and part in cur:
            path.append(part)
            cur = cur[part]
        elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            path.append(part)
            cur = cur[part]
        elif part == "[key]":
            break
    return tuple(path)


def _problems(located: Located, errors: list[dict]) -> list[Problem]:
    merged: dict[tuple, list[tuple[str, str]]] = {}
    for err in errors:
        loc = tuple(err["loc"])
        path = _data_path(located.data, loc)
        ctx = dict(err.get("ctx") or {})
        if err["type"] in ("extra_forbidden", "missing"):
            path = path if path and path[-1] == loc[-1] else path + (loc[-1],)
            ctx["allowed"] = _allowed_keys(loc[:-1])
        is_key = "[key]" in loc
        name = str(path[-1]) if path and not isinstance(path[-1], int) else str(loc[-1] if loc else "")
        if is_key or (path and isinstance(path[-1], int)):
            name = _shown(err.get("input"))
        said = describe(err["type"], name, err.get("input"), ctx, err["msg"], is_key)
        merged.setdefault(path, [])
        if said not in merged[path]:
            merged[path].append(said)
    out = []
    for path, said_all in merged.items():
        line, col = located.where(path)
        out.append(Problem(located.file, line, col, dotted(path), "; or ".join(m for m, _ in said_all),
                           next((e for _, e in said_all if e), "")))
    return out


# ------------------------------------------------------------ messages in the contract's words

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


def _literal(name: str, value: Any, ctx: dict, is_key: bool) -> tuple[str, str]:
    words = _choices(ctx.get("expected", ""))
    if len(words) == 1:
        return f"`{name}` must be exactly {words[0]}", ""
    return f"`{_shown(value)}` is not one of {', '.join(words)}{suggest(value, words)}", ""


def _pattern(name: str, value: Any, ctx: dict, is_key: bool) -> tuple[str, str]:
    words, example = _PATTERNS.get(ctx.get("pattern", ""), (f"must match {ctx.get('pattern')}", ""))
    return f"`{name}` {words}" + ("" if is_key else f", not `{_shown(value)}`"), example


def _ident(name: str, value: Any, ctx: dict, is_key: bool) -> tuple[str, str]:
    if is_key:
        return f"`{_shown(value)}` is not a valid id: {_ID_RULE}", "e.g. ru, kim_2"
    return f"`{name}` must be an id: {_ID_RULE}; `{_shown(value)}` is not", "e.g. ru, kim_2"


def _unknown_key(name: str, value: Any, ctx: dict, is_key: bool) -> tuple[str, str]:
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


def describe(kind: str, name: str, value: Any, ctx: dict, raw: str, is_key: bool = False) -> tuple[str, str]:
    """One pydantic error in the contract's words: (message, expected)."""
    said = MESSAGES.get(kind)
    if said is None:
        return f"`{name}`: {raw}", ""
    return said(name, value, ctx, is_key)


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


# --------------------------------------------------------------------------- references

def check_references(scn: Scenario, located: Located, questions: Questions) -> list[Problem]:
    """Cross references that need the whole file."""
    p = located.problem
    states = set(scn.states)
    out: list[Problem] = []
    for sid in scn.states:
        if sid in RESERVED_IDS:
            out.append(p(("states", sid), f"`{sid}` cannot be a state id: it is a reserved word", "another id"))
    for i, sid in enumerate(scn.conflict.parties):
        if sid not in states:
            out.append(p(("conflict", "parties", i), f"state `{sid}` is not declared under `states:`" + suggest(sid, states), _one_of(states)))
    seen: dict[str, int] = {}
    for i, person in enumerate(scn.persons):
        if person.id in seen:
            out.append(p(("persons", i, "id"), f"duplicate person id `{person.id}` (first at persons[{seen[person.id]}])", "unique person ids"))
        seen.setdefault(person.id, i)
        out += _person_refs(person, ("persons", i), states, p)
    persons = set(seen)
    for pid in scn.expect:
        if pid not in persons:
            out.append(p(("expect", pid), f"person `{pid}` is not in `persons:`" + suggest(pid, persons), _one_of(persons)))
    out += _agreement_refs(scn, states, persons, p)
    for q, v in scn.positions.items():
        out += _position_problems(q, v, questions, lambda m, e, q=q: p(("positions", q), m, e))
    for i, event in enumerate(scn.events):
        for path, value in event.set.items():
            where = ("events", i, "set", path)
            out += check_setting(scn, path, value, questions, lambda m, e, w=where: p(w, m, e))
    return out


# The person facts whose value is a state id, with the words each takes besides one.
_SPECIALS = {r.field: inputs.ID_WORDS[r.domain] for r in inputs.of("persons") if r.domain in inputs.ID_WORDS}


def _person_refs(person: Person, base: tuple, states: set[str], p: Any) -> list[Problem]:
    out = []
    for name, specials in _SPECIALS.items():
        value = getattr(person, name).value
        if value not in specials and value not in states:
            words = states | set(_SPECIALS[name])
            out.append(p(base + (name,), f"state `{value}` is not declared under `states:`" + suggest(value, words),
                         _one_of(words)))
    for sid in person.risk_on_return:
        if sid not in states:
            out.append(p(base + ("risk_on_return", sid), f"state `{sid}` is not declared under `states:`"
                         + suggest(sid, states), _one_of(states)))
    return out


def _agreement_refs(scn: Scenario, states: set[str], persons: set[str], p: Any) -> list[Problem]:
    out: list[Problem] = []
    seen: set[str] = set()
    for i, ag in enumerate(scn.agreements):
        base = ("agreements", i)
        if ag.id in seen:
            out.append(p(base + ("id",), f"duplicate agreement id `{ag.id}`", "unique agreement ids"))
        seen.add(ag.id)
        refs = [(("parties", j), sid) for j, sid in enumerate(ag.parties)]
        refs += [(("custodian",), ag.custodian)] if ag.custodian else []
        for where, sid in refs:
            if sid not in states:
                out.append(p(base + where, f"state `{sid}` is not declared under `states:`" + suggest(sid, states),
                             _one_of(states)))
        for j, pid in enumerate(ag.persons or ()):
            if pid not in persons:
                out.append(p(base + ("persons", j), f"person `{pid}` is not in `persons:`" + suggest(pid, persons),
                             _one_of(persons)))
        if ag.until is not None and ag.until < ag.from_:
            out.append(p(base + ("until",), "the agreement ends before it starts", f"a date on or after {ag.from_}"))
    return out


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


# ----------------------------------------------------------------- events and overrides

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
    return Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation


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
    if _is_state_field(target) and new.value not in _SPECIALS[target.name] and new.value not in scn.states:
        words = set(scn.states) | set(_SPECIALS[target.name])
        return [p(f"state `{new.value}` is not declared under `states:`" + suggest(new.value, words), _one_of(words))]
    return []


def _is_state_field(target: Target) -> bool:
    return target.kind == "attr" and isinstance(target.owner, Person) and target.name in _SPECIALS


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


def warnings(scn: Scenario, located: Located, as_of: dt.date | None = None) -> list[Problem]:
    """Things that are allowed but probably not meant; they never change the result.

    ``as_of`` is the evaluation date (default: the file's own ``as_of``).
    """
    p = located.problem
    out: list[Problem] = []
    when = as_of or scn.as_of
    for i, person in enumerate(scn.persons):
        captured = person.captured_on.value
        if when is not None and isinstance(captured, dt.date) and when < captured:
            out.append(p(("persons", i, "captured_on"),
                         f"the evaluation date {when.isoformat()} is before {person.id}'s capture on "
                         f"{captured.isoformat()}: the result describes him as captured all the same"))
    seen: dict[str, int] = {}
    for i, party in enumerate(scn.conflict.parties):
        if party in seen:
            out.append(p(("conflict", "parties", i), f"`{party}` is listed twice as a party "
                         f"(also conflict.parties[{seen[party]}]); once is enough"))
        else:
            seen[party] = i
    setters: dict[tuple[dt.date, str], list[int]] = {}
    for i, event in enumerate(scn.events):
        for path in event.set:
            setters.setdefault((event.on, path), []).append(i)
    for (on, path), idx in setters.items():
        if len(idx) > 1:
            names = ", ".join(f"events[{i}]" for i in idx)
            out.append(p(("events", idx[-1], "set", path),
                         f"{names} all set `{path}` on {on.isoformat()}: the order in the file decides, "
                         f"so events[{idx[-1]}] (the last) wins"))
    return out


def load_scenario(path: str, questions: Questions) -> tuple[Scenario, Located]:
    """Read, validate and cross-check one scenario file (every problem at once)."""
    located = load_file(path, keep_going=True)
    return check_all(located, questions), located


__all__ = ["Fact", "Override", "Questions", "at_date", "check_all", "check_references", "describe",
           "load_scenario", "parse",
           "parse_override", "resolve", "warnings"]
