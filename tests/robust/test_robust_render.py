"""Finding 9 and the SVG part of 10: output cannot be hijacked by the text it shows.

Load-time checks already refuse control characters in a file; these tests hand hostile
text straight to the renderers (as a future input path or a library caller might), and
check that the terminal gets visible escapes, the Markdown briefing escaped HTML, and
the SVG well-formed XML.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from status_engine import api
from status_engine.analysis import brief

from conftest import SCENARIOS

KURSK = SCENARIOS / "kursk-2025-02.yaml"
KURSK_06 = SCENARIOS / "kursk-2025-06.yaml"
CLEAR = "\x1b[2J"
LINK = "\x1b]8;;http://example.invalid\x1b\\click\x1b]8;;\x1b\\"
HOSTILE = f"Ri {CLEAR}{LINK} \x9b31m"


@pytest.fixture(scope="module")
def evaluation():
    return api.evaluate_prepared(api.prepare(str(KURSK)))


def _no_raw_controls(out: str):
    assert "\x1b[2J" not in out and "\x1b]8" not in out and "\x9b" not in out
    assert "\\u001b[2J" in out  # shown, visibly, rather than dropped without a trace


def test_eval_table_shows_escape_sequences_visibly(capsys, evaluation):
    """A title reached the terminal raw: \\x1b[2J cleared the screen, OSC 8 planted a link."""
    from status_engine.render.table import render

    render([(evaluation.result, HOSTILE)])
    _no_raw_controls(capsys.readouterr().out)


def test_explain_tree_shows_escape_sequences_visibly(capsys, evaluation):
    from status_engine.analysis import explain
    from status_engine.render.tree import render

    meta = dict(brief.meta(evaluation), title=HOSTILE)
    ex = explain.Explainer(evaluation)
    render(meta, [ex.explain("ri", "pow")])
    _no_raw_controls(capsys.readouterr().out)


def test_timeline_table_shows_escape_sequences_visibly(capsys):
    from status_engine.render.whatif_tables import timeline_table
    from status_engine.analysis.whatif.timeline import timeline

    tl = timeline(str(KURSK_06))
    data = tl.to_dict()
    for p in data["points"]:
        p["events"] = [HOSTILE for _ in p["events"]] or [HOSTILE]
    timeline_table([data], [tl.lanes(False)])
    _no_raw_controls(capsys.readouterr().out)


def test_markdown_briefing_escapes_html():
    """`<script>` and `<!--` went through the Markdown briefing unescaped."""
    from status_engine.render.markdown import briefing

    briefs = brief.build([str(KURSK)], toggles=False)
    briefs[0].title = "<script>alert(1)</script> <!-- hides the rest & more"
    for p in briefs[0].persons:
        p.label = "<img src=x onerror=alert(1)>"
    out = briefing(briefs)
    assert "<script>" not in out and "<!--" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;!-- hides the rest &amp; more" in out


def test_svg_chart_stays_well_formed_with_control_characters():
    """XML 1.0 cannot carry most control characters, even escaped: the chart broke."""
    from status_engine.analysis.whatif.timeline import svg, timeline

    tl = timeline(str(KURSK_06))
    tl.title = "Kursk \x1b[2J \x01 <b>&"
    text = svg(tl)
    root = ET.fromstring(text)  # raises on a control character or bad markup
    assert "\x1b" not in text and "\\u001b[2J" in "".join(root.itertext())
