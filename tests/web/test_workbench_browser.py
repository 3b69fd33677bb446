"""The workbench as a user drives it (issue 12, point 4), in headless Chromium against a real server.

uvicorn serves ``create_app()`` on 127.0.0.1 on a free port, in a thread of this process.
Needs the Debian packages `chromium` and `chromium-driver` and selenium (test extras);
skipped, with the reason, only when Chromium cannot be found and CI is not set; in CI a
missing browser fails the test.  Waits are for the page's answers, never for a time.
"""

from __future__ import annotations

import json
import shutil
import socket
import tempfile
import threading
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

from conftest import SCENARIOS, chromium, needs_browser  # noqa: E402

KURSK = SCENARIOS / "kursk-2025-02.yaml"
WAIT = 120  # seconds before a wait gives up: a bound on a hung page, not a performance claim


@pytest.fixture(scope="module")
def server():
    """The workbench on a free loopback port, stopped after the module's tests."""
    import uvicorn

    from status_engine.web.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(timeout=120), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    ready = threading.Event()
    while not srv.started and thread.is_alive():
        ready.wait(0.05)
    assert srv.started, "the server did not start"
    yield f"http://127.0.0.1:{port}/"
    srv.should_exit = True
    thread.join(30)


@pytest.fixture(scope="module")
def downloads():
    path = tempfile.mkdtemp(prefix="status-engine-downloads-")
    yield Path(path)
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def browser(downloads):
    """One headless Chromium for the module's tests (each starts by loading the page afresh)."""
    with chromium(1400, downloads) as driver:
        yield driver


def _cell(browser, person: str, key: str):
    from selenium.webdriver.common.by import By

    return browser.find_element(By.CSS_SELECTOR, f'table[data-person="{person}"] tr[data-key="{key}"] td.v')


def _answered(browser, action) -> None:
    """Do ``action`` (which evaluates), then wait until the page has the answer to it."""
    from selenium.webdriver.support.ui import WebDriverWait

    def count(b) -> int:
        return int(b.execute_script("return document.body.dataset.answered || '0'"))

    before = count(browser)
    action()
    WebDriverWait(browser, WAIT).until(lambda b: count(b) > before, "the page never answered")


def _until_verdict(browser, person: str, key: str, value: str) -> None:
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    def shown(b):
        try:
            return _cell(b, person, key).text == value
        except (NoSuchElementException, StaleElementReferenceException):
            return False

    WebDriverWait(browser, WAIT).until(shown, f"{person} {key} never showed {value!r}")


