"""Five minutes and one minute before the end, the page says so in its alert region, so a
screen reader announces it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from app.extensions import db
from app.models import utcnow
from tests.e2e.candidate import current_attempt, start

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(60)]


def _deadline_in(invitation_id: int, seconds: int) -> None:
    """The server's deadline moves to ``seconds`` from now (as if the test had run on)."""
    attempt = current_attempt(invitation_id)
    attempt.deadline_at = utcnow() + timedelta(seconds=seconds)
    db.session.commit()


def test_the_five_and_one_minute_warnings_are_announced(page: Page, invite,
                                                        every_type_test) -> None:
    invited = invite(every_type_test)
    start(page, invited.link)
    alert = page.locator("#timer-alert")
    expect(alert).to_have_attribute("role", "alert")  # present from the start: announced
    expect(alert).to_be_empty()

    _deadline_in(invited.invitation_id, 5 * 60 + 2)
    page.reload()
    expect(alert).to_have_text("5 minutes left.", timeout=6000)

    _deadline_in(invited.invitation_id, 60 + 2)
    page.reload()
    expect(alert).to_be_empty()
    expect(alert).to_have_text("1 minute left.", timeout=6000)
