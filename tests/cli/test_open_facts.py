"""The eval table lists only the open facts that can change a result, as questions in words.

Issue 11 point 5: a table used to open with every open path, including facts that cannot
matter (the risk in the detaining state itself, the 4A(2) conditions once a state is a
party on every reading).  The JSON result keeps the full ``open`` list (the contract)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from status_engine import api
from status_engine.cli.app import app
from status_engine.analysis.whatif.open_facts import summarise

from conftest import ROOT

K02 = str(ROOT / "scenarios" / "kursk-2025-02.yaml")
K06 = str(ROOT / "scenarios" / "kursk-2025-06.yaml")


def run(*args: str) -> str:
    res = CliRunner().invoke(app, list(args), env={"COLUMNS": "100"})
    assert res.exit_code == 0, res.output
    return res.stdout


def test_kursk_february_lists_the_deciding_questions_in_words():
    out = run("eval", K02)
    # Both states still deny in February 2025: whether the DPRK is a party turns on the
    # contested reading of common art. 2, and Baek's wish is not known (transfer to the ROK
    # depends on it under the art. 118 readings).
    assert "When is a state that sent troops a party to the conflict? (contested reading)" in out
    assert "where Baek wishes to go" in out
    # No raw path is printed where a question exists.
    assert "persons.baek.wish" not in out and "open: " not in out


def test_facts_that_cannot_matter_are_counted_not_listed():
    prep = api.prepare(K02)
    summary = summarise(prep)
    listed = {path for path, _ in summary.relevant}
    # Ri and Baek are held by Ukraine: a risk "on return" to Ukraine, the detaining state
    # itself, bears on no transfer, so it cannot change a verdict.
    assert "persons.ri.risk_on_return.ua" not in listed and "persons.baek.risk_on_return.ua" not in listed
    # Every open fact is either listed or counted.
    assert len(listed) + summary.others == len(prep.facts.open_paths())
    out = run("eval", K02)
    assert f"{summary.others} other open facts change no result here" in out


def test_when_nothing_open_can_matter_the_table_says_so():
    # June 2025: both the DPRK and Russia have acknowledged the deployment, so the DPRK is a
    # party on either reading of common art. 2 and Ri and Baek are POWs under GC III art.
    # 4A(1) whatever the 4A(2) conditions; their wishes are verified.  Nothing open decides.
    out = run("eval", K06)
    assert "none of them can change any status or verdict here" in out


def test_json_keeps_every_open_path():
    data = json.loads(run("eval", K02, "--format", "json"))
    result = data[0] if isinstance(data, list) else data
    assert "persons.ri.risk_on_return.ua" in result["open"]


def test_sweep_person_typo_is_an_input_error_with_a_suggestion():
    """Issue 11.5: `sweep --person` rejects an unknown person with "did you mean" (exit 2)."""
    res = CliRunner().invoke(app, ["sweep", K02, "--person", "rii"])
    assert res.exit_code == 2 and "did you mean `ri`" in res.stderr and res.stdout == ""


def test_a_verdict_that_depends_says_what_it_turns_on():
    """Issue 11.2: `depends` says what it depends on, in the table too.  In February 2025 Baek's
    wish is not known, and a hand-over to the ROK (GC III art. 12 with the ICRC 2020 reading of
    art. 118) is open only to a prisoner who wishes to go there: it turns on his wish alone."""
    prep = api.prepare(K02)
    result = api.evaluate_prepared(prep).result
    summary = summarise(prep, result=result)
    assert result["persons"]["baek"]["outcomes"]["transfer:rok"] == "depends"
    assert summary.turns_on[("baek", "transfer:rok")] == ["where Baek wishes to go"]
    # A firm verdict turns on nothing: the prosecution for taking part is forbidden on every reading.
    assert ("baek", "prosecute:participation") not in summary.turns_on
    out = " ".join(run("eval", K02).split())
    assert "depends hand over to the Republic of Korea (transfer:rok) turns on: where Baek wishes to go" in out
