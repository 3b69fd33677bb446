"""Issue 12, point 1: `status-engine new` asks in the terminal only the questions whose
answers can change a result, offers `unknown`, and writes a commented, valid file whose
first line lets an editor validate it as the user types."""

from __future__ import annotations

from typer.testing import CliRunner

from status_engine.cli.app import app

from conftest import cli

# A Russian POW held by Ukraine who refuses exchange (the example), answered line by line.
RUSSIAN_REFUSER = "\n".join([
    "ru-refuser", "Russian POW refusing exchange", "2026-01-10", "", "ru, ua", "",  # scenario, conflict
    "ivan", "Ivan, 31", "ru", "ru", "ru", "ua", "2025-08-14",  # who he is, his forces, capture
    "stay", "false", "substantial", "", "",  # wish, verification, risk on return, proceedings, wounded
    "n", ""])


def run_new(tmp_path, answers, *extra):
    out = tmp_path / "s.yaml"
    res = CliRunner().invoke(app, ["new", "-o", str(out), *extra], input=answers, catch_exceptions=False)
    return res, out


def test_new_writes_a_valid_commented_file_with_the_schema_line(tmp_path):
    """The file validates, and an editor finds the schema from its first line."""
    res, out = run_new(tmp_path, RUSSIAN_REFUSER)
    assert res.exit_code == 0, res.output
    text = out.read_text()
    assert text.splitlines()[0] == "# yaml-language-server: $schema=./scenario.schema.json"
    assert (tmp_path / "scenario.schema.json").exists()
    assert "  # " in text  # commented
    assert cli("validate", out).exit_code == 0
    assert "wish: stay" in text and "ru: substantial" in text


def test_no_4a2_questions_for_a_regular_soldier_of_a_party(tmp_path):
    """Art. 4A(1) decides his case: the 4A(2) conditions cannot change his result."""
    res, _ = run_new(tmp_path, RUSSIAN_REFUSER)
    assert "distinctive sign" not in res.output and "arms openly" not in res.output


def test_4a2_questions_for_a_man_outside_the_parties_forces_offer_unknown(tmp_path):
    """A volunteer in no regular forces: each condition is asked, `unknown` the default."""
    answers = "\n".join(["vol", "", "2026-01-10", "", "ru, ua", "",
                         "v", "", "unknown", "none", "ru", "", "", "", "", "ua", "unknown",
                         "origin", "", "", "n", ""])
    res, out = run_new(tmp_path, answers)
    assert res.exit_code == 0, res.output
    assert "distinctive sign? (true | false | unknown) [unknown]" in res.output
    assert "conditions_4a2:" in out.read_text()
    assert "wish_verified" not in out.read_text()  # he wishes to go home: verification cannot matter
    assert cli("validate", out).exit_code == 0


def test_a_wrong_answer_is_asked_again_in_the_contracts_words(tmp_path):
    """A date that does not exist is refused and asked again, saying what is expected."""
    answers = RUSSIAN_REFUSER.replace("2025-08-14", "2025-02-30\n2025-08-14")
    res, out = run_new(tmp_path, answers)
    assert res.exit_code == 0, res.output
    assert "`2025-02-30` is not a date YYYY-MM-DD or unknown" in res.output
    assert "captured_on: 2025-08-14" in out.read_text()


def test_from_offers_an_existing_files_answers_as_defaults(tmp_path):
    """--from FILE: pressing Enter everywhere keeps that file's answers."""
    first, out = run_new(tmp_path, RUSSIAN_REFUSER)
    assert first.exit_code == 0
    again = tmp_path / "again.yaml"
    res = CliRunner().invoke(app, ["new", "--from", str(out), "-o", str(again)], input="\n" * 40,
                             catch_exceptions=False)
    assert res.exit_code == 0, res.output
    body = lambda p: p.read_text().split("\n", 3)[3]  # noqa: E731 (the header carries the date)
    assert body(again) == body(out)


def test_the_input_ending_early_is_a_clean_error(tmp_path):
    """No traceback, exit 2, no file written."""
    res, out = run_new(tmp_path, "x\n")
    assert res.exit_code == 2 and "Traceback" not in res.output and not out.exists()
