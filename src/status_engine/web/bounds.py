"""The bounds every request of the server keeps: body size, time to send it, time to answer it.

* the body is read as it comes, at most ``max_body`` bytes (413), within ``read_timeout``
  seconds (408): a client that trickles its bytes cannot hold a worker;
* the work of a request (checking, solving, explaining, rendering) runs in a thread of a
  pool of ``workers``, and is answered 503 after ``work_timeout`` seconds.  Solving has its
  own limit inside clingo; the explanation and rendering steps have none of their own, so
  this is the bound that keeps a request from hanging.  Python cannot stop a thread: the
  late work is left to finish in the background, still counted against the pool, and while
  ``workers`` such threads are still running new requests are answered 503 at once instead
  of piling more work on a busy machine.

Warnings (what ``status-engine eval`` prints on standard error) travel in the
``Status-Engine-Warnings`` response header as a JSON array of located problems, so that
the body stays the command line's bytes.
"""

from __future__ import annotations

import json
import threading
from dataclasses import asdict
from typing import Any, Callable, Optional

import anyio
from fastapi import Request
from fastapi.responses import JSONResponse, Response

from ..errors import EvaluationError, InputError, Problem

YAML_TYPES = ("application/yaml", "text/yaml", "application/x-yaml", "text/x-yaml")
JSON_TYPE = "application/json"
WARNINGS_HEADER = "Status-Engine-Warnings"
OMITTED_HEADER = "Status-Engine-Warnings-Omitted"
MAX_HEADER = 8000  # bytes of warnings in the header; servers and proxies refuse much larger headers


class Refused(Exception):
    """A request answered before any work: its status code and JSON body."""

    def __init__(self, status: int, body: dict[str, Any]):
        super().__init__(status)
        self.status, self.body = status, body


def problems_body(problems: list[Problem]) -> dict[str, Any]:
    return {"problems": [asdict(p) for p in problems]}


async def read_body(request: Request, max_body: int, read_timeout: Optional[float],
                    kinds: tuple[str, ...] = (*YAML_TYPES, JSON_TYPE)) -> tuple[str, str]:
    """The body as text and how to parse it ("yaml" or "json"), or ``Refused``."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in kinds:
        raise Refused(415, problems_body([Problem("<body>", None, None, "Content-Type",
                                                  f"cannot read a body of type {kind or 'none'!r}",
                                                  ", ".join(k for k in kinds if not k.startswith("text/x")))]))
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_body:
        raise Refused(413, {"error": f"the body is {int(declared):,} bytes, more than the limit of {max_body:,}"})
    chunks: list[bytes] = []
    with anyio.move_on_after(read_timeout) as scope:
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > max_body:
                raise Refused(413, {"error": f"the body is more than the limit of {max_body:,} bytes"})
            chunks.append(chunk)
    if scope.cancelled_caught:
        raise Refused(408, {"error": f"the body did not arrive within {read_timeout:g} s; send it at once"})
    data = b"".join(chunks)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise Refused(422, problems_body([Problem("<body>", line, None, "", f"the body is not UTF-8 text "
                                                  f"(byte {exc.start + 1})", "UTF-8 text")])) from None
    return text, ("json" if kind == JSON_TYPE else "yaml")


def warnings_headers(warnings: list[Problem]) -> dict[str, str]:
    """The warnings as response headers: a JSON array (ASCII), cut to ``MAX_HEADER`` bytes with a count."""
    if not warnings:
        return {}
    items = [json.dumps(asdict(w), ensure_ascii=True, separators=(",", ":")) for w in warnings]
    kept, size = [], 2
    for item in items:
        if size + len(item) + 1 > MAX_HEADER:
            break
        kept.append(item)
        size += len(item) + 1
    out = {WARNINGS_HEADER: "[" + ",".join(kept) + "]"}
    if len(kept) < len(items):
        out[OMITTED_HEADER] = str(len(items) - len(kept))
    return out


class Pool:
    """Runs each request's work in a thread, at most ``workers`` at once, each answered within ``work_timeout``."""

    def __init__(self, workers: int, work_timeout: Optional[float]):
        self.limiter = anyio.CapacityLimiter(workers)
        self.workers = workers
        self.work_timeout = work_timeout
        self._late = 0  # threads whose request was answered 503 and which still run
        self._lock = threading.Lock()

    @property
    def late(self) -> int:
        with self._lock:
            return self._late

    async def run(self, fn: Callable[[], bytes], media_type: str = "application/json",
                  headers: Optional[Callable[[], dict[str, str]]] = None) -> Response:
        """``fn`` in the pool; its errors as the JSON a client can act on; ``headers`` read after it ran."""
        if self.late >= self.workers:
            return JSONResponse({"error": f"the server is still finishing {self.late} request(s) that ran out of "
                                          "time; try again shortly"}, status_code=503)
        state = {"started": False, "answered": False, "abandoned": False}

        def guarded() -> bytes:
            with self._lock:
                if state["answered"]:  # answered 503 while it waited for a thread: nothing to do
                    return b""
                state["started"] = True
            try:
                return fn()
            finally:
                with self._lock:
                    if state["abandoned"]:
                        self._late -= 1
                    state["answered"] = True

        try:
            with anyio.fail_after(self.work_timeout):
                out = await anyio.to_thread.run_sync(guarded, limiter=self.limiter, abandon_on_cancel=True)
        except TimeoutError:
            with self._lock:
                if state["started"] and not state["answered"]:
                    state["abandoned"] = True
                    self._late += 1
                state["answered"] = True
            return JSONResponse({"error": f"the request took longer than this server's limit of "
                                          f"{self.work_timeout:g} s (reading, solving, explaining and writing "
                                          "together); pin some open facts, or ask about one person or one "
                                          "conclusion"}, status_code=503)
        except InputError as exc:
            return JSONResponse(problems_body(exc.problems), status_code=422)
        except EvaluationError as exc:
            status = 503 if "timed out" in exc.args[0] else 422
            return JSONResponse({"error": exc.args[0], "details": exc.details}, status_code=status)
        except Exception as exc:  # noqa: BLE001 - a missing browser for PDF is the server's lack, not the client's
            from ..render.pdf import PdfUnavailable

            if isinstance(exc, PdfUnavailable):
                return JSONResponse({"error": str(exc)}, status_code=503)
            raise
        return Response(out, media_type=media_type, headers=headers() if headers else None)
