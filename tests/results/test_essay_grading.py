"""The results page shows each essay's grade (points per criterion, who, when, every grade
given) and sends graders to the console: it grades nothing itself."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from flask.testing import FlaskClient

from app.extensions import db
from app.models import Attempt, Invitation, Response, Test
from app.services.grading import grade_response
from tests.results.conftest import link, take
from tests.results.html import Page

NOW = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)


def _essay_block(client: FlaskClient, attempt: Attempt):  # type: ignore[no-untyped-def]
    page = Page(client.get(link(attempt.invitation)).text)
    return page, page.by_id(f"q-{attempt.public_id}-essay")


def _grade(attempt: Attempt, points: list[float], grader: str, note: str | None = None,
           at: datetime = NOW) -> None:
    grade_response(db.session, attempt, "essay", points, note, grader, at)
    db.session.commit()


def test_an_essay_awaiting_a_grade_links_to_the_console(client: FlaskClient,
                                                       finished_attempt: Attempt) -> None:
    page, essay = _essay_block(client, finished_attempt)
    links = page.all("a", within=essay)
    assert [a.squashed() for a in links] == ["Grade in the console (question 7)"]
    assert links[0].attrs["href"] == f"/console/grading/{finished_attempt.public_id}/essay"
    assert not page.all("form", "grade-form") and 'name="grader_name"' not in str(essay.text())
    # Signed out, the console asks to sign in first, then comes back to the answer.
    response = client.get(links[0].attrs["href"] or "")
    assert response.location == (
        f"/console/sign-in?next=/console/grading/{finished_attempt.public_id}/essay")


def test_a_graded_essay_shows_its_points_per_criterion_and_every_grade(
        client: FlaskClient, finished_attempt: Attempt) -> None:
    _grade(finished_attempt, [2, 1.5], "Grace Hopper", "Clear, one slip.")
    _grade(finished_attempt, [1.5, 1.5], "Alan Turing", "Second look.", NOW + timedelta(hours=1))
    page, essay = _essay_block(client, finished_attempt)
    assert "3 of 4 points, by Alan Turing on" in essay.squashed()
    assert page.table_rows("rubric", within=essay) == [
        ["Clarity", "Says it plainly.", "2", "1.5"], ["Correctness", "", "2", "1.5"]]
    history = page.table_rows("grade-history", within=essay)
    assert [row[1:] for row in history] == [["Grace Hopper", "3.5", "Clear, one slip."],
                                            ["Alan Turing", "3", "Second look."]]
    assert [a.squashed() for a in page.all("a", within=essay)] == [
        "Change the grade in the console (question 7)"]
    facts = page.facts("score-facts")
    assert (facts["Status"], facts["Score"]) == ("Completed", "64.44%")


def test_the_old_grading_address_grades_nothing(client: FlaskClient,
                                               finished_attempt: Attempt) -> None:
    base, _, query = link(finished_attempt.invitation).partition("?")
    old = f"{base}/attempts/{finished_attempt.public_id}/questions/essay/grade?{query}"
    response = client.post(old, data={"points": "3", "grader_name": "Grace"})
    assert response.status_code in (404, 405)
    assert client.post(link(finished_attempt.invitation),
                       data={"points": "3"}).status_code == 405
    db.session.expire_all()
    essay = db.session.scalars(db.select(Response).where(
        Response.attempt_id == finished_attempt.id, Response.question_id == "essay")).one()
    assert essay.manual_points is None


def test_an_unanswered_essay_has_nothing_to_grade(
        client: FlaskClient, make_invitation: Callable[..., Invitation], review_test: Test) -> None:
    from tests.results.conftest import ANSWERS

    attempt = take(make_invitation(review_test).attempts[0], {**ANSWERS, "essay": ""})
    page, essay = _essay_block(client, attempt)
    assert "Not answered: it scores 0 and there is nothing to grade." in essay.squashed()
    assert not page.all("a", within=essay)
