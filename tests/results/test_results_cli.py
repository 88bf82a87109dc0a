"""``assay grade`` and ``assay results show``."""

from __future__ import annotations

import json
from collections.abc import Callable

from flask.testing import FlaskCliRunner

from app.extensions import db
from app.models import Attempt, Invitation, OutboxMessage, Response, Test
from app.security.results_links import signature
from tests.results.conftest import take


def test_grade_by_invitation_id_completes_the_attempt(runner: FlaskCliRunner,
                                                      finished_attempt: Attempt) -> None:
    result = runner.invoke(args=["grade", finished_attempt.invitation.public_id, "essay", "1.5",
                                 "2", "--note", "Solid.", "--grader", "Grace"])
    assert result.exit_code == 0, result.output
    assert result.output == (f"Graded essay of {finished_attempt.public_id}: 3.5 point(s).\n"
                             "The attempt is completed: 70% (pass).\n")
    db.session.expire_all()
    essay = db.session.scalars(db.select(Response).where(Response.question_id == "essay")).one()
    assert (essay.manual_points, essay.criterion_points, essay.grader_note, essay.grader_name,
            essay.grader_id) == (3.5, [1.5, 2.0], "Solid.", "Grace", None)
    assert [(g.points, g.grader_name) for g in essay.grades] == [(3.5, "Grace")]
    kinds = [m.kind for m in db.session.scalars(db.select(OutboxMessage))]
    assert "greenhouse_patch" in kinds


def test_grade_by_attempt_id_records_the_login_name_by_default(
        runner: FlaskCliRunner, finished_attempt: Attempt, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("getpass.getuser", lambda: "grader7")
    result = runner.invoke(args=["grade", finished_attempt.public_id, "essay", "0", "0"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    essay = db.session.scalars(db.select(Response).where(Response.question_id == "essay")).one()
    assert (essay.manual_points, essay.grader_name) == (0.0, "grader7")


def test_grade_refuses_bad_points_and_changes_nothing(runner: FlaskCliRunner,
                                                      finished_attempt: Attempt) -> None:
    result = runner.invoke(args=["grade", finished_attempt.public_id, "essay", "1", "9"])
    assert result.exit_code == 1
    assert "Error: Criterion 2: The points must be between 0 and 2, not 9." in result.output
    one_total = runner.invoke(args=["grade", finished_attempt.public_id, "essay", "3"])
    assert one_total.exit_code == 1
    assert ("Error: Give 2 number(s), one per rubric criterion in order, not 1."
            in one_total.output)
    db.session.expire_all()
    assert db.session.get(Attempt, finished_attempt.id).state == "awaiting_review"


def test_grade_explains_unknown_ids_and_questions(runner: FlaskCliRunner,
                                                 finished_attempt: Attempt) -> None:
    unknown = runner.invoke(args=["grade", "iv_nosuch", "essay", "1"])
    assert "Error: No invitation or attempt 'iv_nosuch'." in unknown.output
    not_drawn = runner.invoke(args=["grade", finished_attempt.invitation.public_id, "nope", "1"])
    invitation_id = finished_attempt.invitation.public_id
    assert f"No test of invitation {invitation_id} drew the question 'nope'." in not_drawn.output
    automatic = runner.invoke(args=["grade", finished_attempt.public_id, "choice", "1"])
    assert "Error: The question 'choice' is scored automatically, not by a person." in \
        automatic.output


def test_show_prints_the_summary_and_the_signed_link(runner: FlaskCliRunner,
                                                     finished_attempt: Attempt) -> None:
    invitation = finished_attempt.invitation
    result = runner.invoke(args=["results", "show", finished_attempt.public_id])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Ada Lovelace <candidate1@example.test>, Acme Corp",
        f"Invitation {invitation.public_id}",
        "",
        f"Python review (v1), attempt {finished_attempt.public_id}: awaiting review",
        "  Score 31.11% (provisional, 1 essay(s) to grade; pass mark 70%), 4 of 11 points",
        "  - Basics: 3/5 (60%, weight 1)",
        "  - Writing: 1/6 (16.67%, weight 2)",
        "  Time used 23.2 of 30.0 min; submitted",
        f"Results page: http://assay.test/results/{invitation.public_id}"
        f"?sig={signature(invitation.public_id)}",
    ]


def test_show_json_has_the_figures_charts_need(runner: FlaskCliRunner,
                                               make_invitation: Callable[..., Invitation],
                                               review_test: Test) -> None:
    invitation = make_invitation(review_test, review_test)
    take(invitation.attempts[0])
    result = runner.invoke(args=["results", "show", invitation.public_id, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["candidate"] == {"name": "Ada Lovelace", "email": "candidate1@example.test"}
    first, second = data["tests"]
    assert (first["status"], first["score_percent"], first["provisional"]) == (
        "awaiting_review", 31.11, True)
    assert first["sections"][1] == {"id": "writing", "title": "Writing", "weight": 2.0,
                                    "points": 1.0, "max_points": 6.0, "percent": 16.67}
    assert first["timing"]["used_seconds"] == 1390.0
    assert first["essays_to_grade"] == 1
    assert [q["id"] for q in first["questions"]][:2] == ["choice", "multi"]
    assert (second["status"], second["score_percent"], second["sections"]) == (
        "not_started", None, [])
    assert data["results_url"].startswith("http://assay.test/results/")


def test_show_never_prints_more_time_used_than_allowed(
        runner: FlaskCliRunner, make_invitation: Callable[..., Invitation],
        review_test: Test) -> None:
    from datetime import timedelta

    from tests.results.conftest import STARTED

    invitation = make_invitation(review_test)
    # The last answer arrived in the grace period, 20 s past the 30-minute deadline.
    attempt = take(invitation.attempts[0], finished=STARTED + timedelta(minutes=30, seconds=20),
                   reason="timed_out")
    result = runner.invoke(args=["results", "show", attempt.public_id])
    assert "  Time used 30.0 of 30.0 min; time ran out" in result.output.splitlines()
