"""From located data to a checked ``Scenario``, and from a scenario to its state on a date.

Three passes, each reporting every problem it finds (not just the first), each problem
located at a file line: shape and vocabulary (pydantic), cross references (declared
states, unique ids, known positions, expectations naming real persons), and the
``set:`` paths of events and ``--set`` overrides, validated like the file itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any, Iterable, Mapping, Sequence

from pydantic import ValidationError

from ...errors import InputError, Problem
from ..load import Located, dotted, load_file
from ..model import Fact, Scenario
from .messages import MESSAGES, Questions, _allowed_keys, _position_problems, _shown, describe, suggest
from .references import check_references
from .settings import Override, Target, apply, at_date, check_setting, parse_override, parse_overrides, resolve


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


def _partial(data: dict[str, Any], errors: Sequence[Mapping[str, Any]], rounds: int = 4) -> Scenario | None:
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


def _set_aside(data: dict[str, Any], loc: tuple[Any, ...], kind: str) -> bool:
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


def _problems(located: Located, errors: Sequence[Mapping[str, Any]]) -> list[Problem]:
    merged: dict[tuple[Any, ...], list[tuple[str, str]]] = {}
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


__all__ = ["Fact", "MESSAGES", "Override", "Questions", "Target", "apply", "check_setting", "parse_overrides", "suggest", "Questions", "at_date", "check_all", "check_references", "describe",
           "load_scenario", "parse",
           "parse_override", "resolve", "warnings"]
