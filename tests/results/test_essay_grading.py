"""POST .../questions/<id>/grade: a person grades an essay from the results page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Attempt, Invitation, OutboxMessage, Response, Test
from tests.results.conftest import grade_path, link, take
from tests.results.html import Page


def _essay(attempt: Attempt) -> Response:
    db.session.expire_all()
    return db.session.scalars(db.select(Response).where(
        Response.attempt_id == attempt.id, Response.question_id == "essay")).one()


def _outbox_kinds() -> list[str]:
    return sorted(m.kind for m in db.session.scalars(db.select(OutboxMessage)))


def _grade(client: FlaskClient, attempt: Attempt, **form: Any) -> Any:
    return client.post(grade_path(attempt), data={"grader_name": "Grace Hopper", **form})


def test_grading_the_last_essay_completes_the_attempt_and_queues_the_greenhouse_patch(
        client: FlaskClient, finished_attempt: Attempt) -> None:
    assert _outbox_kinds() == ["email", "email"]  # review_needed, the candidate's receipt
    response = _grade(client, finished_attempt, points="3.5", note="Clear, one slip.")
    assert response.status_code == 302
    assert response.location == (link(finished_attempt.invitation)
                                 + f"#q-{finished_attempt.public_id}-essay")
    attempt = db.session.get(Attempt, finished_attempt.id)
    assert attempt.state == "completed"
    assert attempt.score_percent == 70.0 and attempt.passed is True
    essay = _essay(attempt)
    assert (essay.manual_points, essay.grader_note, essay.grader_name) == (
        3.5, "Clear, one slip.", "Grace Hopper")
    assert essay.graded_at is not None
    assert _outbox_kinds() == ["email", "email", "email", "greenhouse_patch"]  # no 2nd receipt
    patch = db.session.scalars(db.select(OutboxMessage).where(
        OutboxMessage.kind == "greenhouse_patch")).one()
    assert patch.open_payload()["invitation_id"] == attempt.invitation.public_id


def test_the_page_confirms_the_grade_and_shows_the_final_result(
        client: FlaskClient, finished_attempt: Attempt) -> None:
    _grade(client, finished_attempt, points="3.5")
    page = Page(client.get(link(finished_attempt.invitation)).text)
    assert page.all("p", "notice-success")[0].squashed() == "Grade saved for question 7."
    facts = page.facts("score-facts")
    assert (facts["Status"], facts["Score"], facts["Result"]) == (
        "Completed", "70%", "✓ Pass (pass mark 70%)")
    essay = page.by_id(f"q-{finished_attempt.public_id}-essay")
    assert "3.5 of 4 points, by Grace Hopper on" in essay.squashed()


def test_it_remembers_the_graders_name_for_the_next_form(
        client: FlaskClient, finished_attempt: Attempt) -> None:
    _grade(client, finished_attempt, points="1")
    html = client.get(link(finished_attempt.invitation)).text
    assert ('name="grader_name" maxlength="200" autocomplete="name" required '
            'value="Grace Hopper"') in html


def test_a_grade_without_a_greenhouse_callback_queues_no_patch(
        client: FlaskClient, make_invitation: Callable[..., Invitation], review_test: Test) -> None:
    attempt = take(make_invitation(review_test).attempts[0])
    _grade(client, attempt, points="4")
    assert db.session.get(Attempt, attempt.id).state == "completed"
    assert "greenhouse_patch" not in _outbox_kinds()


def test_per_criterion_points_add_up_to_the_grade(client: FlaskClient,
                                                  finished_attempt: Attempt) -> None:
    response = _grade(client, finished_attempt, **{"criterion-0": "1.5", "criterion-1": "2"})
    assert response.status_code == 302
    assert _essay(finished_attempt).manual_points == 3.5


@pytest.mark.parametrize(("form", "field", "message"), [
    ({"points": "4.5"}, "points", "Enter between 0 and 4."),
    ({"points": "-1"}, "points", "Enter between 0 and 4."),
    ({"points": "lots"}, "points", "Enter a number, for example 1.5."),
    ({"points": ""}, "points", "Enter the points you give this answer."),
    ({"points": "nan"}, "points", "Enter a number, for example 1.5."),
    ({"points": "3", "grader_name": " "}, "grader",
     "Enter your name, so the team knows who graded."),
    ({"criterion-0": "3"}, "criterion-0", "Enter between 0 and 2."),
    ({"points": "4", "criterion-0": "1", "criterion-1": "2"}, "points",
     "The criteria add up to 3, not 4. Correct one of them."),
])
def test_invalid_input_is_refused_next_to_its_field_and_nothing_changes(
        client: FlaskClient, finished_attempt: Attempt, form: dict[str, str], field: str,
        message: str) -> None:
    before = _outbox_kinds()
    response = _grade(client, finished_attempt, note="Keep this note", **form)
    assert response.status_code == 422
    page = Page(response.text)
    form_id = f"grade-{finished_attempt.public_id}-essay"
    assert page.by_id(f"{form_id}-{field}-error").squashed() == f"⚠ {message}" or \
        page.by_id(f"{form_id}-{field}-error").squashed() == message
    assert page.by_id(f"{form_id}-{field}").attrs.get("aria-invalid") == "true"
    assert page.by_id(f"{form_id}-note").text() == "Keep this note"  # nothing typed is lost
    assert page.all("p", "notice-error")
    essay = _essay(finished_attempt)
    assert essay.manual_points is None and essay.grader_note is None
    assert db.session.get(Attempt, finished_attempt.id).state == "awaiting_review"
    assert _outbox_kinds() == before


def test_the_page_shown_again_keeps_everything_typed(client: FlaskClient,
                                                     finished_attempt: Attempt) -> None:
    response = _grade(client, finished_attempt, points="3,5", note="Almost.",
                      grader_name="Ada", **{"criterion-0": "1,5", "criterion-1": "x"})
    assert response.status_code == 422
    page = Page(response.text)
    form_id = f"grade-{finished_attempt.public_id}-essay"
    assert page.by_id(f"{form_id}-criterion-1-error").squashed() == (
        "Enter a number, for example 1.5.")
    typed = {name: page.by_id(f"{form_id}-{name}").attrs.get("value")
             for name in ("points", "criterion-0", "criterion-1", "grader")}
    assert typed == {"points": "3,5", "criterion-0": "1,5", "criterion-1": "x", "grader": "Ada"}
    assert page.by_id(f"{form_id}-note").text() == "Almost."


@pytest.mark.parametrize(("form", "field", "message"), [
    ({"note": "n" * 5001}, "note", "The note is too long (at most 5000 characters)."),
    ({"grader_name": "G" * 201}, "grader", "The name is too long (at most 200 characters)."),
])
def test_a_refusal_of_the_grading_service_is_shown_next_to_its_field(
        client: FlaskClient, finished_attempt: Attempt, form: dict[str, str], field: str,
        message: str) -> None:
    response = _grade(client, finished_attempt, points="3", **form)
    assert response.status_code == 422
    form_id = f"grade-{finished_attempt.public_id}-essay"
    page = Page(response.text)
    assert page.by_id(f"{form_id}-{field}-error").squashed() == message
    assert page.by_id(f"{form_id}-{field}").attrs.get("aria-invalid") == "true"
    assert _essay(finished_attempt).manual_points is None


def test_inputs_beyond_the_rubric_are_ignored(client: FlaskClient,
                                              finished_attempt: Attempt) -> None:
    response = _grade(client, finished_attempt, points="3", **{"criterion-7": "99"})
    assert response.status_code == 302
    assert _essay(finished_attempt).manual_points == 3.0


def test_a_decimal_comma_is_accepted(client: FlaskClient, finished_attempt: Attempt) -> None:
    assert _grade(client, finished_attempt, points="2,5").status_code == 302
    assert _essay(finished_attempt).manual_points == 2.5


def test_regrading_a_completed_attempt_updates_the_result_and_queues_a_new_patch(
        client: FlaskClient, finished_attempt: Attempt) -> None:
    _grade(client, finished_attempt, points="3.5")
    assert _outbox_kinds().count("greenhouse_patch") == 1
    response = _grade(client, finished_attempt, points="1", note="Second look: off topic.",
                      grader_name="Alan Turing")
    assert response.status_code == 302
    attempt = db.session.get(Attempt, finished_attempt.id)
    assert attempt.state == "completed"
    assert attempt.score_percent == 42.22 and attempt.passed is False  # (60 + 2 × 33.33) / 3
    assert attempt.result["questions"]["essay"] == {"points": 1.0, "max_points": 4.0,
                                                    "status": "partial"}
    essay = _essay(attempt)
    assert (essay.manual_points, essay.grader_name) == (1.0, "Alan Turing")
    assert _outbox_kinds().count("greenhouse_patch") == 2


def test_a_post_without_a_csrf_token_is_refused(client: FlaskClient,
                                                finished_attempt: Attempt) -> None:
    response = client.post(grade_path(finished_attempt),
                           data={"points": "3", "grader_name": "Grace"}, no_csrf=True)
    assert response.status_code == 400
    assert _essay(finished_attempt).manual_points is None


def test_only_essays_of_this_invitation_have_a_grade_form(
        client: FlaskClient, finished_attempt: Attempt) -> None:
    assert client.post(grade_path(finished_attempt, "choice"),
                       data={"points": "1", "grader_name": "G"}).status_code == 404
    assert client.post(grade_path(finished_attempt, "nope"),
                       data={"points": "1", "grader_name": "G"}).status_code == 404
    html = client.get(link(finished_attempt.invitation)).text
    assert html.count('class="grade-form"') == 1
