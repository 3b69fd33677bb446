"""`status-engine sweep`: decision tables, pivotal facts, summaries; checked against `eval`."""

from __future__ import annotations

import csv
import io
import itertools
import json

import pytest

from conftest import SCENARIOS, cli
from status_engine import api
from status_engine.scenario.check import parse_override
from status_engine.analysis.whatif import sweep as sw
from status_engine.analysis.whatif.common import open_axes, set_text

KURSK_02 = SCENARIOS / "kursk-2025-02.yaml"
KURSK_06 = SCENARIOS / "kursk-2025-06.yaml"
# Since issue 9 (non-refoulement on every reading) Kursk 06 has no open fact that changes a
# verdict; the Gulf 1991 refuser is where the reading of art. 118 and the customary question
# decide the return.
GULF = SCENARIOS / "gulf-1991.yaml"


def _verdicts_by_eval(path, sets):
    """The result of the ordinary pipeline with these overrides (the reference)."""
    prep = api.prepare(str(path), overrides=[parse_override(s) for s in sets])
    return api.evaluate_prepared(prep).result["persons"]


def _check_rows_against_eval(path, vary, base_sets=()):
    prep = api.prepare(str(path), overrides=[parse_override(s) for s in base_sets])
    (table,) = sw.sweep(prep, vary, progress=False)
    for index, pid in enumerate(table.rows):
        sets = list(base_sets) + [set_text(a.path, v, prep.as_of) for a, v in zip(table.axes, table.values(index))]
        if pid < 0:
            continue
        reference = _verdicts_by_eval(path, sets)
        for item in table.items + list(table.constant):
            expected = reference[item.person][item.kind].get(item.key, sw._missing(item))
            assert sw.verdict(table, pid, item) == expected, (sets, item)
    return table


def test_projected_rows_match_eval_of_each_combination():
    """Default sweep: relevant facts varied, one world per row read through the cost vector."""
    table = _check_rows_against_eval(KURSK_06, None, base_sets=["positions.party_status=acknowledgment"])
    assert table.mode == "enumerate (projected)"


def test_enumerated_rows_aggregate_every_world_like_eval():
    """Few held worlds per row: every world enumerated, brave/cautious masks aggregated per row."""
    prep = api.prepare(str(GULF))
    keep = {"positions.refused_repatriation", "positions.nonrefoulement_custom"}
    pins = [set_text(a.path, a.values[-1], prep.as_of) for a in open_axes(prep.facts).values() if a.path not in keep]
    table = _check_rows_against_eval(GULF, ["positions.refused_repatriation"], base_sets=pins)
    assert table.mode == "enumerate" and not table.exact and table.worlds is not None
    assert any(sw.verdict(table, pid, i) == "depends" for pid in set(table.rows) for i in table.items)


def test_aggregated_rows_match_eval_when_held_open_facts_matter():
    """Facts held open that change results: each row aggregates over them (depends/possible), like eval."""
    table = _check_rows_against_eval(KURSK_02, ["persons.baek.wish", "positions.party_status"])
    assert not table.exact
    assert any(sw.verdict(table, pid, i) == "depends" for pid in set(table.rows) for i in table.items)


def test_assumptions_mode_matches_enumeration():
    """The fallback (brave/cautious per row under assumptions) agrees with enumerating every world."""
    prep = api.prepare(str(KURSK_06))
    keep = {"positions.refused_repatriation", "positions.party_status", "persons.ri.risk_on_return.ru",
            "states.dprk.acknowledges_participation"}
    pins = [set_text(a.path, a.values[0], prep.as_of) for a in open_axes(prep.facts).values() if a.path not in keep]
    prep = api.prepare(str(KURSK_06), overrides=[parse_override(x) for x in pins])
    vary = ["positions.refused_repatriation", "states.dprk.acknowledges_participation"]
    (a,) = sw.sweep(prep, vary, progress=False, method="assumptions")
    (b,) = sw.sweep(prep, vary, progress=False, method="enumerate")
    for i in range(a.combinations):
        for item in a.items:
            assert sw.verdict(a, a.rows[i], item) == sw.verdict(b, b.rows[i], item)


def test_default_sweep_names_the_pivotal_facts_of_gulf_1991():
    """Done criterion: the reading of art. 118 and the customary question decide the return."""
    res = cli("sweep", GULF, "--format", "json")
    assert res.exit_code == 0, res.stderr
    out = json.loads(res.stdout)
    pivotal = out["pivotal"]
    assert "positions.refused_repatriation" in pivotal
    assert "karim repatriate:iq" in pivotal["positions.nonrefoulement_custom"]
    # Facts that can change nothing are held open, not varied.
    assert "persons.karim.conditions_4a2.distinctive_sign" in out["held_open"]
    assert out["held_open_change_nothing"] is True


def test_kursk_06_has_no_pivotal_fact_once_non_refoulement_binds_on_every_reading():
    res = cli("sweep", KURSK_06, "--format", "json")
    out = json.loads(res.stdout)
    assert out["pivotal"] == {} and out["combinations"] == 1


def test_summary_states_the_condition_of_each_verdict():
    out = json.loads(cli("sweep", KURSK_02, "--vary", "persons.baek.wish", "--person", "baek", "-f", "json").stdout)
    s = out["summaries"]["baek"]["outcomes"]["transfer:rok"]
    assert s["text"] == "permitted iff baek.wish=rok; forbidden otherwise"


