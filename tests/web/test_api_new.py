"""The workbench's "New scenario" over HTTP (issue 12, points 1-2): the questions of
`status-engine new`, from the same code, and the very file `new` writes."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner
from webclient import TestClient, create_app

from status_engine.cli.app import app as cli_app

from conftest import cli

# The Russian POW held by Ukraine who refuses exchange; unanswered questions keep their defaults.
REFUSER = {"id": "ru-refuser", "title": "Russian POW refusing exchange", "as_of": "2026-01-10", "parties": "ru, ua",
           "persons.0.id": "ivan", "persons.0.label": "Ivan, 31", "persons.0.origin": "ru",
           "persons.0.armed_forces": "ru", "persons.0.fought_for": "ru", "persons.0.captured_by": "ua",
           "persons.0.captured_on": "2025-08-14", "persons.0.wish": "stay", "persons.0.wish_verified": "false",
           "persons.0.risk_on_return.ru": "substantial"}
# The same answers typed into `status-engine new` (Enter = the default).
REFUSER_TYPED = "\n".join(["ru-refuser", "Russian POW refusing exchange", "2026-01-10", "", "ru, ua", "",
                           "ivan", "Ivan, 31", "ru", "ru", "ru", "ua", "2025-08-14",
                           "stay", "false", "substantial", "", "", "n", ""])


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(timeout=60))


def _keys(client, answers, **extra) -> dict:
    r = client.post("/v1/new/questions", json={"answers": answers, **extra})
    assert r.status_code == 200, r.text
    return {q["key"]: q for q in r.json()["questions"]}


def test_a_regular_soldier_of_a_party_is_not_asked_the_4a2_conditions(client):
    """Art. 4A(1) decides a member of a party's regular forces: the 4A(2) conditions cannot change his result."""
    qs = _keys(client, REFUSER)
    assert not [k for k in qs if "conditions_4a2" in k]
    assert "persons.0.incorporated_into" not in qs  # a party's own soldier: AP I art. 43 incorporation is moot
    assert "persons.0.charge" not in qs  # no proceedings (the default): nothing to be charged with


def test_a_volunteer_outside_the_forces_is_asked_each_condition_with_unknown(client):
    """No regular forces: 4A(2) decides, so each condition is asked, `unknown` offered and the default."""
    qs = _keys(client, {**REFUSER, "persons.0.armed_forces": "none", "persons.0.wish": "origin"})
    cond = [q for k, q in qs.items() if "conditions_4a2" in k]
    assert len(cond) == 4 and all("unknown" in q["words"] and q["default"] == "unknown" for q in cond)
    assert "persons.0.wish_verified" not in qs  # he wishes to go home: a verification cannot matter


def test_another_person_adds_his_questions(client):
    qs = _keys(client, {**REFUSER, "persons.0.more": "y"})
    assert qs["persons.1.id"]["default"] == "p2" and qs["persons.1.id"]["group"] == "Person 2"


def test_a_refused_answer_is_marked_beside_its_question(client):
    """An impossible date: the question carries the reason, in the words the terminal uses."""
    qs = _keys(client, {**REFUSER, "persons.0.captured_on": "2025-02-30"})
    assert qs["persons.0.captured_on"]["problem"] == \
        "Date of capture (YYYY-MM-DD | unknown): `2025-02-30` is not a date YYYY-MM-DD or unknown"
    assert qs["persons.0.wish"]["problem"] is None


def test_the_file_is_the_one_new_writes(client, tmp_path):
    """Same answers, same bytes as `status-engine new` (both written today), and the file validates."""
    r = client.post("/v1/new/file", json={"answers": REFUSER})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/yaml")
    out = tmp_path / "s.yaml"
    res = CliRunner().invoke(cli_app, ["new", "-o", str(out)], input=REFUSER_TYPED, catch_exceptions=False)
    assert res.exit_code == 0, res.output
    assert r.text == out.read_text("utf-8")
    assert r.text.startswith("# yaml-language-server: $schema=./scenario.schema.json\n")
    assert cli("validate", out).exit_code == 0


def test_from_offers_the_editors_file_as_defaults(client):
    """`from` is `new --from`: with no answers at all, the file comes back as it was written."""
    first = client.post("/v1/new/file", json={"answers": REFUSER}).text
    again = client.post("/v1/new/file", json={"answers": {}, "from": first})
    assert again.status_code == 200, again.text
    assert again.text == first


def test_refused_answers_are_422_located_by_question(client):
    r = client.post("/v1/new/file", json={"answers": {**REFUSER, "persons.0.wish": "Russia", "parties": ""}})
    assert r.status_code == 422
    problems = {p["key"]: p["message"] for p in r.json()["problems"]}
    assert set(problems) == {"persons.0.wish", "parties"}
    assert "`Russia` is not a state id (e.g. ru) or origin or stay or undecided or unknown" in problems["persons.0.wish"]


def test_a_body_that_is_not_answers_is_422_not_a_crash(client):
    for body in ('[1]', '{"answers": {"id": 3}}', "not json"):
        r = client.post("/v1/new/questions", content=body, headers={"Content-Type": "application/json"})
        assert r.status_code == 422, body
        assert r.json()["problems"][0]["message"]
    r = client.post("/v1/new/questions", content="id: x", headers={"Content-Type": "application/yaml"})
    assert r.status_code == 415


def test_a_malformed_from_file_offers_what_it_can_and_never_crashes(client):
    """`from` is any text a user has in the editor: wrong shapes give no defaults, not a server error."""
    odd = "id: odd\nconflict: {parties: 5}\npersons: 7\n"
    qs = _keys(client, {}, **{"from": odd})
    assert qs["id"]["default"] == "odd" and qs["parties"]["default"] is None
    odd = "persons:\n  - {id: a, conditions_4a2: [1], risk_on_return: 3, origin: ru, wish: stay}\n"
    qs = _keys(client, {}, **{"from": odd})
    assert qs["persons.0.id"]["default"] == "a" and qs["persons.0.risk_on_return.ru"]["default"] == "unknown"
    r = client.post("/v1/new/questions", json={"answers": {}, "from": "a: [unclosed"})
    assert r.status_code == 422 and r.json()["problems"][0]["file"] == "<editor>"
