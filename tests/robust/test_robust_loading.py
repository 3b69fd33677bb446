"""Findings 2, 5, 7 and 10 (input side): loading is bounded and strings are checked.

Every bad input ends as exit 2 with the file, line and key, nothing on standard output,
and no traceback.
"""

from __future__ import annotations

import json

import pytest
import yaml

from status_engine.scenario import load as loader

from conftest import SCENARIOS, base_scenario, cli

KURSK = SCENARIOS / "kursk-2025-02.yaml"

LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi")]) + "\n"


def _bad_input(res, path):
    assert res.exit_code == 2, res.stdout + res.stderr
    assert res.stdout == "" and "Traceback" not in res.stderr and "internal error" not in res.stderr
    assert str(path) in res.stderr
    return res.stderr


def test_billion_laughs_is_refused_at_once(tmp_path):
    """Nine lines expanding to 9**9 strings took minutes and gigabytes; the alias budget stops it."""
    f = tmp_path / "laughs.yaml"
    f.write_text(LAUGHS, encoding="utf-8")
    err = _bad_input(cli("validate", f), f)
    assert "aliases" in err and f"{f}:" in err


def test_a_self_referencing_alias_is_refused(tmp_path):
    f = tmp_path / "loop.yaml"
    f.write_text("a: &a [*a]\n", encoding="utf-8")
    assert "nested more than" in _bad_input(cli("validate", f), f)


def test_a_few_aliases_are_still_fine():
    """Small alias use (a shared value) stays legal YAML."""
    located = loader.load_text("x: &v [1, 2]\ny: *v\n", "s.yaml")
    assert located.data == {"x": [1, 2], "y": [1, 2]}


@pytest.mark.parametrize("suffix, depth", [(".yaml", 600), (".json", 600), (".json", 5000)])
def test_deep_nesting_is_a_located_input_error(tmp_path, suffix, depth):
    """Beyond ~495 (YAML) or ~999 (JSON) levels this was "internal error: RecursionError"."""
    f = tmp_path / f"deep{suffix}"
    if suffix == ".yaml":
        f.write_text("".join(" " * i + "k:\n" for i in range(depth)) + " " * depth + "k: 1\n", encoding="utf-8")
    else:
        f.write_text('{"a": ' + "[" * depth + "]" * depth + "}", encoding="utf-8")
    err = _bad_input(cli("validate", f), f)
    assert "nest" in err and f"{f}:" in err  # located at a line


def test_a_file_over_the_size_limit_is_refused_and_the_limit_can_be_raised(tmp_path):
    """A clear message naming the flag; the same file passes once the limit allows it."""
    err = _bad_input(cli("--max-file-size", "1k", "validate", KURSK), KURSK)
    assert "more than the limit" in err and "--max-file-size" in err
    res = cli("--max-file-size", "1M", "validate", KURSK)
    assert res.exit_code == 0, res.stderr


def test_an_endless_device_as_input_is_bounded(monkeypatch):
    """/dev/zero was read until memory ran out ("internal error"); it stops at the size limit."""
    monkeypatch.setenv("STATUS_ENGINE_MAX_FILE_SIZE", "65536")
    err = _bad_input(cli("validate", "/dev/zero"), "/dev/zero")
    assert "longer than the limit" in err


@pytest.mark.parametrize("title, what", [
    ("a\ud800b", "lone surrogate"),
    ("x\x1b[2Jy", "control character"),
    ("\x1b]8;;http://example.invalid\x07click\x1b]8;;\x07", "control character"),
])
def test_hostile_strings_are_refused_at_load_time(tmp_path, title, what):
    """A lone surrogate passed validate then crashed brief/explain/the table; escape sequences
    reached the terminal raw.  Both are refused when the file is read, with the key."""
    data = base_scenario()
    data["title"] = title
    f = tmp_path / "s.json"
    f.write_text(json.dumps(data), encoding="utf-8")
    for command in ("validate", "eval"):
        err = _bad_input(cli(command, f), f)
        assert f"title: the text contains a {what}" in err
        assert "\x1b" not in err  # the message itself is safe to print


def test_a_control_character_in_yaml_is_located(tmp_path):
    data = base_scenario()
    data["persons"][0]["label"] = "Ri\x1b[2J"
    f = tmp_path / "s.yaml"
    f.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    err = _bad_input(cli("validate", f), f)
    assert "persons[0].label" in err and f"{f}:" in err


def test_brief_of_a_surrogate_title_leaves_the_old_briefing_whole(tmp_path):
    """`brief -o existing.html` used to leave it at 0 bytes after the encoding error."""
    data = base_scenario()
    data["title"] = "a\ud800b"
    f = tmp_path / "s.json"
    f.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "b.html"
    out.write_text("old briefing", encoding="utf-8")
    _bad_input(cli("brief", f, "-o", out), f)
    assert out.read_text(encoding="utf-8") == "old briefing"


@pytest.mark.parametrize("where", ["person", "state", "scenario"])
def test_an_id_with_a_trailing_newline_is_not_an_id(tmp_path, where):
    """`$` matched before a final newline: `ri` and `ri\\n` were two persons printing the same."""
    data = base_scenario()
    if where == "person":
        data["persons"].append(dict(data["persons"][0], id="ri\n"))
    elif where == "state":
        data["states"]["zz\n"] = {"name": "Z"}
    else:
        data["id"] = "test\n"
    f = tmp_path / "s.json"
    f.write_text(json.dumps(data), encoding="utf-8")
    _bad_input(cli("validate", f), f)


@pytest.mark.parametrize("date", ["2025-W05-1", "20250203", "2025-034"])
def test_dates_are_only_yyyy_mm_dd(tmp_path, date):
    """Python 3.11's fromisoformat read ISO-week and compact dates; the format says YYYY-MM-DD."""
    data = base_scenario()
    data["persons"][0]["captured_on"] = date
    f = tmp_path / "s.json"
    f.write_text(json.dumps(data), encoding="utf-8")
    assert "YYYY-MM-DD" in _bad_input(cli("validate", f), f)
    res = cli("eval", SCENARIOS / "kursk-2025-02.yaml", "--as-of", date)
    assert res.exit_code == 2 and "YYYY-MM-DD" in res.stderr and res.stdout == ""
