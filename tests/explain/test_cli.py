"""`status-engine explain` and `status-engine brief` on the command line."""

from __future__ import annotations

import json

from conftest import SCENARIOS, cli
from explain_support import KURSK_02, validate

EDGE = SCENARIOS / "edge-incorporated.yaml"


def test_explain_ri_shows_why_pow_is_only_possible_and_what_decides_it():
    """Done criterion: the tree names the rule, the article, the facts and the deciding positions."""
    res = cli("explain", KURSK_02, "--person", "ri", "--conclusion", "pow")
    assert res.exit_code == 0, res.stderr
    out = " ".join(res.stdout.replace("│", " ").split())  # the sentences, across the tree's wrapped lines
    assert "Ri · prisoner of war [pow]: possible" in out  # the person and the status in words (phrases.yaml)
    assert "what decides it: holds if" in out
    assert "on party status: a state is a party to the conflict once its forces take part in it" in out
    assert "Ri fights incorporated into the forces of the Russian Federation" in out
    assert "gc3_4a1" in out and "GC III art. 4A" in out  # rule id and its citation
    assert "scenarios/kursk-2025-02.yaml:" in out  # facts with their file line
    assert "evidence:" in out
    # the why-not of the worlds where it does not hold, in the law's words (no solver atom)
    assert "does not apply: the Democratic People's Republic of Korea is not a party to the conflict" in out
    assert "fails at" not in out and "rules/" not in out
    debug = cli("explain", KURSK_02, "--person", "ri", "--conclusion", "pow", "--debug")
    assert debug.exit_code == 0, debug.stderr
    dout = " ".join(debug.stdout.replace("│", " ").split())
    assert "fails at" in dout and "rules/gc3_status.lp:" in dout  # --debug: the solver's view


def test_explain_every_conclusion_of_a_person_by_default():
    """Without --conclusion: every status and verdict of the person."""
    res = cli("explain", EDGE, "--format", "json")
    assert res.exit_code == 0, res.stderr
    doc = json.loads(res.stdout)
    result = json.loads(cli("eval", EDGE, "--format", "json").stdout)
    expected = {(p, k) for p, r in result["persons"].items() for k in list(r["status"]) + list(r["outcomes"])}
    assert {(e["person"], e["key"]) for e in doc["explanations"]} == expected
    assert validate(doc) == []


def test_explain_json_is_valid_and_identical_across_runs():
    """Versioned schema; stable ids and order: the same input gives the same bytes."""
    args = ("explain", KURSK_02, "-p", "baek", "-c", "transfer:rok", "-f", "json")
    a, b = cli(*args), cli(*args)
    assert a.exit_code == 0, a.stderr
    assert a.stdout == b.stdout
    doc = json.loads(a.stdout)
    assert validate(doc) == []
    [exp] = doc["explanations"]
    assert exp["value"] == "depends" and set(exp["cases"]) == {"forbidden", "permitted"}


def test_explain_why_not_civilian_in_markdown():
    """A conclusion that holds nowhere is explained by the rules that could derive it."""
    # The solver's view (--debug): atoms, paths and rule files, as before.
    res = cli("explain", KURSK_02, "-p", "ri", "-c", "civilian", "-f", "markdown", "--debug")
    assert res.exit_code == 0, res.stderr
    assert "## ri · `civilian`: **absent**" in res.stdout
    assert "**does not hold in every world**" in res.stdout
    assert "✗ " in res.stdout and "fails at `not took_part(ri)`" in res.stdout
    assert "persons.ri.fought_for = ru" in res.stdout
    # By default the Markdown speaks as the tree does: AP I art. 50(1) makes a civilian only of
    # someone outside the combatant and POW categories, and Ri took part in hostilities.
    said = cli("explain", KURSK_02, "-p", "ri", "-c", "civilian", "-f", "markdown")
    assert said.exit_code == 0, said.stderr
    assert "## Ri · civilian: **absent**" in said.stdout
    assert "**AP I art. 50(1)** [`api_50_1`] does not apply: Ri took part in hostilities" in said.stdout
    assert "fact Ri fought for the Russian Federation (" in said.stdout and "kursk-2025-02.yaml:71)" in said.stdout
    assert "took_part(ri)" not in said.stdout and "rules/" not in said.stdout and ".lp:" not in said.stdout


def test_explain_markdown_lists_every_ground_of_a_firm_verdict():
    """As the tree: prosecution for participation is forbidden on two grounds (GC III art. 5(2)
    while his status is in doubt, AP I art. 43(2) where he is a combatant), each with where it
    applies, instead of the regions of worlds."""
    res = cli("explain", KURSK_02, "-p", "ri", "-c", "prosecute:participation", "-f", "markdown")
    assert res.exit_code == 0, res.stderr
    out = " ".join(res.stdout.split())
    assert "**forbidden on every reading, on 2 grounds:**" in out
    assert "**by GC III art. 5(2) [gc3_5_2] where" in out and "**by AP I art. 43(2) [api_43_2] where" in out
    assert "region by region" not in out


