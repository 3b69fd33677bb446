"""Renderers: the same result as a terminal table, JSON, Markdown, HTML.

Text from a scenario (titles, labels, evidence) reaches a terminal only through
``console()``: control characters in it are shown as visible escapes (``\\u001b``), never
sent raw, so a title cannot clear the screen, move the cursor or plant a hyperlink.
"""

from __future__ import annotations

import re
from typing import Any

# C0 controls but newline and tab, DEL, C1 controls (CSI and OSC among them), lone surrogates.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def visible(text: str) -> str:
    """``text`` with every control character replaced by its escape, e.g. ``\\u001b``."""
    return CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def console(**kw: Any) -> Any:
    """A rich Console that never writes a control character it did not put there itself."""
    from rich.console import Console
    from rich.segment import Segment

    class SafeConsole(Console):
        def render(self, renderable: Any, options: Any = None):  # type: ignore[override]
            for seg in super().render(renderable, options):
                if not seg.control and CONTROL.search(seg.text):
                    seg = Segment(visible(seg.text), seg.style, seg.control)
                yield seg

    return SafeConsole(**kw)