@needs_browser
def test_open_pin_explain_and_fix_an_error(server, browser):
    """A user opens Kursk Feb 2025, pins Baek's wish to the ROK, reads why return to the DPRK is
    then forbidden, breaks the file and sees the located problem beside it, then mends it."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    browser.get(server)
    _answered(browser, lambda: browser.find_element(By.ID, "file").send_keys(str(KURSK)))  # choosing evaluates
    _until_verdict(browser, "baek", "repatriate:dprk", "depends")

    # words with the key beside them, and the glossary on the verdict
    row = browser.find_element(By.CSS_SELECTOR, 'table[data-person="baek"] tr[data-key="repatriate:dprk"]')
    assert "return to the Democratic People's Republic of Korea" in row.text
    assert row.find_element(By.CSS_SELECTOR, "code.key").text == "repatriate:dprk"
    assert _cell(browser, "baek", "repatriate:dprk").get_attribute("title").startswith(
        "the decision is obligatory, permitted or forbidden according to the world")

    # Evaluate again by the button: the same answer
    _answered(browser, browser.find_element(By.ID, "evaluate").click)
    _until_verdict(browser, "baek", "repatriate:dprk", "depends")

    # pin a fact (not a position): Baek wishes to go to the ROK
    wish = Select(browser.find_element(By.CSS_SELECTOR, 'select[data-path="persons.baek.wish"]'))
    assert "Baek wishes to go to the Republic of Korea [rok]" in [o.text for o in wish.options]
    _answered(browser, lambda: wish.select_by_value("rok"))
    _until_verdict(browser, "baek", "repatriate:dprk", "forbidden")
    assert "changed" in browser.find_element(
        By.CSS_SELECTOR, 'table[data-person="baek"] tr[data-key="repatriate:dprk"]').get_attribute("class")

    # the explanation, one click away, in words with its citations
    _cell(browser, "baek", "repatriate:dprk").click()
    box = browser.find_element(By.ID, "explanation")
    WebDriverWait(browser, WAIT).until(lambda b: box.is_displayed() and "Casebook" in box.text,
                                       "no explanation with its citation appeared")
    text = box.text
    # (pinned to the ROK, Baek's facts are Ri's: the engine solves him once, and the steps name Ri)
    assert "return to the Democratic People's Republic of Korea is forbidden for" in text
    assert "non-refoulement bars returning" in text and "CAT art. 3(1)" in text
    assert "may not" in text  # a paraphrase of the rule's source
    assert "{" not in text and "forbidden(baek" not in text  # words, not JSON or atoms

    # an error: an impossible date, shown beside the text with its line, and the page keeps the last result
    area = browser.find_element(By.ID, "scenario")
    good = area.get_attribute("value")
    browser.execute_script("arguments[0].value = arguments[1];", area,
                           good.replace("as_of: 2025-02-20", "as_of: 2025-02-31", 1))
    _answered(browser, browser.find_element(By.ID, "evaluate").click)
    problems = browser.find_element(By.ID, "problems")
    WebDriverWait(browser, WAIT).until(lambda b: problems.text.strip(), "no problem was shown")
    assert "line 15" in problems.text and "as_of" in problems.text
    assert "bad" in area.get_attribute("class")

    # mended: the problems go, and the pinned fact still holds
    browser.execute_script("arguments[0].value = arguments[1];", area, good)
    _answered(browser, browser.find_element(By.ID, "evaluate").click)
    WebDriverWait(browser, WAIT).until(lambda b: not problems.text.strip(), "the problem stayed after the fix")
    _until_verdict(browser, "baek", "repatriate:dprk", "forbidden")
    assert Select(browser.find_element(By.CSS_SELECTOR, 'select[data-path="persons.baek.wish"]')
                  ).first_selected_option.get_attribute("value") == "rok"

    # free the fact again: back to depends
    _answered(browser, lambda: Select(browser.find_element(By.CSS_SELECTOR, 'select[data-path="persons.baek.wish"]')
                                      ).select_by_value(""))
    _until_verdict(browser, "baek", "repatriate:dprk", "depends")


@needs_browser
def test_sweep_and_needs_in_words(server, browser):
    """The analyses in the page: a sweep over Baek's wish, and what it takes for a transfer to the ROK."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    browser.get(server)
    _answered(browser, lambda: browser.find_element(By.ID, "file").send_keys(str(KURSK)))
    _until_verdict(browser, "baek", "repatriate:dprk", "depends")
    browser.find_element(By.CSS_SELECTOR, 'input[data-vary="persons.baek.wish"]').click()
    browser.find_element(By.ID, "sweep").click()
    out = browser.find_element(By.ID, "analysis")
    WebDriverWait(browser, WAIT).until(lambda b: "combination" in out.text, "no sweep shown")
    assert "6 combination(s) of persons.baek.wish" in out.text
    assert "baek.wish=rok" in out.text and "hand over to the Republic of Korea" in out.text

    Select(browser.find_element(By.ID, "goal_person")).select_by_value("baek")
    Select(browser.find_element(By.ID, "goal_key")).select_by_value("transfer:rok")
    Select(browser.find_element(By.ID, "goal_value")).select_by_value("permitted")
    browser.find_element(By.ID, "needs").click()
    WebDriverWait(browser, WAIT).until(lambda b: "it would take" in out.text, "no answer to what it would take")
    assert "Baek wishes to go to the Republic of Korea [persons.baek.wish=rok]" in out.text


