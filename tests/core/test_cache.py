"""The disk cache of derived data, and the instrumented rule base kept in it.

A cache may make a process faster, never different: an entry is named by everything it
was derived from, an unreadable entry is a miss, and what comes back from the disk must
be the very program and rule metadata a fresh walk of the rule files gives.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from status_engine import cache
from status_engine.analysis.explain import instrument
from status_engine.rulebook.book import load as load_rulebook

from conftest import ROOT


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    instrument._instrument.cache_clear()
    yield tmp_path / "cache"
    instrument._instrument.cache_clear()


def test_an_entry_comes_back_as_stored(here) -> None:
    name = cache.key("t", ["a", b"b"])
    cache.store(name, {"x": [1, "y"]})
    assert cache.load(name) == {"x": [1, "y"]}


def test_the_key_names_every_part_and_their_boundaries() -> None:
    # "ab" + "c" is not "a" + "bc": lengths are hashed with the parts
    assert cache.key("t", ["ab", "c"]) != cache.key("t", ["a", "bc"])
    assert cache.key("t", ["a"]) != cache.key("u", ["a"])


def test_off_means_nothing_read_or_written(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv(cache.ENV, "off")
    cache.store("n", 1)
    assert cache.load("n") is None
    assert cache.directory() is None


def test_a_damaged_entry_is_a_miss_not_an_error(here) -> None:
    here.mkdir(parents=True)
    (here / "n.json").write_text("{not json", encoding="utf-8")
    assert cache.load("n") is None


def test_an_unwritable_directory_is_a_miss_not_an_error(monkeypatch, tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv(cache.ENV, str(blocker / "below"))  # a directory below a file: cannot exist
    cache.store("n", 1)
    assert cache.load("n") is None


def _copy_rules(tmp_path: Path) -> Path:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    return rules


def test_the_cached_instrumentation_is_the_fresh_one(here, tmp_path) -> None:
    book = load_rulebook(str(_copy_rules(tmp_path)))
    fresh = instrument.instrumented(book)  # walked: written to the cache
    assert list(here.glob("instrumented-*.json"))
    instrument._instrument.cache_clear()
    kept = instrument.instrumented(book)  # read back
    assert kept.program == fresh.program
    assert [(m.rule_id, m.file, m.line, m.text, m.signature) for m in kept.metas] == \
        [(m.rule_id, m.file, m.line, m.text, m.signature) for m in fresh.metas]
    # heads and bodies parsed again from the rule's text are the walked ones
    for a, b in zip(kept.metas, fresh.metas):
        assert str(a.head) == str(b.head)
        assert [str(x) for x in a.body] == [str(x) for x in b.body]


def test_an_edited_rule_file_is_instrumented_again(here, tmp_path) -> None:
    rules = _copy_rules(tmp_path)
    book = load_rulebook(str(rules))
    before = instrument.instrumented(book)
    target = next(p for p in sorted(rules.glob("*.lp")) if "rule(" in p.read_text(encoding="utf-8"))
    target.write_text(target.read_text(encoding="utf-8") + "\n% an edit\nextra_atom_for_test :- fact(x, y).\n",
                      encoding="utf-8")
    after = instrument.instrumented(load_rulebook(str(rules)))
    assert "extra_atom_for_test" in after.program and "extra_atom_for_test" not in before.program
    assert len(list(here.glob("instrumented-*.json"))) == 2
