"""A bounded fuzz target for the loader (hypothesis); `make fuzz` takes it further.

Whatever the bytes, reading a scenario ends in data or an ``InputError`` (exit 2,
located), never another exception; what it returns respects the bounds: no string with
a control character or a lone surrogate, no nesting beyond ``MAX_DEPTH``, no more values
than the file holds plus ``ALIAS_BUDGET``.

In ``make test`` each property runs a few dozen examples.  ``make fuzz`` sets
``STATUS_ENGINE_FUZZ_SECONDS`` (default 600): the properties then run again and again,
with fresh random inputs, until the time is up.
"""

from __future__ import annotations

import json
import os
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from status_engine import api
from status_engine.scenario import load as loader
from status_engine.errors import InputError

from conftest import base_scenario

FUZZ_SECONDS = float(os.environ.get("STATUS_ENGINE_FUZZ_SECONDS", "0"))
QUICK = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
LONG = settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck), database=None)

# Characters that matter to the bounds: controls (C0, DEL, C1), surrogates, YAML/JSON syntax.
NASTY = st.sampled_from(["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b", "\u2028", "\ufeff", "\ud800", "\udfff",
                         "&a", "*a", "<<", ":", "-", "[", "{", "\"", "'", "\\", "#", "\n", "\r\n", "\t", "!!"])
TEXT = st.lists(st.one_of(st.text(max_size=6), NASTY), max_size=12).map("".join)
ESCAPES = st.sampled_from(["\\e", "\\x1b", "\\u001b", "\\x85", "\\u009b", "\\ud800", "\\udfff", "\\0", "\\a",
                           "\\t", "\\n", "\\u00e9", "\\U0001F600"])


def _depth(x, d=0):
    if isinstance(x, dict):
        return max([_depth(v, d + 1) for v in x.values()] + [d + 1])
    if isinstance(x, list):
        return max([_depth(v, d + 1) for v in x] + [d + 1])
    return d


def _strings(x):
    if isinstance(x, dict):
        for k, v in x.items():
            yield k
            yield from _strings(v)
    elif isinstance(x, list):
        for v in x:
            yield from _strings(v)
    elif isinstance(x, str):
        yield x


def _respects_bounds(located):
    assert _depth(located.data) <= loader.MAX_DEPTH + 1
    for s in _strings(located.data):
        assert loader.BAD_CHAR.search(s) is None, repr(s)


def _load(fn, text, name):
    try:
        located = fn(text, name)
    except InputError as exc:
        assert exc.problems and all(p.file == name for p in exc.problems)
        return None
    _respects_bounds(located)
    return located


@st.composite
def yaml_documents(draw):
    """YAML with anchors, aliases, merge keys, deep nesting and escapes in quoted scalars."""
    anchors: list[str] = []

    def node(depth):
        kind = draw(st.sampled_from(["scalar", "quoted", "seq", "map", "alias", "deep"] if depth < 6
                                    else ["scalar", "quoted", "alias"]))
        if kind == "alias" and anchors:
            return "*" + draw(st.sampled_from(anchors))
        if kind == "quoted":
            parts = draw(st.lists(st.one_of(st.text(alphabet="abc xyz", max_size=3), ESCAPES), max_size=5))
            return '"' + "".join(parts) + '"'
        if kind == "deep":
            n = draw(st.integers(1, 400))
            return "[" * n + "1" + "]" * n
        if kind in ("seq", "map"):
            anchor = ""
            if draw(st.booleans()):
                name = f"a{len(anchors)}"
                anchor = f"&{name} "
            items = [node(depth + 1) for _ in range(draw(st.integers(0, 9)))]
            body = ("[" + ", ".join(items) + "]" if kind == "seq"
                    else "{" + ", ".join(f"k{i}: {v}" for i, v in enumerate(items)) + "}")
            if anchor:
                anchors.append(anchor[1:-1])
            return anchor + body
        return draw(st.sampled_from(["1", "yes", "~", "2025-02-30", "2025-W05-1", "unknown", "x"]))

    lines = [f"k{i}: {node(0)}" for i in range(draw(st.integers(1, 8)))]
    return "\n".join(lines) + "\n"


def _json_values():
    return st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), TEXT),
                        lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                st.dictionaries(TEXT, inner, max_size=4)), max_leaves=30)


def yaml_property(doc):
    _load(loader.load_text, doc, "f.yaml")


def text_property(text):
    _load(loader.load_text, text, "t.yaml")
    _load(loader.load_json, text, "t.json")


def json_property(value, ascii_only):
    text = json.dumps(value, ensure_ascii=ascii_only)
    _load(loader.load_json, text, "v.json")


def scenario_property(tmp_path, where, value, as_json):
    """A valid scenario with one hostile string put somewhere: data or InputError, nothing else."""
    data = base_scenario()
    target = {"title": data, "label": data["persons"][0], "name": data["states"]["ru"]}[where]
    target[where] = value
    path = tmp_path / ("s.json" if as_json else "s.yaml")
    import yaml

    path.write_text(json.dumps(data) if as_json else yaml.safe_dump(data, allow_unicode=True),
                    encoding="utf-8", errors="surrogatepass")
    try:
        prep = api.prepare(str(path))
    except InputError:
        return
    for s in _strings(prep.located.data):
        assert loader.BAD_CHAR.search(s) is None


def _properties(cfg):
    return [
        given(doc=yaml_documents())(cfg(yaml_property)),
        given(text=TEXT)(cfg(text_property)),
        given(value=_json_values(), ascii_only=st.booleans())(cfg(json_property)),
    ]


@QUICK
@given(doc=yaml_documents())
def test_yaml_with_aliases_nesting_and_escapes_is_bounded(doc):
    yaml_property(doc)


@QUICK
@given(text=TEXT)
def test_arbitrary_text_loads_or_is_a_located_input_error(text):
    text_property(text)


@QUICK
@given(value=_json_values(), ascii_only=st.booleans())
def test_json_with_hostile_strings_is_bounded(value, ascii_only):
    json_property(value, ascii_only)


@QUICK
@given(where=st.sampled_from(["title", "label", "name"]), value=TEXT, as_json=st.booleans())
def test_a_hostile_string_anywhere_in_a_scenario_is_refused_or_harmless(tmp_path, where, value, as_json):
    scenario_property(tmp_path, where, value, as_json)


@pytest.mark.skipif(FUZZ_SECONDS <= 0, reason="the long fuzz run: make fuzz (STATUS_ENGINE_FUZZ_SECONDS)")
def test_fuzz_the_loader_until_the_time_is_up(tmp_path):
    end = time.monotonic() + FUZZ_SECONDS
    props = _properties(LONG)
    scen = given(where=st.sampled_from(["title", "label", "name"]), value=TEXT, as_json=st.booleans())(
        LONG(lambda where, value, as_json: scenario_property(tmp_path, where, value, as_json)))
    rounds = 0
    while time.monotonic() < end:
        for prop in [*props, scen]:
            prop()
        rounds += 1
    print(f"fuzz: {rounds} round(s) of {len(props) + 1} properties x {LONG.max_examples} examples, nothing found")
