"""From consequences to the result of SCENARIO-FORMAT.md section 2.

This is the contract's own arithmetic, not law: a status is ``necessary`` if it holds in
every world and ``possible`` if in some; an outcome is ``required`` if obligatory in every
world, ``forbidden`` if forbidden in every world, ``permitted`` if forbidden in none and
not required in all, and ``depends`` otherwise.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from clingo import Symbol

from . import FORMAT
from .engine import Consequences
from .errors import RuleBaseError


def outcome_key(term: Symbol) -> str:
    """``repatriate(dprk)`` -> ``repatriate:dprk``; ``transfer`` alone -> ``transfer``."""
    if not term.arguments:
        return term.name
    return term.name + ":" + ",".join(str(a) for a in term.arguments)


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
    """One person's status modalities and outcome verdicts from what holds in some / every world."""
    status = {t: ("necessary" if ("status", t) in cautious else "possible") for k, t in brave if k == "status"}
    verdicts = {}
    for k, o in brave:
        if k != "outcome":
            continue
        if ("forbidden", o) in cautious:
            v = "forbidden"
        elif ("obligatory", o) in cautious:
            v = "required"
        elif ("forbidden", o) not in brave:
            v = "permitted"
        else:
            v = "depends"
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


def result(scenario_id: str, as_of: dt.date, rules_digest: str, cons: Consequences, persons: list[str],
           open_paths: list[str], mirror_of: dict[str, str] | None = None) -> dict[str, Any]:
    """The JSON result object (keys sorted when rendered)."""
    return {
        "format": FORMAT,
        "scenario": scenario_id,
        "as_of": as_of.isoformat(),
        "rules": rules_digest,
        **worlds_fields(cons.worlds),
        "open": sorted(open_paths),
        "persons": dict(sorted(person_results(cons, persons, mirror_of).items())),
    }


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
