"""Shared helpers: paths, a CLI runner, and scenario builders."""

from __future__ import annotations

import copy
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import pytest
from typer.testing import CliRunner

from status_engine.cli.app import app

# The disk cache (status_engine.cache) of this test run: never the user's own, and the
# subprocesses the CLI tests start inherit it.
if "STATUS_ENGINE_CACHE" not in os.environ:
    import atexit

    os.environ["STATUS_ENGINE_CACHE"] = _CACHE = tempfile.mkdtemp(prefix="status-engine-cache-")
    atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
MINI_RULES = str(FIXTURES / "rules_mini")
SCENARIOS = ROOT / "scenarios"
SHARED = ROOT.parent / "shared"


def cli(*args: str) -> Any:
    """Run the CLI in-process; result has exit_code, stdout and stderr."""
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def base_scenario(**persons_overrides: Any) -> dict[str, Any]:
    """A small Kursk-like scenario; tests change what their legal point needs."""
    person = {
        "id": "ri", "origin": "dprk", "armed_forces": "dprk", "incorporated_into": "none",
        "fought_for": "ru", "captured_by": "ua", "wish": "rok", "wish_verified": False,
        "risk_on_return": {s: "none" for s in ("dprk", "ru", "ua", "rok")},
        "conditions_4a2": {"responsible_command": True, "distinctive_sign": True,
                           "arms_openly": True, "laws_of_war": True},
    }
    person.update(persons_overrides)
    return {
        "format": "status-engine/v1",
        "id": "test",
        "as_of": "2025-06-01",
        "conflict": {"kind": "international", "parties": ["ru", "ua"], "hostilities_ended": None},
        "states": {
            "ru": {"name": "Russia", "willing_to_receive": False},
            "ua": {"name": "Ukraine", "willing_to_receive": False},
            "dprk": {"name": "DPRK", "acknowledges_participation": True, "willing_to_receive": False, "korea": "dprk"},
            "rok": {"name": "ROK", "acknowledges_participation": False, "willing_to_receive": True, "korea": "rok"},
        },
        "persons": [person],
    }


def variant(data: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A deep copy with dotted-path changes, e.g. variant(d, **{"states.dprk.korea": "none"})."""
    out = copy.deepcopy(data)
    for path, value in changes.items():
        cur: Any = out
        parts = path.split(".")
        for part in parts[:-1]:
            cur = cur[int(part)] if isinstance(cur, list) else cur.setdefault(part, {})
        cur[parts[-1]] = value
    return out


@pytest.fixture
def tmp_yaml(tmp_path: Path):
    def write(text: str, name: str = "s.yaml") -> Path:
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        return p

    return write


# --- Rule firing log for `status-engine rules --coverage --test-log FILE` (make coverage) ---
_FIRING_LOG = os.environ.get("STATUS_ENGINE_FIRING_LOG")
_current_test: list[str] = [""]


if _FIRING_LOG:
    from status_engine import api as _api
    from status_engine.rulebook import coverage as _coverage

    _original = _api.evaluate_prepared

    def _recording(prep, *args, **kwargs):
        try:
            return _original(prep, *args, **kwargs)
        finally:  # contradictions count too: the consistency rule fired
            with open(_FIRING_LOG, "a", encoding="utf-8") as log:
                for rid in sorted(_coverage.fired_in(prep)):
                    log.write(f"{_current_test[0]}\t{rid}\n")

    _api.evaluate_prepared = _recording

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(item):
        _current_test[0] = item.nodeid
        yield


# Headless Chromium for the browser tests (the briefing, the workbench): found here once.
CHROMIUM = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium")
                 if p and Path(p).exists()), None)
DRIVER = next((p for p in ("/usr/bin/chromedriver", shutil.which("chromedriver")) if p and Path(p).exists()), None)
needs_browser = pytest.mark.skipif(
    (CHROMIUM is None or DRIVER is None) and not os.environ.get("CI"),
    reason="Chromium or chromedriver not found (install the Debian packages chromium and chromium-driver; "
           "in CI, where CI is set, this test runs and fails instead)")


@contextmanager
def chromium(width: int = 1280, downloads: Path | None = None) -> Iterator[Any]:
    """One headless Chromium through selenium, with a throw-away profile (``downloads``: where
    files the page downloads go)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    assert CHROMIUM and DRIVER, "CI is set: Chromium and chromedriver must be installed (.ci/run installs them)"
    options = webdriver.ChromeOptions()
    profile = tempfile.mkdtemp(prefix="status-engine-chromium-")
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={profile}", f"--window-size={width},1000"):
        options.add_argument(arg)
    options.binary_location = CHROMIUM
    if downloads is not None:
        options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                                  "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    if downloads is not None:
        driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
