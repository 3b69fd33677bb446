"""Helpers for the robustness tests: a scenario whose expectation `test --update` rewrites,
and a way to run the real `status-engine` command in a subprocess."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT, base_scenario

# Ri (conftest's base scenario) is a POW in every world: `possible` is stale, `necessary`
# is what --update must write.
STALE = "expect:\n  ri:\n    status:\n      pow: possible   # stale on purpose\n"


def stale_scenario(directory: Path, name: str = "ri.yaml", newline: str = "\n") -> Path:
    data = base_scenario()
    data["id"] = "robust-ri"
    text = "# robustness test\n" + yaml.safe_dump(data, sort_keys=False) + STALE
    path = directory / name
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


def exe() -> str:
    return str(Path(sys.executable).with_name("status-engine"))


def run(*args, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
    """The installed command in a child process (signals, rlimits and os-level output need one).

    ``timeout`` only keeps a hang from blocking the suite; no test asserts a duration.
    """
    return subprocess.run([exe(), *map(str, args)], capture_output=True, text=True, timeout=timeout,
                          cwd=ROOT, **kw)


def default_sigint() -> None:
    """In the child: Ctrl-C handled as in a terminal (a shell's background job ignores it)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def big_scenario(directory: Path, states: int = 50, persons: int = 200) -> Path:
    """Many states times many persons: minutes of grounding, as in the issue's report."""
    st = {f"s{i}": {"name": f"S{i}"} for i in range(states)}
    st["s0"]["korea"], st["s1"]["korea"] = "dprk", "rok"
    data = {"format": "status-engine/v1", "id": "big", "as_of": "2025-06-01",
            "conflict": {"kind": "international", "parties": ["s2", "s3"]}, "states": st,
            "persons": [{"id": f"p{i}", "origin": f"s{i % states}"} for i in range(persons)]}
    path = directory / "big.json"  # JSON: read in milliseconds, whatever the size
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def env_without_debug() -> dict:
    return {k: v for k, v in os.environ.items() if k != "STATUS_ENGINE_DEBUG"}
