"""The grading queue (/console/grading) and the page that grades one answer
(/console/grading/<attempt>/<question>): scope, order, blindness, per-criterion points,
history, and what grading sets off."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Attempt, Grade, Organization, OutboxMessage, Response, User
from tests.console.conftest import sign_in
from tests.console.grading_data import Submit, grade_url
from tests.fixtures.factories import make_test
from tests.results.conftest import ANSWERS, CALLBACK_URL, results_definition
from tests.results.html import Page


def _essay(attempt: Attempt) -> Response:
    db.session.expire_all()
    return db.session.scalars(db.select(Response).where(
        Response.attempt_id == attempt.id, Response.question_id == "essay")).one()


def _queue_links(client: FlaskClient) -> list[str]:
    page = Page(client.get("/console/grading").text)
    table = page.all("table", "grading-table")[0]
    return [a.attrs["href"] or "" for a in page.all("a", within=table)]


def _grade(client: FlaskClient, attempt: Attempt, **form: str):  # type: ignore[no-untyped-def]
    return client.post(grade_url(attempt), data={"criterion-0": "1.5", "criterion-1": "2",
                                                  **form})


# --- the queue -----------------------------------------------------------------------------

def test_the_queue_lists_waiting_answers_oldest_first(
        client: FlaskClient, organization: Organization, admin: User, submit: Submit) -> None:
    later = submit(organization, name=("Bea", "Later"), after=30)
    earlier = submit(organization, name=("Cy", "Earlier"), after=5)
    submit(organization, name=("Dee", "Done"))  # graded below: no longer waiting
    done = db.session.scalars(db.select(Attempt).order_by(Attempt.id.desc())).first()
    assert done is not None
    sign_in(client, admin)
    assert _grade(client, done).status_code == 302
    assert _queue_links(client) == [grade_url(earlier), grade_url(later)]


def test_an_unanswered_essay_never_waits(client: FlaskClient, organization: Organization,
                                         admin: User, submit: Submit) -> None:
    attempt = submit(organization)
    blank = submit(organization, answers={**ANSWERS, "essay": " "})
    assert blank.state == "completed"
    sign_in(client, admin)
    assert _queue_links(client) == [grade_url(attempt)]
    assert client.get(grade_url(blank)).status_code == 404


def test_a_reviewer_sees_only_the_invitations_assigned_to_them(
        client: FlaskClient, organization: Organization, reviewer: User, admin: User,
        outsider: User, submit: Submit) -> None:
    mine = submit(organization, reviewer=reviewer)
    submit(organization, reviewer=admin)
    submit(organization)
    submit(outsider.organization, reviewer=outsider)
    sign_in(client, reviewer)
    assert _queue_links(client) == [grade_url(mine)]


def test_an_admin_sees_the_whole_organization_and_whom_each_is_assigned_to(
        client: FlaskClient, organization: Organization, reviewer: User, admin: User,
        outsider: User, submit: Submit) -> None:
    assigned = submit(organization, reviewer=reviewer)
    unassigned = submit(organization, after=1)
    submit(outsider.organization, after=-5)
    sign_in(client, admin)
    assert _queue_links(client) == [grade_url(assigned), grade_url(unassigned)]
    rows = Page(client.get("/console/grading").text).table_rows("grading-table")
    assert [row[-1] for row in rows] == [reviewer.email, "Not assigned"]
    assert rows[0][0].startswith("Question 7")
    assert rows[0][1] == "Python review"
    assert rows[0][2].startswith("Candidate #")


def test_the_queue_never_names_the_candidate(client: FlaskClient, organization: Organization,
                                             admin: User, submit: Submit) -> None:
    waiting = submit(organization, name=("Zelda", "Quarry"))
    graded = submit(organization, name=("Yusuf", "Okafor"), after=1)
    sign_in(client, admin)
    _grade(client, graded)
    html = client.get("/console/grading").text
    assert "Graded lately" in html and grade_url(graded) in html
    for attempt in (waiting, graded):
        invitation = attempt.invitation
        assert invitation.first_name not in html and invitation.last_name not in html
        assert invitation.candidate_email not in html


def test_an_empty_queue_says_so(client: FlaskClient, reviewer: User) -> None:
    sign_in(client, reviewer)
    assert "Nothing to grade: every answer has its grade." in client.get("/console/grading").text


# --- the grade page --------------------------------------------------------------------------

def test_the_page_shows_the_question_the_answer_and_one_input_per_criterion(
        client: FlaskClient, organization: Organization, reviewer: User, submit: Submit) -> None:
    attempt = submit(organization, reviewer=reviewer)
    sign_in(client, reviewer)
    page = Page(client.get(grade_url(attempt)).text)
    assert page.all("h1")[0].squashed() == "Question 7 of Python review"
    assert "First line <b>bold?</b>" in page.all("div", "answer-text")[0].text()
    inputs = [page.by_id(f"criterion-{n}").attrs for n in (0, 1)]
    assert [(i["type"], i["min"], i["max"], i["step"]) for i in inputs] == [
        ("number", "0", "2.0", "0.5"), ("number", "0", "2.0", "0.5")]
    assert page.all("label")[0].squashed() == "Clarity (0 to 2)"
    assert page.by_id("criterion-0").attrs["aria-describedby"] == "criterion-0-hint"
    assert page.by_id("criterion-0-hint").squashed() == "Says it plainly."


def test_the_page_is_blind_until_the_attempts_grades_are_in(
        client: FlaskClient, organization: Organization, admin: User, submit: Submit) -> None:
    attempt = submit(organization, name=("Hidden", "Name"))
    sign_in(client, admin)
    html = client.get(grade_url(attempt)).text
    assert "Hidden" not in html and attempt.invitation.candidate_email not in html
    assert "Candidate #" in html
    _grade(client, attempt)
    html = client.get(grade_url(attempt)).text
    assert "Hidden Name" in html and attempt.invitation.candidate_email in html


def test_saving_goes_to_the_next_answer_in_the_queue(
        client: FlaskClient, organization: Organization, reviewer: User, submit: Submit) -> None:
    first = submit(organization, reviewer=reviewer)
    second = submit(organization, reviewer=reviewer, after=10)
    sign_in(client, reviewer)
    response = _grade(client, first, note="Clear, one slip.")
    assert response.status_code == 302
    assert response.location == grade_url(second)
    essay = _essay(first)
    assert (essay.manual_points, essay.criterion_points, essay.grader_note) == (
        3.5, [1.5, 2.0], "Clear, one slip.")
    assert (essay.grader_id, essay.grader_name) == (reviewer.id, reviewer.email)
    notice = Page(client.get(response.location).text).all("p", "notice-success")[0]
    assert notice.squashed().startswith("Grade saved for question 7 of candidate #")
    last = _grade(client, second)
    assert last.location == "/console/grading"
    assert "No answer is waiting for a grade." in client.get("/console/grading").text


def test_a_grade_completes_the_attempt_and_announces_it_once(
        client: FlaskClient, organization: Organization, admin: User, submit: Submit) -> None:
    attempt = submit(organization, callback_url=CALLBACK_URL)
    sign_in(client, admin)
    _grade(client, attempt)
    db.session.expire_all()
    assert db.session.get(Attempt, attempt.id).state == "completed"
    assert db.session.get(Attempt, attempt.id).score_percent == 70.0
    kinds = sorted(m.kind for m in db.session.scalars(db.select(OutboxMessage)))
    # review needed, the candidate's receipt, completion
    assert kinds == ["email", "email", "email", "greenhouse_patch"]


@pytest.mark.parametrize(("form", "field", "message"), [
    ({"criterion-0": "2.5"}, "criterion-0", "Enter between 0 and 2."),
    ({"criterion-1": "-1"}, "criterion-1", "Enter between 0 and 2."),
    ({"criterion-1": ""}, "criterion-1", "Enter the points for “Correctness”."),
    ({"criterion-0": "lots"}, "criterion-0", "Enter a number, for example 1.5."),
    ({"criterion-0": "nan"}, "criterion-0", "Enter a number, for example 1.5."),
    ({"criterion-0": "inf"}, "criterion-0", "Enter a number, for example 1.5."),
    ({"criterion-0": "1.3"}, "criterion-0", "Use steps of 0.5."),
    ({"note": "n" * 5001}, "note", "The note is too long (at most 5000 characters)."),
])
def test_bad_points_are_refused_next_to_their_field_and_nothing_changes(
        client: FlaskClient, organization: Organization, admin: User, submit: Submit,
        form: dict[str, str], field: str, message: str) -> None:
    attempt = submit(organization)
    sign_in(client, admin)
    response = _grade(client, attempt, **{"note": "Keep this note", **form})
    assert response.status_code == 422
    page = Page(response.text)
    assert page.by_id(f"{field}-error").squashed() == message
    assert page.by_id(field).attrs.get("aria-invalid") == "true"
    assert f"{field}-error" in (page.by_id(field).attrs.get("aria-describedby") or "")
    if field != "note":
        assert page.by_id("note").text() == "Keep this note"  # nothing typed is lost
        assert page.by_id(field).attrs.get("value") == form[field]
    assert page.all("p", "notice-error")
    assert _essay(attempt).manual_points is None
    assert not db.session.scalars(db.select(Grade)).all()


def test_a_criterion_left_out_is_missing_not_zero(
        client: FlaskClient, organization: Organization, admin: User, submit: Submit) -> None:
    attempt = submit(organization)
    sign_in(client, admin)
    response = client.post(grade_url(attempt), data={"criterion-0": "2"})
    assert response.status_code == 422
    assert Page(response.text).by_id("criterion-1-error").squashed() == (
        "Enter the points for “Correctness”.")


def test_changing_a_grade_starts_from_it_and_keeps_the_history(
        client: FlaskClient, organization: Organization, admin: User, reviewer: User,
        submit: Submit) -> None:
    attempt = submit(organization, reviewer=reviewer)
    sign_in(client, reviewer)
    _grade(client, attempt, note="First look.")
    page = Page(client.get(grade_url(attempt)).text)
    assert [page.by_id(f"criterion-{n}").attrs["value"] for n in (0, 1)] == ["1.5", "2"]
    assert page.by_id("note").text() == "First look."
    assert page.all("h2")[2].squashed() == "Change the grade"

    sign_in(client, admin)
    assert _grade(client, attempt, **{"criterion-0": "0.5", "criterion-1": "1",
                                      "note": "Second look."}).status_code == 302
    rows = Page(client.get(grade_url(attempt)).text).table_rows("grade-history")
    assert [row[1:] for row in rows] == [
        [reviewer.email, "3.5", "Clarity: 1.5; Correctness: 2", "First look."],
        [admin.email, "1.5", "Clarity: 0.5; Correctness: 1", "Second look."]]
    essay = _essay(attempt)
    assert (essay.manual_points, essay.grader_id) == (1.5, admin.id)
    assert len(db.session.scalars(db.select(Grade)).all()) == 2


def test_only_essays_have_a_grade_page(client: FlaskClient, organization: Organization,
                                       admin: User, submit: Submit) -> None:
    attempt = submit(organization)
    sign_in(client, admin)
    assert client.get(grade_url(attempt, "choice")).status_code == 404
    assert client.get(grade_url(attempt, "nope")).status_code == 404
    assert client.get("/console/grading/at_nosuch/essay").status_code == 404


def test_a_reviewer_cannot_grade_an_invitation_not_assigned_to_them(
        client: FlaskClient, organization: Organization, reviewer: User, admin: User,
        submit: Submit) -> None:
    attempt = submit(organization, reviewer=admin)
    sign_in(client, reviewer)
    assert client.get(grade_url(attempt)).status_code == 404
    assert _grade(client, attempt).status_code == 404
    assert _essay(attempt).manual_points is None


def test_a_post_without_a_csrf_token_is_refused(client: FlaskClient, organization: Organization,
                                                admin: User, submit: Submit) -> None:
    attempt = submit(organization)
    sign_in(client, admin)
    response = client.post(grade_url(attempt), data={"criterion-0": "1", "criterion-1": "1"},
                           no_csrf=True)
    assert response.status_code == 400
    assert _essay(attempt).manual_points is None


def test_errors_are_worded_in_the_members_language(
        client: FlaskClient, organization: Organization, admin: User, submit: Submit) -> None:
    attempt = submit(organization)
    sign_in(client, admin)
    response = client.post(grade_url(attempt), data={"criterion-0": "3", "criterion-1": "два"},
                           headers={"Accept-Language": "uk"})
    page = Page(response.text)
    assert page.by_id("criterion-0-error").squashed() == "Введіть значення від 0 до 2."
    assert page.by_id("criterion-1-error").squashed() == "Введіть число, наприклад 1,5."


def test_a_question_without_a_rubric_takes_one_total(
        client: FlaskClient, organization: Organization, admin: User, submit: Submit) -> None:
    definition = results_definition()
    for section in definition["sections"]:
        for item in section["items"]:
            if item["question"]["id"] == "essay":
                item["question"]["rubric"] = []
    definition["id"] = "python-review-plain"
    attempt = submit(organization, test=make_test(definition))
    sign_in(client, admin)
    page = Page(client.get(grade_url(attempt)).text)
    assert (page.by_id("points").attrs["max"], page.by_id("points").attrs["step"]) == (
        "4.0", "0.5")
    refused = client.post(grade_url(attempt), data={"points": "4.5"})
    assert Page(refused.text).by_id("points-error").squashed() == "Enter between 0 and 4."
    assert client.post(grade_url(attempt), data={"points": "2.5"}).status_code == 302
    essay = _essay(attempt)
    assert (essay.manual_points, essay.criterion_points) == (2.5, None)
    assert Page(client.get(grade_url(attempt)).text).by_id("points").attrs["value"] == "2.5"
