"""The machinery under the what-if commands: relevance on the doubled program, workers, progress."""

from __future__ import annotations

import json

from conftest import SCENARIOS, cli
from status_engine import api
from status_engine.analysis.whatif.common import open_axes, open_paths, scenario_value, set_text, short
from status_engine.analysis.whatif.progress import Progress
from status_engine.analysis.whatif.relevance import Doubled

KURSK_06 = SCENARIOS / "kursk-2025-06.yaml"
KURSK_02 = SCENARIOS / "kursk-2025-02.yaml"


def _doubled(path=KURSK_06):
    prep = api.prepare(str(path))
    axes = open_axes(prep.facts)
    return Doubled(prep.rules, prep.facts, axes), axes


def test_relevance_finds_facts_that_flip_an_output():
    """Before the acknowledgment the reading of common art. 2 and ri's own 4A(2) conditions
    decide his status; the risk in Russia does not (chain refoulement bars the hand-over anyway)."""
    d, _ = _doubled(KURSK_02)
    assert d.flips("positions.party_status", "ri")
    assert d.flips("persons.ri.conditions_4a2.distinctive_sign", "ri")
    assert not d.flips("persons.ri.conditions_4a2.distinctive_sign", "baek")
    assert not d.flips("persons.ri.risk_on_return.ru")


def test_relevance_finds_facts_that_exclude_worlds():
    """Incorporated into the captor's forces: a consistency rule excludes the world."""
    d, _ = _doubled()
    assert d.excludes("persons.ri.incorporated_into")
    assert not d.excludes("positions.refused_repatriation")


def test_sufficient_sets_make_held_facts_irrelevant():
    d, axes = _doubled(KURSK_02)
    chosen = d.choose("ri")
    assert d.sufficient(chosen, "ri")
    assert not d.sufficient([p for p in chosen if p != "positions.party_status"], "ri")


def test_opening_a_known_fact_keeps_its_value_as_baseline():
    prep = api.prepare(str(KURSK_06))
    opened = open_paths(prep, ["states.dprk.acknowledges_participation", "positions.party_status"])
    ack = opened.axes["states.dprk.acknowledges_participation"]
    assert str(ack.baseline) == "true" and len(ack.values) == 2
    assert opened.axes["positions.party_status"].baseline is None  # open in the file


def test_values_round_trip_to_set_overrides():
    prep = api.prepare(str(KURSK_06))
    axes = open_paths(prep, ["conflict.hostilities_ended", "persons.ri.wish_verified"]).axes
    ended = next(v for v in axes["conflict.hostilities_ended"].values if v.name == "ended")
    assert set_text("conflict.hostilities_ended", ended, prep.as_of) == "conflict.hostilities_ended=2025-06-15"
    assert scenario_value("persons.ri.wish_verified", axes["persons.ri.wish_verified"].values[0], prep.as_of) is True
    assert short("persons.ri.wish") == "ri.wish" and short("positions.party_status") == "party_status"


def test_eval_jobs_gives_the_same_bytes_as_one_process():
    files = sorted(str(p) for p in SCENARIOS.glob("kursk-*.yaml"))
    one = cli("eval", *files, "-f", "json")
    two = cli("eval", *files, "-f", "json", "--jobs", "2")
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout


def test_eval_jobs_reports_bad_inputs_before_any_work(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: status-engine/v1\nid: x\npersons: [{id: ri, wish: nowhere}]\n")
    res = cli("eval", str(KURSK_06), str(bad), "--jobs", "2")
    assert res.exit_code == 2 and res.stdout == ""


def test_progress_draws_nothing_without_a_terminal(capsys):
    with Progress("x", 10, enabled=False) as bar:
        bar.update(5)
    assert capsys.readouterr().err == ""


def test_sweep_json_is_valid_for_several_files():
    files = [KURSK_06, SCENARIOS / "kursk-2025-11.yaml"]
    out = json.loads(cli("sweep", *files, "-f", "json").stdout)
    assert isinstance(out, list) and {t["scenario"] for t in out} == {"kursk-2025-06", "kursk-2025-11"}
