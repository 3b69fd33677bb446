"""`status-engine whatif`: baseline against a variant, only what changed, with reasons."""

from __future__ import annotations

import json

from conftest import SCENARIOS, cli

KURSK_06 = SCENARIOS / "kursk-2025-06.yaml"
NO_ACK = "states.dprk.acknowledges_participation=false"


def _changes(out: dict) -> dict[tuple[str, str], tuple[str, str]]:
    return {(c["person"], c["key"]): (c["before"], c["after"]) for c in out["changes"]}


def test_dprk_acknowledgment_is_what_makes_both_men_pows_on_every_reading():
    """Done criterion: without the 28 Apr 2025 acknowledgment, POW status is only possible."""
    res = cli("whatif", KURSK_06, "--set", NO_ACK, "--format", "json", "--no-reasons")
    assert res.exit_code == 0, res.stderr
    out = json.loads(res.stdout)
    ch = _changes(out)
    for pid in ("ri", "baek"):
        assert ch[(pid, "pow")] == ("necessary", "possible")
        assert ch[(pid, "presumed_pow")] == ("absent", "possible")
    assert out["set"] == [NO_ACK]


def test_only_changes_are_listed():
    """Nothing that stays the same appears (rok_national does not depend on the acknowledgment)."""
    out = json.loads(cli("whatif", KURSK_06, "--set", NO_ACK, "-f", "json", "--no-reasons").stdout)
    assert all(c["before"] != c["after"] for c in out["changes"])
    assert ("ri", "rok_national") not in _changes(out)


def test_each_change_has_a_one_line_reason_from_the_explanation():
    res = cli("whatif", KURSK_06, "--set", NO_ACK, "-f", "json")
    out = json.loads(res.stdout)
    for c in out["changes"]:
        assert c["reason"] and "\n" not in c["reason"]
    pow_reason = next(c["reason"] for c in out["changes"] if c["key"] == "pow" and c["person"] == "ri")
    assert "gc3_" in pow_reason  # it cites a rule id


def test_table_output_shows_baseline_and_variant():
    res = cli("whatif", KURSK_06, "--set", NO_ACK, "--no-reasons")
    assert res.exit_code == 0
    out = " ".join(res.stdout.split())
    # Without the DPRK's acknowledgment, on the acknowledgment reading of common art. 2 it is
    # no party, so Ri's POW status under GC III art. 4A(1) is only possible.
    assert "Ri: prisoner of war (pow): necessary → possible" in out
    assert "what if the Democratic People's Republic of Korea does not acknowledge" in out  # the --set in words


def test_a_variant_that_changes_nothing_says_so():
    res = cli("whatif", KURSK_06, "--set", "states.rok.willing_to_receive=true", "--no-reasons")
    assert res.exit_code == 0 and "no status or verdict changes" in res.stdout


def test_whatif_needs_an_override_and_checks_it_like_the_file():
    assert cli("whatif", KURSK_06).exit_code == 2
    res = cli("whatif", KURSK_06, "--set", "persons.ri.wish=nowhere")
    assert res.exit_code == 2 and res.stdout == "" and "nowhere" in res.stderr
    res = cli("whatif", KURSK_06, "--set", "persons.zz.wish=rok")
    assert res.exit_code == 2 and "no person `zz`" in res.stderr
