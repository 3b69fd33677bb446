"""What the mutation check (bench/mutation.py, docs/regress.md) found, closed by expectations.

Switching off each rule id below changed no conclusion of the bundled scenarios: only the
rule-by-rule tests of tests/rules noticed.  The scenario files in tests/regress/scenarios
state, for each, what the legal brief expects (every expectation cites it); the pytest
plugin collects them as test items (ini option ``status_engine_scenarios``).  The tests
here check that the gap corpus itself notices each of these rules being switched off, so
that the gap stays closed when the scenarios are edited.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from status_engine import regress
from status_engine.errors import InputError

from regcase import shipped

GAP_DIR = Path(__file__).parent / "scenarios"

GAPS = {  # rule id switched off -> the gap scenario whose expectations notice it
    "korea1953_will_bar": "gap-will-based-ceasefire.yaml",      # brief exp. 15 B
    "api_47_1": "gap-mercenary.yaml",                           # brief exp. 8, §3.4
    "api_47_2": "gap-mercenary.yaml",                           # brief exp. 7-8, §3.4
    "api_45_2": "gap-mercenary.yaml",                           # brief §3.3
    "nkda_7": "gap-defectors-act.yaml",                         # brief exp. 18, §5.4
    "nkda_8": "gap-defectors-act.yaml",                         # brief exp. 18, §5.4
    "scope_protection_decision": "gap-defectors-act.yaml",      # brief exp. 18
    **{f"nkda_9_{n}": "gap-defectors-act.yaml" for n in range(1, 7)},  # brief exp. 19, §5.4
    "rok_nationality_act_2": "gap-defectors-act.yaml",          # brief §5.2
    "gc3_12_party": "gap-transfer-limits.yaml",                 # brief §1.5, exp. 17
    "nonrefoulement_transfer": "gap-transfer-limits.yaml",      # brief §4.2, exp. 16
    "gc3_115": "gap-wounded-proceedings.yaml",                  # brief §1.8
    "gc3_4a3": "gap-unrecognised-government.yaml",              # brief §1.2
    "api_50_1": "gap-civilian-detainee.yaml",                   # SCENARIO-FORMAT §2 vocabulary
    "api_75_1": "gap-civilian-detainee.yaml",                   # brief §3.5
    "nonrefoulement_return": "gap-civilian-detainee.yaml",      # brief §4.2
    "gc3_85": "gap-art85-reservation.yaml",                     # brief §1.7, exp. 21
    "gc3_85_reservation": "gap-art85-reservation.yaml",         # brief §1.7
    "gc3_111": "gap-neutral-internment.yaml",                   # brief §1.8, exp. 9
    "scope_intern_neutral": "gap-neutral-internment.yaml",      # brief exp. 9
    "ca2_factual_participation": "gap-factual-reading.yaml",    # brief §1.1, exp. 24 A
    "api_44_3": "gap-distinction.yaml",                         # brief §3.2
    "api_44_4": "gap-distinction.yaml",                         # brief §3.2
}


def test_the_gap_scenarios_hold_with_the_shipped_rules():
    results = regress.check_paths([str(GAP_DIR)], shipped(), explain=False)
    bad = [regress.mismatch_text(c) for r in results for c in r.failures]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("rid, file", sorted(GAPS.items()))
def test_switching_the_rule_off_fails_a_gap_expectation(rid, file):
    """A failing expectation, or an expected key that no rule produces any more."""
    try:
        results = regress.check_paths([str(GAP_DIR / file)], shipped().without(rid), explain=False)
    except InputError:
        return
    assert any(r.failures for r in results), f"{file} does not notice {rid} switched off"
