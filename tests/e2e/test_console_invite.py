"""Inviting candidates from the console in real Chromium: one candidate, then a CSV file
with a bad row through its preview; axe on every page of the way; and the whole flow with
JavaScript turned off."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.extensions import db
from app.models import Invitation, Organization, Role, Test, User
from tests.console.conftest import (  # noqa: F401  (make_member, password_hash: fixtures)
    PASSWORD,
    MakeMember,
    emails_to,
    make_member,
    password_hash,
)
from tests.e2e.axe import Audit
from tests.fixtures.definitions import definition
from tests.fixtures.factories import make_test
from tests.fixtures.servers import LiveServer

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]

CSV = ("first_name;last_name;email;extra_time\n"  # Excel's semicolons
       "Ann;Lee;ann@example.com;50%\n"
       "Bob;;bob@example\n"
       "Cy;Day;cy@example.com;\n").encode("utf-8-sig")


@pytest.fixture
def recruiter(organization: Organization, make_member: MakeMember) -> User:  # noqa: F811
    return make_member(organization, Role.RECRUITER, "rita.recruiter@acme.test")


@pytest.fixture
def offered(organization: Organization) -> list[Test]:
    return [make_test(definition(slug="basics", name="Basics")),
            make_test(definition(slug="python", name="Python", language="uk"),
                      organization=organization)]


def _sign_in(page: Page, url: str, email: str) -> None:
    page.goto(url + "/console/sign-in")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("navigation", name="Console")).to_be_visible()


def _fill_candidate(page: Page, email: str) -> None:
    page.get_by_label("First name").fill("Olena")
    page.get_by_label("Last name").fill("Kovalenko")
    page.get_by_label("Preferred name (optional)").fill("Lena")
    page.get_by_label("Email", exact=True).fill(email)


def _invitations() -> list[Invitation]:
    db.session.expire_all()
    return list(db.session.scalars(select(Invitation).order_by(Invitation.id)))


def _upload_and_preview(page: Page, ready: int = 2) -> None:
    page.get_by_role("navigation", name="Console").get_by_role("link", name="Invite").click()
    page.get_by_role("link", name="Upload a CSV file").click()
    expect(page.get_by_role("heading", name="Invite candidates from a CSV file")).to_be_visible()
    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "candidates.csv", "mimeType": "text/csv", "buffer": CSV}])
    page.get_by_label("Basics").check()
    page.get_by_role("button", name="Preview the invitations").click()
    expect(page.get_by_role("heading", name="Preview of the invitations")).to_be_visible()
    expect(page.get_by_text(f"{ready} candidates are ready to invite.")).to_be_visible()
    expect(page.get_by_text("The last name is missing.")).to_be_visible()
    expect(page.get_by_text("The email address is not valid.")).to_be_visible()


def test_a_recruiter_invites_one_then_many_and_every_page_passes_axe(
        page: Page, guard, live_server: LiveServer, recruiter: User,
        offered: list[Test]) -> None:
    guard.allow(r"status of 422")  # a form with errors answers so by design
    audit = Audit()
    _sign_in(page, live_server.url, recruiter.email)
    page.get_by_role("navigation", name="Console").get_by_role("link", name="Invite").click()
    expect(page.get_by_role("heading", name="Invite a candidate")).to_be_visible()
    audit.check("invite", page)

    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("Enter the candidate's first name.")).to_be_visible()
    expect(page.get_by_text("Choose at least one test.")).to_be_visible()
    audit.check("invite with errors", page)

    _fill_candidate(page, "olena@example.com")
    page.get_by_label("Python").check()
    page.get_by_label("Basics").check()
    page.get_by_label("Language of the emails and pages").select_option("uk")
    page.get_by_label("Extra time (accommodations)").select_option("1.25")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("heading", name="Invitation sent to Lena")).to_be_visible()
    expect(page.get_by_text("the questions of these tests are in another language")
           ).to_be_visible()
    [invitation] = _invitations()
    expect(page.get_by_role("link", name="Open the invitation of Lena")).to_have_attribute(
        "href", f"/console/invitations/{invitation.public_id}")
    assert [a.test.slug for a in invitation.attempts] == ["basics", "python"]
    assert invitation.extra_time_factor == 1.25 and invitation.created_by_id == recruiter.id
    assert [e["template"] for e in emails_to("olena@example.com")] == ["invitation"]
    audit.check("invitation sent", page)

    _fill_candidate(page, "olena@example.com")
    page.get_by_label("Basics").check()
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("heading", name="olena@example.com already has an open "
                                            "invitation")).to_be_visible()
    audit.check("duplicate confirmation", page)
    page.get_by_role("button", name="Send another invitation").click()
    expect(page.get_by_role("heading", name="Invitation sent to Lena")).to_be_visible()
    assert len(_invitations()) == 2

    _upload_and_preview(page)
    audit.check("csv preview", page)
    page.get_by_role("button", name="Send 2 invitations").click()
    expect(page.get_by_text("2 invitations sent.")).to_be_visible()
    expect(page.get_by_text("1 candidate was not invited")).to_be_visible()
    audit.check("csv upload after sending", page)
    sent = {i.candidate_email: i.extra_time_factor for i in _invitations()[2:]}
    assert sent == {"ann@example.com": 1.5, "cy@example.com": 1.0}

    _upload_and_preview(page, ready=0)  # the same file again: both have an open invitation
    send = page.get_by_role("button", name=re.compile(r"^Send \d invitations$"))
    expect(send).to_have_text("Send 0 invitations")
    page.get_by_label("Also invite the 2 candidates who already have an open invitation").check()
    expect(send).to_have_text("Send 2 invitations")
    audit.check("csv preview with open invitations", page)
    send.click()
    expect(page.get_by_text("2 invitations sent.")).to_be_visible()
    assert len(_invitations()) == 6
    audit.assert_clean()


def test_inviting_works_without_javascript(new_page, live_server: LiveServer,
                                           recruiter: User, offered: list[Test]) -> None:
    page = new_page(java_script_enabled=False)
    _sign_in(page, live_server.url, recruiter.email)
    page.get_by_role("navigation", name="Console").get_by_role("link", name="Invite").click()
    _fill_candidate(page, "olena@example.com")
    page.get_by_label("Basics").check()
    page.get_by_label("The link works for (days)").fill("5")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("heading", name="Invitation sent to Lena")).to_be_visible()

    _fill_candidate(page, "olena@example.com")
    page.get_by_label("Basics").check()
    page.get_by_role("button", name="Send the invitation").click()
    page.get_by_role("button", name="Change the details").click()
    expect(page.get_by_label("Preferred name (optional)")).to_have_value("Lena")
    page.get_by_label("Email", exact=True).fill("olena.k@example.com")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("heading", name="Invitation sent to Lena")).to_be_visible()

    _upload_and_preview(page)
    page.get_by_role("button", name="Send 2 invitations").click()
    expect(page.get_by_text("2 invitations sent.")).to_be_visible()
    emails = sorted(i.candidate_email for i in _invitations())
    assert emails == ["ann@example.com", "cy@example.com", "olena.k@example.com",
                      "olena@example.com"]
    expect(page).to_have_url(re.compile(r"/console/invite/csv$"))


def test_the_form_and_the_preview_fit_a_phone(new_page, live_server: LiveServer,
                                              recruiter: User, offered: list[Test]) -> None:
    page = new_page(viewport={"width": 390, "height": 844})
    _sign_in(page, live_server.url, recruiter.email)
    wide = "() => document.documentElement.scrollWidth"
    _upload_and_preview(page)  # passes by the single invitation's form
    assert page.evaluate(wide) <= 390  # the rows' table scrolls inside its own region
    page.get_by_role("link", name="Upload another file").click()
    assert page.evaluate(wide) <= 390
    page.get_by_role("link", name="Invite one candidate").click()
    expect(page.get_by_role("heading", name="Invite a candidate")).to_be_visible()
    assert page.evaluate(wide) <= 390
