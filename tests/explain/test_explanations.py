"""Explanations of every conclusion: derivations, what decides them, why-not, contrast, schema.

What "an explanation names an article and a fact" means here, per case (region of worlds)
of every conclusion of every bundled scenario:

* a case where the conclusion is derived (status holds, outcome required or forbidden):
  its derivation's root is a legal rule with an article, and the derivation tree uses at
  least one scenario fact;
* a case where it is not derived (status does not hold, outcome never considered): at
  least one rule that could derive it is named with its article and failed condition, and
  the why-not reaches at least one scenario fact;
* a ``permitted`` case (allowed because nothing forbids or requires it): the scope step
  (why the outcome is considered) is a legal rule with an article and facts, and the
  why-not names exactly the rules of the rule base that could forbid or require this
  outcome, each with its failed condition; when there is none, the why-not is empty and
  the renderers say "no rule of the rule base forbids or requires it".
"""

from __future__ import annotations

import json

import pytest
from clingo import Function

from conftest import base_scenario
from explain_support import BUNDLED, explained, validate

from status_engine import api
from status_engine.analysis import brief, explain
from status_engine.scenario.load import load_text
from status_engine.analysis.explain.evaluate import unify as _unify
from status_engine.analysis.explain.questions import outcome_term as _outcome_term
from status_engine.render import words

DERIVED = {"holds", "required", "forbidden"}


def _legal(node) -> bool:
    return bool(node.rule_id and node.article and node.citation)


def _rules_that_could(ex: explain.Explainer, name: str, person: str, key: str) -> set[str]:
    atom = Function(name, [Function(person), _outcome_term(key)])
    return {m.rule_id or m.file for m in ex.inst.by_head.get((name, 2), []) if _unify(m.head, atom, {}) is not None}


@pytest.mark.parametrize("name", BUNDLED)
def test_every_conclusion_names_an_article_and_a_fact(name):
    """Issue 4.5: each case of each status and verdict cites an article and a scenario fact."""
    ev, ex, exps = explained(name)
    assert exps, "a bundled scenario has conclusions"
    for exp in exps:
        where = f"{name} {exp.person} {exp.key}"
        assert any(cs for cs in exp.cases.values()), f"{where}: no case at all"
        assert not exp.truncated, f"{where}: what decides it is not listed completely"
        for value, cases in exp.cases.items():
            for case in cases:
                label = f"{where} [{value} if {case.condition}]"
                if value in DERIVED:
                    assert case.derivation is not None and _legal(case.derivation), label
                    assert case.derivation.all_facts(), f"{label}: derivation uses no fact"
                elif value == "permitted":
                    assert case.scope is not None and _legal(case.scope), label
                    assert case.scope.all_facts(), f"{label}: scope uses no fact"
                    could = (_rules_that_could(ex, "forbidden", exp.person, exp.key)
                             | _rules_that_could(ex, "obligatory", exp.person, exp.key))
                    named = {f.rule_id or f.rule_location.split(":")[0] for f in case.why_not}
                    assert named == could, f"{label}: why-not names {named}, could forbid/require: {could}"
                    assert all(f.failed for f in case.why_not)
                else:  # does not hold / absent
                    assert any(_legal(f) and f.failed for f in case.why_not), f"{label}: no rule named"
                    assert words.facts_of_case(case), f"{label}: why-not reaches no fact"


@pytest.mark.parametrize("name", BUNDLED)
def test_explanation_json_of_every_scenario_validates(name):
    """Issue 4.3: the documented, versioned JSON schema covers every explanation we produce."""
    ev, _, exps = explained(name)
    doc = brief.explain_document(ev, exps)
    assert doc["schema"] == explain.SCHEMA_VERSION
    assert validate(doc) == []


def test_node_ids_are_unique_and_name_their_place():
    """Stable ids: person/key/value/case/d|s|w... so a briefing can point at one step."""
    _, _, exps = explained("kursk-2025-02.yaml")
    ids = []
    for exp in exps:
        for _, cases in exp.cases.items():
            for case in cases:
                ids += [n.id for _, n in words.nodes(case)]
    assert len(ids) == len(set(ids))
    assert all(i.startswith(("ri/", "baek/")) for i in ids)
    assert "ri/pow/holds/0/d" in ids


def test_steps_split_their_citation_from_the_source_registry():
    """Issue 4.3: each node carries instrument / article / paragraph from rules/sources.yaml."""
    ev, _, exps = explained("kursk-2025-02.yaml")
    sources = ev.prepared.rules.sources
    seen = 0
    for exp in exps:
        for step in words.walk_steps(exp):
            if step.rule_id:
                src = sources[step.rule_id]
                assert (step.instrument, step.article, step.paragraph) == (
                    src.instrument, src.article, src.paragraph or None)
                assert step.verified is src.verified
                seen += 1
    assert seen > 50


