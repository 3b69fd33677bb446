"""`status-engine diff`: which conclusions a rule change moves, why, and which rules differ."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from status_engine import api, regress
from status_engine.contract import value_text
from status_engine.rulebook.book import default_directory

from conftest import SCENARIOS, cli
from regcase import break_art126, copy_rules, scenario_file, shipped


def test_diff_reports_exactly_the_moved_conclusion_with_both_explanations(tmp_path):
    f = scenario_file(tmp_path)
    rules = copy_rules(tmp_path)
    break_art126(rules)
    res = cli("diff", "--base", default_directory(), "--head", rules, f)
    assert res.exit_code == 0, res.stdout + res.stderr
    out = res.stdout
    assert "  changed: gc3_126" in out and "added:" not in out and "removed:" not in out
    moved = [l for l in out.splitlines() if " -> " in l]
    assert moved == ["  ri outcomes icrc_access:ua: required -> forbidden"]
    before = next(l for l in out.splitlines() if l.strip().startswith("before:"))
    after = next(l for l in out.splitlines() if l.strip().startswith("after:"))
    assert "required" in before and "gc3_126" in after and "forbidden" in after
    assert out.strip().splitlines()[-1] == "rules changed 1 conclusion in 1 scenario (of 1)"


def test_fail_on_change_exits_1_only_when_something_moved(tmp_path):
    f = scenario_file(tmp_path)
    rules = copy_rules(tmp_path)
    same = cli("diff", "--base", default_directory(), "--head", rules, f, "--fail-on-change")
    assert same.exit_code == 0 and "rules changed 0 conclusions in 0 scenarios" in same.stdout
    assert "(no rule differs)" in same.stdout
    break_art126(rules)
    moved = cli("diff", "--base", default_directory(), "--head", rules, f, "--fail-on-change", "--no-explain")
    assert moved.exit_code == 1 and "before:" not in moved.stdout


def test_diff_over_the_bundled_corpus_matches_an_independent_comparison(tmp_path):
    """Every conclusion that differs between the two rule sets, and nothing else; and only
    ICRC access of those protected as POWs can move when art. 126 is changed."""
    rules = copy_rules(tmp_path)
    break_art126(rules)
    base, head = shipped(), api.rules_for(str(rules))
    rep = regress.diff([str(SCENARIOS)], base, head, explain=False)
    reported = {(m.scenario, m.change.person, m.change.kind, str(m.change.key), value_text(m.change.before),
                 value_text(m.change.after)) for m in rep.changes}
    expected = set()
    for f in sorted(Path(SCENARIOS).glob("*.yaml")):
        a = api.evaluate_file(str(f), rules=base).result
        b = api.evaluate_file(str(f), rules=head).result
        for pid in a["persons"]:
            for kind in ("status", "outcomes"):
                x, y = a["persons"][pid][kind], b["persons"][pid][kind]
                for k in set(x) | set(y):
                    if x.get(k, "absent") != y.get(k, "absent"):
                        expected.add((a["scenario"], pid, kind, k, x.get(k, "absent"), y.get(k, "absent")))
    assert reported == expected
    assert reported, "some bundled POW must be owed ICRC access"
    assert {(k.split(":")[0], old) for _, _, _, k, old, _ in reported} <= {("icrc_access", "required")}
    assert rep.rules.changed == ["gc3_126"] and not rep.rules.added and not rep.rules.removed


def test_rule_diff_names_added_removed_and_switched_off_ids(tmp_path):
    rules = copy_rules(tmp_path)
    (rules / "zz_extra.lp").write_text("status(P, detainee) :- rule(gc3_4a), person(P).\n", encoding="utf-8")
    base = shipped()
    head = api.rules_for(str(rules)).without("gc3_13_2")
    d = regress.rule_diff(base, head)
    assert d.changed == ["gc3_4a"] and d.disabled == ["gc3_13_2"]
    assert regress.rule_diff(head, base).enabled == ["gc3_13_2"]


def test_rule_text_ignores_comments_and_layout(tmp_path):
    rules = copy_rules(tmp_path)
    for f in rules.glob("*.lp"):
        f.write_text("% reformatted\n" + f.read_text(encoding="utf-8").replace(":-", " :-\n   "), encoding="utf-8")
    assert regress.rule_diff(shipped(), api.rules_for(str(rules))).empty


def _git(cwd: Path, *args: str) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=cwd, env=env, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_base_may_be_a_git_revision_of_the_rules(tmp_path):
    """The committed rules are read with git archive; the working copy is the head."""
    repo = tmp_path / "repo"
    repo.mkdir()
    rules = copy_rules(repo)
    _git(repo, "init", "-q")
    _git(repo, "add", "rules")
    _git(repo, "commit", "-q", "-m", "rules")
    break_art126(rules)
    f = scenario_file(tmp_path)
    with regress.rules_at("HEAD", repo_rules=rules) as (base, label):
        assert "HEAD (" in label and base.directory != rules
        rep = regress.diff([str(f)], base, api.rules_for(str(rules)), explain=False)
        kept = base.directory
    assert [(str(m.change.key), m.change.before, m.change.after) for m in rep.changes] == [("icrc_access:ua", "required", "forbidden")]
    assert not Path(kept).exists()  # the extracted revision is removed afterwards


def test_an_unknown_revision_is_an_input_error(tmp_path):
    res = cli("diff", "--base", "no-such-revision-xyz", scenario_file(tmp_path))
    assert res.exit_code == 2 and "neither a directory nor a git revision" in res.stderr
