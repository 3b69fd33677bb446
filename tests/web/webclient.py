"""What the HTTP API tests share: the framework's test client (skipped without FastAPI),
the app factory, and the request headers and scenarios they send."""

from __future__ import annotations

import warnings

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

with warnings.catch_warnings():  # starlette's notice about httpx2, not about this project
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # noqa: E402,F401

from status_engine.web.app import create_app  # noqa: E402,F401

from conftest import FIXTURES, SCENARIOS  # noqa: E402

YAML = {"Content-Type": "application/yaml"}
KURSK = SCENARIOS / "kursk-2025-02.yaml"
EXAMPLE = FIXTURES / "contract_example.yaml"  # small: one person, a title of its own
