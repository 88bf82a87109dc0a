"""app.services.grading.grade_response: what it accepts, what it refuses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from app.extensions import db
from app.models import Attempt, Invitation, Test
from app.services.grading import GradingError, grade_response
from tests.results.conftest import ANSWERS, take

NOW = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)


def _grade(attempt: Attempt, question_id: str = "essay", points: float = 2.0,
           grader: str = "Grace") -> None:
    grade_response(db.session, attempt, question_id, points, None, grader, NOW)


def test_it_records_the_grade_and_when(finished_attempt: Attempt) -> None:
    grade_response(db.session, finished_attempt, "essay", 4, "  Excellent.  ", " Grace ", NOW)
    essay = next(r for r in finished_attempt.responses if r.question_id == "essay")
    assert (essay.manual_points, essay.grader_note, essay.grader_name, essay.graded_at) == (
        4.0, "Excellent.", "Grace", NOW)
    assert finished_attempt.state == "completed" and finished_attempt.completed_at == NOW


@pytest.mark.parametrize(("points", "reason"), [
    (-0.5, "out_of_range"), (4.01, "out_of_range"), (float("nan"), "not_a_number"),
    (float("inf"), "not_a_number"), (True, "not_a_number"),
])
def test_it_refuses_points_outside_zero_to_max(finished_attempt: Attempt, points: float,
                                               reason: str) -> None:
    with pytest.raises(GradingError) as caught:
        _grade(finished_attempt, points=points)
    assert (caught.value.field, caught.value.reason) == ("points", reason)


@pytest.mark.parametrize(("question_id", "reason"), [
    ("choice", "not_essay"), ("nope", "not_in_layout"),
])
def test_it_grades_only_essays_the_attempt_drew(finished_attempt: Attempt, question_id: str,
                                                reason: str) -> None:
    with pytest.raises(GradingError) as caught:
        _grade(finished_attempt, question_id)
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


def test_it_needs_the_graders_name(finished_attempt: Attempt) -> None:
    with pytest.raises(GradingError) as caught:
        _grade(finished_attempt, grader="  ")
    assert caught.value.field == "grader_name"


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
