"""pytest plugin for bench/mutation.py: run the suite with one rule switched off.

Loaded with ``-p mutation_plugin`` (bench/ on PYTHONPATH).  ``STATUS_ENGINE_MUTANT`` names
the rule ids to switch off (comma-separated); every evaluation that asks for the
shipped rules (``api.rules_for`` without a directory) then gets them without those ids,
read from ``STATUS_ENGINE_MUTATION_RULES`` (a snapshot of the shipped rules) when set.
"""

from __future__ import annotations

import os


def pytest_configure(config):  # noqa: D401 - pytest hook
    mutant = tuple(r for r in os.environ.get("STATUS_ENGINE_MUTANT", "").split(",") if r)
    snapshot = os.environ.get("STATUS_ENGINE_MUTATION_RULES") or None
    if not mutant and not snapshot:
        return
    from status_engine import api

    original = api.rules_for

    def rules_for(rules_dir=None, disabled=()):
        if rules_dir is None:
            return original(snapshot, tuple(disabled) + mutant)
        return original(rules_dir, disabled)

    api.rules_for = rules_for


def pytest_sessionstart(session):  # noqa: D401 - pytest hook
    """Mutants must not write their failing examples into the hypothesis database."""
    if not os.environ.get("STATUS_ENGINE_MUTANT"):
        return
    try:
        from hypothesis import settings
    except ImportError:
        return
    settings.register_profile("status-engine-mutation", settings.get_profile("default"), database=None)
    settings.load_profile("status-engine-mutation")
