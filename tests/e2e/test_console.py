"""The console in real Chromium: every page passes axe-core's WCAG 2.1 A/AA rules (in
English and Ukrainian), signing in and out works with the keyboard alone, and the forms
work without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from app.models import Organization, Role, User
from tests.console.conftest import (  # noqa: F401  (make_member, password_hash: fixtures)
    PASSWORD,
    MakeMember,
    emails_to,
    link_in,
    make_member,
    password_hash,
)
from tests.e2e.axe import Audit
from tests.e2e.test_keyboard_only import tab_to
from tests.fixtures.servers import LiveServer

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(90)]

NEW_PASSWORD = "a long and fresh passphrase"


@pytest.fixture
def team(organization: Organization, make_member: MakeMember) -> User:  # noqa: F811  (the fixture)
    """Acme's admin, with a recruiter and a member still to set a password."""
    make_member(organization, Role.RECRUITER, "rita.recruiter@acme.test")
    make_member(organization, Role.REVIEWER, "new.reviewer@acme.test", password=False)
    return make_member(organization, Role.ADMIN, "ada.admin@acme.test")


def _sign_in(page: Page, url: str, email: str, password: str = PASSWORD) -> None:
    page.goto(url + "/console/sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_every_console_page_has_no_violations(page: Page, guard, live_server: LiveServer,
                                              team: User) -> None:
    guard.allow(r"status of (401|404|422)")  # failed forms and bad links answer so by design
    audit = Audit()
    url = live_server.url
    page.goto(url + "/console")
    expect(page.get_by_role("heading", name="Sign in to the Assay console")).to_be_visible()
    audit.check("sign-in", page)
    _sign_in(page, url, team.email, "wrong password, surely")
    expect(page.get_by_role("alert")).to_contain_text("do not match an account")
    audit.check("sign-in refused", page)
    page.get_by_role("button", name="Sign in").click()  # both fields empty now: password
    expect(page.get_by_text("Enter your password.")).to_be_visible()
    audit.check("sign-in with field errors", page)

    page.get_by_role("link", name="Forgot your password?").click()
    audit.check("forgot password", page)
    page.get_by_label("Email").fill(team.email)
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    audit.check("reset sent", page)
    page.goto(url + link_in(emails_to(team.email)[0]))
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    audit.check("set password", page)
    page.get_by_label("New password").fill("short")
    page.get_by_label("The same password again").fill("other")
    page.get_by_role("button", name="Save the password").click()
    expect(page.get_by_text("Use 12 to 256 characters.")).to_be_visible()
    audit.check("set password with errors", page)
    page.goto(url + "/console/password/" + "x" * 43)
    audit.check("link not available", page)

    _sign_in(page, url, team.email)
    expect(page.get_by_role("heading", name="Acme Corp on Assay")).to_be_visible()
    audit.check("home", page)
    page.get_by_role("navigation", name="Console").get_by_role("link", name="Team").click()
    expect(page.get_by_role("heading", name="Team of Acme Corp")).to_be_visible()
    audit.check("team", page)
    page.get_by_label("Email", exact=True).fill("not an address")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("Enter an email address, like")).to_be_visible()
    audit.check("team with an invitation error", page)
    _audit_the_keys_pages(page, audit)
    page.get_by_role("navigation", name="Console").get_by_role("link",
                                                               name="Your account").click()
    expect(page.get_by_role("heading", name="Change your password")).to_be_visible()
    audit.check("account", page)
    page.get_by_role("button", name="Change the password").click()
    expect(page.get_by_text("Enter your current password.")).to_be_visible()
    audit.check("account with field errors", page)
    audit.assert_clean()


def _audit_the_keys_pages(page: Page, audit: Audit) -> None:
    """The keys page, its form with errors, each secret shown once, the revoke step."""
    page.get_by_role("navigation", name="Console").get_by_role("link", name="API keys").click()
    expect(page.get_by_role("heading", name="API keys and clients of Acme Corp")).to_be_visible()
    audit.check("keys", page)
    page.get_by_role("button", name="Rotate the Greenhouse key").click()
    expect(page.get_by_role("heading", name="New Greenhouse API key")).to_be_visible()
    audit.check("greenhouse key rotated", page)
    page.get_by_role("link", name="Back to API keys and clients").click()
    page.get_by_label("Webhook URL (optional)").fill("http://localhost/hook")
    page.get_by_role("button", name="Create the client").click()
    expect(page.get_by_text("Choose at least one scope.")).to_be_visible()
    audit.check("keys with client form errors", page)
    page.get_by_label("Name", exact=True).fill("Acme CRM")
    page.get_by_label("HR email", exact=True).fill("hr@acme.com")
    page.get_by_label("tests.read").check()
    page.get_by_label("Webhook URL (optional)").fill("https://hooks.acme.com/assay")
    page.get_by_role("button", name="Create the client").click()
    expect(page.get_by_role("heading", name="API client Acme CRM is created")).to_be_visible()
    audit.check("api client created", page)
    page.get_by_role("link", name="Back to API keys and clients").click()
    page.get_by_role("link", name="Revoke Acme CRM").click()
    expect(page.get_by_role("heading", name="Revoke Acme CRM?")).to_be_visible()
    audit.check("revoke an api client", page)
    page.get_by_role("button", name="Revoke the client").click()
    expect(page.get_by_text("Tick the box to confirm.")).to_be_visible()
    audit.check("revoke an api client, not confirmed", page)
    page.get_by_label("Yes, revoke this client").check()
    page.get_by_role("button", name="Revoke the client").click()
    expect(page.get_by_text("Acme CRM is revoked")).to_be_visible()
    audit.check("keys with a revoked client", page)