def _answer(browser, key: str, value: str) -> None:
    """Answer one question of "New scenario" as a user does, and wait for the questions asked next."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select, WebDriverWait

    before = int(browser.execute_script("return document.body.dataset.asked || '0'"))
    field = browser.find_element(By.CSS_SELECTOR, f'#questions [data-key="{key}"]:not(div)')
    if field.tag_name == "select":
        Select(field).select_by_value(value)
    else:
        field.send_keys(Keys.CONTROL, "a")  # (clear() would fire a change of its own)
        field.send_keys(value, Keys.TAB)
    WebDriverWait(browser, WAIT).until(
        lambda b: int(b.execute_script("return document.body.dataset.asked || '0'")) > before, f"{key}: no answer")


def _keys(browser) -> set[str]:
    from selenium.webdriver.common.by import By

    return {e.get_attribute("data-key") for e in browser.find_elements(By.CSS_SELECTOR, "#questions div.question")}


@needs_browser
def test_new_scenario_then_a_problem_marked_at_its_line_then_a_pdf(server, browser, downloads):
    """A user builds the issue's Russian refuser through `new`'s questions in the page, evaluates it,
    breaks a date and sees the problem marked beside that line, mends it, and downloads the briefing
    as PDF and the scenario file."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server)
    browser.find_element(By.ID, "new").click()
    WebDriverWait(browser, WAIT).until(lambda b: b.execute_script("return document.body.dataset.asked"),
                                       "no questions were asked")
    # before he says whose forces he belongs to, the 4A(2) conditions may matter and are asked
    assert "persons.0.conditions_4a2.arms_openly" in _keys(browser)
    for key, value in (("id", "ru-refuser"), ("title", "Russian POW refusing exchange"), ("as_of", "2026-01-10"),
                       ("parties", "ru, ua"), ("persons.0.id", "ivan"), ("persons.0.origin", "ru"),
                       ("persons.0.armed_forces", "ru"), ("persons.0.captured_by", "ua"),
                       ("persons.0.captured_on", "2025-08-14"), ("persons.0.wish", "stay")):
        _answer(browser, key, value)
    asked = _keys(browser)
    # a member of a party's regular forces: art. 4A(1) decides, so no 4A(2) question; he refuses
    # return to Russia, so the risk there is asked (non-refoulement), with `unknown` offered
    assert not [k for k in asked if "conditions_4a2" in k] and "persons.0.incorporated_into" not in asked
    assert "persons.0.risk_on_return.ru" in asked
    _answer(browser, "persons.0.risk_on_return.ru", "substantial")
    _answered(browser, browser.find_element(By.ID, "new_write").click)  # writing evaluates
    # a soldier of a party's armed forces is a POW (GC III art. 4A(1)); with a substantial risk of
    # serious harm, returning him against his wish is forbidden (non-refoulement)
    _until_verdict(browser, "ivan", "pow", "necessary")
    _until_verdict(browser, "ivan", "repatriate:ru", "forbidden")
    area = browser.find_element(By.ID, "scenario")
    text = area.get_attribute("value")
    assert text.startswith("# yaml-language-server: $schema=") and "wish: stay" in text

    # a date that does not exist: marked in the gutter and on its line, with the message
    broken = text.replace("captured_on: 2025-08-14", "captured_on: 2025-08-34")
    line = broken.splitlines().index(next(x for x in broken.splitlines() if "2025-08-34" in x)) + 1
    browser.execute_script("arguments[0].value = arguments[1];", area, broken)
    _answered(browser, browser.find_element(By.ID, "evaluate").click)
    gutter = WebDriverWait(browser, WAIT).until(lambda b: b.execute_script(
        "const g = document.querySelector('#gutter .mark.bad[data-line=\"' + arguments[0] + '\"]');"
        "return g ? g.title : null;", line), "no mark in the gutter")
    assert "captured_on" in gutter
    # The marks are repainted on every scroll (a mark found a moment ago may be gone): the
    # mark is read in one script, atomically, until a paint has settled.
    mark = WebDriverWait(browser, WAIT).until(lambda b: b.execute_script(
        "const ta = document.getElementById('scenario');"
        "const m = document.querySelector('#linemarks .linemark.bad[data-line=\"' + arguments[0] + '\"]');"
        "if (!m) return null;"
        "const lh = parseFloat(getComputedStyle(ta).lineHeight), r = m.getBoundingClientRect();"
        "return {shown: r.width > 0 && r.height > 0, text: m.textContent,"
        "        title: m.querySelector('.linemsg').title, top: m.offsetTop,"
        "        expected: parseFloat(getComputedStyle(ta).paddingTop) + (arguments[0] - 1) * lh - ta.scrollTop};",
        line), "no mark on the line")
    assert mark["shown"] and "captured_on" in mark["text"]
    # the whole located message on hover, however much of it the editor's edge cuts
    assert mark["title"].startswith(f"line {line}") and "captured_on" in mark["title"]
    # the mark sits on that line: its top is (line - 1) line heights below the text's top, less the scroll
    assert abs(mark["top"] - mark["expected"]) < 1

    browser.execute_script("arguments[0].value = arguments[1];", area, text)
    _answered(browser, browser.find_element(By.ID, "evaluate").click)
    assert not browser.find_elements(By.CSS_SELECTOR, "#linemarks .linemark.bad, #gutter .mark.bad")

    browser.find_element(By.ID, "dl_pdf").click()
    pdf = downloads / "ru-refuser-briefing.pdf"
    WebDriverWait(browser, WAIT).until(lambda b: pdf.exists() and pdf.stat().st_size > 0, "no PDF was downloaded")
    assert pdf.read_bytes().startswith(b"%PDF-")
    browser.find_element(By.ID, "dl_yaml").click()
    saved = downloads / "ru-refuser.yaml"
    WebDriverWait(browser, WAIT).until(lambda b: saved.exists() and saved.stat().st_size > 0, "no scenario file")
    assert saved.read_text("utf-8") == text
    # The schema an editor needs to check a scenario as it is typed (the same as `status-engine schema`).
    browser.find_element(By.ID, "dl_schema").click()
    schema = downloads / "scenario.schema.json"
    WebDriverWait(browser, WAIT).until(lambda b: schema.exists() and schema.stat().st_size > 0, "no schema")
    from status_engine.scenario.schema import json_schema

    assert json.loads(schema.read_text("utf-8")) == json_schema()
