"""The HTML briefing in headless Chromium: flipping an open fact changes the verdict shown.

Needs the Debian packages `chromium` and `chromium-driver` (`.ci/run` installs them) and
selenium (test extras).  Skipped, with the reason, only when Chromium cannot be found and
the environment variable CI is not set; in CI a missing browser fails the test.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from conftest import ROOT
from explain_support import kursk_html

CHROMIUM = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium")
                 if p and Path(p).exists()), None)
DRIVER = next((p for p in ("/usr/bin/chromedriver", shutil.which("chromedriver")) if p and Path(p).exists()), None)
SCREENSHOT = ROOT / "docs" / "img" / "briefing.png"

needs_browser = pytest.mark.skipif(
    (CHROMIUM is None or DRIVER is None) and not os.environ.get("CI"),
    reason="Chromium or chromedriver not found (install the Debian packages chromium and chromium-driver; "
           "in CI, where CI is set, this test runs and fails instead)")


@pytest.fixture
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    assert CHROMIUM and DRIVER, "CI is set: Chromium and chromedriver must be installed (.ci/run installs them)"
    options = webdriver.ChromeOptions()
    profile = tempfile.mkdtemp(prefix="status-engine-chromium-")
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={profile}", "--window-size=1280,1000"):
        options.add_argument(arg)
    options.binary_location = CHROMIUM
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@needs_browser
def test_flipping_an_open_position_changes_the_verdict_shown(browser, tmp_path):
    """kursk-2025-02: POW is possible; pin party_status=factual and the page shows necessary."""
    from selenium.webdriver.common.by import By

    page = kursk_html(str(tmp_path))
    browser.get(page.as_uri())
    row = browser.find_element(By.CSS_SELECTOR, 'section.explorer tr[data-person="ri"][data-key="pow"]')
    cell = row.find_element(By.CSS_SELECTOR, "td.v")
    why = row.find_element(By.CSS_SELECTOR, "td.why")
    assert cell.text == "possible"  # the script ran: the all-open world is the scenario's result
    before_why = why.text
    assert "on party status: a state is a party to the conflict once its forces take part in it" in before_why

    # The page opens with a summary per person and the glossary of the verdict words.
    summaries = browser.find_elements(By.CSS_SELECTOR, "section.person-summary")
    assert sorted(s.get_attribute("data-person") for s in summaries) == ["baek", "ri"]
    assert all("Turns on:" in s.text and "Status:" in s.text for s in summaries)
    glossary = browser.find_element(By.CSS_SELECTOR, "section.glossary")
    assert glossary.is_displayed() and "necessary" in glossary.text and "world" in glossary.text
    assert "`" not in browser.find_element(By.TAG_NAME, "body").text

    factual = browser.find_element(
        By.CSS_SELECTOR, 'input[data-path="positions.party_status"][data-value="factual"]')
    browser.execute_script("arguments[0].scrollIntoView({block: 'start'});",
                           browser.find_element(By.CSS_SELECTOR, "section.explorer"))
    factual.click()
    assert cell.text == "necessary"
    assert "changed" in row.get_attribute("class")
    assert why.text != before_why

    browser.find_element(By.CSS_SELECTOR, 'input[data-path="positions.party_status"][data-value="acknowledgment"]'
                         ).click()
    assert cell.text == "possible"
    presumed = browser.find_element(By.CSS_SELECTOR, 'tr[data-person="ri"][data-key="presumed_pow"] td.v')
    assert presumed.text == "possible"

    factual.click()
    browser.execute_script("window.scrollBy(0, -8);")
    shot = tmp_path / "briefing.png"
    assert browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    # The README's picture is refreshed only on request, so a test run leaves the tree clean.
    if os.environ.get("UPDATE_DOCS_IMG"):
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, SCREENSHOT)
    assert not [e for e in _severe_logs(browser)], "the page logs no script error"


def _severe_logs(browser):
    try:
        return [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
    except Exception:  # noqa: BLE001 - not every driver exposes logs
        return []
