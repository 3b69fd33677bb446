"""Every derived predicate, status, outcome verb, input fact and position has a phrase
(rules/phrases.yaml), and the phrases render in the law's words."""

from __future__ import annotations

from typing import Any, get_args

import pytest
from clingo import ast, parse_term

from status_engine.rulebook import book as rulebook
from status_engine.scenario import model as scenario
from status_engine.rulebook.phrases import Names, names_for


@pytest.fixture(scope="module")
def book():
    return rulebook.load()


def _heads(book) -> list[Any]:
    """Every head atom's symbol (a clingo AST term) of the rule files."""
    out: list[Any] = []

    def visit(stm: Any) -> None:
        if stm.ast_type != ast.ASTType.Rule:
            return
        h = stm.head
        if h.ast_type == ast.ASTType.Literal:
            atoms = [h.atom]
        elif h.ast_type == ast.ASTType.Disjunction:
            atoms = [e.literal.atom for e in h.elements]
        elif h.ast_type == ast.ASTType.HeadAggregate:
            atoms = [e.condition.literal.atom for e in h.elements]
        elif h.ast_type == ast.ASTType.Aggregate:
            atoms = [e.literal.atom for e in h.elements]
        else:
            atoms = []
        out.extend(a.symbol for a in atoms if a.ast_type == ast.ASTType.SymbolicAtom)

    ast.parse_files([str(f) for f in book.files], visit)
    return out


def _signature(sym: Any) -> str:
    if sym.ast_type == ast.ASTType.Function:
        return f"{sym.name}/{len(sym.arguments)}"
    return f"{sym.symbol.name}/0"


def _second(sym: Any, predicate: str) -> list[Any]:
    return [s.arguments[1] for s in sym if s.ast_type == ast.ASTType.Function
            and s.name == predicate and len(s.arguments) == 2]


def test_every_head_predicate_has_a_phrase(book):
    heads = {_signature(s) for s in _heads(book)}
    assert len(heads) > 50
    missing = sorted(heads - set(book.phrases.predicates))
    assert not missing, f"rules/phrases.yaml: predicates without a phrase: {missing}"
    stale = sorted(set(book.phrases.predicates) - heads)
    assert not stale, f"rules/phrases.yaml: phrases for predicates no rule derives: {stale}"


def test_every_status_and_outcome_verb_has_a_label(book):
    heads = _heads(book)
    statuses = {str(a) for a in _second(heads, "status") if a.ast_type == ast.ASTType.SymbolicTerm}
    verbs = {a.name for p in ("outcome", "obligatory", "forbidden") for a in _second(heads, p)
             if a.ast_type == ast.ASTType.Function}
    assert {"pow", "presumed_pow"} <= statuses and {"repatriate", "transfer"} <= verbs
    assert not sorted(statuses - set(book.phrases.statuses)), "statuses without a label"
    assert not sorted(verbs - set(book.phrases.outcomes)), "outcome verbs without a label"
    # Every fixed argument an outcome verb takes in the rules has its own label.
    for p in ("outcome", "obligatory", "forbidden"):
        for a in _second(heads, p):
            if a.ast_type == ast.ASTType.Function and a.arguments and \
                    a.arguments[0].ast_type == ast.ASTType.SymbolicTerm:
                spec = book.phrases.outcomes[a.name]
                assert isinstance(spec, dict) and str(a.arguments[0]) in spec, f"{a}: no label"


def _fact_paths() -> list[str]:
    """Every input fact path of the scenario format, ids left out (the phrases' keys)."""
    paths = [f"conflict.{f}" for f in scenario.Conflict.model_fields]
    for f in scenario.State.model_fields:
        if f in scenario.NOT_FACTS:
            continue
        paths += ["states.treaties"] if f == "treaties" else [f"states.{f}"]
    for f in scenario.Person.model_fields:
        if f in scenario.NOT_FACTS:
            continue
        if f in scenario.FACT_GROUPS:
            paths += [f"persons.{f}.{g}" for g in scenario.FACT_GROUPS[f].model_fields]
        else:
            paths.append(f"persons.{f}")
    return paths + ["persons.covered_by", "agreements"]


