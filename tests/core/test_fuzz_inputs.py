"""Generated bad inputs always end in a clean, located error (hypothesis).

Mutations of a valid scenario (unknown keys, wrong types, impossible dates, undeclared
ids, missing required keys) and arbitrary text must never produce a traceback or an
"internal error": either the file is still valid (exit 0) or the CLI exits 2 naming the
file, with nothing on standard output.
"""

from __future__ import annotations

import json

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINI_RULES, base_scenario, cli

JUNK = st.one_of(
    st.text(max_size=12), st.integers(), st.floats(allow_nan=False), st.booleans(), st.none(),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.sampled_from(["2025-13-45", "2025-02-30", "unknown", "none", "rok", "zz", "origin", "0000-00-00"]),
)


def _paths(obj, prefix=()):
    yield prefix
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _paths(v, prefix + (i,))


@st.composite
def mutated(draw):
    data = base_scenario()
    data["events"] = [{"on": "2025-04-28", "set": {"states.dprk.acknowledges_participation": True}}]
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        kind = draw(st.sampled_from(["replace", "delete", "add_key"]))
        try:
            if kind == "replace":
                parent[path[-1]] = draw(JUNK)
            elif kind == "delete":
                del parent[path[-1]]
            elif isinstance(parent, dict):
                parent[draw(st.text(min_size=1, max_size=8))] = draw(JUNK)
        except (KeyError, IndexError, TypeError):
            pass
    return data


def _check(res, path):
    assert "Traceback" not in res.stderr and "internal error" not in res.stderr, res.stderr
    assert res.exit_code in (0, 1, 2), res.stderr
    if res.exit_code == 2:
        assert res.stdout == ""
        assert str(path) in res.stderr


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=mutated(), as_json=st.booleans())
def test_mutated_scenarios_never_crash(tmp_path, data, as_json):
    path = tmp_path / ("s.json" if as_json else "s.yaml")
    path.write_text(json.dumps(data, default=str) if as_json else yaml.safe_dump(data, sort_keys=False))
    _check(cli("eval", path, "--rules", MINI_RULES, "--format", "json"), path)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=200))
def test_arbitrary_text_never_crashes(tmp_path, text):
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    res = cli("validate", path, "--rules", MINI_RULES)
    _check(res, path)
    assert res.exit_code in (0, 2)


@settings(max_examples=40, deadline=None)
@given(value=JUNK, key=st.sampled_from(["persons.ri.wish", "states.dprk.korea", "conflict.hostilities_ended",
                                        "positions.party_status", "persons.ri.risk_on_return.dprk", "nope.x"]))
def test_arbitrary_overrides_never_crash(value, key):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "s.json"
        path.write_text(json.dumps(base_scenario()))
        res = cli("eval", path, "--rules", MINI_RULES, "-f", "json", "--set", f"{key}={json.dumps(value)}")
        assert "Traceback" not in res.stderr and "internal error" not in res.stderr, res.stderr
        assert res.exit_code in (0, 2)
