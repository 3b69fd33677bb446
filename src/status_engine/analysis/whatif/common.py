"""Shared by the what-if tools: opening facts, naming them, reading values back.

A fact that a sweep varies or that ``needs`` may change is *opened*: the scenario is
copied with that fact set to ``unknown`` (a pinned position is unpinned), so that the
engine's own choice rule ranges over its values and one grounding serves every
combination; an assumption ``fact(K, V)`` then selects a value without grounding again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable

from clingo import Function, Symbol

from ...solver import facts as facts_mod
from ...scenario import inputs
from ...errors import InputError, Problem
from ...scenario.model import Fact


@dataclass(frozen=True)
class Axis:
    """One open fact: its scenario path, its input key and the values it ranges over."""

    path: str
    key: Symbol
    values: tuple[Symbol, ...]
    baseline: Symbol | None = None  # the value before it was opened (None: it was open)

    @property
    def name(self) -> str:
        return short(self.path)

    def atom(self, value: Symbol) -> Symbol:
        return Function("fact", [self.key, value])


@dataclass
class Opened:
    """A fact set in which some paths are open, with an axis for every open key."""

    facts: facts_mod.FactSet
    axes: dict[str, Axis] = field(default_factory=dict)  # path -> axis, every open key


def short(path: str) -> str:
    """``persons.ri.wish`` -> ``ri.wish``; ``positions.party_status`` -> ``party_status``."""
    return inputs.short(path)


def value_text(value: Symbol) -> str:
    return str(value)


def scenario_value(path: str, value: Symbol, as_of: dt.date) -> Any:
    """The value to write in the scenario (or after ``--set``) for an input value."""
    return inputs.file_value(path, str(value), as_of)  # e.g. ended/ongoing -> a date or null


def set_text(path: str, value: Symbol, as_of: dt.date) -> str:
    """``persons.ri.wish=rok``: what a user would pass to ``--set``."""
    v = scenario_value(path, value, as_of)
    shown = "null" if v is None else ("true" if v is True else "false" if v is False else str(v))
    return f"{path}={shown}"


def literal_text(axis: Axis, value: Symbol) -> str:
    """A condition for summaries: ``ri.wish_verified``, ``not ri.wish_verified``, ``party_status=factual``."""
    if set(axis.values) == set(facts_mod.BOOL):
        return axis.name if value == facts_mod.TRUE else f"not {axis.name}"
    return f"{axis.name}={value}"


def known(fs: facts_mod.FactSet) -> dict[str, tuple[Symbol, Symbol | None]]:
    """Every fact of a fact set: path -> (input key, known value or None if open)."""
    values = {a.arguments[0]: a.arguments[1] for a in fs.atoms if a.name == "fact"}
    out = {info.path: (key, values.get(key)) for key, info in fs.global_info.items()}
    for pid in fs.persons:
        person = facts_mod.const(pid)
        for e in fs.profiles[fs.profile_of[pid]]:
            out[f"persons.{pid}.{e.path}"] = (Function("person", [person, e.name]), e.value)
    return out


def open_axes(fs: facts_mod.FactSet, baselines: dict[str, Symbol | None] | None = None) -> dict[str, Axis]:
    """Every open key of a fact set as an axis, positions first, then the conflict, states, persons."""
    baselines = baselines or {}
    out = {}
    for key, domain in fs.global_open.items():
        path = fs.global_info[key].path
        out[path] = Axis(path, key, tuple(domain), baselines.get(path))
    for pid in fs.persons:
        person = facts_mod.const(pid)
        for e in fs.profiles[fs.profile_of[pid]]:
            if e.value is None:
                path = f"persons.{pid}.{e.path}"
                out[path] = Axis(path, Function("person", [person, e.name]), tuple(e.domain), baselines.get(path))
    rank = {"positions": 0, "conflict": 1, "states": 2, "persons": 3}
    order = sorted(out, key=lambda p: rank.get(p.split(".", 1)[0], 4))
    return {p: out[p] for p in order}


def open_paths(prep: Any, paths: Iterable[str], origin: str = "--vary") -> Opened:
    """The prepared scenario with ``paths`` made unknown (positions unpinned), grounded once later.

    Every path is checked like a ``--set`` path; one that the rules receive no input for
    in this scenario is an input error.  Persons are never mirrored here: a sweep or a
    search may treat two identical persons differently.
    """
    from ...scenario import check as validate

    paths = list(dict.fromkeys(paths))
    scn = prep.scenario.model_copy(deep=True)
    problems, baselines = [], {}
    before = known(prep.facts)
    for path in paths:
        target = validate.resolve(scn, path)
        if isinstance(target, str):
            problems.append(Problem(origin, None, None, path, f"`{path}` names no fact: {target}"))
            continue
        baselines[path] = before[path][1] if path in before else None
        if target.kind == "position":
            target.owner.pop(target.name, None)
        elif target.kind == "map":
            target.owner[target.name] = Fact("unknown")
        else:
            setattr(target.owner, target.name, Fact("unknown"))
    if problems:
        raise InputError(problems)
    book = prep.rules
    fs = facts_mod.build(scn, prep.as_of, book.options, book.enabled, mirror=False, registry=book.registry, reads=book.reads)
    axes = open_axes(fs, baselines)
    missing = [p for p in paths if p not in axes]
    if missing:
        raise InputError([Problem(origin, None, None, p, f"`{p}` is not an input of the rules in this scenario "
                                  "(no value of it can change a result)", "a fact listed by `status-engine eval` "
                                  "under open, or a fact the scenario sets") for p in missing])
    return Opened(fs, axes)


def unmirrored(prep: Any) -> facts_mod.FactSet:
    """The prepared facts, every person grounded (a what-if may treat equal persons apart)."""
    if not prep.facts.mirror_of:
        return prep.facts
    book = prep.rules
    return facts_mod.build(prep.scenario, prep.as_of, book.options, book.enabled, mirror=False, registry=book.registry, reads=book.reads)


def reason(ev: Any, person: str, key: str) -> str:
    """One line on why ``person`` has ``key`` (a status or an outcome key) in ``ev``.

    From ``status_engine.analysis.explain`` (the same explanation as ``status-engine explain``).
    """
    try:
        from .. import explain  # type: ignore[attr-defined]
    except ImportError:  # the explain module is optional for the what-if tools
        return ""
    try:
        return explain.explain(ev, person, key).one_line()
    except Exception as exc:  # noqa: BLE001 - an explanation that fails is reported in its place
        return f"(no explanation: {type(exc).__name__}: {exc})"


def parse_key(text: str) -> Symbol:
    """``transfer:rok`` -> ``transfer(rok)`` (the inverse of ``verdicts.outcome_key``)."""
    import re

    ident = re.compile(r"^[a-z][a-z0-9_]*$")
    verb, _, args = text.partition(":")
    parts = [a.strip() for a in args.split(",")] if args else []
    if not ident.match(verb) or not all(ident.match(a) for a in parts):
        raise ValueError(text)
    return Function(verb, [Function(a) for a in parts])
