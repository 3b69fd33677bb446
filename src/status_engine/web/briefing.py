"""The briefing of a scenario sent in a request body (``POST /v1/brief``), through ``brief``.

``brief`` evaluates every event date from the scenario as already read, so a request's
body takes the same path as a file and nothing on disk is read on a request's say-so.
The PDF is the HTML page printed by headless Chromium (``render.pdf``), as on the command line.
"""

from __future__ import annotations

from typing import Any, Optional

from ..analysis import brief

TOGGLES = 6  # as `status-engine brief`'s default


def briefing(prep: Any, overrides: list, fmt: str, timeout: Optional[float],
             print_timeout: Optional[float] = None) -> bytes:
    """The Markdown (``fmt="md"``), HTML (``"html"``) or PDF (``"pdf"``) briefing of one prepared scenario."""
    html = fmt in ("html", "pdf")
    if fmt == "pdf":
        from ..render import pdf

        pdf.chromium()  # no browser: said before any work
    b = brief.scenario_brief(prep, prep.located.file, overrides, timeout, toggles=fmt == "html", max_toggles=TOGGLES)
    if html:
        from ..render.html import briefing as render
    else:
        from ..render.markdown import briefing as render
    text = render([b])
    if fmt != "pdf":
        return text.encode("utf-8")
    return pdf.html_to_pdf(text, print_timeout or pdf.TIMEOUT)
