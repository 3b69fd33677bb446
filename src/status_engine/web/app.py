"""The workbench and the HTTP JSON API (``status-engine serve``): a thin layer over ``api``.

Every answer is what the command line would print: ``POST /v1/evaluate`` returns the bytes
of ``status-engine eval FILE --format json``, ``/v1/schema`` those of ``status-engine
schema``, ``/v1/rules`` those of ``status-engine rules --json``, ``/v1/explain`` those of
``status-engine explain --format json``.  No legal reasoning lives here.

Bounds on every request (``bounds``): the body (the scenario file itself, never a path) is
at most ``max_body`` bytes (413 beyond) and must arrive within ``read_timeout`` seconds
(408); a solve may take at most ``timeout`` seconds, the whole work of a request (solving,
explaining, rendering) at most ``work_timeout`` (503 after either); at most ``workers``
evaluations run at once, in threads, the others wait their turn.  The scenario's warnings
come back in the ``Status-Engine-Warnings`` header.  Nothing on disk is read or written
because a request asked for it.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, List, Optional

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from .. import __version__, api
from ..errors import InputError, Problem
from .bounds import Pool, Refused, read_body, warnings_headers

MAX_BODY = 1024 * 1024  # bytes
TIMEOUT = 10.0  # seconds of solving per request
WORK_TIMEOUT = 60.0  # seconds of a request's whole work: solving, explaining, rendering
READ_TIMEOUT = 30.0  # seconds for the body to arrive
MAX_COMBINATIONS = 4096  # combinations a sweep may tabulate
BRIEF_TYPES = {"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8", "pdf": "application/pdf"}

_BODY_DOC = {
    "requestBody": {
        "required": True,
        "description": "The scenario file itself (SCENARIO-FORMAT §1), YAML or JSON by Content-Type.",
        "content": {
            "application/yaml": {"schema": {"type": "string"}},
            "text/yaml": {"schema": {"type": "string"}},
            "application/json": {"schema": {"type": "object"}},
        },
    }
}
_PROBLEMS_DOC = {
    "description": "Bad input: every located problem",
    "content": {"application/json": {"example": {"problems": [
        {"file": "<body>", "line": 3, "column": 7, "key": "as_of", "message": "...", "expected": "YYYY-MM-DD"}]}}},
}
_ERRORS = {408: {"description": "The body did not arrive in time"}, 413: {"description": "Body larger than the limit"},
           415: {"description": "Unsupported Content-Type"}, 422: _PROBLEMS_DOC,
           503: {"description": "The solve or the whole request took longer than this server's limits"}}
_WARNINGS_DOC = ("Warnings (what `status-engine eval` prints on standard error; they never change a result) come "
                 "in the `Status-Engine-Warnings` response header, a JSON array of located problems.")


@dataclass
class _Job:
    """One request's scenario: the body's text, how to parse it, and the warnings found reading it."""

    text: str
    kind: str
    warnings: list[Problem] = field(default_factory=list)


def _json_bytes(data: Any) -> bytes:
    from ..render.json_out import dumps

    return dumps(data).encode("utf-8")


def create_app(*, max_body: int = MAX_BODY, timeout: Optional[float] = TIMEOUT, workers: Optional[int] = None,
               rules_dir: Optional[str] = None, max_combinations: int = MAX_COMBINATIONS,
               work_timeout: Optional[float] = WORK_TIMEOUT, read_timeout: Optional[float] = READ_TIMEOUT) -> FastAPI:
    """The application; ``rules_dir`` is fixed when the server starts, never chosen by a request."""
    app = FastAPI(title="status-engine", version=__version__,
                  description="Legal-status reasoning for captured combatants, over HTTP. Each endpoint returns "
                              "exactly the JSON of the matching command line. " + _WARNINGS_DOC)
    pool = Pool(workers or max(1, os.cpu_count() or 1), work_timeout)
    book = api.rules_for(rules_dir)

    @app.exception_handler(Refused)
    async def _refused(_: Request, exc: Refused) -> JSONResponse:
        return JSONResponse(exc.body, status_code=exc.status)

    async def body_of(request: Request) -> _Job:
        """The scenario in the body: at most ``max_body`` bytes, within ``read_timeout`` seconds."""
        return _Job(*await read_body(request, max_body, read_timeout))

    def prepared(job: _Job, sets: list[str], as_of: Optional[str], name: str = "<body>") -> api.Prepared:
        """The body checked and prepared, its warnings kept; ``name`` is only how messages and briefings call it."""
        from ..cli.base import parse_date
        from ..scenario.load import load_json, load_text
        from ..scenario.check import parse_override, warnings

        located = load_json(job.text, name) if job.kind == "json" else load_text(job.text, name)
        problems: list[Problem] = []
        date, ovs = None, []
        try:
            date = parse_date(as_of, "as_of")
        except InputError as exc:
            problems += exc.problems
        for s in sets:
            try:
                ovs.append(parse_override(s))
            except InputError as exc:
                problems += exc.problems
        if problems:
            raise InputError(problems)
        prep = api.prepare_located(located, as_of=date, overrides=ovs, rules=book)
        if not job.warnings:  # an endpoint that prepares twice (whatif) reports them once
            job.warnings += warnings(prep.source, prep.located, prep.as_of)
        return prep

    async def run(job: _Job, fn: Callable[[], bytes], media_type: str = "application/json") -> Response:
        """``fn`` in the pool, within the time bound; the scenario's warnings in a header."""
        return await pool.run(fn, media_type, lambda: warnings_headers(job.warnings))

    @app.post("/v1/evaluate", openapi_extra=_BODY_DOC, responses=_ERRORS,
              summary="Evaluate a scenario: as `status-engine eval FILE --format json`")
    async def evaluate(request: Request,
                       set_: List[str] = Query([], alias="set", description="PATH=VALUE, as --set (repeatable)"),
                       as_of: Optional[str] = Query(None, description="Evaluation date YYYY-MM-DD, as --as-of"),
                       labels: bool = Query(False, description="Add `labels`: each status and outcome in words, "
                                            "the persons' names and the glossary, and `warnings` (no longer the "
                                            "CLI's bytes)")
                       ) -> Response:
        job = await body_of(request)

        def work() -> bytes:
            from ..render.json_out import render

            prep = prepared(job, set_, as_of)
            ev = api.evaluate_prepared(prep, timeout)
            if labels:
                from . import labels as words

                return _json_bytes({**ev.result, "labels": words.for_result(prep, ev.result),
                                    "warnings": [asdict(w) for w in job.warnings]})
            return render([ev.result]).encode("utf-8")

        return await run(job, work)

    @app.post("/v1/explain", openapi_extra=_BODY_DOC, responses=_ERRORS,
              summary="Explain statuses and verdicts: as `status-engine explain FILE --format json`")
    async def explain(request: Request,
                      person: Optional[str] = Query(None, description="Only this person, as --person"),
                      conclusion: Optional[str] = Query(None, description="Only this status or outcome, as --conclusion"),
                      versus: Optional[str] = Query(None, description="Contrast with this conclusion, as --versus"),
                      set_: List[str] = Query([], alias="set", description="PATH=VALUE, as --set (repeatable)"),
                      as_of: Optional[str] = Query(None, description="Evaluation date YYYY-MM-DD, as --as-of"),
                      labels: bool = Query(False, description="Add a `text` in words beside each derived atom, "
                                           "fact and condition, a `label` per explanation and the glossary")
                      ) -> Response:
        job = await body_of(request)

        def work() -> bytes:
            from ..cli.explain import explain_document

            prep = prepared(job, set_, as_of)
            doc = explain_document(prep, person, conclusion, versus, timeout)
            if labels:
                from . import labels as words

                doc = words.annotate_explanation(prep, doc)
            return _json_bytes(doc)

        return await run(job, work)

    @app.post("/v1/whatif", openapi_extra=_BODY_DOC, responses=_ERRORS,
              summary="Baseline against the overrides: as `status-engine whatif FILE --set ... --format json`")
    async def whatif(request: Request,
                     set_: List[str] = Query([], alias="set", description="PATH=VALUE, as --set (at least one)"),
                     as_of: Optional[str] = Query(None, description="Evaluation date YYYY-MM-DD, as --as-of")
                     ) -> Response:
        job = await body_of(request)

        def work() -> bytes:
            from ..cli.base import parse_date
            from ..scenario.check import parse_override
            from ..analysis.whatif.compare import compare

            if not set_:
                raise InputError([Problem("set", None, None, "set", "a what-if needs at least one override",
                                          "set=PATH=VALUE, e.g. persons.ri.wish=rok")])
            prep = prepared(job, set_, as_of)  # every problem of the file and the overrides first
            ovs = [parse_override(s) for s in set_]
            return _json_bytes(compare(prep.located, ovs, as_of=parse_date(as_of, "as_of"), rules=book,
                                       timeout=timeout).to_dict())

        return await run(job, work)

    @app.post("/v1/timeline", openapi_extra=_BODY_DOC, responses=_ERRORS,
              summary="Statuses and verdicts at each event date: as `status-engine timeline FILE --format json`")
    async def timeline(request: Request,
                       start: Optional[str] = Query(None, alias="from", description="First date, as --from"),
                       end: Optional[str] = Query(None, alias="to", description="Last date, as --to"),
                       set_: List[str] = Query([], alias="set", description="PATH=VALUE, as --set (repeatable)"),
                       ) -> Response:
        job = await body_of(request)

        def work() -> bytes:
            from ..cli.base import parse_date
            from ..scenario.check import parse_override
            from ..analysis.whatif.timeline import timeline as run_timeline

            first, last = parse_date(start, "from"), parse_date(end, "to")
            prep = prepared(job, set_, None)  # every problem of the file and the overrides first
            tl = run_timeline(prep.located, start=first, end=last,
                              overrides=[parse_override(s) for s in set_], rules=book, timeout=timeout)
            return _json_bytes(tl.to_dict())

        return await run(job, work)

    @app.post("/v1/open", openapi_extra=_BODY_DOC, responses=_ERRORS,
              summary="The open facts and positions, each with its values in words (no solving)")
    async def open_facts(request: Request,
                         set_: List[str] = Query([], alias="set", description="PATH=VALUE, as --set (repeatable)"),
                         as_of: Optional[str] = Query(None, description="Evaluation date YYYY-MM-DD, as --as-of")
                         ) -> Response:
        job = await body_of(request)

        def work() -> bytes:
            from . import labels as words

            return _json_bytes({"open": words.open_facts(prepared(job, set_, as_of))})

        return await run(job, work)

    @app.post("/v1/sweep", openapi_extra=_BODY_DOC, responses=_ERRORS,
              summary="A decision table: as `status-engine sweep FILE --format json`")
    async def sweep(request: Request,
                    vary: List[str] = Query([], description="A fact or position to vary, as --vary (repeatable)"),
                    person: Optional[str] = Query(None, description="Only this person, as --person"),
                    max_combinations: int = Query(max_combinations, ge=1, le=max_combinations,
                                                  description="Refuse sweeps with more combinations, "
                                                              "as --max-combinations (at most this server's bound)"),
                    set_: List[str] = Query([], alias="set", description="PATH=VALUE, as --set (repeatable)"),
                    as_of: Optional[str] = Query(None, description="Evaluation date YYYY-MM-DD, as --as-of")
                    ) -> Response:
        job = await body_of(request)

        def work() -> bytes:
            from ..analysis.whatif import sweep as sw

            prep = prepared(job, set_, as_of)
            tables = sw.sweep(prep, list(vary) or None, person=person, max_combinations=max_combinations,
                              timeout=timeout, progress=False)
            data = [sw.to_dict(t, prep.located.file, rows=True) for t in tables]
            return _json_bytes(data[0] if len(data) == 1 else data)

        return await run(job, work)

    @app.post("/v1/needs", openapi_extra=_BODY_DOC, responses=_ERRORS,
              summary="What would it take: as `status-engine needs FILE --person P --goal KEY=VALUE --format json`")
    async def needs(request: Request,
                    person: str = Query(..., description="The person the goal is about, as --person"),
                    goal: str = Query(..., description="KEY=VALUE, e.g. transfer:rok=permitted, as --goal"),
                    can_change: List[str] = Query([], description="A fact that may change, as --can-change "
                                                                  "(repeatable)"),
                    all_minimal: bool = Query(False, description="Also larger minimal change sets, as --all-minimal"),
                    limit: int = Query(20, ge=1, le=100, description="At most this many change sets, as --limit"),
                    set_: List[str] = Query([], alias="set", description="PATH=VALUE, as --set (repeatable)"),
                    as_of: Optional[str] = Query(None, description="Evaluation date YYYY-MM-DD, as --as-of")
                    ) -> Response:
        job = await body_of(request)

        def work() -> bytes:
            from ..cli.whatif import check_goal
            from ..analysis.whatif.needs import needs as run_needs
            from ..analysis.whatif.needs import parse_goal

            g = parse_goal(goal, person)
            prep = prepared(job, set_, as_of)
            check_goal([prep], person, g, "person", "goal")
            return _json_bytes(run_needs(prep, g, can_change=list(can_change) or None, all_minimal=all_minimal,
                                         limit=limit, timeout=timeout).to_dict())

        return await run(job, work)

    @app.post("/v1/brief", openapi_extra=_BODY_DOC, responses=_ERRORS,
              summary="The briefing as a document to download: as `status-engine brief FILE -o OUT.md|html|pdf`")
    async def brief_doc(request: Request,
                        format_: str = Query("html", alias="format", pattern="^(md|html|pdf)$",
                                             description="md (Markdown), html (one self-contained page) or pdf "
                                                         "(that page printed by headless Chromium)"),
                        filename: str = Query("scenario.yaml", pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$",
                                              description="How the briefing names the scenario file (a label "
                                                          "only: nothing is read or written)"),
                        set_: List[str] = Query([], alias="set", description="PATH=VALUE, as --set (repeatable)"),
                        as_of: Optional[str] = Query(None, description="Evaluation date YYYY-MM-DD, as --as-of")
                        ) -> Response:
        job = await body_of(request)

        def work() -> bytes:
            from ..scenario.check import parse_override
            from .briefing import briefing

            prep = prepared(job, set_, as_of, filename)
            return briefing(prep, [parse_override(s) for s in set_], format_, timeout, work_timeout)

        out = await run(job, work, BRIEF_TYPES[format_])
        if out.status_code == 200:
            name = filename.rsplit(".", 1)[0] + "-briefing." + format_
            out.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        return out

    @app.get("/v1/schema", summary="The JSON Schema of scenario files: as `status-engine schema`")
    def schema() -> Response:
        return Response(_schema_bytes(), media_type="application/json")

    @app.get("/v1/rules", summary="Every rule and its source: as `status-engine rules --json`")
    def rules() -> Response:
        from ..cli.rules import rule_rows

        return Response(_json_bytes(rule_rows(book)), media_type="application/json")

    from .authoring import add_routes

    add_routes(app, book, max_body, read_timeout, pool)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page() -> HTMLResponse:
        return HTMLResponse(_page(book))

    @app.get("/v1/limits", summary="This server's bounds on a request, and how many requests answered 503 "
                                   "for time still run")
    def limits() -> dict[str, Any]:
        return {"max_body_bytes": max_body, "timeout_seconds": timeout, "workers": pool.workers,
                "max_combinations": max_combinations, "work_timeout_seconds": work_timeout,
                "read_timeout_seconds": read_timeout,
                "late_requests": pool.late}

    return app


@lru_cache(maxsize=1)
def _schema_bytes() -> bytes:
    from ..scenario.schema import json_schema

    return _json_bytes(json_schema())


def _page(book) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("status_engine.web", "templates"), autoescape=select_autoescape())
    example = resources.files("status_engine.web").joinpath("example.yaml").read_text("utf-8")
    return env.get_template("index.html").render(version=__version__, example=example)
