"""A results page cannot be broken for good by what a candidate or a grader sent."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy import text

from app.extensions import db
from app.models import Attempt, Invitation, Response, Test, User
from tests.console.conftest import sign_in
from tests.results.conftest import link, take


def test_an_essay_stored_with_a_lone_surrogate_can_still_be_read_and_graded(
        client: FlaskClient, make_invitation: Callable[..., Invitation], review_test: Test,
        admin: User) -> None:
    attempt = take(make_invitation(review_test).attempts[0])
    # As a save stored it before input was checked (both databases keep the JSON escape).
    db.session.execute(text("UPDATE response SET answer = :bad WHERE question_id = 'essay'"),
                       {"bad": '"my \\ud800 essay"'})
    db.session.commit()
    page = client.get(link(attempt.invitation))
    assert page.status_code == 200
    assert "my \ufffd essay" in page.text
    sign_in(client, admin)
    assert "my \ufffd essay" in client.get(_grade_url(attempt)).text
    graded = client.post(_grade_url(attempt), data={"criterion-0": "1", "criterion-1": "2",
                                                    "note": "ok"})
    assert graded.status_code == 302
    assert _essay(attempt).manual_points == 3.0


def test_a_grade_note_with_a_nul_is_refused_naming_the_field(
        client: FlaskClient, make_invitation: Callable[..., Invitation], review_test: Test,
        admin: User) -> None:
    attempt = take(make_invitation(review_test).attempts[0])
    sign_in(client, admin)
    response = client.post(_grade_url(attempt), data={"criterion-0": "1", "criterion-1": "2",
                                                      "note": "a\x00b"})
    assert response.status_code == 400
    assert "note: contains a NUL character" in response.text
    assert _essay(attempt).manual_points is None


def _grade_url(attempt: Attempt) -> str:
    return f"/console/grading/{attempt.public_id}/essay"


def test_a_signature_that_is_not_ascii_is_the_neutral_page(
        client: FlaskClient, make_invitation: Callable[..., Invitation], review_test: Test) -> None:
    invitation = make_invitation(review_test)
    response = client.get(f"/results/{invitation.public_id}?sig=%C3%A9%C3%A9")
    assert response.status_code == 404


def _essay(attempt: Attempt) -> Response:
    db.session.expire_all()
    return next(r for r in db.session.get(Attempt, attempt.id).responses  # type: ignore[union-attr]
                if r.question_id == "essay")
