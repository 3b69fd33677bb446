"""Cross references that need the whole file: declared states, unique ids, known
positions, expectations naming real persons, and the ``set:`` paths of events."""

from __future__ import annotations

from typing import Any

from ...errors import Problem
from ..load import Located
from ..model import RESERVED_IDS, Person, Scenario
from .messages import Questions, _one_of, _position_problems, suggest
from .settings import STATE_VALUED, check_setting


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


def _person_refs(person: Person, base: tuple[Any, ...], states: set[str], p: Any) -> list[Problem]:
    out = []
    for name, specials in STATE_VALUED.items():
        value = getattr(person, name).value
        if value not in specials and value not in states:
            words = states | set(STATE_VALUED[name])
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
        refs: list[tuple[tuple[Any, ...], str]] = [(("parties", j), sid) for j, sid in enumerate(ag.parties)]
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
