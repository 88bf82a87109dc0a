"""The suite's own guard: a request to any host but ours is stopped before it leaves and
reported, and so is a console error, so every other test can rely on it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(60)]


def test_a_request_to_another_host_is_aborted_and_reported(page: Page, guard) -> None:
    # A blank page: our pages' CSP would stop the request before the guard sees it.
    page.evaluate("""() => new Promise(done => {
        const image = new Image();
        image.onload = image.onerror = done;
        image.src = "http://example.com/pixel.png";
    })""")

    assert guard.foreign_requests == ["GET http://example.com/pixel.png"]
    assert any("ERR_BLOCKED_BY_CLIENT" in problem for problem in guard.problems)
    guard.foreign_requests.clear()  # seen: this test's own teardown must not fail on it
    guard.problems.clear()


def test_a_console_error_is_reported(page: Page, guard, live_server) -> None:
    page.goto(live_server.url + "/healthz")
    page.evaluate("() => console.error('broken on purpose')")

    assert [p for p in guard.problems if "broken on purpose" in p]
    guard.problems.clear()
