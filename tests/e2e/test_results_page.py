"""The results page in real Chromium, opened by its signed link: the summary above the
fold, the charts with their titles and tables, the jump links, no axe violations, and
the print view (nothing to click, folded answers open, a PDF of a few pages)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from app.extensions import db
from app.models import Attempt, Invitation, Test
from app.security.results_links import results_url
from tests.e2e.axe import Audit
from tests.fixtures.servers import LiveServer
from tests.results.conftest import (  # noqa: F401  (make_invitation, review_test: fixtures)
    CALLBACK_URL,
    add_events,
    make_invitation,
    review_test,
    take,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(90)]

GREENHOUSE_PROFILE = "https://app.greenhouse.io/people/7?application_id=9"


@pytest.fixture
def reviewed(make_invitation: Callable[..., Invitation],  # noqa: F811  (the fixture)
             review_test: Test) -> Attempt:  # noqa: F811
    """Ada's attempt (an essay to grade, integrity signals) among three other candidates."""
    for answers in ({"choice": "b"}, {"choice": "a", "truth": True}, {"truth": False}):
        take(make_invitation(review_test).attempts[0], answers)
    invitation = make_invitation(review_test, callback_url=CALLBACK_URL)
    invitation.greenhouse_profile_url = GREENHOUSE_PROFILE
    attempt = take(invitation.attempts[0])
    add_events(attempt)
    db.session.commit()
    return attempt


def _open(page: Page, live_server: LiveServer, attempt: Attempt) -> None:
    page.goto(results_url(live_server.url, attempt.invitation.public_id))
    expect(page.get_by_role("heading", name="Results: Ada Lovelace")).to_be_visible()


def test_the_results_page_summarizes_charts_and_links_without_violations(
        page: Page, live_server: LiveServer, reviewed: Attempt) -> None:
    audit = Audit()
    _open(page, live_server, reviewed)
    summary = page.get_by_role("region", name="Summary")
    expect(summary).to_contain_text("31.11%")
    expect(summary).to_contain_text("Provisional, essays to grade")
    expect(summary).to_contain_text("23 min 10 s of 30 min 30 s")
    expect(summary).to_contain_text("Many signals")
    greenhouse = summary.get_by_role("link", name=re.compile("The candidate in Greenhouse"))
    expect(greenhouse).to_have_attribute("href", GREENHOUSE_PROFILE)
    expect(greenhouse).to_have_attribute("rel", "noopener noreferrer")
    # Everything above is on the first screen.
    expect(summary.locator(".summary-facts")).to_be_in_viewport()

    charts = page.get_by_role("img")
    expect(charts.filter(has_text="Score per section of Python review")).to_have_count(1)
    expect(page.get_by_role("img", name=re.compile(
        r"^Scores of the 3 candidates who completed this version of Python review"))
    ).to_be_visible()
    expect(page.get_by_role("table", name="Score per section of Python review")).to_be_visible()
    page.get_by_text("The distribution as a table").click()
    expect(page.get_by_role("table", name=re.compile("per band of score"))).to_be_visible()
    audit.check("results", page)

    # Jump links reach the answers to look at.
    jumps = page.get_by_role("navigation", name="Answers to look at in Python review")
    jumps.get_by_role("link", name="Question 7").click()
    expect(page).to_have_url(re.compile(r"#q-.*-essay$"))
    expect(page.get_by_role("heading", name=re.compile("^Question 7"))).to_be_in_viewport()
    # A correct answer is folded; it opens on request.
    first = page.locator("article.question").first
    expect(first.locator(".prompt")).to_be_hidden()
    first.get_by_text("Show the question and the answer").click()
    expect(first.locator(".prompt")).to_be_visible()
    audit.check("results with answers open", page)

    # On a phone: nothing wider than the screen (wide tables scroll in their own box).
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    audit.check("results at 390px", page)
    audit.assert_clean()


def test_the_print_view_is_a_clean_report_of_a_few_pages(
        page: Page, live_server: LiveServer, reviewed: Attempt) -> None:
    _open(page, live_server, reviewed)
    button = page.get_by_role("button", name="Print / Save as PDF")
    expect(button).to_be_visible()
    page.evaluate("() => { window.print = () => { window.printed = true; }; }")
    button.click()
    assert page.evaluate("() => window.printed") is True

    page.emulate_media(media="print")
    expect(page.locator("form").first).to_be_hidden()
    expect(button).to_be_hidden()
    expect(page.get_by_role("navigation", name="Language")).to_be_hidden()
    # Folded answers and the charts' tables are open on paper.
    expect(page.locator("article.question").first.locator(".prompt")).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("per band of score"))).to_be_visible()
    link_text = page.locator("a.external")
    assert GREENHOUSE_PROFILE in link_text.evaluate(
        "a => getComputedStyle(a, '::after').content")

    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert 1 <= pages <= 5, f"{pages} pages"


def test_without_javascript_the_print_button_stays_hidden(
        new_page: Callable[..., Page], live_server: LiveServer, reviewed: Attempt) -> None:
    page = new_page(java_script_enabled=False)
    _open(page, live_server, reviewed)
    expect(page.get_by_role("region", name="Summary")).to_be_visible()
    expect(page.get_by_role("button", name="Print / Save as PDF")).to_have_count(0)
