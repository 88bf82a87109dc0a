"""Integrity signals the landing page discloses are recorded on the attempt: a paste into
a text answer, and leaving the page for another tab."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from app.extensions import db
from app.models import AttemptEvent
from tests.e2e.banks import definition, section, short_text, single
from tests.e2e.candidate import current_attempt, start
from tests.fixtures.factories import make_test

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(60)]


def _tab_hidden(page: Page, hidden: bool) -> None:
    page.evaluate("""hidden => {
        const state = hidden ? "hidden" : "visible";
        Object.defineProperty(document, "hidden", {configurable: true, get: () => hidden});
        Object.defineProperty(document, "visibilityState", {configurable: true, get: () => state});
        document.dispatchEvent(new Event("visibilitychange"));
    }""", hidden)


def test_a_paste_and_a_tab_switch_are_recorded_as_events(page: Page, invite) -> None:
    invited = invite(make_test(definition(section("only", "Only", short_text(), single()))))
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    start(page, invited.link)
    answer = page.get_by_label("Your answer")
    page.evaluate("navigator.clipboard.writeText('Paris')")

    answer.focus()
    page.keyboard.press("ControlOrMeta+V")
    expect(answer).to_have_value("Paris")

    # Headless pages never lose focus by themselves: the browser's signal for another
    # tab coming to the front (document.hidden, then visibilitychange) is played here.
    _tab_hidden(page, True)
    page.wait_for_timeout(300)
    with page.expect_response(lambda r: r.url.endswith("/api/heartbeat")) as heartbeat:
        _tab_hidden(page, False)
    assert heartbeat.value.status == 200

    attempt = current_attempt(invited.invitation_id)
    events = {e.kind: e.data for e in db.session.query(AttemptEvent).filter_by(
        attempt_id=attempt.id)}
    assert events["paste"] == {"chars": 5, "question_id": "capital"}
    assert events["focus_lost"]["duration_ms"] >= 300
    assert attempt.integrity["paste"] == {"count": 1, "chars": 5}
    assert attempt.integrity["focus_lost"]["count"] == 1
