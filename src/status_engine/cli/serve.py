"""CLI command: ``status-engine serve`` (the workbench and HTTP API on a loopback address).

FastAPI and uvicorn are imported only when the command runs, so that ``eval`` stays fast
and the ``web`` extra stays optional.
"""

from __future__ import annotations

from typing import Optional

import typer

from .base import RULES, app, guarded

LOOPBACK_NAMES = {"localhost"}


def loopback(host: str) -> str:
    """``host`` if it is a loopback address (127.0.0.0/8, ::1, localhost); else a typer error."""
    import ipaddress

    if host.lower() in LOOPBACK_NAMES:
        return host
    try:
        if ipaddress.ip_address(host.strip("[]")).is_loopback:
            return host.strip("[]")
    except ValueError:
        pass
    raise typer.BadParameter(f"{host!r} is not a loopback address; the workbench serves this machine only "
                             "(e.g. 127.0.0.1 or ::1)")


@app.command("serve")
def serve_cmd(
    port: int = typer.Option(8765, "--port", min=1, max=65535, help="TCP port (default 8765)."),
    host: str = typer.Option("127.0.0.1", "--host", callback=loopback,
                             help="Loopback address to listen on (127.0.0.1, ::1 or localhost)."),
    max_body: int = typer.Option(1024 * 1024, "--max-body", min=1, help="Largest request body in bytes (413 beyond)."),
    solve_timeout: float = typer.Option(10.0, "--solve-timeout", min=0.01,
                                        help="Seconds a request's evaluation may take (503 beyond)."),
    request_timeout: float = typer.Option(60.0, "--request-timeout", min=0.01,
                                          help="Seconds a request's whole work (solving, explaining, writing) may "
                                               "take (503 beyond)."),
    read_timeout: float = typer.Option(30.0, "--read-timeout", min=0.01,
                                       help="Seconds a request's body may take to arrive (408 beyond)."),
    workers: Optional[int] = typer.Option(None, "--workers", min=1,
                                          help="Evaluations run at once (default: the number of CPUs)."),
    rules: Optional[str] = RULES,
) -> None:
    """Start the local workbench and HTTP JSON API (needs: pip install 'status-engine[web]').

    Open http://127.0.0.1:8765/ for the workbench; the API is under /v1 (OpenAPI at
    /openapi.json). Example: curl --data-binary @scenarios/kursk-2025-02.yaml
    -H 'Content-Type: application/yaml' http://127.0.0.1:8765/v1/evaluate
    """

    def run() -> None:
        try:
            import uvicorn

            from ..web.app import create_app
        except ImportError as exc:
            from ..errors import EvaluationError

            raise EvaluationError(f"serve needs the web extra ({exc.name} is missing): "
                                  "pip install 'status-engine[web]'") from None
        web = create_app(max_body=max_body, timeout=solve_timeout, workers=workers, rules_dir=rules,
                         work_timeout=request_timeout, read_timeout=read_timeout)
        typer.echo(f"status-engine workbench on http://{host if ':' not in host else f'[{host}]'}:{port}/ "
                   "(Ctrl-C to stop)", err=True)
        uvicorn.run(web, host=host, port=port, log_level="warning", limit_concurrency=64, timeout_keep_alive=5)

    guarded(run)
