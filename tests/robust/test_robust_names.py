"""Finding 10 (names, OS errors, warnings): an unknown name is an input error with a
suggestion; an OS failure a user can act on is one line naming the path; allowed but
suspicious scenarios get warnings on standard error that change nothing."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from conftest import SCENARIOS, base_scenario, cli
from robust_support import env_without_debug, exe

KURSK = SCENARIOS / "kursk-2025-02.yaml"


@pytest.mark.parametrize("args, hint", [
    (("explain", KURSK, "-p", "ri", "-c", "transfer:zz"), "did you mean `transfer:rok`"),
    (("explain", KURSK, "-p", "ri", "-c", "civillian"), "did you mean `civilian`"),
    (("explain", KURSK, "-p", "rii"), "did you mean `ri`"),
    (("needs", KURSK, "--person", "ri", "--goal", "transfer:zz=permitted"), "did you mean `transfer:rok`"),
    (("needs", KURSK, "--person", "ri", "--goal", "pwo=necessary"), "did you mean `pow`"),
    (("needs", KURSK, "--person", "rii", "--goal", "pow=necessary"), "did you mean `ri`"),
])
def test_unknown_names_are_input_errors_with_a_suggestion(args, hint):
    """`explain -c transfer:zz` and `needs --goal transfer:zz=...` answered "absent", exit 0."""
    res = cli(*args)
    assert res.exit_code == 2, res.stdout
    assert hint in res.stderr and res.stdout == ""


def test_an_outcome_about_a_declared_state_can_still_be_explained():
    """Why-not for an outcome never considered stays possible when it names a real state."""
    res = cli("explain", KURSK, "-p", "ri", "-c", "transfer:dprk", "-f", "json")
    assert res.exit_code == 0, res.stderr


@pytest.mark.parametrize("option", ["--base", "--head"])
def test_an_empty_revision_is_an_input_error(option):
    """`diff --base ''` compared the rules with themselves and passed --fail-on-change."""
    args = ("diff", "--base", "" if option == "--base" else "HEAD", KURSK, "--fail-on-change")
    if option == "--head":
        args += ("--head", "")
    res = cli(*args)
    assert res.exit_code == 2 and option in res.stderr and res.stdout == ""


def test_stdout_to_a_full_disk_is_one_line_exit_1():
    """Output to /dev/full was "internal error: OSError"."""
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this platform")
    with open("/dev/full", "w") as full:
        proc = subprocess.run([exe(), "eval", str(KURSK), "--format", "json"], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=120, env=env_without_debug())
    assert proc.returncode == 1
    assert proc.stderr.strip() == "error: cannot write to standard output: No space left on device"


@pytest.mark.parametrize("option", ["--junit", "--chart"])
def test_an_unwritable_output_path_is_one_line_exit_1(tmp_path, option):
    """Unwritable --junit / --chart paths were internal errors."""
    bad = tmp_path / "missing" / "out.xml"
    if option == "--junit":
        f = tmp_path / "s.yaml"
        f.write_text(KURSK.read_text(encoding="utf-8"), encoding="utf-8")
        res = cli("test", f, "--junit", bad)
    else:
        res = cli("timeline", KURSK, "--chart", bad)
    assert res.exit_code == 1
    assert str(bad) in res.stderr and "internal error" not in res.stderr and len(res.stderr.splitlines()) == 1


def _write(tmp_path, data):
    f = tmp_path / "s.json"
    f.write_text(json.dumps(data), encoding="utf-8")
    return f


def _same_result_with_warning(tmp_path, data, needle):
    f = _write(tmp_path, data)
    res = cli("eval", f, "--format", "json")
    assert res.exit_code == 0, res.stderr
    assert "warning:" in res.stderr and needle in res.stderr and str(f) in res.stderr
    return res


def test_as_of_before_the_capture_is_a_warning(tmp_path):
    data = base_scenario(captured_on="2025-07-01")
    _same_result_with_warning(tmp_path, data, "before ri's capture")


def test_duplicate_parties_are_a_warning(tmp_path):
    data = base_scenario()
    data["conflict"]["parties"] = ["ru", "ua", "ru"]
    res = _same_result_with_warning(tmp_path, data, "listed twice")
    clean = base_scenario()
    assert json.loads(res.stdout)["persons"] == json.loads(cli("eval", _write(tmp_path, clean), "-f", "json").stdout)["persons"]


def test_two_same_day_events_on_one_key_are_a_warning_naming_the_winner(tmp_path):
    data = base_scenario()
    data["events"] = [
        {"on": "2025-04-28", "set": {"states.dprk.acknowledges_participation": False}},
        {"on": "2025-04-28", "set": {"states.dprk.acknowledges_participation": True}},
    ]
    _same_result_with_warning(tmp_path, data, "events[1] (the last) wins")


def test_a_plain_scenario_has_no_warning():
    res = cli("eval", KURSK, "--format", "json")
    assert res.exit_code == 0 and "warning" not in res.stderr
