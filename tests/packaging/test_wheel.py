"""The rule files ship inside the wheel, so `pip install .` works without the source tree."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT


def test_wheel_contains_the_rule_base(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next(tmp_path.glob("status_engine-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {Path(n).name for n in names if n.startswith("status_engine/rules/")}
    expected = {p.name for p in (ROOT / "rules").iterdir() if p.suffix in (".lp", ".yaml")}
    assert expected <= shipped, expected - shipped
    assert "status_engine/cli/app.py" in names
    # The mechanism programs (no ASP in Python strings) and the typing marker ship too.
    mechanism = {p.name for p in (ROOT / "src/status_engine/mechanism").glob("*.lp")}
    assert {f"status_engine/solver/mechanism/{m}" for m in mechanism} <= names
    assert "status_engine/py.typed" in names