def test_the_pages_in_ukrainian_have_no_violations(new_page, guard, live_server: LiveServer,
                                                   team: User) -> None:
    page = new_page(locale="uk-UA")
    audit = Audit()
    page.goto(live_server.url + "/console/sign-in")
    expect(page.get_by_role("heading", name="Вхід до консолі Assay")).to_be_visible()
    audit.check("sign-in (uk)", page)
    page.get_by_label("Електронна пошта").fill(team.email)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Увійти").click()
    expect(page.get_by_role("heading", name="Acme Corp в Assay")).to_be_visible()
    audit.check("home (uk)", page)
    page.get_by_role("navigation", name="Консоль").get_by_role("link", name="Команда").click()
    audit.check("team (uk)", page)
    page.get_by_role("navigation", name="Консоль").get_by_role("link", name="Ключі API").click()
    expect(page.get_by_role("heading", name="Ключі та клієнти API — Acme Corp")).to_be_visible()
    audit.check("keys (uk)", page)
    audit.assert_clean()


def test_signing_in_and_out_with_the_keyboard_alone(page: Page, live_server: LiveServer,
                                                    team: User) -> None:
    page.goto(live_server.url + "/console/sign-in")
    tab_to(page, page.get_by_label("Email"))
    page.keyboard.type(team.email)
    tab_to(page, page.get_by_label("Password"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Acme Corp on Assay")).to_be_visible()
    tab_to(page, page.get_by_role("navigation", name="Console").get_by_role("link", name="Team"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Team of Acme Corp")).to_be_visible()
    tab_to(page, page.get_by_role("button", name="Sign out", exact=True))
    page.keyboard.press("Enter")
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/console/sign-in$"))


def test_an_admin_invites_a_member_without_javascript(new_page, live_server: LiveServer,
                                                      team: User) -> None:
    page = new_page(java_script_enabled=False)
    _sign_in(page, live_server.url, team.email)
    page.get_by_role("navigation", name="Console").get_by_role("link", name="Team").click()
    page.get_by_label("Email", exact=True).fill("newcomer@acme.test")
    page.get_by_label("Role", exact=True).select_option("reviewer")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("Invitation sent to newcomer@acme.test.")).to_be_visible()
    page.get_by_label("Role of rita.recruiter@acme.test").select_option("reviewer")
    page.get_by_role("button", name="Change role of rita.recruiter@acme.test").click()
    expect(page.get_by_text("rita.recruiter@acme.test's role is changed.")).to_be_visible()
    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()

    page.goto(live_server.url + link_in(emails_to("newcomer@acme.test")[0]))
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_label("The same password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save the password").click()
    _sign_in(page, live_server.url, "newcomer@acme.test", NEW_PASSWORD)
    expect(page.get_by_text("with the role Reviewer")).to_be_visible()


def test_an_admin_rotates_the_key_and_revokes_a_client_without_javascript(
        new_page, live_server: LiveServer, team: User) -> None:
    page = new_page(java_script_enabled=False)
    _sign_in(page, live_server.url, team.email)
    page.get_by_role("navigation", name="Console").get_by_role("link", name="API keys").click()
    page.get_by_role("button", name="Rotate the Greenhouse key").click()
    expect(page.get_by_label("Greenhouse API key")).to_have_value(re.compile(r"^asy_gh_"))
    page.get_by_role("link", name="Back to API keys and clients").click()
    page.get_by_label("Name", exact=True).fill("Acme CRM")
    page.get_by_label("HR email", exact=True).fill("hr@acme.com")
    page.get_by_label("tests.write").check()
    page.get_by_role("button", name="Create the client").click()
    expect(page.get_by_label("Client secret")).to_have_value(re.compile(r"^asy_cs_"))
    page.get_by_role("link", name="Back to API keys and clients").click()
    page.get_by_role("link", name="Revoke Acme CRM").click()
    page.get_by_label("Yes, revoke this client").check()
    page.get_by_role("button", name="Revoke the client").click()
    expect(page.get_by_text("Acme CRM is revoked")).to_be_visible()