def test_every_input_fact_has_a_phrase(book):
    paths = _fact_paths()
    assert "persons.conditions_4a2.arms_openly" in paths and "persons.risk_on_return" in paths
    missing = sorted(set(paths) - set(book.phrases.facts))
    assert not missing, f"rules/phrases.yaml: input facts without a phrase: {missing}"
    for path in paths:  # a yes/no fact reads both ways
        spec = book.phrases.facts[path]
        if isinstance(spec, dict) and ("true" in spec or "false" in spec):
            assert {"true", "false"} <= set(spec), f"{path}: a phrase for true and for false"


def test_every_input_fact_can_be_asked_as_a_question(book):
    """An open fact is listed by the eval table as the question it leaves (issue 11.5); the
    parties of the conflict are a list, never open, so they are not asked."""
    paths = [p for p in _fact_paths() if p != "conflict.parties"]
    missing = sorted(set(paths) - set(book.phrases.questions))
    assert not missing, f"rules/phrases.yaml: input facts without a question: {missing}"
    assert book.phrases.question("persons.ri.conditions_4a2.arms_openly") == "whether ri's unit carries arms openly"


def test_every_position_and_verdict_word_has_a_phrase(book):
    for q, spec in book.questions.items():
        for pos in spec.get("positions", {}):
            assert book.phrases.positions.get(q, {}).get(pos), f"positions.{q}.{pos}: no label"
            assert str(spec["positions"][pos].get("summary", "")).strip(), f"positions.{q}.{pos}: no summary"
    words = {"world"} | set(get_args(scenario.StatusModality)) | set(get_args(scenario.Verdict))
    assert words <= set(book.phrases.glossary)
    assert all(len(book.phrases.glossary[w]) > 20 for w in words)


def test_phrases_render_in_the_laws_words(book):
    ph = book.phrases
    names = Names({"ri": "Ri"}, {"dprk": "the DPRK", "ru": "the Russian Federation", "rok": "the ROK"})
    assert ph.outcome("repatriate:dprk", names) == "return to the DPRK"
    assert ph.outcome("transfer:rok", names) == "hand over to the ROK"
    assert ph.status("presumed_pow").startswith("presumed prisoner of war")
    assert ph.fact("persons.ri.wish", "rok", names) == "Ri wishes to go to the ROK"
    assert "substantial risk" in ph.fact("persons.ri.risk_on_return.ru", "substantial", names)
    assert ph.fact("persons.ri.seriously_wounded", False, names) == "Ri is not seriously wounded or sick"
    sentence = ph.atom(parse_term("pow_ground(ri,gc3_4a1)"), names)
    assert sentence.startswith("Ri is a prisoner of war under GC III art. 4A(1)")
    assert ph.atom(parse_term("forbidden(ri,repatriate(dprk))"), names) == "return to the DPRK is forbidden for Ri"
    assert ph.atom(parse_term("iac"), names) == "the armed conflict is international"


def test_state_names_come_from_the_scenario_then_the_registry_then_the_id(book):
    ph = book.phrases
    assert ph.state_name("dprk", registry=book.registry) == "the Democratic People's Republic of Korea"
    assert ph.state_name("ua", registry=book.registry) == "Ukraine"
    assert ph.state_name("atlantis", registry=book.registry) == "atlantis"
    scn = scenario.Scenario.model_validate({
        "format": "status-engine/v1", "id": "x", "states": {"dprk": {"name": "North Korea"}, "rok": {}},
        "persons": [{"id": "ri", "label": "Ri, 26, sniper-scout"}]})
    names = names_for(scn, book.registry, ph)
    assert names.persons == {"ri": "Ri"}
    assert names.states == {"dprk": "North Korea", "rok": "the Republic of Korea"}


def test_a_rule_base_without_phrases_falls_back_to_ids(tmp_path):
    from status_engine.rulebook.phrases import read

    ph = read(tmp_path)
    assert ph.outcome("repatriate:dprk") == "repatriate:dprk"
    assert ph.atom(parse_term("doubt(ri)")) == "doubt(ri)"
