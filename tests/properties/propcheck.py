"""Helpers for the property tests: evaluate generated data, enumerate its worlds.

A *world* here is one answer set of the grounded program with the consistency
constraint on: the chosen value of every open key plus what the rules derive.  Worlds
are enumerated with ``engine.control(..., show_all=True)``, which is affordable because
the strategies keep scenarios small.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import os
from dataclasses import dataclass
from typing import Any, Iterator

from clingo import Function

from status_engine import api
from status_engine.solver import engine
from status_engine.solver import facts as facts_mod
from status_engine.scenario.load import load_text

IHL_STATUSES = ("pow", "presumed_pow", "unprivileged_belligerent", "civilian")
WORLD_CAP = 3000  # examples with more worlds than this are not enumerated (the strategies rarely reach it)
KEPT = {"fact", "status", "outcome", "obligatory", "forbidden"}


def examples(n: int) -> int:
    """Scale a property's example budget (STATUS_ENGINE_PROPERTY_SCALE, e.g. 0.25 for mutation runs)."""
    scale = float(os.environ.get("STATUS_ENGINE_PROPERTY_SCALE", "1"))
    return max(1, int(n * scale))


def prepare(data: dict[str, Any], rules: Any = None) -> api.Prepared:
    return api.prepare_located(load_text(json.dumps(data), "<generated>"), rules=rules)


def evaluate(data: dict[str, Any], rules: Any = None) -> dict[str, Any]:
    return api.evaluate_prepared(prepare(data, rules)).result


def evaluate_full(data: dict[str, Any], rules: Any = None) -> dict[str, Any]:
    """The result with every person grounded (no mirroring of identical persons)."""
    prep = prepare(data, rules)
    full = facts_mod.build(prep.scenario, prep.as_of, prep.rules.options, prep.rules.enabled, mirror=False,
                           registry=prep.rules.registry, reads=prep.rules.reads)
    return api.evaluate_prepared(dataclasses.replace(prep, facts=full)).result


@dataclass
class World:
    facts: dict[str, str]  # "person(p0,wish)" -> "stay"
    atoms: set[str]  # "status(p0,pow)", "forbidden(p0,repatriate(aa))", ...

    def fact(self, key: str) -> str | None:
        return self.facts.get(key)

    def statuses(self, pid: str) -> set[str]:
        prefix = f"status({pid},"
        return {a[len(prefix):-1] for a in self.atoms if a.startswith(prefix)}

    def outcomes(self, pid: str, verb: str) -> list[str]:
        """Arguments of the outcomes ``verb(arg)`` considered for ``pid`` in this world."""
        prefix = f"outcome({pid},{verb}("
        return [a[len(prefix):-2] for a in self.atoms if a.startswith(prefix)]

    def has(self, atom: str) -> bool:
        return atom in self.atoms

    def wants(self, pid: str, state: str) -> bool:
        """His expressed wish is to go to ``state`` (``origin`` names his state of origin)."""
        wish = self.fact(f"person({pid},wish)")
        return wish == state or (wish == "origin" and self.fact(f"person({pid},origin)") == state)


def worlds(prep: api.Prepared) -> Iterator[World]:
    """Every world of a prepared scenario (consistency constraint on)."""
    ctl = engine.control(prep.rules, prep.facts, show_all=True)
    ctl.assign_external(engine.ENFORCE, True)
    ctl.configuration.solve.models = 0
    found: list[World] = []

    def on_model(model: Any) -> None:
        fs, atoms = {}, set()
        for s in model.symbols(atoms=True):
            if s.name not in KEPT:
                continue
            if s.name == "fact":
                fs[str(s.arguments[0])] = str(s.arguments[1])
            else:
                atoms.add(str(s))
        found.append(World(fs, atoms))

    ctl.solve(on_model=on_model)
    return iter(found)


def brute_force_worlds(prep: api.Prepared) -> int:
    """Worlds by brute force: every combination of the open keys' values, solved one by one."""
    ctl = engine.control(prep.rules, prep.facts)
    ctl.assign_external(engine.ENFORCE, True)
    pairs = list(prep.facts.open_domains())
    keys, domains = [k for k, _ in pairs], [d for _, d in pairs]
    count = 0
    for values in itertools.product(*domains):
        assumptions = [(Function("fact", [k, v]), True) for k, v in zip(keys, values)]
        if ctl.solve(assumptions=assumptions).satisfiable:
            count += 1
    return count


# --------------------------------------------------------------------- renaming, reordering

def rename(data: dict[str, Any], persons: dict[str, str], states: dict[str, str]) -> dict[str, Any]:
    """The same scenario with person and state ids renamed everywhere."""
    def st(v: Any) -> Any:
        return states.get(v, v) if isinstance(v, str) else v

    def fact_path(path: str) -> str:
        parts = path.split(".")
        if parts[0] == "persons":
            parts[1] = persons[parts[1]]
            if len(parts) == 4 and parts[2] == "risk_on_return":
                parts[3] = states[parts[3]]
        elif parts[0] == "states":
            parts[1] = states[parts[1]]
        return ".".join(parts)

    out = json.loads(json.dumps(data))
    out["conflict"]["parties"] = [states[s] for s in out["conflict"]["parties"]]
    out["states"] = {states[s]: v for s, v in out["states"].items()}
    for p in out["persons"]:
        p["id"] = persons[p["id"]]
        for f in ("origin", "armed_forces", "incorporated_into", "fought_for", "captured_by", "wish",
                  "under_command_of"):
            p[f] = st(p[f])
        p["risk_on_return"] = {states[s]: v for s, v in p["risk_on_return"].items()}
    for e in out.get("events", []):
        e["set"] = {fact_path(k): (st(v) if k.endswith(".wish") else v) for k, v in e["set"].items()}
    return out


def rename_result(result: dict[str, Any], persons: dict[str, str], states: dict[str, str]) -> dict[str, Any]:
    """A result's ids renamed the same way (outcome arguments, open paths, person keys)."""
    def key(k: str) -> str:
        if ":" not in k:
            return k
        verb, arg = k.split(":", 1)
        return f"{verb}:{states.get(arg, arg)}"

    def path(p: str) -> str:
        parts = p.split(".")
        if parts[0] == "persons":
            parts[1] = persons[parts[1]]
            if len(parts) == 4 and parts[2] == "risk_on_return":
                parts[3] = states[parts[3]]
        elif parts[0] == "states":
            parts[1] = states[parts[1]]
        return ".".join(parts)

    return {
        "worlds": result["worlds"],
        "open": sorted(path(p) for p in result["open"]),
        "persons": {persons[pid]: {"status": dict(r["status"]),
                                   "outcomes": {key(k): v for k, v in r["outcomes"].items()}}
                    for pid, r in result["persons"].items()},
    }


def comparable(result: dict[str, Any]) -> dict[str, Any]:
    return {"worlds": result["worlds"], "open": sorted(result["open"]), "persons": result["persons"]}


def permutations_of(seq: list, seed: int) -> list:
    """A deterministic reordering (hypothesis draws the seed)."""
    import random

    out = list(seq)
    random.Random(seed).shuffle(out)
    return out
