"""The pytest plugin: expectations as test items with readable ids, only where asked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from regcase import EXPECT, line_of, scenario_file


def pytest_run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args], cwd=cwd,
                          capture_output=True, text=True)


def test_expectations_are_items_with_readable_ids(tmp_path):
    scenario_file(tmp_path, "ri.yaml")
    res = pytest_run(tmp_path, "ri.yaml", "--collect-only", "-q")
    ids = [l for l in res.stdout.splitlines() if "::" in l]
    assert ids == ["ri.yaml::regress-ri::ri::status::pow",
                   "ri.yaml::regress-ri::ri::outcomes::icrc_access:ua",
                   "ri.yaml::regress-ri::ri::outcomes::prosecute:participation"], res.stdout + res.stderr


def test_a_mismatch_fails_its_item_with_the_expectation_and_the_explanation(tmp_path):
    f = scenario_file(tmp_path, "ri.yaml", expect=EXPECT.replace("pow: necessary", "pow: possible "))
    res = pytest_run(tmp_path, "ri.yaml", "-rf")
    assert res.returncode == 1
    assert "2 passed" in res.stdout and "1 failed" in res.stdout
    assert f"ri.yaml:{line_of(f, 'pow:')}: regress-ri ri status pow: expected possible, derived necessary" in res.stdout
    assert "why: ri pow = necessary" in res.stdout
    assert "Traceback" not in res.stdout


def test_a_typo_fails_its_item(tmp_path):
    scenario_file(tmp_path, "ri.yaml", expect="expect:\n  ri:\n    status:\n      pw: necessary\n")
    res = pytest_run(tmp_path, "ri.yaml")
    assert res.returncode == 1 and "did you mean `pow`" in res.stdout


def test_one_item_can_be_selected_by_its_id(tmp_path):
    scenario_file(tmp_path, "ri.yaml")
    res = pytest_run(tmp_path, "ri.yaml::regress-ri::ri::outcomes::icrc_access:ua")
    assert res.returncode == 0 and "1 passed" in res.stdout


def test_yaml_fixtures_outside_the_scenario_directories_are_not_collected():
    """tests/fixtures holds deliberately broken scenario files: the plugin must leave them
    alone when the test suite runs."""
    res = pytest_run(ROOT, "tests/fixtures", "--collect-only", "-q")
    assert res.returncode == 5, res.stdout + res.stderr  # no tests collected, and no collection error


def test_the_ini_option_names_other_scenario_directories(tmp_path):
    (tmp_path / "cases").mkdir()
    scenario_file(tmp_path / "cases", "ri.yaml")
    assert pytest_run(tmp_path, "cases", "--collect-only", "-q").returncode == 5
    res = pytest_run(tmp_path, "-o", "status_engine_scenarios=cases", "cases")
    assert res.returncode == 0 and "3 passed" in res.stdout


def test_a_broken_scenario_file_is_a_collection_error_naming_file_and_line(tmp_path):
    f = scenario_file(tmp_path, "ri.yaml")
    f.write_text(f.read_text(encoding="utf-8").replace("wish_verified: false", "wish_verified: maybe"),
                 encoding="utf-8")
    res = pytest_run(tmp_path, "ri.yaml")
    assert res.returncode == 2, res.stdout
    assert f"ri.yaml:{line_of(f, 'wish_verified: maybe')}" in res.stdout and "wish_verified" in res.stdout
    assert "Traceback" not in res.stdout
