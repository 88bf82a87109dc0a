"""The whole journey in production's configuration over real TLS: gunicorn serving
``wsgi:app`` with Secure cookies, HTTPS required and Flask-WTF's strict Referer check,
driven by Chromium over https (the rest of tests/e2e/ uses plain http in testing
configuration, where that check never runs).

Every browser POST here must be accepted: a candidate with and without JavaScript takes a
test from the emailed link to the thank-you page, and a reviewer follows the results page's
link to the console, signs in and grades the essay there. The pages' Referrer-Policy once
stopped browsers sending the Referer that check needs, and every one of these POSTs was
refused with 400 in production.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Cookie, Page, Response, expect
from sqlalchemy import select

from app.extensions import db
from app.models import Organization, Role, Test, User
from app.models import Response as Answer
from app.security import tokens
from app.security.passwords import hash_password
from app.security.results_links import results_url
from app.services.invitations import (
    CandidateDetails,
    InvitationRequest,
    create_invitation,
)
from app.services.organizations import create_organization
from tests.e2e.banks import definition, essay, section, short_text, single
from tests.e2e.candidate import (
    QUESTION_URL,
    background_save,
    choose,
    current_attempt,
    expect_question,
    saved_answers,
    type_answer,
)
from tests.e2e.conftest import Guard, guarded_pages
from tests.fixtures.factories import make_test
from tests.fixtures.production_server import ProductionServer

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(60)]

ESSAY = "A race between two saves; I serialized them."


# --- the server's data, set up and read in this process ----------------------------------

@pytest.fixture(scope="module")
def production_app(production_server: ProductionServer) -> Iterator[Flask]:
    app = production_server.app()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def production_db(production_app: Flask) -> Iterator[None]:
    """The server's database for this test's set-up and checks (``db.session``)."""
    with production_app.app_context():
        yield
        db.session.remove()


@pytest.fixture
def hiring_org(production_db: None) -> Organization:
    # The database lives for the session: each test its own organization.
    created = create_organization(db.session, name=f"Acme {secrets.token_hex(4)}",
                                  hr_email="hr@acme.test")
    db.session.commit()
    return created.organization


@pytest.fixture
def mixed_test(hiring_org: Organization) -> Test:
    """One section: a single choice, a short text and an essay a person grades."""
    return make_test(definition(
        section("mixed", "Mixed", single(), short_text(), essay()),
        slug=f"https-check-{secrets.token_hex(4)}", name="HTTPS check"))


GRADER_PASSWORD = "a reviewer's long passphrase"


@pytest.fixture
def grader(hiring_org: Organization) -> User:
    """The organization's administrator, who grades in the console."""
    member = User(public_id=tokens.public_id("usr"), organization=hiring_org,
                  email=f"grace.{secrets.token_hex(4)}@acme.test", role=Role.ADMIN.value,
                  password_hash=hash_password(GRADER_PASSWORD))
    db.session.add(member)
    db.session.commit()
    return member


@dataclass(frozen=True)
class Invited:
    invitation_id: int
    public_id: str
    link: str  # as emailed: on the server's ASSAY_BASE_URL


@pytest.fixture
def invited(production_server: ProductionServer, hiring_org: Organization,
            mixed_test: Test) -> Invited:
    """Olena, invited through the invitations service as the API would."""
    request = InvitationRequest(
        organization=hiring_org, tests=[mixed_test], source="cli",
        candidate=CandidateDetails(email="olena@example.test", first_name="Olena",
                                   last_name="Kovalenko"))
    created = create_invitation(db.session, request, base_url=production_server.url,
                                valid_days=7)
    db.session.commit()
    assert created.link is not None
    return Invited(invitation_id=created.invitation.id,
                   public_id=created.invitation.public_id, link=created.link)


# --- browsers over https -----------------------------------------------------------------

@dataclass
class Traffic:
    """Every response the server sent to the test's browser contexts, and their cookies,
    for what production promises on every page: no POST refused, HSTS, Secure cookies."""

    origin: str
    responses: list[Response] = field(default_factory=list)
    contexts: list[BrowserContext] = field(default_factory=list)

    def watch(self, context: BrowserContext) -> None:
        self.contexts.append(context)
        context.on("response", self._record)

    def _record(self, response: Response) -> None:
        self.responses.append(response)

    def ours(self) -> list[Response]:
        return [r for r in self.responses if r.url.startswith(self.origin + "/")]

    def refused_posts(self) -> list[str]:
        return [f"POST {r.url} answered {r.status}" for r in self.ours()
                if r.request.method == "POST" and r.status >= 400]

    def without_hsts(self) -> list[str]:
        # all_headers(): the plain ``headers`` leave out security-related ones.
        return [f"{r.request.method} {r.url} ({r.status})" for r in self.ours()
                if "strict-transport-security" not in r.all_headers()]

    def cookies_per_context(self) -> list[list[Cookie]]:
        return [context.cookies() for context in self.contexts]


NewPage = Callable[..., Page]


@pytest.fixture
def traffic(production_server: ProductionServer) -> Traffic:
    return Traffic(origin=production_server.url)


@pytest.fixture
def new_page(browser: Browser, guard: Guard, traffic: Traffic) -> Iterator[NewPage]:
    """A page in a new guarded context that accepts the self-signed certificate; keyword
    arguments go to ``browser.new_context``."""
    defaults = {"locale": "en-GB", "timezone_id": "UTC", "ignore_https_errors": True}
    with guarded_pages(browser, guard, defaults, [traffic.watch]) as open_page:
        yield open_page


