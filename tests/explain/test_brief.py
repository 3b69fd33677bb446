"""Briefings: content, sources flagged, timeline, self-contained HTML, precomputed worlds."""

from __future__ import annotations

import json
import math
import random
import re

from explain_support import KURSK_02, kursk_brief

from status_engine import api
from status_engine.render import markdown, words
from status_engine.render.html import briefing as html_briefing
from status_engine.scenario.check import parse_override


def test_markdown_briefing_has_every_part_a_desk_officer_needs():
    """Summary, glossary, each conclusion with its reason and citations, open questions, timeline, sources."""
    b = kursk_brief()
    text = markdown.briefing([b])
    for heading in ("## Summary", "## Glossary", "## Ri, 26, sniper-scout", "## Baek, 21, rifleman",
                    "## Open questions and what each would change", "## Timeline", "## Sources",
                    "Provenance: facts relied on"):
        assert heading in text, heading
    assert text.index("## Summary") < text.index("## Glossary") < text.index("\n## Ri, 26, sniper-scout")
    assert "| prisoner of war [pow] | possible | possible |" in text
    assert "- **prisoner of war [pow]: possible** — what decides it: holds if " in text
    assert "[gc3_4a1]" in text  # the article and rule id behind a reason
    # an open question and what it changes
    assert "### When is a state that sent troops a party to the conflict?" in text
    assert re.search(r"\*\*on party status: a state is a party to the conflict once its forces take part in it\*\*"
                     r".* — if so: .*Ri: prisoner of war \[pow\] possible → necessary", " ".join(text.split()))


def test_markdown_briefing_opens_with_a_summary_per_person_in_words():
    """Each person: status, what will and may happen, what it turns on, what would change it; then the glossary."""
    text = markdown.briefing([kursk_brief()])
    summary = text[text.index("## Summary"):text.index("## Glossary")]
    for person in ("### Ri, 26, sniper-scout", "### Baek, 21, rifleman"):
        assert person in summary
    for part in ("**Status:**", "**Will happen (required):**", "**Must not happen (forbidden):**", "**Turns on:**",
                 "**Would change it:**"):
        assert summary.count(part) == 2, part
    assert "prisoner of war [pow]: possible" in summary
    glossary = text[text.index("## Glossary"):text.index("## Conclusions at a glance")]
    for word in ("necessary", "possible", "required", "permitted", "forbidden", "depends", "world"):
        assert f"- **{word}**: " in glossary, word


def test_markdown_briefing_pastes_into_a_memo():
    """No line over 120 characters outside tables; no backtick; no solver atom or file path outside the folds."""
    text = markdown.briefing([kursk_brief()])
    long = [line for line in text.splitlines() if len(line) > markdown.WIDTH and not line.startswith("|")]
    assert not long, long[:3]
    assert "`" not in text
    outside = re.sub(r'<details class="provenance">.*?</details>', "", text, flags=re.S)
    for noise in ("fails at", "(ri,", "(baek,", ".yaml", ".lp:", "party(none)"):
        assert noise not in outside, noise


def test_unverified_sources_are_flagged_for_a_lawyer():
    """Every cited rule whose source is unverified says so, in the sources table."""
    b = kursk_brief()
    text = markdown.briefing([b])
    unverified = [s for s in b.sources if not s.verified]
    assert unverified, "the Kursk briefing cites some unverified provisions"
    for s in unverified:
        row = next(line for line in text.splitlines() if f"| [{s.rule}] |" in line)
        assert words.UNVERIFIED in row
    for s in b.sources:
        if s.verified:
            row = next(line for line in text.splitlines() if f"| [{s.rule}] |" in line)
            assert words.UNVERIFIED not in row


def test_timeline_shows_what_each_event_changed():
    """14 Jan 2025: Seoul will accept them; Ri (who asked) may be transferred in every world."""
    b = kursk_brief()
    dates = [t.date for t in b.timeline]
    assert dates == sorted(dates) and "2025-01-14" in dates and b.as_of in dates
    jan14 = next(t for t in b.timeline if t.date == "2025-01-14")
    changes = {(c.person, str(c.key)): (c.before, c.after) for c in jan14.changes}
    assert changes[("ri", "transfer:rok")] == ("depends", "permitted")
    assert all(c.why for c in jan14.changes)


def test_html_is_one_self_contained_file():
    """No network: no external script, style, image or font; data and SVG inline."""
    page = html_briefing([kursk_brief()])
    assert "<script src" not in page and "<link" not in page and "@import" not in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page.replace('<a href="http', "<a data-x=\"http"))
    assert "url(" not in page
    assert page.count("<svg") >= 10
    assert '<script type="application/json" class="worlds">' in page
    assert words.UNVERIFIED in page


