"""The briefing of a scenario sent in a request body (``POST /v1/brief``), through ``brief``.

``brief`` evaluates every event date from the scenario as already read, so a request's
body takes the same path as a file and nothing on disk is read on a request's say-so.
"""

from __future__ import annotations

from typing import Any, Optional

from .. import brief

TOGGLES = 6  # as `status-engine brief`'s default


def briefing(prep: Any, overrides: list, fmt: str, timeout: Optional[float]) -> str:
    """The Markdown (``fmt="md"``) or HTML briefing of one prepared scenario."""
    html = fmt == "html"
    b = brief.scenario_brief(prep, prep.located.file, overrides, timeout, toggles=html, max_toggles=TOGGLES)
    if html:
        from ..render.html import briefing as render
    else:
        from ..render.markdown import briefing as render
    return render([b])