def test_large_default_sweep_splits_into_one_table_per_person():
    """Kursk 02 has too many relevant combinations for one table; per person they fit."""
    out = json.loads(cli("sweep", KURSK_02, "-f", "json").stdout)
    assert [t["person"] for t in out] == ["ri", "baek"]
    assert "persons.baek.wish" in out[1]["pivotal"]
    assert all(not p.startswith("persons.baek") for p in out[0]["pivotal"])


def test_combinations_without_a_world_are_marked_not_dropped():
    """Captured by the state he was incorporated into: excluded by a consistency rule."""
    out = json.loads(cli("sweep", KURSK_06, "--vary", "persons.ri.incorporated_into", "-f", "json").stdout)
    rows = {r["values"]["persons.ri.incorporated_into"]: r for r in out["rows"]}
    assert rows["ua"]["has_world"] is False and rows["ua"]["persons"] is None
    assert rows["none"]["has_world"] is True
    assert out["with_worlds"] == out["combinations"] - 1


def test_csv_has_a_row_per_combination_and_a_column_per_fact_and_item():
    res = cli("sweep", GULF, "-f", "csv")
    rows = list(csv.reader(io.StringIO(res.stdout)))
    header, body = rows[0], rows[1:]
    assert "positions.refused_repatriation" in header and "karim:outcome:repatriate:iq" in header
    assert len(body) == 6


def test_table_format_shows_pivotal_facts_and_summary():
    res = cli("sweep", GULF)
    assert res.exit_code == 0
    out = " ".join(res.stdout.split())  # the table wraps between words; read it as prose
    # The varied facts are the two contested readings, asked in words (issue 11.5).
    assert "Facts varied" in out and "May a prisoner of war be repatriated against his will?: changes, alone" in out
    # Karim fears persecution in Iraq: Saudi Arabia (1991) was bound by no non-refoulement
    # treaty, so his return is owed only on the treaty-only reading of non-refoulement
    # together with the strict reading of GC III art. 118.
    assert ("return to Iraq (repatriate:iq): required if on nonrefoulement custom: non-refoulement binds only "
            "where a treaty binds the detaining state; and on refused repatriation: repatriation is owed whatever "
            "his will") in out
    assert "_custom=" not in out and "iff" not in out  # no raw condition syntax


def test_too_many_combinations_is_refused_before_solving():
    res = cli("sweep", KURSK_06, "--vary", "persons.ri.incorporated_into", "--vary", "persons.baek.incorporated_into",
              "--max-combinations", "10")
    assert res.exit_code == 2 and res.stdout == "" and "25 combinations" in res.stderr


def test_bad_vary_paths_are_input_errors():
    res = cli("sweep", KURSK_06, "--vary", "persons.zz.wish", "--vary", "nonsense")
    assert res.exit_code == 2 and "no person `zz`" in res.stderr and "nonsense" in res.stderr
    res = cli("sweep", KURSK_06, "--vary", "states.ru.acknowledges_participation")  # a party from the start
    assert res.exit_code == 2 and "not an input" in res.stderr


def test_set_applies_before_the_sweep():
    out = json.loads(cli("sweep", GULF, "--set", "positions.nonrefoulement_custom=treaty_only", "-f", "json").stdout)
    assert "positions.nonrefoulement_custom" not in [v["path"] for v in out["vary"]]
    assert out["constant"]["samir"]["outcomes"]["repatriate:iq"] == "required"
    assert "positions.refused_repatriation" in [v["path"] for v in out["vary"]]


def test_jobs_gives_the_same_output_as_one_process():
    files = [KURSK_06, SCENARIOS / "kursk-2025-11.yaml"]
    one = cli("sweep", *files, "-f", "json", "--jobs", "1").stdout
    two = cli("sweep", *files, "-f", "json", "--jobs", "2").stdout
    strip = lambda s: [{k: v for k, v in t.items() if k != "seconds"} for t in json.loads(s)]  # noqa: E731
    assert strip(one) == strip(two)


def test_pivotal_matches_brute_force_flips():
    """A fact is pivotal for an item iff flipping it alone changes the item in some row."""
    prep = api.prepare(str(KURSK_02))
    (t,) = sw.sweep(prep, ["persons.baek.wish", "positions.party_status", "positions.refused_repatriation"],
                    progress=False)
    sizes = [len(a.values) for a in t.axes]
    points = list(itertools.product(*[range(s) for s in sizes]))
    index = {p: i for i, p in enumerate(points)}
    for k, axis in enumerate(t.axes):
        flipped = set()
        for p in points:
            for v in range(sizes[k]):
                q = p[:k] + (v,) + p[k + 1:]
                a, b = t.rows[index[p]], t.rows[index[q]]
                if a >= 0 and b >= 0:
                    flipped |= {i for i in t.items if sw.verdict(t, a, i) != sw.verdict(t, b, i)}
        assert set(t.pivotal.get(axis.path, [])) == flipped


@pytest.mark.parametrize("table, target, expected", [
    ({(0, 0): "a", (0, 1): "a", (1, 0): "b", (1, 1): "b"}, "a", [[{0}, {0, 1}]]),
    ({(0, 0): "a", (1, 0): "b", (1, 1): "b"}, "a", [[{0}, {0, 1}]]),  # (0, 1) has no world: a don't-care
])
def test_cover_uses_combinations_without_worlds_as_dont_cares(table, target, expected):
    assert sw.cover([2, 2], table, target) == expected
