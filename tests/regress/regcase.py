"""Helpers for the regression-tool tests: a small scenario file with expectations, and a
copy of the shipped rules with one rule deliberately changed."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from status_engine.rulebook.book import default_directory

from conftest import base_scenario

# Expectations for the conftest base scenario (Ri: a KPA soldier of an acknowledged
# party, captured by Ukraine, hostilities ongoing), each with its legal reason.
EXPECT = """\
expect:
  ri:
    status:
      pow: necessary                 # GC III 4A(1): member of a party's armed forces in enemy power
    outcomes:
      "icrc_access:ua": required     # GC III 126: ICRC access to POWs
      "prosecute:participation": forbidden   # AP I 43(2): combatant immunity
"""


def scenario_file(directory: Path, name: str = "ri.yaml", expect: str = EXPECT, sid: str = "regress-ri") -> Path:
    data = base_scenario()
    data["id"] = sid
    text = "# A scenario for the regression tools.\n" + yaml.safe_dump(data, sort_keys=False) + expect
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return i
    raise AssertionError(f"{needle!r} not in {path}")


def shipped():
    """The shipped rules, named by their directory (so that nothing swaps them for others)."""
    from status_engine import api

    return api.rules_for(str(default_directory()))


def copy_rules(directory: Path) -> Path:
    """A copy of the shipped rule directory (the rules of this checkout)."""
    target = directory / "rules"
    shutil.copytree(default_directory().resolve(), target)
    return target


# The deliberate change: GC III art. 126 made to *forbid* ICRC access to POWs instead of
# requiring it (the rule keeps its id, so `diff` must report it as changed).
ART126 = re.compile(r"obligatory\((\w+),\s*icrc_access\((\w+)\)\)(\s*:-\s*rule\(gc3_126\))")


def break_art126(rules: Path) -> Path:
    for f in sorted(rules.glob("*.lp")):
        text = f.read_text(encoding="utf-8")
        new, n = ART126.subn(r"forbidden(\1, icrc_access(\2))\3", text, count=1)
        if n:
            f.write_text(new, encoding="utf-8")
            return f
    raise AssertionError("no rule `obligatory(P, icrc_access(C)) :- rule(gc3_126), ...` to change in " + str(rules))
