"""Tables for lawyers at 80 columns: labels in words beside their keys, and no id or
verdict word ever cut ("…") or split across lines."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from status_engine.cli.app import app

from conftest import ROOT

VERDICTS = ("necessary", "possible", "required", "permitted", "forbidden", "depends")
KURSK = str(ROOT / "scenarios" / "kursk-2025-02.yaml")


def run(*args: str) -> str:
    res = CliRunner().invoke(app, list(args), env={"COLUMNS": "80"})
    assert res.exit_code == 0, res.output
    return res.stdout


def _assert_unbroken(out: str, words: set[str]) -> None:
    assert "…" not in out and "..." not in out
    lines = out.splitlines()
    assert all(len(line) <= 80 or " " not in line.strip() for line in lines), "a line wider than 80 columns"
    tokens = {t for line in lines for t in re.split(r"[\s,()]+", line) if t}
    for w in words:  # a split word would leave a prefix of it at a line's end
        for cut in range(3, len(w)):
            assert not any(line.rstrip().endswith(" " + w[:cut]) for line in lines), f"{w} split"
    assert words & tokens


@pytest.fixture(scope="module")
def table() -> str:
    return run("eval", KURSK)


def test_eval_table_shows_labels_beside_keys_and_verdicts(table):
    assert re.search(r"forbidden +return to the Democratic People's Republic of Korea\s+\(repatriate:dprk\)", table)
    assert re.search(r"possible +presumed prisoner of war \(protected until a competent tribunal\s+decides\) "
                     r"\(presumed_pow\)", table)
    assert "hand over to the Republic of Korea (transfer:rok)" in table


def test_eval_table_never_cuts_or_splits_a_word(table):
    # The open facts are questions in words now (tests/cli/test_open_facts.py); the ids left are keys.
    ids = {"repatriate:dprk", "intern_neutral:rok", "prosecute:participation"}
    _assert_unbroken(table, set(VERDICTS) | ids | {"subordinates", "Federation"})
    for v in VERDICTS:  # each verdict word stands whole at the start of its line
        assert not re.search(rf"\S{v[:4]}\n", table)
    for ident in ids:
        assert ident in table


def test_rules_positions_never_cuts_a_question_or_position():
    out = run("rules", "--positions")
    assert "refused_repat…" not in out
    _assert_unbroken(out, {"refused_repatriation", "incorporation_party", "nonrefoulement_custom",
                           "sending_state_party", "receiving_state_only"})
    assert "refused_repatriation: May a prisoner of war" in out


def test_sweep_speaks_in_words_and_never_splits_a_word():
    """Sweeps used to print ``risk_base / d`` and ``acknowledgme / nt`` in 80 columns: now every
    line is a sentence wrapped between words, and no condition is left in its raw syntax."""
    out = run("sweep", KURSK, "--vary", "persons.ri.wish_verified", "--vary", "positions.party_status")
    _assert_unbroken(out, set(VERDICTS) | {"acknowledges", "participation", "presumed_pow"})
    assert "party_status=" not in out and "ri.wish_verified" not in out
    assert "Ri's wish has been verified in a private interview" in out


def test_rules_and_coverage_listings_never_cut_an_id_or_a_file_name():
    """``rules`` printed ``rules/api_pro…`` and ``rules --coverage`` ``ca2_acknowledged_…`` at 80
    columns: they are wrapped lines now, every id and file name whole."""
    out = run("rules")
    _assert_unbroken(out, {"api_43_1", "rules/api_protocol1.lp:24", "incorporated_sending_state"})
    assert "AP I art. 43(1) · api_43_1 · verified" in out
    cov = run("rules", "--coverage")
    _assert_unbroken(cov, {"ca2_acknowledged_party", "icrc118_verify_wish", "nonrefoulement_custom"})
    assert "ca2_acknowledged_party" in cov and "GC III art. 4: encoded by gc3_4a1" in cov
