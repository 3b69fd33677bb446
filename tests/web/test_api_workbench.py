"""The API behind the workbench (issue 12, points 2-3): words beside keys, open facts and their
values, sweep, needs and the briefing download; each answer checked against the command line."""

from __future__ import annotations

import json

import pytest
from webclient import KURSK, YAML, TestClient, create_app

from conftest import cli


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(max_body=64 * 1024, timeout=60))


def _post(client, path, params=None, body=None):
    return client.post(path, params=params or {}, content=body or KURSK.read_bytes(), headers=YAML)


def _without_file(data):
    """The CLI names the file it read, the API ``<body>``; each measures its own solve times: the rest must match."""
    items = data if isinstance(data, list) else [data]
    for d in items:
        d.pop("file", None)
        d.pop("seconds", None)
    return data


def test_labels_add_words_without_changing_the_result(client):
    """labels=true is the CLI's JSON plus `labels`: each status and outcome key in the rule base's words."""
    plain = _post(client, "/v1/evaluate").json()
    r = _post(client, "/v1/evaluate", {"labels": "true"})
    assert r.status_code == 200, r.text
    body = r.json()
    labels = body.pop("labels")
    assert body.pop("warnings") == []  # Kursk warns of nothing (`status-engine eval` prints no warning)
    assert body == plain
    keys = {k for res in plain["persons"].values() for k in list(res["status"]) + list(res["outcomes"])}
    assert keys == set(labels["conclusions"])
    assert labels["conclusions"]["pow"] == "prisoner of war"
    assert labels["conclusions"]["repatriate:dprk"] == "return to the Democratic People's Republic of Korea"
    assert labels["glossary"]["depends"].startswith("the decision is obligatory, permitted or forbidden")
    assert labels["persons"]["baek"] == "Baek"


def test_open_lists_every_open_fact_with_its_values_in_words(client):
    """/v1/open: the result's open paths, each with its domain, so the page can offer a selector per fact."""
    r = _post(client, "/v1/open")
    assert r.status_code == 200, r.text
    facts = {f["path"]: f for f in r.json()["open"]}
    assert set(facts) == set(_post(client, "/v1/evaluate").json()["open"])
    wish = facts["persons.baek.wish"]
    assert [v["value"] for v in wish["values"]] == ["origin", "stay", "undecided", "rok", "ru", "ua"]
    assert {"value": "rok", "text": "Baek wishes to go to the Republic of Korea"} in wish["values"]
    assert [v["value"] for v in facts["states.dprk.willing_to_receive"]["values"]] == ["true", "false"]
    assert facts["positions.party_status"]["question"]
    pinned = _post(client, "/v1/open", {"set": "persons.baek.wish=rok"}).json()["open"]
    assert "persons.baek.wish" not in {f["path"] for f in pinned}


def test_pinning_a_fact_changes_a_verdict(client):
    """Baek's return to the DPRK depends on his wish; pinned to the ROK it is forbidden (non-refoulement)."""
    before = _post(client, "/v1/evaluate").json()["persons"]["baek"]["outcomes"]["repatriate:dprk"]
    after = _post(client, "/v1/evaluate", {"set": "persons.baek.wish=rok"}).json()
    assert before == "depends"
    assert after["persons"]["baek"]["outcomes"]["repatriate:dprk"] == "forbidden"
    assert "persons.baek.wish" not in after["open"]


def test_explain_with_labels_gives_sentences_and_citations(client):
    """labels=true on /v1/explain adds words beside atoms, facts and conditions; the rest is the CLI's JSON."""
    params = {"person": "baek", "conclusion": "repatriate:dprk"}
    plain = _post(client, "/v1/explain", params)
    assert plain.content == cli("explain", KURSK, "--person", "baek", "--conclusion", "repatriate:dprk",
                                "--format", "json").stdout.replace(str(KURSK), "<body>").encode("utf-8")
    exp = _post(client, "/v1/explain", {**params, "labels": "true"}).json()["explanations"][0]
    assert exp["label"] == "return to the Democratic People's Republic of Korea"
    case = exp["cases"]["forbidden"][0]
    assert case["derivation"]["text"] == "return to the Democratic People's Republic of Korea is forbidden for Baek"
    assert case["derivation"]["citation"] and case["derivation"]["paraphrase"]
    assert "Baek wishes to go to the Republic of Korea" in case["condition"][0]["text"]


