"""End-to-end fixtures: a real Chromium driven through Playwright against the live server.

One browser per session; a fresh context per test (its own cookies, storage, locale,
timezone, JavaScript switch). Every context is guarded: a console error, an uncaught page
error, or a request to any host but 127.0.0.1 fails the test (third-party requests are
aborted before they leave), so "no third-party request" holds on every page we open.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    Route,
    sync_playwright,
)

from app.extensions import db
from app.models import Organization, Test
from app.services.invitations import (
    CandidateDetails,
    InvitationRequest,
    create_invitation,
)
from app.services.organizations import create_organization
from tests.e2e.banks import every_type
from tests.fixtures.factories import make_test
from tests.fixtures.servers import LiveServer

# Debian's Chromium when the machine has it; else Playwright's own bundled browser.
SYSTEM_CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium stalls on refused connections here.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]
# Every URL not on the live server's host; matched inside the driver, so our own requests
# never wait for a round trip through Python.
OTHER_HOSTS = re.compile(r"^(?!https?://127\.0\.0\.1[:/])")



@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    options: dict[str, Any] = {"headless": True, "args": CHROMIUM_ARGS}
    if SYSTEM_CHROMIUM.exists():
        options["executable_path"] = str(SYSTEM_CHROMIUM)
    browser = playwright.chromium.launch(**options)
    yield browser
    browser.close()


@dataclass
class Guard:
    """What went wrong in a test's browser contexts: console errors, page errors and
    requests to other hosts (aborted). ``allow`` lists console messages a test expects
    (e.g. a failed fetch while offline)."""

    problems: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    allowed: list[re.Pattern[str]] = field(default_factory=list)

    def allow(self, pattern: str) -> None:
        self.allowed.append(re.compile(pattern))

    def watch(self, context: BrowserContext) -> None:
        context.route(OTHER_HOSTS, self._block)
        context.on("page", self._watch_page)

    def _block(self, route: Route) -> None:
        self.foreign_requests.append(f"{route.request.method} {route.request.url}")
        route.abort("blockedbyclient")

    def _watch_page(self, page: Page) -> None:
        page.on("console", lambda message: self._console(page, message))
        page.on("pageerror", lambda error: self.problems.append(
            f"uncaught error on {page.url}: {error}"))

    def _console(self, page: Page, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        if any(pattern.search(message.text) for pattern in self.allowed):
            return
        self.problems.append(f"console error on {page.url}: {message.text}")

    def report(self) -> str:
        lines = self.problems + [f"request to another host: {r}" for r in self.foreign_requests]
        return "\n".join(lines)


@pytest.fixture
def guard() -> Guard:
    return Guard()


NewPage = Callable[..., Page]


@contextmanager
def guarded_pages(browser: Browser, guard: Guard, defaults: dict[str, Any],
                  watchers: Sequence[Callable[[BrowserContext], None]] = ()) -> Iterator[NewPage]:
    """Open pages, each in a new guarded context (``defaults`` and the call's keyword
    arguments go to ``browser.new_context``; each of ``watchers`` sees every context).
    On leaving, the contexts close and the guard's findings fail the test."""
    contexts: list[BrowserContext] = []

    def open_page(**context_options: Any) -> Page:
        context = browser.new_context(**{**defaults, **context_options})
        context.set_default_timeout(10_000)
        guard.watch(context)
        for watch in watchers:
            watch(context)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
    if guard.report():
        pytest.fail("The browser saw problems:\n" + guard.report(), pytrace=False)


@pytest.fixture
def new_page(browser: Browser, guard: Guard, live_server: LiveServer) -> Iterator[NewPage]:
    """Open a page in a new, guarded browser context; keyword arguments go to
    ``browser.new_context`` (locale, timezone_id, java_script_enabled, ...).

    The pages close before the live server stops, so no request of theirs is cut off."""
    with guarded_pages(browser, guard, {"locale": "en-GB", "timezone_id": "UTC"}) as open_page:
        yield open_page


@pytest.fixture
def page(new_page: NewPage) -> Page:
    """A page in a fresh context: English, UTC, JavaScript on."""
    return new_page()


@pytest.fixture
def hiring_org(app: Flask) -> Organization:
    """The company that invites candidates, made as the app makes it."""
    created = create_organization(db.session, name="Acme Corp", hr_email="hr@acme.test")
    db.session.commit()
    return created.organization


@dataclass(frozen=True)
class Invited:
    """An invitation as the candidate receives it: its ids and the emailed link."""

    invitation_id: int
    public_id: str
    link: str


Invite = Callable[..., Invited]


@pytest.fixture
def invite(live_server: LiveServer, hiring_org: Organization) -> Invite:
    """Invite Olena to tests (stored bank definitions) through the invitations service;
    the link points at the live server."""

    def make(*tests: Test, language: str | None = None, extra_time: float = 1.0) -> Invited:
        request = InvitationRequest(
            organization=hiring_org, tests=list(tests), source="cli", language=language,
            extra_time_factor=extra_time,
            candidate=CandidateDetails(email="olena@example.test", first_name="Olena",
                                       last_name="Kovalenko"))
        created = create_invitation(db.session, request, base_url=live_server.url,
                                    valid_days=7)
        db.session.commit()
        assert created.link is not None
        return Invited(invitation_id=created.invitation.id,
                       public_id=created.invitation.public_id, link=created.link)

    return make


@pytest.fixture
def every_type_test(app: Flask) -> Test:
    """Two untimed sections covering all seven question types (30 minutes in all)."""
    return make_test(every_type())
