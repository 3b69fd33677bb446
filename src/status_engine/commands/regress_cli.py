"""CLI commands: regress_cli (registered on status_engine.cli.app)."""

from __future__ import annotations

from ..cli import app  # noqa: F401
