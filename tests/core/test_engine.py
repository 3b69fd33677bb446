"""The solving mechanism, on a tiny fixture rule base (tests/fixtures/rules_mini, not law).

These tests pin the contract's arithmetic (SCENARIO-FORMAT §2): modality of statuses,
verdicts from obligatory/forbidden across worlds, exact world counts, contradictions.
"""

from __future__ import annotations

import json
import random

import pytest

from status_engine import api
from status_engine.errors import EvaluationError

from conftest import MINI_RULES, variant


def mini(**person):
    p = {"id": "a", "origin": "x", "armed_forces": "x", "incorporated_into": "none", "under_command_of": "none", "fought_for": "ru",
         "captured_by": "ua", "wish": "origin", "wish_verified": False,
         "conditions_4a2": dict.fromkeys(["responsible_command", "distinctive_sign", "arms_openly", "laws_of_war"], True), "risk_on_return": {"x": "none", "ru": "none", "ua": "none"}}
    p.update(person)
    return {
        "format": "status-engine/v1", "id": "mini", "as_of": "2025-01-01",
        "conflict": {"kind": "international", "parties": ["ru", "ua"]},
        "states": {s: {"willing_to_receive": False} for s in ("x", "ru", "ua")} | {
            "x": {"acknowledges_participation": False, "willing_to_receive": False}},
        "persons": [p],
        "positions": {"party_status": "acknowledgment"},
    }


def run(data, **kw):
    return api.evaluate_data(data, rules=api.rules_for(MINI_RULES), **kw)


def test_status_necessary_when_it_holds_in_every_world():
    data = variant(mini(), **{"positions.party_status": "factual"})
    assert run(data)["persons"]["a"]["status"] == {"member": "necessary"}


def test_status_possible_when_a_position_decides_it():
    data = mini()
    del data["positions"]
    res = run(data)
    assert res["persons"]["a"]["status"] == {"member": "possible", "other": "possible"}
    assert res["open"] == ["positions.party_status"]
    assert res["worlds"] == 2


def test_verdicts_forbidden_permitted_depends_required():
    res = run(mini(risk_on_return={"x": "substantial", "ru": "none", "ua": "none"}))
    assert res["persons"]["a"]["outcomes"]["go:x"] == "forbidden"
    assert res["persons"]["a"]["outcomes"]["ask:icrc"] == "required"
    res = run(mini())
    assert res["persons"]["a"]["outcomes"]["go:x"] == "permitted"
    res = run(mini(risk_on_return={"x": "unknown", "ru": "none", "ua": "none"}, wish_verified="unknown"))
    assert res["persons"]["a"]["outcomes"] == {"go:x": "depends", "ask:icrc": "permitted"}


def test_world_count_is_the_product_of_open_domains():
    """Three states + none for armed_forces (4) x 2 risks (2 each) x 2 positions."""
    data = mini(armed_forces="unknown", risk_on_return={"x": "unknown", "ru": "unknown", "ua": "none"})
    del data["positions"]
    assert run(data)["worlds"] == 4 * 2 * 2 * 2


def test_world_count_is_exact_and_big_for_many_persons():
    """Unknowns of different persons multiply in the count, never in the solving."""
    data = mini(wish_verified="unknown")
    data["persons"] = [dict(data["persons"][0], id=f"p{i}") for i in range(200)]
    res = run(data)
    assert res["worlds"] == str(2 ** 200)  # over 15 digits: a decimal string (SCENARIO-FORMAT §2)
    assert res["worlds_log10"] == round(200 * 0.301029995663981, 6)
    assert json.loads(json.dumps(res))["worlds"] == str(2 ** 200)


def test_worlds_excluded_by_a_consistency_rule_are_not_counted():
    """captured_by unknown (3 states) but never the side he fought for: 2 worlds remain."""
    res = run(mini(captured_by="unknown"))
    assert res["worlds"] == 2


def test_contradiction_names_facts_with_lines_and_the_rule(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(json.dumps(mini(captured_by="ru"), indent=1))
    with pytest.raises(EvaluationError) as exc:
        api.evaluate_file(str(path), rules=api.rules_for(MINI_RULES))
    text = str(exc.value)
    assert "no world" in text
    assert "persons.a.captured_by" in text and "persons.a.fought_for" in text
    assert f"{path}:" in text
    assert "m_own_side" in text and "TEST art. 7" in text
    assert "persons.a.origin" not in text  # the core is minimal


def test_output_is_identical_whatever_the_order_of_persons_and_states():
    data = mini(wish_verified="unknown")
    data["persons"] = [dict(data["persons"][0], id=f"p{i}") for i in range(6)]
    first = json.dumps(run(data), sort_keys=True)
    rng = random.Random(7)
    for _ in range(3):
        shuffled = json.loads(json.dumps(data))
        rng.shuffle(shuffled["persons"])
        shuffled["states"] = dict(rng.sample(list(shuffled["states"].items()), len(shuffled["states"])))
        assert json.dumps(run(shuffled), sort_keys=True) == first


def test_events_apply_in_date_order_up_to_as_of():
    data = mini()
    data["events"] = [
        {"on": "2025-03-01", "set": {"states.x.acknowledges_participation": False}},
        {"on": "2025-02-01", "set": {"states.x.acknowledges_participation": True}},
    ]
    assert run(data, as_of="2025-01-15")["persons"]["a"]["status"] == {"other": "necessary"}
    assert run(data, as_of="2025-02-15")["persons"]["a"]["status"] == {"member": "necessary"}
    assert run(data, as_of="2025-03-15")["persons"]["a"]["status"] == {"other": "necessary"}


def test_overrides_win_over_file_and_events():
    data = mini()
    res = run(data, overrides={"states.x.acknowledges_participation": True})
    assert res["persons"]["a"]["status"] == {"member": "necessary"}


def test_timeout_is_an_evaluation_error():
    from status_engine.solver.engine import Deadline, _run
    import clingo

    ctl = clingo.Control()
    ctl.add("base", [], "1 { p(X) : X = 1..60 } 30. :- #count { X : p(X) } = N, N \\ 2 = 0, N \\ 2 = 1.")
    ctl.ground([("base", [])])
    ctl.configuration.solve.models = 0
    with pytest.raises(EvaluationError, match="timed out"):
        _run(ctl, Deadline(0.05), None)


def test_the_product_of_a_rosters_counts_equals_the_plain_product():
    """facts.product groups equal counts into powers (fast for 15,000 persons); same value."""
    import math
    import random

    from status_engine.solver.facts import product

    rng = random.Random(14)
    for n in (0, 1, 7, 3000):
        counts = [rng.choice([1, 2, 3, 4, 6, 8, 12, 16]) for _ in range(n)]
        assert product(counts) == math.prod(counts)
