"""The workbench's "New scenario": the questions of ``status-engine new``, asked over HTTP.

The page sends the answers so far and gets back the questions to ask now (those whose
answers can change a result, from ``authoring.questions``, the same code the terminal
uses), each with the reason its current answer is refused, if it is; then it asks for
the file, which is the one ``new`` would write, checked valid before it is sent.  Nothing
is solved here and nothing is written to disk.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from fastapi import FastAPI, Request
from fastapi.responses import Response

from ..errors import InputError, Problem
from .bounds import JSON_TYPE, Pool, read_body

SCHEMA_LINE = "./scenario.schema.json"  # as `status-engine new` writes by default
_DOC = {"requestBody": {"required": True, "content": {JSON_TYPE: {"schema": {
    "type": "object",
    "properties": {"answers": {"type": "object", "additionalProperties": {"type": "string"},
                               "description": "Answers so far, by question key (e.g. persons.0.wish)"},
                   "from": {"type": "string", "description": "A scenario (YAML or JSON text) whose answers are "
                                                             "offered as defaults, as `new --from`"}}}}}}}


def _request(text: str) -> tuple[dict[str, str], Mapping[str, Any]]:
    """The answers and the scenario to take defaults from, or every problem with the request."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InputError([Problem("<body>", None, None, "", f"the body is not JSON: {exc}", "a JSON object")]) from None
    answers = data.get("answers", {}) if isinstance(data, dict) else None
    if not isinstance(answers, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in answers.items()):
        raise InputError([Problem("<body>", None, None, "answers", "the answers must be an object of texts",
                                  '{"answers": {"id": "my-case", "persons.0.wish": "stay"}}')])
    old: Mapping[str, Any] = {}
    if isinstance(data.get("from"), str) and data["from"].strip():
        from ..scenario.load import load_text

        loaded = load_text(data["from"], "<editor>").data
        old = loaded if isinstance(loaded, dict) else {}
    return {k: v.strip() for k, v in answers.items()}, old


def questions_json(text: str) -> bytes:
    """Every question to ask now, with the current answer's problem beside it (``None`` when fine)."""
    from ..scenario.authoring.questions import problems, questions

    answers, old = _request(text)
    asked = questions(answers, old)
    wrong = {p.key: p.message for p in problems(answers, asked) if p.key in answers}  # missing ones: on writing
    return json.dumps({"questions": [{**q.to_dict(), "problem": wrong.get(q.key)} for q in asked]},
                      ensure_ascii=False).encode("utf-8")


def scenario_file(text: str, book: Any) -> bytes:
    """The file ``status-engine new`` would write for these answers; ``InputError`` if any is refused."""
    from .. import api
    from ..scenario.authoring.questions import problems, questions, scenario_text
    from ..scenario.load import load_text

    answers, old = _request(text)
    asked = questions(answers, old)
    wrong = problems(answers, asked)
    if wrong:
        raise InputError(wrong)
    out = scenario_text(answers, asked, SCHEMA_LINE)
    api.check(load_text(out, "<new scenario>"), book)  # what we send is valid (ids unique, states declared)
    return out.encode("utf-8")


def add_routes(app: FastAPI, book: Any, max_body: int, read_timeout: float | None, pool: Pool) -> None:
    """``POST /v1/new/questions`` and ``POST /v1/new/file`` on ``app``."""

    @app.post("/v1/new/questions", openapi_extra=_DOC,
              summary="The questions `status-engine new` would ask now, given the answers so far")
    async def new_questions(request: Request) -> Response:
        text, _ = await read_body(request, max_body, read_timeout, (JSON_TYPE,))
        return await pool.run(lambda: questions_json(text))

    @app.post("/v1/new/file", openapi_extra=_DOC,
              summary="The scenario file `status-engine new` would write for these answers (YAML)")
    async def new_file(request: Request) -> Response:
        text, _ = await read_body(request, max_body, read_timeout, (JSON_TYPE,))
        return await pool.run(lambda: scenario_file(text, book), "application/yaml; charset=utf-8")