def test_html_speaks_in_words_outside_the_provenance_folds():
    """Summary and glossary first; no backtick; atoms and file paths only inside the provenance folds."""
    page = html_briefing([kursk_brief()])
    assert page.index('class="person-summary"') < page.index('class="glossary"') < page.index('class="conclusion"')
    assert "`" not in page
    body = page[page.index("<body>"):]
    outside = _without_folds(re.sub(r"<script.*?</script>", "", body, flags=re.S))
    for noise in ("fails at", "(ri,", "(baek,", ".yaml", ".lp:", "party(none)"):
        assert noise not in outside, noise


def _without_folds(page: str) -> str:
    """The page without its provenance folds (which may hold nested details)."""
    out, depth, inside = [], 0, 0
    for token in re.split(r"(<details[^>]*>|</details>)", page):
        if token.startswith("<details"):
            depth += 1
            if not inside and "provenance" in token:
                inside = depth
        elif token == "</details>":
            if inside == depth:
                inside = 0
            depth -= 1
        elif not inside:
            out.append(token)
    return "".join(out)


def test_toggles_are_the_decisive_open_keys():
    """At most six toggles, taken from the explanations' conditions; the party question is one."""
    t = kursk_brief().toggles
    paths = [k["path"] for k in t.keys]
    assert 1 <= len(paths) <= 6
    assert "positions.party_status" in paths
    decisive = {p for q in kursk_brief().questions if q.decisive_for for p in [q.path]}
    assert set(paths) <= decisive
    assert len(t.combos) == math.prod(len(k["values"]) + 1 for k in t.keys)


def _combo_result(t, index):
    row = t.combos[index]
    if row is None:
        return None
    out = {}
    for p, r in zip(t.persons, row):
        entries = t.rows[r]
        got = {key: e[0] for key, e in zip(t.conclusions[p], entries)}
        got.update({e[2]: e[0] for e in entries[len(t.conclusions[p]):]})  # arising only under these pins
        out[p] = got
    return out


def _digits(t, index):
    digits = []
    for k in reversed(t.keys):
        n = len(k["values"]) + 1
        digits.append(index % n)
        index //= n
    return list(reversed(digits))


def test_precomputed_worlds_match_the_engine_with_those_values_pinned():
    """Each combination's verdicts equal an ordinary evaluation with the same --set overrides."""
    b = kursk_brief()
    t = b.toggles
    base = api.evaluate_file(str(KURSK_02)).result["persons"]
    assert _combo_result(t, 0) == {p: {**r["status"], **r["outcomes"]} for p, r in base.items()}
    rng = random.Random(4)
    picked = [i for i in rng.sample(range(len(t.combos)), 40) if t.combos[i] is not None][:6]
    assert picked
    for index in picked:
        sets = [f"{k['path']}={k['values'][d - 1]}" for k, d in zip(t.keys, _digits(t, index)) if d]
        ev = api.evaluate_prepared(api.prepare(str(KURSK_02), overrides=[parse_override(s) for s in sets]))
        got = _combo_result(t, index)
        for p, r in ev.result["persons"].items():
            expected = {**r["status"], **r["outcomes"]}
            assert {k: v for k, v in got[p].items() if v != "absent"} == expected, (sets, p)


def test_each_world_has_a_one_line_reason_per_conclusion():
    """The page's explanation of a chosen world: a reason for every conclusion shown."""
    t = kursk_brief().toggles
    for row in t.rows[:50]:
        for value, text, *_ in row:
            if value != "absent":
                assert t.texts[text], "a shown conclusion has a reason"
    data = json.dumps(t.to_dict())
    assert len(data) < 2_000_000


def test_a_briefing_reports_its_progress_one_explanation_at_a_time(monkeypatch):
    """Issue 11.4: a progress bar on a terminal while the explanations (most of a briefing's time)
    are computed; it counts each one up to the total (drawn only on a terminal, never in pipes)."""
    from status_engine.analysis import brief as brief_mod
    from status_engine.analysis.whatif import progress

    seen: list[tuple[str, int, int | None]] = []
    original = progress.Progress.update

    def record(self, completed, total=None):
        seen.append((self.label, completed, self.total))
        return original(self, completed, total)

    monkeypatch.setattr(progress.Progress, "update", record)
    b = brief_mod.build([str(KURSK_02)])[0]
    counts = [(done, total) for label, done, total in seen if label.startswith("briefing kursk-2025-02")]
    explained = sum(len(p.explanations) for p in b.persons)
    assert counts[-1] == (explained, explained) and [d for d, _ in counts] == list(range(1, explained + 1))
