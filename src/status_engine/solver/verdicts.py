"""From consequences to the result of SCENARIO-FORMAT.md section 2.

This is the contract's own arithmetic, not law: a status is ``necessary`` if it holds in
every world and ``possible`` if in some; an outcome is ``required`` if obligatory in every
world, ``forbidden`` if forbidden in every world, ``permitted`` if forbidden in none and
not required in all, and ``depends`` otherwise.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from clingo import Symbol

from ..contract import Conclusions, Key, Kind, Modality, Result, Verdict, worlds_fields
from .solving import Consequences
from ..errors import RuleBaseError

__all__ = ["Term", "check_clashes", "outcome_key", "person_results", "person_verdicts", "result", "term_of",
           "typed_result", "worlds_fields"]


def outcome_key(term: Symbol) -> str:
    """``repatriate(dprk)`` -> ``repatriate:dprk``; ``transfer`` alone -> ``transfer``."""
    return str(Key(Kind.OUTCOME, term.name, tuple(str(a) for a in term.arguments)))


def _by_person(symbols: set[Symbol], name: str) -> dict[str, set[Symbol]]:
    out: dict[str, set[Symbol]] = {}
    for s in symbols:
        if s.name == name and len(s.arguments) == 2:
            out.setdefault(str(s.arguments[0]), set()).add(s.arguments[1])
    return out


Term = tuple[str, str]  # (predicate, conclusion): ("status", "pow"), ("forbidden", "repatriate:dprk")


def term_of(pred: str, arg: Symbol) -> Term:
    """One shown atom about a person, without the person, as text."""
    return (pred, str(arg) if pred == "status" else outcome_key(arg))


def person_verdicts(brave: set[Term], cautious: set[Term]) -> dict[str, dict[str, str]]:
    """One person's status modalities and outcome verdicts from what holds in some / every world.

    The values are the ``contract`` enums (``str`` subclasses, so the dict is still the
    JSON block of §2 for every reader that compares or dumps it)."""
    status = {t: (Modality.NECESSARY if ("status", t) in cautious else Modality.POSSIBLE)
              for k, t in brave if k == "status"}
    verdicts = {}
    for k, o in brave:
        if k != "outcome":
            continue
        if ("forbidden", o) in cautious:
            v = Verdict.FORBIDDEN
        elif ("obligatory", o) in cautious:
            v = Verdict.REQUIRED
        elif ("forbidden", o) not in brave:
            v = Verdict.PERMITTED
        else:
            v = Verdict.DEPENDS
        verdicts[o] = v
    return {"status": dict(sorted(status.items())), "outcomes": dict(sorted(verdicts.items()))}


def _terms(symbols: set[Symbol]) -> dict[str, set[Term]]:
    out: dict[str, set[Term]] = {}
    for s in symbols:
        if s.name in ("status", "outcome", "obligatory", "forbidden") and len(s.arguments) == 2:
            out.setdefault(str(s.arguments[0]), set()).add(term_of(s.name, s.arguments[1]))
    return out


def check_clashes(clashes: list[str]) -> None:
    if clashes:
        raise RuleBaseError("rule base defect: an outcome is both obligatory and forbidden in one world: "
                            + ", ".join(sorted(clashes)))


def person_results(cons: Consequences, persons: list[str], mirror_of: dict[str, str] | None = None
                   ) -> dict[str, dict[str, dict[str, str]]]:
    """Per person: status modalities and outcome verdicts (mirrored persons share theirs)."""
    if cons.results is not None:
        check_clashes(cons.clashes)
        return cons.results
    check_clashes([str(s) for s in cons.brave if s.name == "clash"])
    brave, cautious = _terms(cons.brave), _terms(cons.cautious)
    mirror_of = mirror_of or {}
    out = {pid: person_verdicts(brave.get(pid, set()), cautious.get(pid, set()))
           for pid in persons if pid not in mirror_of}
    for pid, rep in mirror_of.items():
        out[pid] = out[rep]
    return out


def conclusions(persons: dict[str, dict[str, dict[str, str]]]) -> dict[str, Conclusions]:
    """Typed conclusions per person from the per-person blocks (mirrored persons keep sharing one)."""
    typed: dict[int, Conclusions] = {}
    out = {}
    for pid, block in persons.items():
        if id(block) not in typed:
            typed[id(block)] = Conclusions.from_json(block)
        out[pid] = typed[id(block)]
    return out


def typed_result(scenario_id: str, as_of: dt.date, rules_digest: str, cons: Consequences, persons: list[str],
                 open_paths: list[str], mirror_of: dict[str, str] | None = None) -> Result:
    """The typed result of an evaluation (``contract.Result``); its JSON is ``to_json()``."""
    return Result(scenario_id, as_of, rules_digest, cons.worlds, tuple(sorted(open_paths)),
                  dict(sorted(conclusions(person_results(cons, persons, mirror_of)).items())))


def result(scenario_id: str, as_of: dt.date, rules_digest: str, cons: Consequences, persons: list[str],
           open_paths: list[str], mirror_of: dict[str, str] | None = None) -> dict[str, Any]:
    """The JSON result object (keys sorted when rendered)."""
    return typed_result(scenario_id, as_of, rules_digest, cons, persons, open_paths, mirror_of).to_json()
