"""The admin's outbox and Greenhouse reports, and the test authors' statistics and preview,
in real Chromium: axe-core finds no WCAG 2.1 A/AA violation on any of them, a failed
message is retried (with and without JavaScript), and the preview's inputs work while
nothing is sent."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from app.extensions import db
from app.models import GreenhouseErrorReport, Organization, OutboxMessage, Role, Test, User, utcnow
from app.services.outbox import enqueue
from tests.console.conftest import (  # noqa: F401  (make_member, password_hash: fixtures)
    MakeMember,
    make_member,
    password_hash,
)
from tests.e2e.axe import Audit
from tests.e2e.test_console import _sign_in
from tests.fixtures.attempts import finished
from tests.fixtures.servers import LiveServer

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]

PREVIEW_PAGES = 8  # every_type: five questions, then three


@pytest.fixture
def admin(organization: Organization, make_member: MakeMember) -> User:  # noqa: F811
    return make_member(organization, Role.ADMIN, "ada.admin@acme.test")


@pytest.fixture
def failed_email(organization: Organization) -> OutboxMessage:
    """An invitation email the SMTP server refused, its body kept for a retry; with a sent
    one, a pending one and one failed too long ago to retry around it."""
    rows = []
    for to in ("sent@example.test", "olena@example.test", "old@example.test",
               "pending@example.test"):
        row = enqueue(db.session, "email", {"to": to, "subject": "Your test", "text": "t",
                                            "html": "h"}, organization_id=organization.id,
                      now=utcnow() - timedelta(minutes=len(rows)))
        db.session.flush()
        rows.append(row)
    rows[0].mark_sent(utcnow(), "smtp")
    rows[1].mark_failed("SMTP 550 5.1.1 <olena@example.test>: mailbox unavailable")
    rows[2].mark_failed("SMTP 554 rejected")
    rows[2].drop_body(utcnow())
    db.session.commit()
    return rows[1]


@pytest.fixture
def greenhouse_report(organization: Organization) -> GreenhouseErrorReport:
    report = GreenhouseErrorReport(
        organization_id=organization.id, api_call="test_status",
        errors=["partner_status: must be one of complete, incomplete"],
        partner_test_id="basics", partner_test_name="Basics", partner_interview_id="iv_1",
        candidate_email="olena@example.test",
        raw_body='{"api_call": "test_status", "errors": ["partner_status ..."]}')
    db.session.add(report)
    db.session.commit()
    return report


@pytest.fixture
def taken_test(organization: Organization, every_type_test: Test) -> Test:
    answers = [{"pick": "a", "sky": True, "root": "1.41"}, {"pick": "b", "sky": True},
               {"pick": "a", "sky": False, "root": "3"}]
    for answer in answers * 2:
        finished(organization, every_type_test, answer)
    return every_type_test


def _nav(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Console").get_by_role("link", name=name).click()


def test_the_admin_and_author_pages_have_no_violations(
        page: Page, live_server: LiveServer, admin: User, failed_email: OutboxMessage,
        greenhouse_report: GreenhouseErrorReport, taken_test: Test) -> None:
    audit = Audit()
    _sign_in(page, live_server.url, admin.email)
    _nav(page, "Outbox")
    expect(page.get_by_role("heading", name="Outbox", exact=True)).to_be_visible()
    expect(page.get_by_text("Cannot be retried: its content was deleted")).to_be_visible()
    audit.check("outbox", page)
    page.get_by_label("Status").select_option("failed")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("sent@example.test")).to_have_count(0)
    audit.check("outbox, failed only", page)
    page.get_by_role("button", name="Retry the message to olena@example.test").click()
    expect(page.get_by_text("The message to olena@example.test is queued again")).to_be_visible()
    audit.check("outbox after a retry", page)
    db.session.refresh(failed_email)
    assert failed_email.status == "pending"

    _nav(page, "Greenhouse reports")
    expect(page.get_by_role("heading", name="Greenhouse reports")).to_be_visible()
    page.get_by_text("What Greenhouse sent").click()
    expect(page.get_by_text('{"api_call": "test_status"')).to_be_visible()
    audit.check("greenhouse reports", page)

    _nav(page, "Tests")
    expect(page.get_by_role("heading", name="Basics")).to_be_visible()
    audit.check("tests", page)
    page.get_by_role("link", name="Item statistics Basics").click()
    expect(page.get_by_role("heading", name="Item statistics of Basics")).to_be_visible()
    expect(page.get_by_text("6 finished attempts.")).to_be_visible()
    page.get_by_text("What the figures mean").click()
    audit.check("item statistics", page)
    page.set_viewport_size({"width": 390, "height": 844})
    audit.check("item statistics at 390 px", page)
    for path in ("/console/outbox", "/console/tests", "/console/tests/basics/statistics"):
        page.goto(live_server.url + path)
        # Wide tables scroll inside their region; the page itself never scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    page.set_viewport_size({"width": 1280, "height": 800})

    page.goto(live_server.url + "/console/tests")
    page.get_by_role("link", name="Preview Basics").click()
    _audit_every_preview_page(page, audit)
    audit.assert_clean()


def _audit_every_preview_page(page: Page, audit: Audit) -> None:
    expect(page.get_by_text("Preview — answers are not saved")).to_be_visible()
    page.get_by_label("Alpha").check()  # the inputs work...
    expect(page.get_by_label("Alpha")).to_be_checked()
    for number in range(1, PREVIEW_PAGES + 1):
        audit.check(f"preview, page {number}", page)
        if number < PREVIEW_PAGES:
            page.get_by_role("link", name="Next question").click()
    expect(page.get_by_role("link", name="Next question")).to_have_count(0)
    page.get_by_label("Your answer").fill("Nothing of this is kept.")
    page.get_by_role("link", name="Draw again").click()
    expect(page.get_by_role("heading", name="Question 1 of 5")).to_be_visible()


def test_a_failed_message_is_retried_without_javascript(
        new_page, live_server: LiveServer, admin: User, failed_email: OutboxMessage) -> None:
    page = new_page(java_script_enabled=False)
    _sign_in(page, live_server.url, admin.email)
    page.goto(live_server.url + "/console/outbox?status=failed")
    page.get_by_role("button", name="Retry the message to olena@example.test").click()
    expect(page.get_by_text("The message to olena@example.test is queued again")).to_be_visible()
    expect(page).to_have_url(live_server.url + "/console/outbox?status=failed")
    db.session.refresh(failed_email)
    assert failed_email.status == "pending" and failed_email.attempt_count == 1


def test_the_preview_sends_nothing_while_a_candidate_would_save(
        new_page, live_server: LiveServer, admin: User, every_type_test: Test) -> None:
    """Typing and choosing in the preview makes no request at all: no page script, no form."""
    page = new_page()
    _sign_in(page, live_server.url, admin.email)
    page.goto(live_server.url + "/console/tests/basics/preview?question=6")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.get_by_label("Your answer").fill("1.41")
    page.get_by_label("Your answer").press("Enter")
    page.wait_for_timeout(300)
    assert requests == []
