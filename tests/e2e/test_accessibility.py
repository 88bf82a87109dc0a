"""Every page a candidate can see, and the hiring team's results page, passes axe-core's
WCAG 2.0/2.1 A and AA rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from app.extensions import db
from app.models import utcnow
from app.security.results_links import results_url
from tests.e2e.axe import describe, violations
from tests.e2e.banks import (
    definition, essay, multiple, numeric, one_question, ordering, section, short_text, single,
    true_false,
)
from tests.e2e.candidate import (
    background_save, choose, current_attempt, expect_heading, press_button, question_url, start,
    type_answer,
)
from tests.e2e.conftest import Guard, Invite, Invited, NewPage
from tests.fixtures.factories import make_test
from tests.fixtures.servers import LiveServer

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(60)]


def every_type_in_one_section() -> dict:
    return definition(section("all", "All types", single(), multiple(), true_false(),
                              ordering(), numeric(), short_text(), essay()))


@dataclass
class Visit:
    """How a test reaches the page it audits."""

    page: Page
    new_page: NewPage
    invite: Invite
    live_server: LiveServer
    guard: Guard

    def started(self, page: Page | None = None) -> Invited:
        invited = self.invite(make_test(every_type_in_one_section()))
        start(page or self.page, invited.link)
        return invited

    def submitted(self, *definitions: dict) -> Invited:
        """Invited to one-question tests; the first one answered and submitted."""
        invited = self.invite(*(make_test(d) for d in definitions))
        start(self.page, invited.link)
        with background_save(self.page):
            choose(self.page, "Alpha")
        press_button(self.page, "Save and review section")
        self.page.get_by_role("link", name="Submit the test").click()
        press_button(self.page, "Yes, submit the test")
        return invited


def landing(v: Visit) -> Page:
    v.page.goto(v.invite(make_test(one_question())).link)
    expect_heading(v.page, "Acme Corp invites you to take a test")
    return v.page


def review_with_a_flag(v: Visit) -> Page:
    v.started()
    with background_save(v.page):
        choose(v.page, "Beta")
    press_button(v.page, "Flag for review")
    press_button(v.page, "Review section")
    expect_heading(v.page, "Review your answers")
    return v.page


def confirmation(v: Visit) -> Page:
    v.started()
    press_button(v.page, "Review section")
    v.page.get_by_role("link", name="Submit the test").click()
    expect_heading(v.page, "Submit the test?")
    return v.page


def answer_too_late(v: Visit) -> Page:
    invited = v.started()
    attempt = current_attempt(invited.invitation_id)
    attempt.deadline_at = utcnow() - timedelta(seconds=30)
    db.session.commit()
    # Only the form post may meet the passed deadline: a heartbeat first would end the
    # attempt, and the post would then land on the thank-you page instead.
    v.page.route("**/api/heartbeat", lambda route: route.abort())
    v.guard.allow(r"status of 409|net::ERR_FAILED")  # the 409 page; the held heartbeat
    press_button(v.page, "Save and next")
    expect_heading(v.page, "Time is up")
    return v.page


def break_between_tests(v: Visit) -> Page:
    v.submitted(one_question(), one_question(slug="second", name="Second check"))
    expect_heading(v.page, "Test 1 of 2 is done")
    return v.page


def thank_you(v: Visit) -> Page:
    v.submitted(one_question())
    expect_heading(v.page, "Thank you, Olena Kovalenko")
    return v.page


def invalid_link(v: Visit) -> Page:
    v.guard.allow(r"status of 404")  # the neutral page answers 404 Not Found by design
    v.page.goto(v.live_server.url + "/t/" + "x" * 43)
    expect_heading(v.page, "This link is not available")
    return v.page


def results_page(v: Visit) -> Page:
    invited = v.submitted(one_question())
    expect_heading(v.page, "Thank you")
    recruiter = v.new_page()
    recruiter.goto(results_url(v.live_server.url, invited.public_id))
    expect_heading(recruiter, "Results: Olena Kovalenko")
    return recruiter


PAGES: list[Callable[[Visit], Page]] = [
    landing, review_with_a_flag, confirmation, answer_too_late, break_between_tests,
    thank_you, invalid_link, results_page,
]


@pytest.mark.parametrize("reach", PAGES, ids=[p.__name__ for p in PAGES])
def test_the_page_has_no_wcag_a_or_aa_violations(reach, page: Page, new_page, invite,
                                                  live_server, guard) -> None:
    audited = reach(Visit(page, new_page, invite, live_server, guard))
    found = violations(audited)
    assert not found, f"axe: WCAG 2.1 A/AA violations on {audited.url}:\n{describe(found)}"


def test_every_question_page_has_no_wcag_a_or_aa_violations(page: Page, invite, guard) -> None:
    """Each question type, a flagged question (the navigator's states) and a refused
    answer (the error message tied to its field)."""
    guard.allow(r"status of 422")  # a refused answer's page answers 422 by design
    invited = invite(make_test(every_type_in_one_section()))
    start(page, invited.link)
    kinds = ["single choice", "multiple choice", "true/false", "ordering", "numeric",
             "short text", "essay"]
    found: dict[str, list] = {}
    for index, kind in enumerate(kinds):
        page.goto(question_url(page, 0, index))
        expect_heading(page, f"Question {index + 1} of 7")
        found[kind] = violations(page)

    page.goto(question_url(page, 0, 0))
    with background_save(page):
        choose(page, "Beta")
    press_button(page, "Flag for review")
    expect_heading(page, "Question 1 of 7 ⚑ flagged")
    found["flagged, navigator showing answered and flagged"] = violations(page)

    page.goto(question_url(page, 0, 4))
    type_answer(page, "about four")
    # The refused page is audited as served: its script would reload it away at once
    # (the bug test_refused_answers.py shows), so the next page gets an empty one.
    page.route("**/static/js/take.js", lambda route: route.fulfill(
        body="", content_type="text/javascript"))
    press_button(page, "Save and next")
    expect(page.get_by_text("Not saved:")).to_be_visible()
    found["numeric with a refused answer"] = violations(page)

    report = "\n".join(f"{kind}:\n{describe(v)}" for kind, v in found.items() if v)
    assert not report, f"axe: WCAG 2.1 A/AA violations on question pages:\n{report}"
