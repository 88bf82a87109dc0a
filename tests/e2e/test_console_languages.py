"""Every console page, and the results page a member opens from it, in Ukrainian and in
Russian: axe-core finds no WCAG 2.1 A/AA violation, and no sentence of our English
catalogue is left on the page (a string someone forgot to wrap for translation, or a
translation missing from a catalogue, shows up here as English text)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import Page, expect

from app.extensions import db
from app.models import GreenhouseErrorReport, Organization, Role, Test, User, utcnow
from app.services.outbox import enqueue
from tests.console.conftest import (  # noqa: F401  (fixtures)
    MakeMember,
    make_member,
    password_hash,
)
from tests.console.grading_data import Submit, essay_test, grade_url, submit  # noqa: F401
from tests.e2e.axe import Audit
from tests.fixtures.attempts import finished
from tests.fixtures.servers import LiveServer

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]

PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%%")


@pytest.fixture(scope="module")
def english_sentences(project_root: Path) -> list[str]:
    """Catalogue messages long enough that finding one on a page cannot be chance."""
    with (project_root / "translations" / "uk" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalogue = read_po(f, locale="uk")
    sentences = []
    for message in catalogue:
        ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
        for text in ids:
            for piece in PLACEHOLDER.split(text or ""):
                part = piece.strip(" .,:;()")
                if len(part.split()) >= 4 and "<" not in part:
                    sentences.append(part)
    return sentences


@pytest.fixture
def admin(organization: Organization, make_member: MakeMember) -> User:  # noqa: F811
    make_member(organization, Role.REVIEWER, "rob.reviewer@acme.test")
    return make_member(organization, Role.ADMIN, "ada.admin@acme.test")


@pytest.fixture
def console_data(organization: Organization, basics_test: Test,
                 submit: Submit) -> dict[str, str]:  # noqa: F811
    """A completed test, an essay waiting for a grade, a failed email, a Greenhouse report."""
    done = finished(organization, basics_test, {"q1": "a"})
    waiting = submit(organization, name=("Olena", "Kovalenko"))
    message = enqueue(db.session, "email", {"to": "olena@example.test", "subject": "Hi",
                                            "text": "t", "html": "h"},
                      organization_id=organization.id)
    message.mark_refused("SMTP 550 mailbox unavailable", utcnow())
    db.session.add(GreenhouseErrorReport(
        organization_id=organization.id, api_call="test_status", errors=["a problem"],
        raw_body="{}", partner_interview_id=done.invitation.public_id))
    db.session.commit()
    return {"invitation": done.invitation.public_id, "grade": grade_url(waiting),
            "test": basics_test.slug}


@pytest.mark.parametrize("language", ["uk", "ru"])
def test_every_console_page_is_translated_and_accessible(
        page: Page, live_server: LiveServer, admin: User, console_data: dict[str, str],
        english_sentences: list[str], language: str) -> None:
    url = live_server.url
    page.goto(f"{url}/console/sign-in?lang={language}")
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.locator("#email").fill(admin.email)
    page.locator("#password").fill("correct horse battery staple")
    page.locator("form button[type=submit]").click()
    expect(page.locator(".console-nav")).to_be_visible()
    invitation, test = console_data["invitation"], console_data["test"]
    paths = ["/console", "/console/invitations", f"/console/invitations/{invitation}",
             f"/console/invitations/{invitation}/cancel", "/console/invite",
             "/console/invite/csv", "/console/grading", console_data["grade"],
             "/console/tests", f"/console/tests/{test}/statistics",
             f"/console/tests/{test}/preview", "/console/team", "/console/keys",
             "/console/outbox", "/console/greenhouse-reports", "/console/settings",
             "/console/account", f"/results/{invitation}"]
    audit = Audit()
    leaks = []
    for path in paths:
        response = page.goto(url + path)
        assert response is not None and response.status == 200, path
        expect(page.locator("html")).to_have_attribute("lang", language)
        audit.check(f"{path} ({language})", page)
        text = page.locator("main").inner_text()
        leaks += [f"{path}: {sentence!r}" for sentence in english_sentences
                  if sentence in text]
    audit.assert_clean()
    assert leaks == [], "English left on the pages:\n" + "\n".join(leaks)