def test_explain_versus_states_the_decisive_difference():
    """--versus: conditions of each, derivation of the first, why-not of the second."""
    res = cli("explain", KURSK_02, "-p", "ri", "-c", "pow", "--versus", "presumed_pow")
    assert res.exit_code == 0, res.stderr
    out = " ".join(res.stdout.replace("│", " ").split())  # the sentences, across the tree's wrapped lines
    # The person by name, the conclusions by their labels (the id the user typed in brackets).
    assert "Ri: why prisoner of war [pow] rather than presumed prisoner of war" in out
    assert "decisive difference:" in out
    # Where Ri is a POW, GC III art. 5(2) does not apply because its condition (doubt whether he
    # falls within art. 4) fails: said in words now, not as the atom doubt(ri).
    assert "[presumed_pow] does not hold" in out and "no doubt arises whether Ri falls within GC III art. 4" in out
    # The decisive difference names the contested reading in words, never as path=value, and
    # cites the article before the rule id, as every failure line does.
    assert "party_status=factual" not in out and "a state is a party to the conflict once its forces take part" in out
    assert "holds by GC III art. 4A [gc3_4a]" in out
    js = cli("explain", KURSK_02, "-p", "ri", "-c", "pow", "--versus", "presumed_pow", "-f", "json")
    doc = json.loads(js.stdout)
    assert doc["explanations"] == [] and doc["contrast"]["rather"]
    assert validate(doc) == []


def test_explain_as_of_and_set_change_the_explained_world():
    """--as-of and --set go through the ordinary pipeline: pinning the position settles POW."""
    res = cli("explain", KURSK_02, "-p", "ri", "-c", "pow", "--set", "positions.party_status=factual", "-f", "json")
    assert res.exit_code == 0, res.stderr
    [exp] = json.loads(res.stdout)["explanations"]
    assert exp["value"] == "necessary"
    facts = [f for c in exp["cases"]["holds"] for f in c["derivation"]["children"][0]["children"][0]["facts"]]
    assert facts
    early = cli("explain", KURSK_02, "-p", "ri", "-c", "transfer:rok", "--as-of", "2025-01-13", "-f", "json")
    assert json.loads(early.stdout)["explanations"][0]["value"] == "depends"  # before Seoul said it would accept


def test_explain_bad_options_exit_2_without_output():
    """Unknown person or conclusion, --versus without --conclusion: exit 2, message, no stdout."""
    for args, needle in (
        (("-p", "kim"), "no person 'kim'"),
        (("-p", "ri", "-c", "astronaut"), "no rule can derive 'astronaut'"),
        (("--versus", "pow"), "--versus needs --conclusion"),
        (("-c", "pow", "--versus", "presumed_pow"), "a contrast is about one person"),
    ):
        res = cli("explain", KURSK_02, *args)
        assert res.exit_code == 2, (args, res.stdout)
        assert needle in res.stderr and res.stdout == ""


def test_brief_writes_markdown_and_html(tmp_path):
    """brief FILE... -o OUT.md|OUT.html: one briefing per scenario, both formats."""
    md, page = tmp_path / "b.md", tmp_path / "b.html"
    res = cli("brief", EDGE, SCENARIOS / "gulf-1991.yaml", "-o", md)
    assert res.exit_code == 0, res.stderr
    text = md.read_text(encoding="utf-8")
    assert text.count("# Briefing: ") == 2 and "## Summary" in text and "## Sources" in text
    res = cli("brief", EDGE, "-o", page)
    assert res.exit_code == 0, res.stderr
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html


def test_brief_writes_to_standard_output_with_o_dash():
    """brief -o -: the briefing on standard output (Markdown unless --format html), the note on stderr."""
    res = cli("brief", EDGE, "-o", "-")
    assert res.exit_code == 0, res.stderr
    assert res.stdout.startswith("# Briefing: ") and "## Summary" in res.stdout and "## Glossary" in res.stdout
    assert "wrote standard output" in res.stderr and "wrote" not in res.stdout
    res = cli("brief", EDGE, "-o", "-", "--format", "html")
    assert res.exit_code == 0 and res.stdout.startswith("<!DOCTYPE html>")


def test_brief_rejects_an_unknown_output_format(tmp_path):
    res = cli("brief", EDGE, "-o", tmp_path / "b.docx")  # (.pdf is a format since the PDF export)
    assert res.exit_code == 2 and "a name ending in .md, .html or .pdf" in res.stderr
    assert not (tmp_path / "b.docx").exists()


def test_explain_an_outcome_that_is_never_considered():
    """Why-not for an outcome: the scope rule that would put it on the table, and what fails."""
    res = cli("explain", EDGE, "-c", "transfer:dprk", "-f", "json")
    assert res.exit_code == 0, res.stderr
    doc = json.loads(res.stdout)
    assert validate(doc) == []
    [exp] = doc["explanations"]
    assert exp["value"] == "absent" and list(exp["cases"]) == ["absent"]
    [case] = exp["cases"]["absent"]
    assert case["why_not"] and all(f["rule"] and f["article"] for f in case["why_not"])
