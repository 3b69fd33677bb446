"""States as real states: identification, treaty participation on the date, agreements.

The registry (rules/treaties.yaml) is law; these tests check the mechanism that reads it:
an id or `iso:` identifies a state, a row binds only on the dates it covers, what the file
states overrides what is known, and special agreements become facts only while in force.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from clingo import Function

from status_engine import api
from status_engine.rulebook import treaties
from status_engine.solver import facts as facts_mod
from status_engine.errors import InputError, RuleBaseError
from status_engine.scenario.load import load_text


def _scenario(**states: Any) -> dict[str, Any]:
    return {
        "format": "status-engine/v1", "id": "reg", "as_of": "2025-06-01",
        "conflict": {"kind": "international", "parties": ["ua", "zz"]},
        "states": {"ua": {}, "zz": {}, **states},
        "persons": [{"id": "p", "origin": "zz", "armed_forces": "zz", "incorporated_into": "none",
                     "fought_for": "zz", "captured_by": "ua"}],
    }


def _prepare(data: dict[str, Any], as_of: str | None = None) -> api.Prepared:
    """Prepared facts with every state key emitted (whether or not today's rules read it)."""
    located = load_text(json.dumps(data), "reg.json")
    prep = api.prepare_located(located, as_of=dt.date.fromisoformat(as_of) if as_of else None)
    book = prep.rules
    prep.facts = facts_mod.build(prep.scenario, prep.as_of, book.options, book.enabled, registry=book.registry)
    return prep


def _fact(prep: api.Prepared, sid: str, key: Any) -> Any:
    """The value of state fact ``state(sid, key)``: a symbol, or 'open'."""
    k = Function("state", [Function(sid), key])
    if k in prep.facts.global_open:
        return "open"
    for atom in prep.facts.atoms:
        if atom.name == "fact" and atom.arguments[0] == k:
            return str(atom.arguments[1])
    return None


def bound(i: str) -> Any:
    return Function("bound", [Function(i)])


REG = treaties.parse({
    "states": {
        "UKR": {"name": "Ukraine", "ids": ["ua", "ukr"],
                "treaties": {"cat": {"from": dt.date(1987, 6, 26), "verified": True},
                             "echr": {"from": dt.date(1997, 9, 11), "until": dt.date(2030, 1, 1), "verified": False}},
                "reservations": {"gc3_85": {"from": dt.date(1954, 11, 3), "until": dt.date(2006, 6, 30),
                                            "verified": False}}},
        "KOR": {"name": "Republic of Korea", "ids": ["rok", "kr"], "korea": "rok"},
    }
}, "test")


def test_an_id_or_an_iso_code_identifies_a_known_state() -> None:
    assert REG.identify("ua").code == "UKR"
    assert REG.identify("ukr").code == "UKR"
    assert REG.identify("kyiv", "UKR").code == "UKR"  # iso: wins over the id
    assert REG.identify("zz") is None


def test_a_row_binds_from_its_start_until_before_its_end() -> None:
    ua = REG.identify("ua")
    assert ua.bound("cat", dt.date(1987, 6, 25)) is None
    assert ua.bound("cat", dt.date(1987, 6, 26)) is not None
    assert ua.bound("echr", dt.date(2030, 1, 1)) is None
    assert ua.reserved("gc3_85", dt.date(2005, 1, 1)) is not None
    assert ua.reserved("gc3_85", dt.date(2007, 1, 1)) is None


@pytest.mark.parametrize("bad, words", [
    ({"states": {"X": {"name": "x", "treaties": {"gc5": {"from": "2000-01-01", "verified": True}}}}}, "unknown instrument"),
    ({"states": {"X": {"name": "x", "treaties": {"cat": {"from": "2000-13-01", "verified": True}}}}}, "expected a date"),
    ({"states": {"X": {"name": "x", "ids": ["x"]}, "Y": {"name": "y", "ids": ["x"]}}}, "identifies both"),
    ({"states": {"X": {"name": "x", "korea": "north"}}}, "expected rok or dprk"),
])
def test_a_malformed_registry_is_a_rule_base_error_naming_the_entry(bad: dict, words: str) -> None:
    with pytest.raises(RuleBaseError, match=words):
        treaties.parse(bad, "reg.yaml")


def test_the_shipped_registry_loads_and_knows_ukraine() -> None:
    reg = api.rules_for().registry
    assert reg.identify("ua") is not None


def test_a_known_state_is_bound_only_from_the_date_the_instrument_binds_it() -> None:
    # Ukraine joined the ECHR in 1997 (registry): not bound in 1995, bound in 2025.
    assert _fact(_prepare(_scenario(), "1995-01-01"), "ua", bound("echr")) == "false"
    assert _fact(_prepare(_scenario(), "2025-06-01"), "ua", bound("echr")) == "true"


def test_what_the_file_states_about_a_state_overrides_the_registry() -> None:
    data = _scenario(ua={"treaties": {"echr": False}, "gc3_party": False})
    prep = _prepare(data)
    assert _fact(prep, "ua", bound("echr")) == "false"
    assert _fact(prep, "ua", Function("gc3_party")) == "false"


def test_an_unidentified_state_leaves_its_treaties_open_and_keeps_gc3_by_default() -> None:
    prep = _prepare(_scenario())
    assert _fact(prep, "zz", bound("cat")) == "open"
    assert _fact(prep, "zz", Function("gc3_party")) == "true"  # the v1 default


def test_forces_of_a_listed_party_take_part_others_are_unknown() -> None:
    prep = _prepare(_scenario(kp={}))
    assert _fact(prep, "zz", Function("forces_participate")) == "true"
    assert _fact(prep, "kp", Function("forces_participate")) == "open"
    stated = _prepare(_scenario(kp={"forces_participate": True}))
    assert _fact(stated, "kp", Function("forces_participate")) == "true"


def test_a_treaty_fact_can_be_set_by_an_event_path() -> None:
    data = _scenario()
    data["events"] = [{"on": "2025-01-01", "set": {"states.zz.treaties.cat": True}}]
    assert _fact(_prepare(data), "zz", bound("cat")) == "true"


def test_a_treaty_path_naming_no_instrument_is_a_located_error() -> None:
    data = _scenario()
    data["events"] = [{"on": "2025-01-01", "set": {"states.zz.treaties.gc5": True}}]
    with pytest.raises(InputError, match="no instrument `gc5`"):
        _prepare(data)


def _agreement(**over: Any) -> dict[str, Any]:
    return {"id": "deal", "kind": "neutral_internment", "parties": ["ua", "zz"], "custodian": "tr",
            "from": "2025-01-01", **over}


def test_an_agreement_in_force_becomes_facts_and_covers_its_persons() -> None:
    data = _scenario(tr={})
    data["agreements"] = [_agreement()]
    prep = _prepare(data)
    atoms = {str(a) for a in prep.facts.atoms}
    assert {"agreement(deal,neutral_internment)", "agreement_party(deal,ua)",
            "agreement_custodian(deal,tr)"} <= atoms
    entries = {str(e.name) for e in prep.facts.profiles[prep.facts.profile_of["p"]]}
    assert "covered_by(deal)" in entries


def test_an_agreement_not_yet_or_no_longer_in_force_is_ignored() -> None:
    for window in ({"from": "2025-07-01"}, {"from": "2024-01-01", "until": "2025-05-31"}):
        data = _scenario(tr={})
        data["agreements"] = [_agreement(**window)]
        atoms = {a.name for a in _prepare(data).facts.atoms}
        assert "agreement" not in atoms


def test_an_agreement_naming_undeclared_states_or_persons_is_a_located_error() -> None:
    data = _scenario()
    data["agreements"] = [_agreement(persons=["q"], until="2024-01-01")]
    with pytest.raises(InputError) as err:
        _prepare(data)
    text = str(err.value)
    assert "state `tr` is not declared" in text
    assert "person `q` is not in `persons:`" in text
    assert "ends before it starts" in text


def test_an_agreement_with_an_unknown_kind_is_rejected() -> None:
    data = _scenario(tr={})
    data["agreements"] = [_agreement(kind="swap")]
    with pytest.raises(InputError, match="agreements"):
        _prepare(data)


def test_a_state_key_no_rule_reads_is_not_emitted() -> None:
    """A fact no rule names cannot change a result: it opens no worlds."""
    data = _scenario()
    located = load_text(json.dumps(data), "reg.json")
    prep = api.prepare_located(located)
    fs = facts_mod.build(prep.scenario, prep.as_of, {}, [], registry=prep.rules.registry,
                         reads=lambda name: name != "bound")
    assert not any("bound" in str(k) for k in fs.global_open)


def test_a_world_count_over_15_digits_is_a_decimal_string_with_its_log10() -> None:
    """SCENARIO-FORMAT §2 (corrected): every JSON reader must load the count."""
    from status_engine.solver.verdicts import worlds_fields

    assert worlds_fields(10 ** 15 - 1) == {"worlds": 10 ** 15 - 1}
    big = worlds_fields(10 ** 15)
    assert big == {"worlds": "1" + "0" * 15, "worlds_log10": 15.0}
    huge = worlds_fields(2 ** 20000)  # 6,021 digits: beyond Python's default int-to-str limit
    assert huge["worlds"].startswith("3980") and len(huge["worlds"]) == 6021
    assert abs(huge["worlds_log10"] - 20000 * 0.30102999566) < 1e-3
