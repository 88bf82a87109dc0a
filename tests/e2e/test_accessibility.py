"""Every page a candidate can see, and the hiring team's results page, passes axe-core's
WCAG 2.0/2.1 A and AA rules. Pages met on one journey are audited on the way and
reported together, each by name."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from app.extensions import db
from app.models import utcnow
from app.security.results_links import results_url
from tests.e2e.axe import Audit
from tests.e2e.banks import (
    cloze,
    definition,
    essay,
    matching,
    multiple,
    numeric,
    one_question,
    ordering,
    section,
    short_text,
    single,
    true_false,
)
from tests.e2e.candidate import (
    background_save,
    choose,
    current_attempt,
    expect_heading,
    press_button,
    question_url,
    start,
    type_answer,
)
from tests.fixtures.factories import make_test

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(60)]

QUESTION_TYPES = ["single choice", "multiple choice", "true/false", "ordering", "numeric",
                  "short text", "essay", "cloze", "matching"]


def every_type_in_one_section() -> dict:
    return definition(section("all", "All types", single(), multiple(), true_false(),
                              ordering(), numeric(), short_text(), essay(), cloze(), matching()))


def test_the_landing_page_has_no_violations(page: Page, invite) -> None:
    audit = Audit()
    page.goto(invite(make_test(one_question())).link)
    expect_heading(page, "Acme Corp invites you to take a test")
    audit.check("landing", page)
    audit.assert_clean()


def test_the_neutral_invalid_link_page_has_no_violations(page: Page, guard,
                                                         live_server) -> None:
    guard.allow(r"status of 404")  # the neutral page answers 404 Not Found by design
    audit = Audit()
    page.goto(live_server.url + "/t/" + "x" * 43)
    expect_heading(page, "This link is not available")
    audit.check("invalid link", page)
    audit.assert_clean()


def test_every_question_page_has_no_violations(page: Page, invite, guard) -> None:
    """Each question type, a flagged question (the navigator's states) and a refused
    answer (the error message tied to its field)."""
    guard.allow(r"status of 422")  # a refused answer's page answers 422 by design
    audit = Audit()
    start(page, invite(make_test(every_type_in_one_section())).link)
    for index, kind in enumerate(QUESTION_TYPES):
        page.goto(question_url(page, 0, index))
        expect_heading(page, f"Question {index + 1} of {len(QUESTION_TYPES)}")
        audit.check(kind, page)

    page.goto(question_url(page, 0, 0))
    with background_save(page):
        choose(page, "Beta")
    press_button(page, "Flag for review")
    expect_heading(page, f"Question 1 of {len(QUESTION_TYPES)} ⚑ flagged")
    audit.check("flagged, the navigator showing answered and flagged", page)

    page.goto(question_url(page, 0, 4))
    type_answer(page, "about four")
    # The refused page is audited as served: its script would reload it away at once
    # (the bug test_refused_answers.py shows), so the next page gets an empty one.
    page.route("**/static/js/take.js", lambda route: route.fulfill(
        body="", content_type="text/javascript"))
    press_button(page, "Save and next")
    expect(page.get_by_text("Not saved:")).to_be_visible()
    audit.check("numeric with a refused answer", page)
    audit.assert_clean()


def test_the_review_and_confirmation_pages_have_no_violations(page: Page, invite) -> None:
    audit = Audit()
    start(page, invite(make_test(every_type_in_one_section())).link)
    with background_save(page):
        choose(page, "Beta")
    press_button(page, "Flag for review")
    press_button(page, "Review section")
    expect_heading(page, "Review your answers")
    audit.check("review, with unanswered and flagged questions", page)

    page.get_by_role("link", name="Submit the test").click()
    expect_heading(page, "Submit the test?")
    audit.check("confirmation", page)
    audit.assert_clean()


def test_the_page_for_an_answer_past_the_time_has_no_violations(page: Page, guard,
                                                                invite) -> None:
    audit = Audit()
    invited = invite(make_test(every_type_in_one_section()))
    start(page, invited.link)
    attempt = current_attempt(invited.invitation_id)
    attempt.deadline_at = utcnow() - timedelta(seconds=30)
    db.session.commit()
    # Only the form post may meet the passed deadline: a heartbeat first would end the
    # attempt, and the post would then land on the thank-you page instead.
    page.route("**/api/heartbeat", lambda route: route.abort())
    guard.allow(r"status of 409|net::ERR_FAILED")  # the 409 page; the held heartbeat
    press_button(page, "Save and next")
    expect_heading(page, "Time is up")
    audit.check("answer too late", page)
    audit.assert_clean()


def test_the_pages_after_each_test_have_no_violations(page: Page, new_page, invite,
                                                      live_server) -> None:
    """The break between the tests of a battery, the thank-you page, and the results."""
    audit = Audit()
    invited = invite(make_test(one_question()),
                     make_test(one_question(slug="second", name="Second check")))
    start(page, invited.link)
    for test_name in ("Quick check", "Second check"):
        expect(page.locator(".where")).to_contain_text(test_name)
        with background_save(page):
            choose(page, "Alpha")
        press_button(page, "Save and review section")
        page.get_by_role("link", name="Submit the test").click()
        press_button(page, "Yes, submit the test")
        if test_name == "Quick check":
            expect_heading(page, "Test 1 of 2 is done")
            audit.check("break between tests", page)
            press_button(page, "Start Second check")
    expect_heading(page, "Thank you, Olena Kovalenko")
    audit.check("thank you", page)

    recruiter = new_page()
    recruiter.goto(results_url(live_server.url, invited.public_id))
    expect_heading(recruiter, "Results: Olena Kovalenko")
    audit.check("results", recruiter)
    audit.assert_clean()


@pytest.mark.parametrize("language", ["en", "uk"])
def test_the_api_reference_page_has_no_violations(page: Page, live_server, language: str) -> None:
    audit = Audit()
    page.goto(f"{live_server.url}/api/docs?lang={language}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    audit.check(f"api reference ({language})", page)
    audit.assert_clean()
