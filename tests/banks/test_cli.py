"""``assay banks validate|load|list|schema``: output, exit codes, and no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.banks.schema import schema_json
from app.models import Organization, Test
from tests.banks.helpers import FIXTURES, TRUE_FALSE, bank_with

VALID = FIXTURES / "every-type.yaml"
BROKEN = FIXTURES / "many-problems.yaml"


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """The fixture with many problems, outside the project (so printed with its full path)."""
    return _write(tmp_path, "many-problems.yaml", BROKEN.read_text(encoding="utf-8"))


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_it_shows_paths_inside_the_project_relative_to_it(runner: FlaskCliRunner,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES.parent)
    result = runner.invoke(args=["banks", "validate", str(BROKEN)])
    assert result.stdout.startswith("fixtures/many-problems.yaml:1:5: ")


def test_it_validates_a_good_file_with_exit_status_0(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["banks", "validate", str(VALID)])
    assert (result.exit_code, result.stdout) == (0, "1 file checked, no problems.\n")


def test_it_prints_every_problem_and_a_summary_with_exit_status_1(
        runner: FlaskCliRunner, broken: Path) -> None:
    result = runner.invoke(args=["banks", "validate", str(VALID), str(broken)])
    lines = result.stdout.splitlines()
    assert result.exit_code == 1
    assert lines[0] == (f"{broken}:1:5: 'Many_Problems' is not a valid id: use 3 to 100 lowercase "
                        "letters, digits and hyphens, starting and ending with a letter or digit")
    assert len(lines) == 20
    assert all(line.startswith(f"{broken}:") for line in lines[:-1])
    assert lines[-1] == "19 problems in 1 of 2 files."


def test_it_walks_folders_for_yaml_files(runner: FlaskCliRunner, tmp_path: Path) -> None:
    _write(tmp_path, "one.yaml", bank_with(TRUE_FALSE))
    _write(tmp_path, "deeper/two.yml", bank_with(TRUE_FALSE).replace("sample-test", "other-test"))
    _write(tmp_path, "notes.txt", "not a bank")
    result = runner.invoke(args=["banks", "validate", str(tmp_path)])
    assert (result.exit_code, result.stdout) == (0, "2 files checked, no problems.\n")


def test_it_reports_missing_unreadable_and_non_utf8_files_without_a_traceback(
        runner: FlaskCliRunner, tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes(b"id: caf\xe9\n")
    missing = tmp_path / "missing.yaml"
    result = runner.invoke(args=["banks", "validate", str(latin1), str(missing)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stdout.splitlines() == [
        f"{missing}: no such file or directory",
        f"{latin1}:1:8: the file is not valid UTF-8 (byte 0xe9 here); save it as UTF-8",
        "2 problems in 2 of 2 files.",
    ]


def test_it_fails_when_a_folder_holds_no_banks(runner: FlaskCliRunner, tmp_path: Path) -> None:
    result = runner.invoke(args=["banks", "validate", str(tmp_path)])
    assert (result.exit_code, result.stdout) == (
        1, "No bank files found (looked for *.yaml and *.yml).\n")


def test_it_finds_two_files_claiming_one_test_id(runner: FlaskCliRunner, tmp_path: Path) -> None:
    first = _write(tmp_path, "a.yaml", bank_with(TRUE_FALSE))
    second = _write(tmp_path, "b.yaml", "# the same test again\n" + bank_with(TRUE_FALSE))
    result = runner.invoke(args=["banks", "validate", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{second}:2:5: test id 'sample-test' is already used by {first}; "
        "each bank needs its own id")


def test_it_loads_then_reports_unchanged_and_new_versions(runner: FlaskCliRunner,
                                                          tmp_path: Path) -> None:
    bank = _write(tmp_path, "sample.yaml", bank_with(TRUE_FALSE))
    assert runner.invoke(args=["banks", "load", str(bank)]).stdout == "created sample-test v1\n"
    assert runner.invoke(args=["banks", "load", str(bank)]).stdout == "unchanged sample-test v1\n"
    bank.write_text(bank_with(TRUE_FALSE.replace("wet.", "wet!")), encoding="utf-8")
    result = runner.invoke(args=["banks", "load", str(bank)])
    assert (result.exit_code, result.stdout) == (0, "new version sample-test v2\n")


def test_it_loads_nothing_when_any_file_has_a_problem(  # type: ignore[no-untyped-def]
        db, runner: FlaskCliRunner, broken: Path) -> None:
    result = runner.invoke(args=["banks", "load", str(VALID), str(broken)])
    assert result.exit_code == 1
    assert f"{broken}:4:13: a time limit must be more than zero" in result.stdout.splitlines()
    assert "Error: 19 problems in 1 of 2 files. Nothing was loaded." in result.output
    assert db.session.scalars(select(Test)).all() == []


def test_it_loads_as_an_organization(  # type: ignore[no-untyped-def]
        db, runner: FlaskCliRunner, organization: Organization) -> None:
    result = runner.invoke(args=["banks", "load", str(VALID), "--org", "acme"])
    assert (result.exit_code, result.stdout) == (0, "created every-type v1\n")
    assert db.session.scalar(select(Test.organization_id)) == organization.id


def test_it_refuses_an_unknown_organization(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["banks", "load", str(VALID), "--org", "nobody"])
    assert result.exit_code == 1
    assert "Error: no organization with slug 'nobody' (see 'assay orgs list')" in result.output


def test_it_shows_progress_on_large_folders(runner: FlaskCliRunner, tmp_path: Path) -> None:
    for number in range(21):
        _write(tmp_path, f"bank-{number:02}.yaml",
               bank_with(TRUE_FALSE).replace("sample-test", f"sample-test-{number}"))
    result = runner.invoke(args=["banks", "validate", str(tmp_path)])
    assert result.stdout == "21 files checked, no problems.\n"
    assert "Validating" in result.stderr


def test_it_lists_tests_as_a_table_and_as_json(runner: FlaskCliRunner, tmp_path: Path) -> None:
    bank = _write(tmp_path, "sample.yaml", bank_with(TRUE_FALSE))
    runner.invoke(args=["banks", "load", str(bank), str(VALID)])
    bank.write_text(bank_with(TRUE_FALSE.replace("wet.", "wet!")), encoding="utf-8")
    runner.invoke(args=["banks", "load", str(bank)])
    table = runner.invoke(args=["banks", "list"])
    assert table.stdout.splitlines() == [
        "SLUG         VERSION  ACTIVE  NAME                 "
        "LANGUAGE  QUESTIONS  VERSIONS  ORG",
        "every-type        v1  no      Every question type  "
        "en               13         1  (library)",
        "sample-test       v2  yes     Sample test          "
        "en                1         2  (library)",
    ]
    listed = json.loads(runner.invoke(args=["banks", "list", "--json"]).stdout)
    assert listed[1] == {"slug": "sample-test", "version": 2, "active": True, "name": "Sample test",
                         "language": "en", "questions": 1, "versions": 2, "organization": None}


def test_it_says_when_no_tests_are_loaded(runner: FlaskCliRunner) -> None:
    assert runner.invoke(args=["banks", "list"]).stdout == (
        "No tests loaded yet. Load some with 'assay banks load question_banks/'.\n")


def test_it_prints_the_schema(runner: FlaskCliRunner) -> None:
    assert runner.invoke(args=["banks", "schema"]).stdout == schema_json()


@pytest.mark.parametrize("name", sorted(
    p.name for p in (Path(__file__).parents[2] / "question_banks").glob("*.yaml")))
def test_every_bank_in_the_repository_is_valid(runner: FlaskCliRunner, project_root: Path,
                                               name: str) -> None:
    result = runner.invoke(args=["banks", "validate", str(project_root / "question_banks" / name)])
    assert result.exit_code == 0, result.stdout


def test_it_counts_columns_in_characters_for_non_utf8_text(runner: FlaskCliRunner,
                                                           tmp_path: Path) -> None:
    mixed = tmp_path / "mixed.yaml"
    mixed.write_bytes("name: Café é".encode() + b"\xff\n")  # 12 characters, 14 bytes
    result = runner.invoke(args=["banks", "validate", str(mixed)])
    assert result.stdout.splitlines()[0] == (
        f"{mixed}:1:13: the file is not valid UTF-8 (byte 0xff here); save it as UTF-8")


def test_it_explains_a_load_that_raced_another(runner: FlaskCliRunner,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def collide(*args: object, **kwargs: object) -> None:
        raise IntegrityError("INSERT INTO test ...", {}, Exception("duplicate key"))

    monkeypatch.setattr("app.banks.cli.load_bank", collide)
    result = runner.invoke(args=["banks", "load", str(VALID)])
    assert result.exit_code == 1
    assert ("Error: another load of these banks ran at the same time; nothing was loaded "
            "here, run the command again") in result.output