def expect_production_traffic(traffic: Traffic) -> None:
    """What production promises, checked on what this test's browsers actually got."""
    assert traffic.ours(), "the browser received nothing from the server"
    assert traffic.refused_posts() == []
    assert traffic.without_hsts() == []
    for cookies in traffic.cookies_per_context():
        assert cookies, "no cookie was set (the session carries the CSRF token)"
        assert [c["name"] for c in cookies if not c["secure"]] == []


# --- driving the pages -------------------------------------------------------------------

@contextmanager
def accepted_form_post(page: Page) -> Iterator[None]:
    """Wrap a click that submits a form: the server accepts the POST (a redirect or a
    page), else the test fails with the server's reason (e.g. Flask-WTF's "The referrer
    header is missing.")."""
    with page.expect_response(lambda r: r.request.method == "POST"
                              and r.request.resource_type == "document") as posted:
        yield
    response = posted.value
    assert response.status < 400, (
        f"POST {response.url} was refused: {response.status} {_main_text(response.text())}")


def _main_text(html: str) -> str:
    main = re.search(r"<main\b.*?</main>", html, re.DOTALL)
    return " ".join(re.sub(r"<[^>]+>", " ", main.group(0) if main else html).split())


def press(page: Page, button: str) -> None:
    with accepted_form_post(page):
        page.get_by_role("button", name=button, exact=True).click()


def start(page: Page, link: str) -> None:
    """Open the emailed link and press Start; wait for the first question's page to load
    (its script must have run before typing, see tests/e2e/candidate.py)."""
    page.goto(link)
    press(page, "Start HTTPS check")
    expect(page).to_have_url(QUESTION_URL)
    expect_question(page, 1, 3)


def answer_every_question_with_forms(page: Page) -> None:
    """From the first question to the review, each answer saved by its page's form post."""
    choose(page, "Alpha")
    answer_the_rest_with_forms(page)


def answer_the_rest_with_forms(page: Page) -> None:
    """The first question answered: on to the review, saving each answer with the form."""
    press(page, "Save and next")
    expect_question(page, 2, 3)
    type_answer(page, "Paris")
    press(page, "Save and next")
    expect_question(page, 3, 3)
    type_answer(page, ESSAY)
    press(page, "Save and review section")
    expect(page.get_by_text("3 of 3 questions answered.")).to_be_visible()


def submit_the_test(page: Page) -> None:
    page.get_by_role("link", name="Submit the test").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Submit the test?")
    press(page, "Yes, submit the test")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you, Olena Kovalenko")


# --- the journeys ------------------------------------------------------------------------

def test_a_candidate_with_javascript_takes_the_test_over_https(
        new_page: NewPage, invited: Invited, traffic: Traffic) -> None:
    page = new_page()
    start(page, invited.link)

    with background_save(page):  # the page script's POST, with its CSRF header
        choose(page, "Alpha")
    assert saved_answers(invited.invitation_id) == {"pick": "a"}
    # Pressed before the script's saves (debounced) go: the form posts themselves save.
    answer_the_rest_with_forms(page)
    submit_the_test(page)

    attempt = current_attempt(invited.invitation_id)
    assert (attempt.state, attempt.finish_reason) == ("awaiting_review", "submitted")
    assert saved_answers(invited.invitation_id) == {
        "pick": "a", "capital": "Paris", "story": ESSAY}
    expect_production_traffic(traffic)


def test_a_candidate_without_javascript_takes_the_test_over_https(
        new_page: NewPage, invited: Invited, traffic: Traffic) -> None:
    page = new_page(java_script_enabled=False)
    start(page, invited.link)
    answer_every_question_with_forms(page)
    submit_the_test(page)

    assert current_attempt(invited.invitation_id).state == "awaiting_review"
    assert saved_answers(invited.invitation_id) == {
        "pick": "a", "capital": "Paris", "story": ESSAY}
    assert not [r for r in traffic.ours() if "/api/" in r.url], "JavaScript is off"
    expect_production_traffic(traffic)


def test_the_hiring_team_grades_the_essay_over_https(
        new_page: NewPage, invited: Invited, traffic: Traffic, grader: User,
        production_server: ProductionServer) -> None:
    candidate = new_page(java_script_enabled=False)
    start(candidate, invited.link)
    answer_every_question_with_forms(candidate)
    submit_the_test(candidate)

    page = new_page()
    page.goto(results_url(production_server.url, invited.public_id))
    page.get_by_role("link", name=re.compile("^Grade in the console")).click()
    page.get_by_label("Email").fill(grader.email)
    page.get_by_label("Password").fill(GRADER_PASSWORD)
    press(page, "Sign in")  # and back to the answer
    expect(page.get_by_role("heading", level=1)).to_have_text("Question 3 of HTTPS check")
    page.get_by_label("Clarity (0 to 5)").fill("4")
    press(page, "Save the grade")

    expect(page.get_by_role("status")).to_contain_text("Grade saved for question 3")
    attempt = current_attempt(invited.invitation_id)
    essay_answer = db.session.scalars(select(Answer).where(
        Answer.attempt_id == attempt.id, Answer.question_id == "story")).one()
    assert (essay_answer.manual_points, essay_answer.criterion_points,
            essay_answer.grader_id) == (4.0, [4.0], grader.id)
    assert attempt.state == "completed"
    expect_production_traffic(traffic)
