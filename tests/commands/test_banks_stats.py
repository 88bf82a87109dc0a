"""`assay banks stats SLUG`: item statistics of a test version on the command line."""

from __future__ import annotations

import json

from flask.testing import FlaskCliRunner

from app.models import Organization, Test
from tests.fixtures.attempts import finished
from tests.fixtures.definitions import definition, essay, section, single, true_false
from tests.fixtures.factories import make_test

THREE = definition(section("only", single("q1", "Which is **first**?"), true_false("q2"),
                           single("q3")))
SIX = [(1, 1, 1), (1, 1, 0), (1, 1, 1), (0, 0, 0), (0, 1, 0), (0, 0, 0)]
ANSWERS = {1: ("a", True, "a"), 0: ("b", False, "c")}


def _six(organization: Organization, version: int = 1) -> None:
    test = make_test(THREE, version=version)
    for n, row in enumerate(SIX):
        answers = {f"q{i + 1}": ANSWERS[right][i] for i, right in enumerate(row)}
        finished(organization, test, answers, times_ms={"q1": (n + 1) * 20_000})


def test_it_prints_a_table_with_each_option(runner: FlaskCliRunner,
                                            organization: Organization) -> None:
    _six(organization)
    result = runner.invoke(args=["banks", "stats", "basics"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == 'basics v1 "Basics": 6 finished attempts.'
    assert lines[2].split() == ["#", "ID", "PROMPT", "SEEN", "CORRECT", "DISCR.", "MEDIAN",
                                "TIME", "FLAGS"]
    q1 = next(line for line in lines if " q1 " in line)
    assert q1.split() == ["1", "q1", "Which", "is", "first?", "6", "50%", "+0.82", "1m",
                          "10s"]
    assert "    a: Alpha (correct): 3 chose it, 50%" in result.output
    assert "    b: Beta: 3 chose it, 50%" in result.output
    assert "    true: True (correct): 4 chose it, 67%" in result.output


def test_it_flags_questions_in_words(runner: FlaskCliRunner, organization: Organization) -> None:
    test = make_test(THREE)
    for _ in range(5):
        finished(organization, test, {"q1": "a", "q2": False, "q3": "a"})
    output = runner.invoke(args=["banks", "stats", "basics"]).output
    assert "everyone correct" in next(line for line in output.splitlines() if " q1 " in line)
    assert "nobody correct" in next(line for line in output.splitlines() if " q2 " in line)


def test_it_prints_the_typed_result_as_json(runner: FlaskCliRunner,
                                            organization: Organization) -> None:
    _six(organization)
    result = runner.invoke(args=["banks", "stats", "basics", "--json"])
    printed = json.loads(result.output)
    assert (printed["slug"], printed["version"], printed["candidates"]) == ("basics", 1, 6)
    q1 = printed["questions"][0]
    assert (q1["id"], q1["difficulty"], q1["discrimination"], q1["median_seconds"]) == (
        "q1", 0.5, 0.8165, 70.0)
    assert q1["options"][0] == {"id": "a", "text": "Alpha", "correct": True, "chosen": 3,
                                "share": 0.5}


def test_it_picks_the_latest_version_unless_told(runner: FlaskCliRunner,
                                                 organization: Organization) -> None:
    _six(organization)
    make_test(THREE, version=2)
    latest = runner.invoke(args=["banks", "stats", "basics"])
    assert latest.exit_code == 0
    assert "No finished attempts of basics v2 yet" in latest.output
    first = runner.invoke(args=["banks", "stats", "basics", "--version", "1"])
    assert first.output.startswith('basics v1 "Basics": 6 finished attempts.')


def test_essays_awaiting_grading_are_named(runner: FlaskCliRunner,
                                           organization: Organization) -> None:
    test = make_test(definition(section("only", single("q1"), essay("e1"))))
    finished(organization, test, {"q1": "a", "e1": "My essay."})
    output = runner.invoke(args=["banks", "stats", "basics"]).output
    assert "1 finished attempt, 1 with essays awaiting grading" in output
    assert "1 (1 ungraded)" in next(line for line in output.splitlines() if " e1 " in line)


def test_an_unknown_slug_or_version_is_one_clear_line(runner: FlaskCliRunner) -> None:
    unknown = runner.invoke(args=["banks", "stats", "nothing"])
    assert unknown.exit_code == 1
    assert "no test with slug 'nothing' (see 'assay banks list')" in unknown.output
    make_test(THREE)
    missing = runner.invoke(args=["banks", "stats", "basics", "--version", "3"])
    assert missing.exit_code == 1
    assert "basics has no version 3 (versions: 1)" in missing.output
    assert "Traceback" not in unknown.output + missing.output


def test_no_finished_attempts_is_a_friendly_message(runner: FlaskCliRunner) -> None:
    make_test(THREE)
    result = runner.invoke(args=["banks", "stats", "basics"])
    assert result.exit_code == 0
    assert result.output.startswith("No finished attempts of basics v1 yet")
    as_json = json.loads(runner.invoke(args=["banks", "stats", "basics", "--json"]).output)
    assert as_json["candidates"] == 0 and as_json["questions"][0]["seen"] == 0


def test_choice_questions_left_unanswered_are_counted(runner: FlaskCliRunner,
                                                      organization: Organization) -> None:
    test = make_test(THREE)
    finished(organization, test, {"q1": "a"})
    finished(organization, test, {"q2": True})
    output = runner.invoke(args=["banks", "stats", "basics"]).output
    assert "    no answer: 1, 50%" in output


def test_with_org_it_counts_only_that_organizations_candidates(
        runner: FlaskCliRunner, organization: Organization) -> None:
    from app.extensions import db

    _six(organization)
    other = Organization(slug="globex", name="Globex", hr_email="hr@globex.test")
    db.session.add(other)
    db.session.commit()
    finished(other, db.session.scalars(db.select(Test)).one(), {"q1": "a"})
    everyone = json.loads(runner.invoke(args=["banks", "stats", "basics", "--json"]).output)
    globex = json.loads(runner.invoke(
        args=["banks", "stats", "basics", "--org", "globex", "--json"]).output)
    assert (everyone["candidates"], globex["candidates"]) == (7, 1)


def test_an_unknown_org_is_refused(runner: FlaskCliRunner, organization: Organization) -> None:
    _six(organization)
    result = runner.invoke(args=["banks", "stats", "basics", "--org", "nobody"])
    assert result.exit_code != 0
    assert "No organization 'nobody'" in result.output
