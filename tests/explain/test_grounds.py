"""Every ground of a firm verdict, short decisive conditions, and a tree in the law's words.

The checks on the solver's side are independent of the explainer's search: a fresh
grounded program is asked, with the conditions the explanation states encoded as rules,
whether a world escapes them.
"""

from __future__ import annotations

import io
import re
from typing import Any

import clingo
from clingo import Function
from explain_support import explained

from status_engine.analysis.explain import explain_control, instrumented
from status_engine.analysis.explain.minimise import Condition
from status_engine.rulebook.phrases import names_for
from status_engine.render.words import Speaker

KURSK = "kursk-2025-02.yaml"


def _explanation(person: str, key: str) -> Any:
    _, _, exps = explained(KURSK)
    return next(e for e in exps if e.person == person and e.key == key)


def _encode(ev: Any, ctl: clingo.Control, cond: Condition, name: str) -> int:
    """A program literal true exactly in the worlds meeting ``cond`` (open facts by their path)."""
    keys = {}
    for k, dom in ev.prepared.facts.open_domains():
        keys[ev.prepared.facts.info(k).path] = (k, {str(v): v for v in dom})
    with ctl.backend() as b:
        head = b.add_atom(Function(name))
        for cube in cond.cubes():
            body = []
            for path, values in cube.items():
                key, dom = keys[path]
                lit = b.add_atom()
                for v in values:
                    atom = ctl.symbolic_atoms[Function("fact", [key, dom[v]])]
                    if atom is not None:
                        b.add_rule([lit], [atom.literal])
                body.append(lit)
            b.add_rule([head], body)
    return ctl.symbolic_atoms[Function(name)].literal


def _some_world(ctl: clingo.Control, assumptions: list) -> bool:
    return bool(ctl.solve(assumptions=assumptions).satisfiable)


def test_prosecution_of_ri_lists_the_ap_i_and_the_gc_iii_grounds():
    """Ri may not be tried for having fought on every reading, but on two different grounds.

    AP I art. 43(2) (api_protocol1.lp: a POW where AP I binds) applies where he is a POW:
    the DPRK (or Russia, into whose forces he may be incorporated) is a party; GC III art.
    5(2) (gc3_status.lp) applies where his status is in doubt (a presumed POW).  Both must
    be listed, so that the verdict does not read as if it hung on the contested reading.
    """
    exp = _explanation("ri", "prosecute:participation")
    assert exp.value == "forbidden" and exp.grounds_of == "forbidden"
    rules = {g.rule_id for g in exp.grounds}
    assert rules == {"api_43_2", "gc3_5_2"}
    assert {g.citation for g in exp.grounds} == {"AP I art. 43(2)", "GC III art. 5(2)"}
    for g in exp.grounds:  # each shown at work in a world where it applies
        assert g.derivation is not None and g.derivation.rule_id == g.rule_id
        assert not g.condition.always  # neither applies on every reading by itself


def test_the_grounds_conditions_cover_every_world_and_say_where_each_rule_fires():
    """Solved independently: no world forbids the prosecution outside the grounds' conditions,
    and in every world meeting a ground's condition that very rule derives the prohibition."""
    ev, _, _ = explained(KURSK)
    exp = _explanation("ri", "prosecute:participation")
    ctl = explain_control(ev.prepared)
    forbidden = Function("forbidden", [Function("ri"), Function("prosecute", [Function("participation")])])
    covered = [_encode(ev, ctl, g.condition, f"_covered{i}") for i, g in enumerate(exp.grounds)]
    metas = instrumented(ev.prepared.rules).metas
    fired = [(metas[a.symbol.arguments[0].number].rule_id, a.literal)  # rule id of each _why twin
             for a in ctl.symbolic_atoms.by_signature("_why", 4) if a.symbol.arguments[1] == forbidden]
    assert _some_world(ctl, [(forbidden, True)])
    assert not _some_world(ctl, [(forbidden, True)] + [-lit for lit in covered]), "a world escapes every ground"
    for g, lit in zip(exp.grounds, covered):
        mine = [why for rule_id, why in fired if rule_id == g.rule_id]
        with ctl.backend() as b:
            fires = b.add_atom()
            for m in mine:
                b.add_rule([fires], [m])
        assert _some_world(ctl, [lit])
        assert not _some_world(ctl, [lit, -fires]), f"{g.rule_id}'s condition holds where it does not fire"


def test_humane_treatment_names_both_readings_of_his_protection():
    """GC III art. 13(1) is the only rule, but its premise (protected as a POW) holds by art.
    5(1) where he is a POW and by art. 5(2) where he is presumed one: both are named."""
    exp = _explanation("ri", "humane_treatment:ua")
    [g] = exp.grounds
    assert g.rule_id == "gc3_13_1"
    assert {p.rule_id for p in g.premise_grounds} == {"gc3_5_1", "gc3_5_2"}


def test_baeks_tribunal_condition_names_incorporation_once_as_not_russias_forces():
    """Art. 5(2) requires the tribunal only while his status is in doubt (gc3_status.lp).

    Incorporated into Russia's forces (a party), AP I arts 43(1)/44(1) make him a POW
    (no doubt); into the DPRK's, the ROK's or none, he is a POW only where the DPRK is a
    party (the factual reading) or where his unit meets every 4A(2) condition;
    incorporation into Ukraine's forces, his captor's, is impossible (consistency.lp).  So
    the condition says incorporation once: "not incorporated into Russia's forces".
    """
    ev, _, _ = explained(KURSK)
    exp = _explanation("baek", "tribunal:art5")
    req = exp.decisive["required"]
    inc = [x for part in [req.common, *req.alternatives] for x in part if x.path.endswith("incorporated_into")]
    assert len(inc) == 1 and inc[0].negative() and inc[0].excluded == ["ru"]
    book = ev.prepared.rules
    sp = Speaker(book.phrases, names_for(ev.prepared.scenario, book.registry, book.phrases))
    said = sp.decides(exp)
    assert said.count("incorporated") == 1
    assert "Baek is not incorporated into the forces of the Russian Federation" in said
    assert said.startswith("required if") and said.endswith("; otherwise permitted")
    # and the condition is exact: solved independently, required exactly where it holds
    ctl = explain_control(ev.prepared)
    lit = _encode(ev, ctl, req, "_req")
    term = Function("tribunal", [Function("art5")])
    required = Function("_verdict", [Function("baek"), term, Function("required")])
    assert not _some_world(ctl, [lit, (required, False)])
    assert not _some_world(ctl, [-lit, (required, True)])


def test_no_solver_internals_in_the_tree_of_any_conclusion():
    """The non-debug tree speaks the law's words: no atom, no rule file, no line number."""
    from rich.console import Console

    from status_engine.render.tree import explanation_tree

    ev, _, exps = explained(KURSK)
    book = ev.prepared.rules
    sp = Speaker(book.phrases, names_for(ev.prepared.scenario, book.registry, book.phrases))
    internals = re.compile(r"\w+\(\w+,|rules/|\.lp:")
    for exp in exps:
        console = Console(file=io.StringIO(), width=200, record=True)
        console.print(explanation_tree(exp, sp))
        text = console.export_text()
        found = internals.findall(text)
        assert not found, f"{exp.person} {exp.key}: {found[:3]}"
        assert "fails at" not in text and "(view " not in text and "✗ view" not in text
    debug = Console(file=io.StringIO(), width=200, record=True)
    debug.print(explanation_tree(_explanation("ri", "pow"), sp, debug=True))
    assert internals.search(debug.export_text())  # the debug view keeps them
