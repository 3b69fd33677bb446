"""`status-engine timeline`: statuses at each event date, changes, and the SVG chart."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from conftest import SCENARIOS, cli

KURSK_06 = SCENARIOS / "kursk-2025-06.yaml"


def _timeline(*args):
    res = cli("timeline", KURSK_06, "--format", "json", "--no-reasons", *args)
    assert res.exit_code == 0, res.stderr
    return json.loads(res.stdout)


def test_points_are_the_event_dates_and_as_of():
    out = _timeline()
    assert [p["date"] for p in out["points"]] == ["2025-01-14", "2025-02-25", "2025-03-17", "2025-04-26",
                                                 "2025-04-28", "2025-06-15"]
    assert out["points"][4]["events"] == ["DPRK acknowledges its participation"]


def test_the_dprk_acknowledgment_of_28_april_2025_changes_the_status():
    """Done criterion: POW status becomes necessary on 28 Apr 2025, presumed POW goes away."""
    changes = {(c["date"], c["person"], c["key"]): (c["before"], c["after"]) for c in _timeline()["changes"]}
    for pid in ("ri", "baek"):
        assert changes[("2025-04-28", pid, "pow")] == ("possible", "necessary")
        assert changes[("2025-04-28", pid, "presumed_pow")] == ("possible", "absent")
    assert not any(d == "2025-04-26" for d, _, _ in changes)  # Russia's acknowledgment changes nothing


def test_each_date_matches_eval_as_of_that_date():
    out = _timeline()
    for p in out["points"]:
        ev = json.loads(cli("eval", KURSK_06, "--as-of", p["date"], "-f", "json").stdout)
        assert ev["persons"] == p["persons"], p["date"]


def test_from_and_to_bound_the_dates():
    out = _timeline("--from", "2025-04-01", "--to", "2025-05-01")
    assert [p["date"] for p in out["points"]] == ["2025-04-01", "2025-04-26", "2025-04-28", "2025-05-01"]
    assert cli("timeline", KURSK_06, "--from", "2025-06-01", "--to", "2025-05-01").exit_code == 2
    assert cli("timeline", KURSK_06, "--from", "2025-13-01").exit_code == 2


def test_chart_draws_the_april_2025_change(tmp_path):
    chart = tmp_path / "kursk.svg"
    res = cli("timeline", KURSK_06, "--chart", chart, "--no-reasons")
    assert res.exit_code == 0, res.stderr
    svg = chart.read_text()
    root = ET.fromstring(svg)  # well-formed, self-contained
    assert root.tag.endswith("svg")
    assert "2025-04-28: DPRK acknowledges its participation" in svg
    assert ">Apr<" in svg  # the month axis
    titles = [t.text for t in root.iter("{http://www.w3.org/2000/svg}title")]
    assert "ri pow: possible from 2025-01-14" in titles and "ri pow: necessary from 2025-04-28" in titles


def test_table_lists_the_changes_with_reasons():
    res = cli("timeline", KURSK_06)
    assert res.exit_code == 0
    # 28 Apr 2025 the DPRK acknowledged the deployment: a party on either reading of common
    # art. 2, so Ri is a POW under GC III art. 4A(1) on every reading from that date.
    assert "2025-04-28 Ri: prisoner of war (pow): possible → necessary" in " ".join(res.stdout.split())
    assert "why:" in res.stdout


def test_set_applies_at_every_date():
    """With the acknowledgment reading pinned and no acknowledgment, Ri never becomes a certain POW."""
    out = _timeline("--set", "states.dprk.acknowledges_participation=false")
    assert not any(c["key"] == "pow" for c in out["changes"])