def test_sweep_is_the_command_line_json(client):
    """/v1/sweep returns `status-engine sweep --format json` (the file named <body>)."""
    args = ["--vary", "persons.baek.wish", "--vary", "positions.party_status"]
    out = cli("sweep", KURSK, *args, "--format", "json")
    assert out.exit_code == 0, out.stderr
    r = _post(client, "/v1/sweep", {"vary": ["persons.baek.wish", "positions.party_status"]})
    assert r.status_code == 200, r.text
    assert _without_file(r.json()) == _without_file(json.loads(out.stdout))


def test_sweep_is_bounded(client):
    """A sweep larger than the server's bound is refused with the CLI's problem, not computed."""
    small = TestClient(create_app(timeout=60, max_combinations=4))
    r = small.post("/v1/sweep", params={"vary": ["persons.baek.wish"]}, content=KURSK.read_bytes(), headers=YAML)
    assert r.status_code == 422
    assert "combinations" in r.json()["problems"][0]["message"]
    r = _post(client, "/v1/sweep", {"max_combinations": str(10**9)})
    assert r.status_code == 422  # a request cannot raise the server's bound


def test_needs_is_the_command_line_json(client):
    """/v1/needs returns `status-engine needs --format json`; an unknown person is a located problem."""
    out = cli("needs", KURSK, "--person", "baek", "--goal", "transfer:rok=permitted", "--format", "json")
    assert out.exit_code == 0, out.stderr
    r = _post(client, "/v1/needs", {"person": "baek", "goal": "transfer:rok=permitted"})
    assert r.status_code == 200, r.text
    assert _without_file(r.json()) == _without_file(json.loads(out.stdout))
    bad = _post(client, "/v1/needs", {"person": "bak", "goal": "transfer:rok=permitted"})
    assert bad.status_code == 422
    assert "did you mean `baek`" in bad.json()["problems"][0]["message"]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_brief_is_a_download_with_the_timeline_from_the_body(client, fmt):
    """/v1/brief: the `brief` document as an attachment; the timeline comes from the body, not from a file."""
    r = _post(client, "/v1/brief", {"format": fmt})
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-disposition"] == f'attachment; filename="scenario-briefing.{fmt}"'
    text = r.text
    assert "Kursk" in text and "prisoner of war" in text
    assert "No such file" not in text and "cannot read" not in text  # every timeline date was evaluated
    assert "2025-02-20" in text


def test_brief_markdown_matches_the_command_line(client, tmp_path):
    """The Markdown briefing of the body is the CLI's briefing of the file, up to the file's name."""
    out = tmp_path / "b.md"
    assert cli("brief", KURSK, "-o", out).exit_code == 0
    r = _post(client, "/v1/brief", {"format": "md", "filename": KURSK.name})
    assert r.headers["content-disposition"] == 'attachment; filename="kursk-2025-02-briefing.md"'
    assert r.text == out.read_text("utf-8").replace(str(KURSK), KURSK.name)


def test_brief_rejects_other_formats(client):
    """Only md and html: the format is never a file name."""
    assert _post(client, "/v1/brief", {"format": "../x"}).status_code == 422
    assert _post(client, "/v1/brief", {"format": "md", "filename": "../etc/passwd"}).status_code == 422


def test_explain_labels_say_why_no_rule_decides_otherwise(client):
    """A permitted transfer has no derivation: its words are the rules that do not apply, and why."""
    doc = _post(client, "/v1/explain", {"person": "ri", "conclusion": "transfer:rok", "labels": "true"}).json()
    case = doc["explanations"][0]["cases"]["permitted"][0]
    assert case["scope"]["text"] == "hand over to the Republic of Korea is a decision to be taken about Ri"
    failures = {w["citation"]: w for w in case["why_not"]}
    nr = failures['ICRC Casebook, glossary entry "Non-refoulement"']
    assert nr["failed_text"] == "Ri would face a substantial risk of serious harm in the Republic of Korea"
    assert nr["failed_negated"] is False
    assert failures["GC IV art. 45(4)"]["failed_negated"] is True
