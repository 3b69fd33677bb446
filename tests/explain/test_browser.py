"""The HTML briefing in headless Chromium: summary and glossary first, toggles, graphs that fit, print to PDF.

Needs the Debian packages `chromium` and `chromium-driver` (`.ci/run` installs them) and
selenium (test extras).  Skipped, with the reason, only when Chromium cannot be found and
the environment variable CI is not set; in CI a missing browser fails the test.
"""

from __future__ import annotations

import os
import shutil

import pytest

from conftest import ROOT, chromium, needs_browser
from explain_support import kursk_html

SCREENSHOT = ROOT / "docs" / "img" / "briefing.png"


@pytest.fixture(scope="module")
def browser():
    with chromium(1280) as driver:
        yield driver


@pytest.fixture(scope="module")
def kursk_page(tmp_path_factory):
    """The kursk-2025-02 briefing, written once for the module (one browser, one page)."""
    return kursk_html(str(tmp_path_factory.mktemp("briefing")))


@needs_browser
def test_flipping_an_open_position_changes_the_verdict_shown(browser, kursk_page, tmp_path):
    """kursk-2025-02: POW is possible; pin party_status=factual and the page shows necessary."""
    from selenium.webdriver.common.by import By

    browser.get(kursk_page.as_uri())
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

    assert not [e for e in _severe_logs(browser)], "the page logs no script error"


@needs_browser
def test_the_page_opens_on_the_summary_and_the_glossary(browser, kursk_page, tmp_path):
    """Top of the page: one summary per person (status, what will happen, what it turns on), then the glossary."""
    from selenium.webdriver.common.by import By

    browser.get(kursk_page.as_uri())
    top = browser.execute_script("return window.innerHeight;")
    first = browser.find_element(By.CSS_SELECTOR, "section.person-summary")
    assert first.location["y"] < top, "a summary is on the first screen"
    ri = browser.find_element(By.CSS_SELECTOR, 'section.person-summary[data-person="ri"]')
    assert "Ri, 26, sniper-scout" in ri.text and "prisoner of war [pow]: possible" in ri.text
    terms = [dt.text for dt in browser.find_elements(By.CSS_SELECTOR, "section.glossary dt")]
    assert {"necessary", "possible", "required", "permitted", "forbidden", "depends", "world"} <= set(terms)
    glossary = browser.find_element(By.CSS_SELECTOR, "section.glossary")
    assert glossary.location["y"] < browser.find_element(By.CSS_SELECTOR, "div.conclusion").location["y"]
    # The picture: the page's top down to the end of the glossary, in one screen.
    bottom = browser.execute_script("return document.querySelector('section.glossary').getBoundingClientRect().bottom;")
    browser.set_window_size(1280, min(int(bottom) + 40, 2600))
    chrome = browser.execute_script("return window.outerHeight - window.innerHeight;")
    browser.set_window_size(1280, min(int(bottom) + 40 + chrome, 2600))  # the window's own bars are not page
    shot = tmp_path / "briefing.png"
    try:
        assert browser.save_screenshot(str(shot))
    finally:
        browser.set_window_size(1280, 1000)
    assert shot.stat().st_size > 10_000
    # The README's picture is refreshed only on request, so a test run leaves the tree clean.
    if os.environ.get("UPDATE_DOCS_IMG"):
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, SCREENSHOT)


@needs_browser
def test_derivation_graphs_fit_the_page_with_the_root_on_top(browser, kursk_page):
    """Every graph, once its fold is open, is no wider than the page and its top box is the conclusion."""
    from selenium.webdriver.common.by import By

    browser.get(kursk_page.as_uri())
    browser.execute_script("document.querySelectorAll('details').forEach(function (d) { d.open = true; });")
    page_width = browser.execute_script("return document.body.clientWidth;")
    graphs = browser.find_elements(By.CSS_SELECTOR, "svg.dg")
    assert len(graphs) >= 10
    for g in graphs:
        box = browser.execute_script(
            "var r = arguments[0].getBoundingClientRect(), n = arguments[0].querySelectorAll('g');"
            "var tops = Array.prototype.map.call(n, function (x) { return x.getBoundingClientRect().top; });"
            "return [r.width, tops[0], Math.min.apply(null, tops)];", g)
        assert 0 < box[0] <= page_width
        assert box[1] == box[2], "the first box (the conclusion) is the topmost"


@needs_browser
def test_the_briefing_prints_to_pdf(browser, kursk_page):
    """Print to PDF (Chromium's own print): a PDF document of several pages; in print the toggles are left out
    (they need a script and a click; the conclusions they would update are printed above them)."""
    import base64

    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.print_page_options import PrintOptions

    browser.get(kursk_page.as_uri())
    pdf = base64.b64decode(browser.print_page(PrintOptions()))
    assert pdf.startswith(b"%PDF")
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") > 1
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not browser.find_element(By.CSS_SELECTOR, "section.explorer").is_displayed()
        assert browser.find_element(By.CSS_SELECTOR, "section.glossary").is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def _severe_logs(browser):
    try:
        return [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
    except Exception:  # noqa: BLE001 - not every driver exposes logs
        return []
