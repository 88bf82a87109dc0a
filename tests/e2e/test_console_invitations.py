"""The invitations list and an invitation's page in real Chromium: filter the list, open
an invitation, extend and cancel it; axe finds nothing on either page (filters with
errors included); and the filter form and the actions work without JavaScript."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from app.domain import AttemptState
from app.extensions import db
from app.models import Invitation, Organization, Role, Test, User, utcnow
from tests.console.conftest import (  # noqa: F401  (make_member, password_hash: fixtures)
    PASSWORD,
    MakeMember,
    make_member,
    password_hash,
)
from tests.console.invitation_factory import make_invitation
from tests.e2e.axe import Audit
from tests.fixtures.servers import LiveServer

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]


@pytest.fixture
def recruiter(organization: Organization, make_member: MakeMember) -> User:  # noqa: F811
    make_member(organization, Role.REVIEWER, "rob.reviewer@acme.test")
    return make_member(organization, Role.RECRUITER, "rita.recruiter@acme.test")


@pytest.fixture
def candidates(organization: Organization, basics_test: Test) -> Invitation:
    """Three candidates; Ada's invitation waits to be started (returned)."""
    now = utcnow()
    make_invitation(organization, [basics_test], first_name="Bohdan", last_name="Shevchenko",
                    state=AttemptState.COMPLETED, score=72.5, source="greenhouse",
                    created_at=now - timedelta(days=2))
    make_invitation(organization, [basics_test], first_name="Cy", last_name="Anderson",
                    preferred_name="Cyrus", created_at=now - timedelta(days=1))
    return make_invitation(organization, [basics_test], first_name="Ada",
                           last_name="Lovelace", created_at=now - timedelta(hours=1))


def _sign_in(page: Page, url: str, email: str) -> None:
    page.goto(url + "/console/sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("navigation", name="Console")).to_be_visible()


def test_a_recruiter_filters_opens_extends_and_cancels(page: Page, guard,
                                                       live_server: LiveServer,
                                                       recruiter: User,
                                                       candidates: Invitation) -> None:
    guard.allow(r"status of 422")  # a form with errors answers so by design
    audit = Audit()
    _sign_in(page, live_server.url, recruiter.email)
    page.get_by_role("navigation", name="Console").get_by_role("link", name="Candidates").click()
    expect(page.get_by_role("heading", name="Candidates", level=1)).to_be_visible()
    expect(page.get_by_text("1–3 of 3 invitations")).to_be_visible()
    audit.check("invitations", page)

    page.get_by_label("Status").select_option("completed")
    page.get_by_role("button", name="Show candidates").click()
    expect(page.get_by_role("link", name="Bohdan Shevchenko", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Ada Lovelace", exact=True)).to_have_count(0)
    page.get_by_label("Lowest score, percent").fill("lots")
    page.get_by_role("button", name="Show candidates").click()
    expect(page.get_by_text("Enter a score from 0 to 100.")).to_be_visible()
    expect(page.get_by_label("Lowest score, percent")).to_have_value("lots")
    audit.check("invitations with a filter error", page)

    page.get_by_role("link", name="Clear the filters").click()
    page.get_by_label("Name or email contains").fill("LOVE")
    page.get_by_role("button", name="Show candidates").click()
    expect(page.get_by_text("1–1 of 1 invitation")).to_be_visible()
    page.get_by_role("link", name="Ada Lovelace", exact=True).click()
    expect(page.get_by_role("heading", name="Ada Lovelace", level=1)).to_be_visible()
    expect(page.get_by_text("Invitation sent from the command line")).to_be_visible()
    audit.check("invitation", page)

    page.get_by_label("By how many days").fill("0")
    page.get_by_role("button", name="Extend").click()
    expect(page.get_by_text("Enter a whole number of days from 1 to 365.")).to_be_visible()
    audit.check("invitation with an extend error", page)
    page.get_by_label("By how many days").fill("5")
    page.get_by_role("button", name="Extend").click()
    expect(page.get_by_text("The invitation now expires on")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Expiry moved to .* by rita\.recruiter@acme\.test"))
           ).to_be_visible()

    page.get_by_label("Assigned reviewer").select_option(label="rob.reviewer@acme.test")
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_text("rob.reviewer@acme.test is assigned to review.")).to_be_visible()

    page.get_by_role("link", name="Cancel this invitation…").click()
    expect(page.get_by_role("heading", name="Cancel the invitation of Ada Lovelace?")
           ).to_be_visible()
    audit.check("cancel an invitation", page)
    page.get_by_label("Yes, cancel this invitation").check()
    page.get_by_role("button", name="Cancel the invitation").click()
    expect(page.get_by_text("is cancelled: the link no longer works")).to_be_visible()
    expect(page.get_by_text("Invitation cancelled by rita.recruiter@acme.test")).to_be_visible()
    audit.check("cancelled invitation", page)
    audit.assert_clean()
    db.session.refresh(candidates)
    assert candidates.status == "cancelled" and candidates.reviewer_id is not None


def test_the_list_at_390px_has_no_violations(new_page, live_server: LiveServer,
                                             recruiter: User, candidates: Invitation) -> None:
    page = new_page(viewport={"width": 390, "height": 800})
    _sign_in(page, live_server.url, recruiter.email)
    audit = Audit()
    page.goto(live_server.url + "/console/invitations")
    audit.check("invitations at 390px", page)
    page.goto(live_server.url + f"/console/invitations/{candidates.public_id}")
    audit.check("invitation at 390px", page)
    audit.assert_clean()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390


def test_filtering_and_acting_without_javascript(new_page, live_server: LiveServer,
                                                 recruiter: User,
                                                 candidates: Invitation) -> None:
    page = new_page(java_script_enabled=False)
    _sign_in(page, live_server.url, recruiter.email)
    page.goto(live_server.url + "/console/invitations")
    page.get_by_label("Name or email contains").fill("cyrus")
    page.get_by_label("Sort by").select_option("name")
    page.get_by_role("button", name="Show candidates").click()
    expect(page).to_have_url(re.compile(r"q=cyrus.*sort=name"))
    expect(page.get_by_role("link", name="Cy Anderson", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Ada Lovelace", exact=True)).to_have_count(0)
    page.goto(live_server.url + f"/console/invitations/{candidates.public_id}")
    page.get_by_role("button", name="Send the email with a new link").click()
    expect(page.get_by_text("the earlier link no longer works")).to_be_visible()
    page.get_by_role("button", name="Issue a new results link").click()
    expect(page.get_by_label("Results link")).to_have_value(re.compile(r"\?sig=2\."))
