"""The HTTP JSON API (issue 12) through FastAPI's TestClient: the CLI's bytes, the bounds, the errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from webclient import KURSK, YAML, TestClient, create_app

from status_engine import api
from status_engine.render.json_out import render

from conftest import FIXTURES, SCENARIOS, cli


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(max_body=64 * 1024, timeout=60))


def _eval_bytes(path: Path, **kw) -> bytes:
    """What ``status-engine eval PATH --format json`` writes, computed in-process."""
    return render([api.evaluate_file(str(path), **kw).result]).encode("utf-8")


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.yaml")), ids=lambda p: p.stem)
def test_evaluate_returns_the_cli_bytes_for_every_bundled_scenario(client, path):
    r = client.post("/v1/evaluate", content=path.read_bytes(), headers=YAML)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/json"
    assert r.content == _eval_bytes(path)


def test_evaluate_is_byte_for_byte_the_command_line(client):
    out = cli("eval", KURSK, "--format", "json")
    r = client.post("/v1/evaluate", content=KURSK.read_bytes(), headers={"Content-Type": "text/yaml"})
    assert r.content == out.stdout.encode("utf-8")


def test_json_body_gives_the_same_result(client):
    from status_engine.scenario.load import load_text

    data = load_text(KURSK.read_text("utf-8"), str(KURSK)).data
    body = json.dumps(data, default=str)
    r = client.post("/v1/evaluate", content=body, headers={"Content-Type": "application/json; charset=utf-8"})
    assert r.status_code == 200, r.text
    assert r.content == _eval_bytes(KURSK)


def test_set_and_as_of_are_applied(client):
    from status_engine.scenario.check import parse_override

    sets = ["positions.party_status=factual", "persons.ri.wish_verified=true"]
    r = client.post("/v1/evaluate", params={"set": sets, "as_of": "2025-06-30"}, content=KURSK.read_bytes(),
                    headers=YAML)
    assert r.status_code == 200, r.text
    import datetime as dt

    expected = _eval_bytes(KURSK, as_of=dt.date(2025, 6, 30), overrides=[parse_override(s) for s in sets])
    assert r.content == expected
    assert r.json()["as_of"] == "2025-06-30"
    assert "positions.party_status" not in r.json()["open"]
    assert r.content != _eval_bytes(KURSK)


def test_bad_file_answers_422_with_located_problems(client):
    r = client.post("/v1/evaluate", content=(FIXTURES / "bad" / "enum.yaml").read_bytes(), headers=YAML)
    assert r.status_code == 422
    problems = r.json()["problems"]
    assert problems and all(set(p) == {"file", "line", "column", "key", "message", "expected"} for p in problems)
    assert all(p["file"] == "<body>" for p in problems)
    wounded = [p for p in problems if p["key"].endswith("seriously_wounded")]
    assert wounded and wounded[0]["line"] == 7


def test_syntax_error_and_bad_date_are_located(client):
    r = client.post("/v1/evaluate", content=(FIXTURES / "bad" / "date.yaml").read_bytes(), headers=YAML)
    assert r.status_code == 422
    assert r.json()["problems"][0]["line"] == 3
    r = client.post("/v1/evaluate", content=b"format: [unclosed\n", headers=YAML)
    assert r.status_code == 422 and r.json()["problems"][0]["line"] is not None


def test_bad_query_parameters_are_problems_too(client):
    r = client.post("/v1/evaluate", params={"set": ["nonsense"], "as_of": "2025-02-30"},
                    content=KURSK.read_bytes(), headers=YAML)
    assert r.status_code == 422
    keys = {p["file"] for p in r.json()["problems"]}
    assert keys == {"as_of", "--set"}


def test_huge_body_is_refused_with_413(client):
    r = client.post("/v1/evaluate", content=b"#" * (64 * 1024 + 1), headers=YAML)
    assert r.status_code == 413


def test_huge_body_without_content_length_is_refused_with_413(client):
    def chunks():
        for _ in range(100):
            yield b"#" * 1024

    r = client.post("/v1/evaluate", content=chunks(), headers=YAML)
    assert r.status_code == 413


def test_other_content_types_are_refused(client):
    r = client.post("/v1/evaluate", content=KURSK.read_bytes(), headers={"Content-Type": "text/plain"})
    assert r.status_code == 415
    assert r.json()["problems"][0]["key"] == "Content-Type"


def test_body_that_is_not_utf8_is_a_problem(client):
    r = client.post("/v1/evaluate", content=b"id: \xff\n", headers=YAML)
    assert r.status_code == 422 and r.json()["problems"][0]["line"] == 1


def test_solve_time_is_bounded():
    tight = TestClient(create_app(timeout=1e-9))
    r = tight.post("/v1/evaluate", content=KURSK.read_bytes(), headers=YAML)
    assert r.status_code == 503
    assert "timed out" in r.json()["error"]


def test_no_path_is_ever_read(client, tmp_path):
    """A body naming a file is a scenario (a bad one), never a path to open."""
    r = client.post("/v1/evaluate", content=str(KURSK).encode(), headers=YAML)
    assert r.status_code == 422


def test_schema_is_the_cli_schema(client):
    r = client.get("/v1/schema")
    assert r.status_code == 200
    assert r.content == cli("schema").stdout.encode("utf-8")


def test_rules_is_rules_json(client):
    r = client.get("/v1/rules")
    assert r.status_code == 200
    assert r.content == cli("rules", "--json").stdout.encode("utf-8")


def test_explain_is_explain_json(client):
    r = client.post("/v1/explain", params={"person": "ri", "conclusion": "pow"}, content=KURSK.read_bytes(),
                    headers=YAML)
    assert r.status_code == 200, r.text
    out = cli("explain", KURSK, "-p", "ri", "-c", "pow", "-f", "json")
    expected = json.loads(out.stdout)
    got = r.json()
    # the file is named differently (a path on the command line, <body> over HTTP)
    assert json.dumps(got).replace("<body>", str(KURSK)) == json.dumps(expected) or \
        json.dumps(got).replace("<body>", "") == json.dumps(expected).replace(str(KURSK), "")


def test_explain_unknown_person_is_422(client):
    r = client.post("/v1/explain", params={"person": "rii"}, content=KURSK.read_bytes(), headers=YAML)
    assert r.status_code == 422
    assert "did you mean" in r.json()["problems"][0]["message"]


def test_openapi_documents_the_endpoints(client):
    r = client.get("/openapi.json")
    assert r.status_code == 200
    paths = r.json()["paths"]
    for p in ("/v1/evaluate", "/v1/explain", "/v1/whatif", "/v1/timeline", "/v1/schema", "/v1/rules"):
        assert p in paths
    body = paths["/v1/evaluate"]["post"]["requestBody"]["content"]
    assert {"application/yaml", "application/json"} <= set(body)
    names = {p["name"] for p in paths["/v1/evaluate"]["post"]["parameters"]}
    assert {"set", "as_of"} <= names


def test_page_renders_with_the_example(client):
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "status-engine workbench" in r.text
    assert "format: status-engine/v1" in r.text
    assert "https://" not in r.text.split("<script>")[1]  # no CDN
    assert '"/v1/open"' in r.text  # the page asks the server for every open fact and its values


def test_page_example_is_the_contract_example():
    from importlib import resources

    shipped = resources.files("status_engine.web").joinpath("example.yaml").read_text("utf-8")
    assert shipped == (FIXTURES / "contract_example.yaml").read_text("utf-8")


def test_serve_refuses_non_loopback_hosts():
    out = cli("serve", "--host", "0.0.0.0")
    assert out.exit_code == 2
    out = cli("serve", "--host", "192.168.1.10")
    assert out.exit_code == 2


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost", "[::1]"])
def test_loopback_hosts_are_accepted(host):
    from status_engine.cli.serve import loopback

    assert loopback(host) in {host, host.strip("[]")}


def test_eval_does_not_import_the_web_stack():
    import subprocess
    import sys

    code = ("import sys; from status_engine import cli; "
            "print(any(m.split('.')[0] in {'fastapi', 'uvicorn', 'starlette', 'jinja2'} for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert out.stdout.strip() == "False"


def _same_but_the_name(got: bytes, cli_out: str, path: Path) -> bool:
    return got.decode("utf-8") == cli_out.replace(json.dumps(str(path))[1:-1], "<body>")


def test_whatif_is_whatif_json(client):
    path = SCENARIOS / "kursk-2025-06.yaml"
    s = "states.dprk.acknowledges_participation=false"
    r = client.post("/v1/whatif", params={"set": [s]}, content=path.read_bytes(), headers=YAML)
    assert r.status_code == 200, r.text
    assert _same_but_the_name(r.content, cli("whatif", path, "--set", s, "-f", "json").stdout, path)


def test_whatif_without_set_is_a_problem(client):
    r = client.post("/v1/whatif", content=KURSK.read_bytes(), headers=YAML)
    assert r.status_code == 422 and r.json()["problems"][0]["key"] == "set"


def test_timeline_is_timeline_json(client):
    path = SCENARIOS / "kursk-2025-06.yaml"
    r = client.post("/v1/timeline", content=path.read_bytes(), headers=YAML)
    assert r.status_code == 200, r.text
    assert _same_but_the_name(r.content, cli("timeline", path, "-f", "json").stdout, path)
