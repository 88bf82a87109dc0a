"""Grading in the console, in real Chromium: a reviewer opens the queue, grades an essay
per rubric criterion without seeing who wrote it, lands on the next answer, changes the
grade (its points filled in again, the history listed); the pages pass axe; and the same
works without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from app.extensions import db
from app.models import Attempt, Grade, Organization, Response, Role, User
from app.security.results_links import results_url
from tests.console.conftest import (  # noqa: F401  (make_member, password_hash: fixtures)
    PASSWORD,
    MakeMember,
    make_member,
    password_hash,
)
from tests.console.grading_data import (  # noqa: F401  (essay_test, submit: fixtures)
    Submit,
    essay_test,
    submit,
)
from tests.e2e.axe import Audit
from tests.fixtures.servers import LiveServer

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(90)]


@pytest.fixture
def reviewer(organization: Organization, make_member: MakeMember) -> User:  # noqa: F811
    return make_member(organization, Role.REVIEWER, "rob.reviewer@acme.test")


def _sign_in(page: Page, url: str, email: str) -> None:
    page.goto(url + "/console/sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("navigation", name="Console")).to_be_visible()


def _grades(attempt: Attempt) -> list[tuple[float, list[float] | None]]:
    db.session.expire_all()
    response = db.session.scalars(db.select(Response).where(
        Response.attempt_id == attempt.id, Response.question_id == "essay")).one()
    rows = db.session.scalars(db.select(Grade).where(Grade.response_id == response.id)
                              .order_by(Grade.id))
    return [(row.points, row.criterion_points) for row in rows]


def test_a_reviewer_grades_blind_per_criterion_then_changes_the_grade(
        page: Page, guard, live_server: LiveServer, organization: Organization,
        reviewer: User, submit: Submit) -> None:  # noqa: F811  (the fixture)
    guard.allow(r"status of 422")  # a refused grade answers so by design
    first = submit(organization, reviewer=reviewer, name=("Zelda", "Quarry"))
    second = submit(organization, reviewer=reviewer, name=("Yusuf", "Okafor"), after=10)
    audit = Audit()
    _sign_in(page, live_server.url, reviewer.email)
    page.get_by_role("navigation", name="Console").get_by_role("link", name="Grading").click()
    expect(page.get_by_role("heading", name="Grading queue")).to_be_visible()
    expect(page.get_by_role("table").first).to_contain_text("2 answers waiting")
    for hidden in ("Zelda", "Quarry", "Yusuf", "zelda.quarry@example.test"):
        expect(page.locator("main")).not_to_contain_text(hidden)
    audit.check("grading queue", page)

    page.get_by_role("link", name="Grade the oldest answer").click()
    expect(page.get_by_role("heading", name="Question 7 of Python review")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Zelda")
    expect(page.locator("main")).not_to_contain_text("zelda.quarry@example.test")
    audit.check("grade an answer", page)

    page.get_by_label("Clarity (0 to 2)").fill("3")
    page.get_by_label("Correctness (0 to 2)").fill("2")
    page.get_by_label("Note for the hiring team (optional)").fill("Clear, one slip.")
    page.get_by_role("button", name="Save the grade").click()
    expect(page.get_by_text("Enter between 0 and 2.")).to_be_visible()
    expect(page.get_by_label("Note for the hiring team (optional)")).to_have_value(
        "Clear, one slip.")
    audit.check("grade an answer, refused", page)
    page.get_by_label("Clarity (0 to 2)").fill("")
    expect(page.get_by_text("So far: 2 of 4 (some criteria have no points yet)")).to_be_visible()
    page.get_by_label("Clarity (0 to 2)").fill("1.5")
    expect(page.get_by_text("Grade: 3.5 of 4")).to_be_visible()  # added up as typed
    page.get_by_role("button", name="Save the grade").click()

    expect(page.get_by_role("status")).to_contain_text("Here is the next answer in the queue.")
    expect(page).to_have_url(re.compile(f"/console/grading/{second.public_id}/essay$"))
    expect(page.locator("main")).not_to_contain_text("Yusuf")
    assert _grades(first) == [(3.5, [1.5, 2.0])]

    page.get_by_role("link", name="Back to the grading queue").click()
    recent = page.get_by_role("region", name="Graded lately")
    recent.get_by_role("link", name=re.compile("^Question 7")).click()
    # Every grade of Zelda's test is in: the name shows now; the points given come back.
    expect(page.locator("main")).to_contain_text("Zelda Quarry")
    expect(page.get_by_label("Clarity (0 to 2)")).to_have_value("1.5")
    expect(page.get_by_label("Correctness (0 to 2)")).to_have_value("2")
    expect(page.get_by_role("table", name="Every grade of this answer, oldest first")
           ).to_contain_text(reviewer.email)
    audit.check("change a grade", page)
    page.get_by_label("Clarity (0 to 2)").fill("1")
    page.get_by_role("button", name="Save the new grade").click()
    expect(page.get_by_role("status")).to_contain_text("Grade saved for question 7")
    assert _grades(first) == [(3.5, [1.5, 2.0]), (3.0, [1.0, 2.0])]

    # The results page shows the grades and sends graders to the console.
    page.goto(results_url(live_server.url, first.invitation.public_id))
    expect(page.get_by_role("table", name="Every grade of question 7, oldest first")
           ).to_contain_text(reviewer.email)
    expect(page.get_by_role("link", name="Change the grade in the console (question 7)")
           ).to_be_visible()
    audit.check("results with grades", page)
    page.goto(results_url(live_server.url, second.invitation.public_id))
    page.get_by_role("link", name="Grade in the console (question 7)").click()
    expect(page).to_have_url(re.compile(f"/console/grading/{second.public_id}/essay$"))
    audit.assert_clean()


def test_a_reviewer_grades_without_javascript(
        new_page, live_server: LiveServer, organization: Organization, reviewer: User,
        submit: Submit) -> None:  # noqa: F811  (the fixture)
    attempt = submit(organization, reviewer=reviewer)
    page = new_page(java_script_enabled=False)
    _sign_in(page, live_server.url, reviewer.email)
    page.goto(live_server.url + "/console/grading")
    page.get_by_role("link", name=re.compile("^Question 7")).click()
    page.get_by_label("Clarity (0 to 2)").fill("2")
    page.get_by_label("Correctness (0 to 2)").fill("0.5")
    page.get_by_role("button", name="Save the grade").click()
    expect(page.get_by_role("status")).to_contain_text("No answer is waiting for a grade.")
    expect(page.get_by_text("Nothing to grade: every answer has its grade.")).to_be_visible()
    assert _grades(attempt) == [(2.5, [2.0, 0.5])]
