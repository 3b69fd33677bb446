"""The questions asked of one scenario: one instrumented Control per evaluated scenario, reused for every question.

For a status or verdict of one person it covers the worlds where each value holds by
minimal conditions (``decisive``) and, in one world of each region, shows the derivation
(``derive``) or why no rule derives it (``why_not``); ``contrast`` asks why one conclusion
rather than another.
"""

from __future__ import annotations

from typing import Any, Optional

import clingo
import clingo.ast as ast
from clingo import Function, Symbol

from .decisive import Cover, Region
from .derive import Derivations
from .evaluate import Plain
from .grounds import Grounds, decisive, domains_of
from .instrument import explain_control, instrumented
from .phrasing import Speech
from .model import (Case, Contrast, ContrastCase, Explanation, Reason, fresh_case, fresh_ground, number,
                    number_contrast)
from .why_not import WhyNot
from .world import World


def outcome_term(key: str) -> Symbol:
    """``transfer:rok`` -> ``transfer(rok)`` (the inverse of ``verdicts.outcome_key``)."""
    verb, _, arg = key.partition(":")
    return Function(verb, [Function(a) if not a.isdigit() else clingo.Number(int(a)) for a in arg.split(",")])


class Explainer:
    """Explains conclusions of one evaluated scenario; one Control, reused."""

    def __init__(self, ev: Any, ctl: Optional[clingo.Control] = None):
        """``ctl``: the scenario's instrumented Control (``explain_control``) if already
        grounded, e.g. while the evaluation ran (``grounded_meanwhile``); fresh, nothing solved."""
        self.ev = ev
        self.prep = ev.prepared
        self.rules = self.prep.rules
        self.inst = instrumented(self.rules)
        self.ctl = ctl if ctl is not None else explain_control(self.prep)
        self.keys = list(self.prep.facts.open_domains())
        self.open_keys = {k for k, _ in self.keys}
        self._contrasts = 0
        self.cover = Cover(self.ctl, self.prep)
        self.derivations = Derivations(self.prep, self.inst, self.open_keys)
        self.why = WhyNot(self.derivations, Plain())
        self.derivations.why_not = self.why.failures  # a derivation says why its negated conditions fail
        self.derivations.speech = Speech.of(self.prep)  # atoms and failed conditions in words
        self.domains = domains_of(self.prep)
        self.grounds = Grounds(self.ctl, self.cover, self.inst, self.derivations, self.domains)

    # -- public
    def explain(self, person: str, key: str) -> Explanation:
        res = self.ev.result["persons"].get(person)
        if res is None:
            raise KeyError(f"no person {person!r}")
        rep = self.prep.facts.mirror_of.get(person)
        if rep is not None:  # not grounded: he mirrors an identical person
            exp = self.explain(rep, key)
            exp.person, exp.mirror_of = person, rep
            return exp
        pid = Function(person)
        if ":" in key:
            term = outcome_term(key)
            value = res["outcomes"].get(key, "absent")
            exp = Explanation(self.ev.result["scenario"], person, key, "outcome", value)
            forbidden, obligatory = Function("forbidden", [pid, term]), Function("obligatory", [pid, term])
            for v in ("forbidden", "required", "permitted"):
                self.cover.truncated = False
                target = Function("_verdict", [pid, term, Function(v)])
                if v == "permitted":  # nothing forbids it and nothing obliges it
                    cases = self._cases(target, True, forbidden, derive=False, also=(obligatory,),
                                        scope=Function("outcome", [pid, term]))
                else:
                    cases = self._cases(target, True, forbidden if v == "forbidden" else obligatory, derive=True)
                if cases:
                    exp.cases[v] = cases
                    if self.cover.truncated:
                        exp.truncated.append(v)
            if not exp.cases:  # never considered for him: why no rule puts it on the table
                exp.cases["absent"] = self._cases(Function("outcome", [pid, term]), False,
                                                  Function("outcome", [pid, term]), derive=False)
            if value in ("required", "forbidden"):
                conclusion = obligatory if value == "required" else forbidden
                self._ground(exp, value, conclusion, Function("_verdict", [pid, term, Function(value)]))
            return self._finish(exp)
        value = res["status"].get(key, "absent")
        exp = Explanation(self.ev.result["scenario"], person, key, "status", value)
        target = Function("status", [pid, Function(key)])
        for v, want, derive in (("holds", True, True), ("does not hold", False, False)):
            self.cover.truncated = False
            exp.cases[v] = self._cases(target, want, target, derive=derive)
            if self.cover.truncated:
                exp.truncated.append(v)
        if value == "necessary":
            self._ground(exp, "holds", target, target)
        return self._finish(exp)

    def _ground(self, exp: Explanation, value: str, conclusion: Symbol, where: Symbol) -> None:
        """Every ground of a firm verdict (see ``grounds``)."""
        if self.ctl.symbolic_atoms[where] is not None:
            exp.grounds = self.grounds.find(conclusion, where)
            exp.grounds_of = value if exp.grounds else None

    def _finish(self, exp: Explanation) -> Explanation:
        """The short conditions of every value, and the node ids."""
        exp.decisive = decisive(self.domains, exp.cases, exp.truncated)
        for cases in exp.cases.values():
            for case in cases:
                fresh_case(case)
        exp.grounds = [fresh_ground(g) for g in exp.grounds]
        number(exp)
        return exp

    def conclusions(self, person: str) -> tuple[list[str], list[str]]:
        """Status names and outcome keys the rules could derive for a person (for checking a key)."""
        from ...solver.verdicts import outcome_key

        pid = Function(self.prep.facts.mirror_of.get(person, person))
        statuses = {str(m.head.arguments[1]) for m in self.inst.by_head.get(("status", 2), [])
                    if m.head.arguments[1].ast_type == ast.ASTType.SymbolicTerm}
        outcomes = set()
        for a in self.ctl.symbolic_atoms.by_signature("status", 2):
            if a.symbol.arguments[0] == pid:
                statuses.add(str(a.symbol.arguments[1]))
        for a in self.ctl.symbolic_atoms.by_signature("outcome", 2):
            if a.symbol.arguments[0] == pid:
                outcomes.add(outcome_key(a.symbol.arguments[1]))
        return sorted(statuses), sorted(outcomes)

    def could_derive(self, person: str, key: str) -> bool:
        """Whether some rule could conclude ``key`` (a status name, or an outcome verb:args)."""
        statuses, outcomes = self.conclusions(person)
        if key in statuses or key in outcomes:
            return True
        if ":" not in key:
            return False
        verb = key.partition(":")[0]
        heads = self.inst.by_head.get(("outcome", 2), [])
        return any(m.head.arguments[1].ast_type == ast.ASTType.Function and m.head.arguments[1].name == verb
                   for m in heads)

    def contrast(self, person: str, key: str, versus: str) -> Contrast:
        """Why ``key`` rather than ``versus``: where one holds and the other does not.

        A status *holds* in a world where it is derived; an outcome *holds* where it is
        allowed (considered and not forbidden).  ``rather`` covers the worlds where ``key``
        holds and ``versus`` does not, ``instead`` the converse; each region comes with the
        reason of both conclusions in one of its worlds (a derivation, or the rules that
        fail and where).
        """
        rep = self.prep.facts.mirror_of.get(person, person)
        first, second = self.explain(person, key), self.explain(person, versus)
        a, b = self._holds_literal(rep, key), self._holds_literal(rep, versus)
        out = Contrast(self.ev.result["scenario"], person, key, versus, first, second)
        for name, (x, y) in (("rather", (a, b)), ("instead", (b, a))):
            self._contrasts += 1
            target = Function("_contrast", [clingo.Number(self._contrasts)])
            with self.ctl.backend() as backend:
                lit = backend.add_atom(target)
                backend.add_rule([lit], [x, -y])

            def make(world: World, minimal: Region) -> ContrastCase:
                return ContrastCase(self.cover.condition(minimal), self._reason(rep, key, world),
                                    self._reason(rep, versus, world))

            setattr(out, name, self.cover.merge(self.cover.cover(target, True, make)))
        for case in out.rather + out.instead:
            fresh_case(case)
        number_contrast(out)
        return out

    # -- regions of worlds
    def _cases(self, target: Symbol, want: bool, detail: Symbol, derive: bool,
               also: tuple[Symbol, ...] = (), scope: Optional[Symbol] = None) -> list[Case]:
        """Cover the worlds where ``target`` is ``want`` by minimal conditions on open facts.

        In one world of each region, ``detail`` is derived (``derive``) or the rules that
        could derive it (and ``also``) are shown failing (why-not); ``scope`` is derived too.
        """
        if self.ctl.symbolic_atoms[target] is None:  # derivable in no world
            if want:
                return []
            world = self.cover.world([])
            return [Case([], None, [f for d in (detail, *also) for f in self.why.failures(d, world)])]

        def make(world: World, minimal: Region) -> Case:
            case = Case(self.cover.condition(minimal))
            if derive:
                case.derivation = self.derivations.derive(detail, world)
            else:
                case.why_not = [f for d in (detail, *also) for f in self.why.failures(d, world)]
            if scope is not None:
                case.scope = self.derivations.derive(scope, world)
            return case

        return self.cover.merge(self.cover.cover(target, want, make))

    def _holds_literal(self, person: str, key: str) -> int:
        """A program literal true in the worlds where the conclusion holds (see ``contrast``)."""
        pid = Function(person)
        with self.ctl.backend() as backend:
            if ":" not in key:
                atom = self.ctl.symbolic_atoms[Function("status", [pid, Function(key)])]
                return atom.literal if atom is not None else backend.add_atom()  # no rule: false
            term = outcome_term(key)
            lit = backend.add_atom()
            for v in ("required", "permitted"):
                atom = self.ctl.symbolic_atoms[Function("_verdict", [pid, term, Function(v)])]
                if atom is not None:
                    backend.add_rule([lit], [atom.literal])
            return lit

    def _reason(self, person: str, key: str, world: World) -> Reason:
        """What a conclusion is in one world and why."""
        pid = Function(person)
        atoms = world.true()
        if ":" not in key:
            atom = Function("status", [pid, Function(key)])
            if atom in atoms:
                return Reason(key, "holds", self.derivations.derive(atom, world))
            return Reason(key, "does not hold", None, self.why.failures(atom, world))
        term = outcome_term(key)
        outcome, forbidden = Function("outcome", [pid, term]), Function("forbidden", [pid, term])
        obligatory = Function("obligatory", [pid, term])
        if outcome not in atoms:
            return Reason(key, "absent", None, self.why.failures(outcome, world))
        if forbidden in atoms:
            return Reason(key, "forbidden", self.derivations.derive(forbidden, world))
        if obligatory in atoms:
            return Reason(key, "required", self.derivations.derive(obligatory, world))
        return Reason(key, "permitted", None, self.why.failures(forbidden, world) + self.why.failures(obligatory, world),
                      self.derivations.derive(outcome, world))


def explainer(ev: Any) -> Explainer:
    return Explainer(ev)


def explain(ev: Any, person: str, key: str) -> Explanation:
    """Explain one status (``pow``) or outcome (``transfer:rok``) of one person."""
    return Explainer(ev).explain(person, key)


def explain_all(ev: Any, persons: Optional[list[str]] = None) -> list[Explanation]:
    """Explain every conclusion of the given persons (all by default)."""
    ex = Explainer(ev)
    out = []
    for pid in persons or list(ev.result["persons"]):
        res = ev.result["persons"][pid]
        for key in list(res["status"]) + list(res["outcomes"]):
            out.append(ex.explain(pid, key))
    return out
