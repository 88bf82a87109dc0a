"""The settings page in real Chromium (axe clean, with and without errors; the form
without JavaScript), and a candidate reopening a finished link on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from app.extensions import db
from app.models import Organization, Role, User, utcnow
from app.services import taking
from tests.console.conftest import (  # noqa: F401  (make_member, password_hash: fixtures)
    PASSWORD,
    MakeMember,
    make_member,
    password_hash,
)
from tests.e2e.axe import Audit
from tests.e2e.banks import one_question
from tests.e2e.candidate import current_attempt, expect_heading, start
from tests.e2e.conftest import Invite, NewPage
from tests.fixtures.factories import make_test
from tests.fixtures.servers import LiveServer

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(90)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def admin(organization: Organization, make_member: MakeMember) -> User:  # noqa: F811  (the fixture)
    return make_member(organization, Role.ADMIN, "ada.admin@acme.test")


def _sign_in(page: Page, url: str, email: str) -> None:
    page.goto(url + "/console/sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("navigation", name="Console")).to_be_visible()


def _stored(organization: Organization) -> tuple[object, ...]:
    db.session.expire_all()
    return (organization.invitation_valid_days, organization.reminder_hours_before,
            organization.results_sign_in_required, organization.credit_connection_gaps,
            organization.max_gap_credit_seconds, organization.language)


def test_an_admin_changes_the_settings_and_every_state_of_the_page_passes_axe(
        page: Page, guard, live_server: LiveServer, admin: User,
        organization: Organization) -> None:
    guard.allow(r"status of 422")  # a refused form answers 422 by design
    audit = Audit()
    _sign_in(page, live_server.url, admin.email)
    page.get_by_role("navigation", name="Console").get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", name="Settings of Acme Corp")).to_be_visible()
    audit.check("settings", page)
    reminders = page.get_by_label("Send one reminder email before the link expires", exact=True)
    expect(reminders).to_have_accessible_description(
        "Only to candidates who have not started any test; never twice. It points to the "
        "link in their invitation email, which keeps working.")

    page.get_by_label("Days a new invitation's link works").fill("0")
    page.get_by_label("Send one reminder email before the link expires").check()
    page.get_by_label("Hours before the link expires").fill("")
    page.get_by_role("button", name="Save the settings").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved.")
    days = page.get_by_label("Days a new invitation's link works")
    expect(days).to_have_attribute("aria-invalid", "true")
    expect(days).to_have_accessible_description(
        "From 1 to 365. Leave it empty for the default, 30 days. Invitations already sent "
        "keep their date. ⚠ Enter a whole number of days from 1 to 365, or leave it empty "
        "for the default (30 days).", ignore_case=False)
    expect(page.get_by_label("Days a new invitation's link works")).to_have_value("0")
    audit.check("settings with errors", page)

    days.fill("21")
    page.get_by_label("Hours before the link expires").fill("48")
    page.get_by_label("Ask for signing in to the console to open a results page").check()
    page.get_by_label("Give back the time a candidate was offline during a test").check()
    page.get_by_label("At most, per test").fill("3")
    page.get_by_label("Unit").select_option("minutes")
    page.get_by_label("Language of the emails to your team").select_option("ru")
    page.get_by_role("button", name="Save the settings").click()
    expect(page.get_by_role("status")).to_contain_text("Settings saved.")
    audit.check("settings saved", page)
    assert _stored(organization) == (21, 48, True, True, 180, "ru")
    audit.assert_clean()


def test_the_settings_form_works_without_javascript_at_phone_width(
        new_page: NewPage, live_server: LiveServer, admin: User,
        organization: Organization) -> None:
    page = new_page(java_script_enabled=False, viewport=PHONE)
    _sign_in(page, live_server.url, admin.email)
    page.goto(live_server.url + "/console/settings")
    page.get_by_label("Send one reminder email before the link expires").check()
    page.get_by_label("Hours before the link expires").fill("24")
    page.get_by_label("At most, per test").fill("90")
    page.get_by_label("Unit").select_option("seconds")
    page.get_by_role("button", name="Save the settings").click()
    expect(page.get_by_role("status")).to_contain_text("Settings saved.")
    assert _stored(organization) == (None, 24, False, False, 90, "en")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_candidate_reopening_a_finished_link_on_a_phone_sees_when_they_submitted(
        new_page: NewPage, live_server: LiveServer, invite: Invite) -> None:
    invited = invite(make_test(one_question()))
    page = new_page(viewport=PHONE, timezone_id="Europe/Kyiv")
    start(page, invited.link)
    attempt = current_attempt(invited.invitation_id)
    taking.finalize(db.session, attempt, utcnow(), "submitted")
    db.session.commit()

    page.goto(invited.link)
    expect_heading(page, "Your answers were submitted on")
    expect(page.get_by_role("heading", level=1)).to_contain_text("(Europe/Kyiv)")
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    body = page.locator("main").inner_text()
    assert "%" not in body and "score" not in body.lower()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    audit = Audit()
    audit.check("submitted on (phone)", page)
    audit.assert_clean()
