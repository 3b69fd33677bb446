"""The typed contract: keys read and written back, results that survive their own JSON,
and the one diff every feature shares (``status_engine.contract``)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from status_engine import api
from status_engine.contract import (ABSENT, Change, Conclusions, Key, Kind, Modality, Result, Verdict, diff,
                                    value_text, worlds_fields)

from conftest import SCENARIOS

NAME = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)
TERM = st.one_of(NAME, st.integers(-99, 999).map(str),
                 st.lists(NAME, min_size=1, max_size=3).map(lambda xs: f"f({','.join(xs)})"))


def test_status_and_outcome_keys_are_told_apart_by_parse_alone():
    """A colon marks an outcome (``verb:args``); a bare name is a status."""
    assert Key.parse("pow") == Key(Kind.STATUS, "pow", ())
    assert Key.parse("repatriate:dprk") == Key(Kind.OUTCOME, "repatriate", ("dprk",))
    assert Key.parse("transfer:f(a,b),c").args == ("f(a,b)", "c")
    assert str(Key.parse("repatriate:dprk")) == "repatriate:dprk" and str(Key.parse("pow")) == "pow"
    assert Key.parse("pow").is_status and Key.parse("icrc_access:ua").is_outcome


def test_a_known_block_keeps_an_outcome_without_arguments_an_outcome():
    """``transfer`` under ``outcomes:`` is an outcome although its text has no colon."""
    key = Key.of_section("outcomes", "transfer")
    assert key == Key(Kind.OUTCOME, "transfer", ()) and str(key) == "transfer"
    with pytest.raises(ValueError):
        Key.of_section("verdicts", "transfer")


@settings(max_examples=200, deadline=None)
@given(verb=NAME, args=st.lists(TERM, max_size=3), kind=st.sampled_from(list(Kind)))
def test_a_key_written_and_read_back_is_the_same_key(verb, args, kind):
    key = Key(kind, verb, tuple(args) if kind is Kind.OUTCOME else ())
    assert Key.parse(str(key), kind) == key
    if kind is Kind.STATUS or args:
        assert Key.parse(str(key)) == key  # the text alone suffices


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet='abz019_:,()"', max_size=24))
def test_any_text_read_as_a_key_is_written_back_unchanged(text):
    assert str(Key.parse(text)) == text
    for kind in Kind:
        assert str(Key.parse(text, kind)) == text


def test_verdicts_and_modalities_are_their_words():
    """str enums: equal to the JSON words, and dumped as them byte for byte."""
    assert Verdict.REQUIRED == "required" and f"{Modality.POSSIBLE}" == "possible"
    assert json.dumps({"v": Verdict.DEPENDS}) == json.dumps({"v": "depends"})
    assert {v.value for v in Verdict} == {"required", "permitted", "forbidden", "depends"}
    assert {m.value for m in Modality} == {"necessary", "possible"}
    assert value_text(None) == ABSENT == "absent"


@pytest.mark.parametrize("path", sorted(Path(SCENARIOS).glob("*.yaml")), ids=lambda p: p.stem)
def test_every_bundled_result_survives_its_own_json(path):
    """``to_json`` is today's contract JSON, and ``from_json`` reads it back to an equal Result."""
    ev = api.evaluate_file(str(path))
    published = json.loads(json.dumps(ev.result))
    assert ev.typed.to_json() == published
    back = Result.from_json(published)
    assert back == ev.typed and back.to_json() == published
    assert diff(ev.typed, back) == []


@pytest.mark.parametrize("worlds", [0, 7, 10 ** 15 - 1, 10 ** 15, 3 ** 9000, 2 ** 20000],
                         ids=["0", "7", "15-digits", "16-digits", "3^9000", "2^20000"])
def test_world_counts_of_any_size_round_trip(worlds):
    res = Result("s", dt.date(2025, 1, 2), "d", worlds, (), {})
    data = json.loads(json.dumps(res.to_json()))
    assert Result.from_json(data).worlds == worlds
    assert {k: data[k] for k in data if k.startswith("worlds")} == worlds_fields(worlds)


def test_a_result_of_another_format_or_word_is_refused():
    good = Result("s", dt.date(2025, 1, 2), "d", 1, (), {}).to_json()
    with pytest.raises(ValueError):
        Result.from_json({**good, "format": "other/v9"})
    with pytest.raises(ValueError):
        Result.from_json({**good, "persons": {"p": {"status": {"pow": "likely"}, "outcomes": {}}}})
    with pytest.raises(ValueError):
        Result.from_json({**good, "worlds": "12x"})


def _c(status: dict[str, str], outcomes: dict[str, str]) -> Conclusions:
    return Conclusions.from_json({"status": status, "outcomes": outcomes})


def test_diff_names_every_moved_conclusion_with_absent_as_none():
    """By person, statuses before outcomes, by key; a key or person on one side only moves to/from absent."""
    old = {"ri": _c({"pow": "necessary"}, {"transfer:rok": "depends", "icrc_access:ua": "required"}),
           "kim": _c({"pow": "possible"}, {})}
    new = {"ri": _c({"pow": "necessary", "defector": "possible"}, {"transfer:rok": "permitted"}),
           "lee": _c({}, {"release:ua": "forbidden"})}
    got = [(c.person, str(c.key), c.before, c.after) for c in diff(old, new)]
    assert got == [
        ("kim", "pow", Modality.POSSIBLE, None),
        ("lee", "release:ua", None, Verdict.FORBIDDEN),
        ("ri", "defector", None, Modality.POSSIBLE),
        ("ri", "icrc_access:ua", Verdict.REQUIRED, None),
        ("ri", "transfer:rok", Verdict.DEPENDS, Verdict.PERMITTED),
    ]
    assert diff(old, old) == [] and diff(new, new) == []
    assert [c.kind for c in diff(old, new)] == ["status", "outcomes", "status", "outcomes", "outcomes"]


def test_diff_of_whole_results_is_the_diff_of_their_persons():
    a = Result("s", dt.date(2025, 1, 1), "d", 2, (), {"ri": _c({"pow": "possible"}, {})})
    b = Result("s", dt.date(2025, 2, 1), "d", 1, (), {"ri": _c({"pow": "necessary"}, {})})
    assert diff(a, b) == diff(a.persons, b.persons) == [
        Change("ri", Key.parse("pow"), Modality.POSSIBLE, Modality.NECESSARY)]


def test_an_explained_change_is_a_new_change_and_serialises_absent():
    c = Change("ri", Key.parse("transfer:rok"), None, Verdict.PERMITTED)
    e = c.explained("because", "before")
    assert c.why == "" and (e.why, e.why_before) == ("because", "before")
    assert e.to_dict() == {"person": "ri", "key": "transfer:rok", "before": "absent", "after": "permitted",
                           "why": "because"}
