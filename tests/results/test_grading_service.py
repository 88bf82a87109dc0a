"""app.services.grading.grade_response: what it accepts, what it refuses, what it records.

The results fixture's essay is worth 4 points: Clarity (2) and Correctness (2).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

import pytest

from app.extensions import db
from app.models import Attempt, Grade, Invitation, Organization, OutboxMessage, Role, Test, User
from app.security import tokens
from app.services.grading import GradingError, grade_response, points_step
from tests.results.conftest import ANSWERS, take

NOW = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)


def _grade(attempt: Attempt, points: float | Sequence[float] = (1.0, 1.0),
           question_id: str = "essay", grader: User | str = "Grace",
           now: datetime = NOW) -> Grade:
    return grade_response(db.session, attempt, question_id, points, None, grader, now)


def _essay(attempt: Attempt):  # type: ignore[no-untyped-def]
    return next(r for r in attempt.responses if r.question_id == "essay")


@pytest.fixture
def grader(organization: Organization) -> User:
    member = User(public_id=tokens.public_id("usr"), organization=organization,
                  email="rob.reviewer@acme.test", role=Role.REVIEWER.value)
    db.session.add(member)
    db.session.commit()
    return member


def test_it_records_the_points_per_criterion_and_their_sum(finished_attempt: Attempt,
                                                           grader: User) -> None:
    grade_response(db.session, finished_attempt, "essay", [1.5, 2], "  Clear.  ", grader, NOW)
    essay = _essay(finished_attempt)
    assert (essay.manual_points, essay.criterion_points, essay.grader_note) == (
        3.5, [1.5, 2.0], "Clear.")
    assert (essay.grader_id, essay.grader_name, essay.graded_at) == (
        grader.id, "rob.reviewer@acme.test", NOW)
    assert finished_attempt.state == "completed" and finished_attempt.completed_at == NOW


def test_every_grade_and_change_is_a_history_row(finished_attempt: Attempt,
                                                 grader: User) -> None:
    _grade(finished_attempt, [2, 2], grader=grader)
    _grade(finished_attempt, [0.5, 1], grader="Alan", now=NOW + timedelta(hours=1))
    db.session.flush()
    rows = db.session.scalars(db.select(Grade).where(
        Grade.response_id == _essay(finished_attempt).id).order_by(Grade.graded_at)).all()
    assert [(r.points, r.criterion_points, r.grader_id, r.grader_name, r.graded_at)
            for r in rows] == [
        (4.0, [2.0, 2.0], grader.id, grader.email, NOW),
        (1.5, [0.5, 1.0], None, "Alan", NOW + timedelta(hours=1)),
    ]
    essay = _essay(finished_attempt)
    assert (essay.manual_points, essay.criterion_points, essay.grader_id) == (1.5, [0.5, 1.0],
                                                                              None)
    assert [g.points for g in essay.grades] == [4.0, 1.5]


@pytest.mark.parametrize(("points", "field", "reason"), [
    ([2.5, 1], "criterion-0", "out_of_range"),
    ([1, -0.5], "criterion-1", "out_of_range"),
    ([float("nan"), 1], "criterion-0", "not_a_number"),
    ([1, float("inf")], "criterion-1", "not_a_number"),
    ([True, 1], "criterion-0", "not_a_number"),
    ([1, 0.3], "criterion-1", "off_step"),
    ([1], "points", "criteria_count"),
    ([1, 1, 1], "points", "criteria_count"),
    (2.0, "points", "criteria_count"),
])
def test_it_refuses_points_that_do_not_fit_the_rubric(finished_attempt: Attempt,
                                                      points: float | list[float], field: str,
                                                      reason: str) -> None:
    with pytest.raises(GradingError) as caught:
        _grade(finished_attempt, points)
    assert (caught.value.field, caught.value.reason) == (field, reason)
    assert _essay(finished_attempt).manual_points is None
    assert not db.session.scalars(db.select(Grade)).all()


def test_a_question_without_a_rubric_takes_one_total(
        make_invitation: Callable[..., Invitation], review_test: Test) -> None:
    definition = dict(review_test.definition)
    attempt = take(make_invitation(review_test).attempts[0])
    essay = next(q for s in definition["sections"] for q in
                 (item["question"] for item in s["items"]) if q["id"] == "essay")
    essay["rubric"] = []
    attempt.test.definition = {**definition}
    _grade(attempt, 3.5)
    assert (_essay(attempt).manual_points, _essay(attempt).criterion_points) == (3.5, None)
    with pytest.raises(GradingError) as caught:
        _grade(attempt, 4.5)
    assert (caught.value.field, caught.value.reason) == ("points", "out_of_range")


def test_the_step_follows_the_points_a_criterion_is_worth() -> None:
    assert [points_step(p) for p in (2, 4, 1.5, 0.75, 0.3, 0.125)] == [
        0.5, 0.5, 0.5, 0.25, 0.1, None]


@pytest.mark.parametrize(("question_id", "reason"), [
    ("choice", "not_essay"), ("nope", "not_in_layout"),
])
def test_it_grades_only_essays_the_attempt_drew(finished_attempt: Attempt, question_id: str,
                                                reason: str) -> None:
    with pytest.raises(GradingError) as caught:
        _grade(finished_attempt, question_id=question_id)
    assert caught.value.reason == reason


def test_it_refuses_an_unanswered_essay(make_invitation: Callable[..., Invitation],
                                        review_test: Test) -> None:
    attempt = take(make_invitation(review_test).attempts[0], {**ANSWERS, "essay": "   "})
    assert attempt.state == "completed"  # nothing awaited a person
    with pytest.raises(GradingError) as caught:
        _grade(attempt)
    assert caught.value.reason == "unanswered"


def test_it_refuses_an_attempt_not_finished(make_invitation: Callable[..., Invitation],
                                            review_test: Test) -> None:
    attempt = make_invitation(review_test).attempts[0]
    with pytest.raises(GradingError) as caught:
        _grade(attempt)
    assert caught.value.reason == "not_finished"


def test_a_typed_name_is_needed_when_no_member_grades(finished_attempt: Attempt) -> None:
    with pytest.raises(GradingError) as caught:
        _grade(finished_attempt, grader="  ")
    assert caught.value.field == "grader_name"


def _kinds() -> list[str]:
    return sorted(m.kind for m in db.session.scalars(db.select(OutboxMessage)))


def test_completion_is_announced_once_when_the_last_grade_is_in(
        make_invitation: Callable[..., Invitation], review_test: Test,
        grader: User) -> None:
    from tests.results.conftest import CALLBACK_URL

    invitation = make_invitation(review_test, review_test, callback_url=CALLBACK_URL)
    first = take(invitation.attempts[0])
    second = take(invitation.attempts[1])
    # review_needed per test, and the candidate's receipt once both are submitted
    assert _kinds() == ["email", "email", "email"]
    _grade(first, [2, 2], grader=grader)
    db.session.flush()
    assert _kinds() == ["email", "email", "email"]  # the other test still waits
    _grade(second, [1, 1], grader=grader)
    db.session.flush()
    assert _kinds() == ["email", "email", "email", "email", "greenhouse_patch"]
    templates = [m.open_payload().get("template") for m in db.session.scalars(
        db.select(OutboxMessage).where(OutboxMessage.kind == "email"))]
    assert templates.count("completion_notice") == 1


def test_it_locks_the_attempt_row_while_rescoring(finished_attempt: Attempt) -> None:
    from sqlalchemy import event

    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no row locks (it serializes writers)")
    statements: list[str] = []

    def remember(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        _grade(finished_attempt)
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    assert any("FROM attempt" in s and "FOR UPDATE" in s for s in statements)