def test_kursk_02_ri_pow_is_only_possible_and_the_party_question_decides_it():
    """Real case, Feb 2025: POW if party_status=factual, or if incorporated into the Russian forces."""
    _, ex, _ = explained("kursk-2025-02.yaml")
    exp = ex.explain("ri", "pow")
    assert exp.value == "possible"
    holds = [c.condition for c in exp.cases["holds"]]
    assert [("positions.party_status", ["factual"])] in holds
    assert [("persons.ri.incorporated_into", ["ru"])] in holds
    for case in exp.cases["does not hold"]:
        assert ("positions.party_status", ["acknowledgment"]) in case.condition
        assert not case.derivation and case.why_not
    text = words.decides(exp)
    assert "party_status=factual" in text and "incorporated_into=ru" in text and "does not hold if" in text


def test_kursk_02_why_not_pow_reaches_the_dprk_denial_in_the_file():
    """The why-not goes down to the fact that decides: the DPRK had not acknowledged (file line)."""
    _, ex, _ = explained("kursk-2025-02.yaml")
    exp = ex.explain("ri", "pow")
    case = exp.cases["does not hold"][0]
    failures = [n for k, n in words.nodes(case) if k == "failure"]
    assert any(f.rule_id == "gc3_4a1" and f.failed == "party(dprk)" for f in failures)
    denial = [f for f in words.facts_of_case(case) if f.path == "states.dprk.acknowledges_participation"]
    assert denial and denial[0].value == "false" and denial[0].line and denial[0].evidence


def test_why_not_civilian_names_the_rule_and_the_fact_that_blocks_it():
    """Why-not for a status that holds in no world: the civilian rule fails because he fought."""
    _, ex, _ = explained("kursk-2025-02.yaml")
    exp = ex.explain("ri", "civilian")
    assert exp.value == "absent" and exp.cases["holds"] == []
    [case] = exp.cases["does not hold"]
    assert case.condition == []
    could = {m.rule_id for m in ex.inst.by_head[("status", 2)]
             if _unify(m.head, Function("status", [Function("ri"), Function("civilian")]), {}) is not None}
    assert {f.rule_id for f in case.why_not} == could
    blocked = [f for f in case.why_not if f.failed.startswith("not ") and f.blocker is not None]
    assert blocked, "a negated condition fails: the atom that holds is derived"
    fought = [f for f in words.facts_of_case(case) if f.path == "persons.ri.fought_for"]
    assert fought and fought[0].value == "ru" and fought[0].file.endswith("kursk-2025-02.yaml") and fought[0].line


def test_contrast_pow_rather_than_presumed_pow():
    """--versus: where POW holds, presumed POW fails (no doubt under art. 5(2)); and the converse."""
    _, ex, _ = explained("kursk-2025-02.yaml")
    c = ex.contrast("ri", "pow", "presumed_pow")
    assert c.rather and c.instead
    for case in c.rather:
        assert case.first.value == "holds" and case.first.derivation is not None
        assert case.second.value == "does not hold" and case.second.why_not
    assert [("positions.party_status", ["factual"])] in [case.condition for case in c.rather]
    for case in c.instead:
        assert ("positions.party_status", ["acknowledgment"]) in case.condition
        assert case.first.value == "does not hold" and case.second.value == "holds"
    assert validate(brief.explain_document(explained("kursk-2025-02.yaml")[0], [], c)) == []


def test_contrast_of_outcomes_compares_allowed_with_forbidden():
    """Why may Baek be transferred to the ROK rather than repatriated to the DPRK: only if he asks."""
    _, ex, _ = explained("kursk-2025-02.yaml")
    c = ex.contrast("baek", "transfer:rok", "repatriate:dprk")
    assert c.rather
    for case in c.rather:
        paths = dict(case.condition)
        assert paths.get("persons.baek.wish") == ["rok"]
        assert case.first.value in ("permitted", "required") and case.second.value == "forbidden"
        assert case.second.derivation is not None and _legal(case.second.derivation)


def test_a_conclusion_that_never_varies_has_one_case_in_every_world():
    """A necessary status or firm verdict is explained once, with no condition."""
    _, ex, _ = explained("kursk-2025-02.yaml")
    exp = ex.explain("ri", "rok_national")
    assert exp.value == "necessary"
    assert [c.condition for c in exp.cases["holds"]] == [[]]
    assert exp.cases["does not hold"] == []
    assert not words.is_open(exp)


def test_mirrored_person_is_explained_through_the_person_he_mirrors():
    """Beyond three identical persons the others are not grounded: explain through the first."""
    data = base_scenario()
    data["persons"] = [dict(data["persons"][0], id=f"p{i}") for i in range(5)]
    prep = api.prepare_located(load_text(json.dumps(data), "mirrored.json"))
    assert prep.facts.mirror_of, "the fixture must mirror someone"
    pid, rep = next(iter(prep.facts.mirror_of.items()))
    exp = explain.Explainer(api.evaluate_prepared(prep)).explain(pid, "pow")
    assert exp.person == pid and exp.mirror_of == rep
    assert exp.to_dict()["mirror_of"] == rep
    assert exp.cases["holds"] and exp.cases["holds"][0].derivation is not None
