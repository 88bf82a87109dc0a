"""Coming back to a running test: a reload, or the link opened in another browser, finds
the answers saved so far and the server's clock, never a fresh one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from app.extensions import db
from app.models import utcnow
from tests.e2e.candidate import (
    background_save,
    choose,
    current_attempt,
    event_kinds,
    expect_question,
    press_button,
    remaining_on_timer,
    start,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(60)]


def _server_seconds_left(invitation_id: int) -> float:
    deadline = current_attempt(invitation_id).deadline_at
    assert deadline is not None
    return (deadline - utcnow()).total_seconds()


def _ten_minutes_pass_on_the_server(invitation_id: int) -> None:
    """Move the attempt's start and deadline ten minutes back: what the server sees when
    the candidate has been at it for ten minutes."""
    attempt = current_attempt(invitation_id)
    attempt.started_at -= timedelta(minutes=10)
    attempt.deadline_at -= timedelta(minutes=10)  # type: ignore[operator]
    db.session.commit()


def test_a_reload_keeps_the_answers_and_counts_down_from_the_servers_deadline(
        page: Page, invite, every_type_test) -> None:
    invited = invite(every_type_test)
    start(page, invited.link)
    with background_save(page):
        choose(page, "Beta")
    press_button(page, "Save and next")
    expect_question(page, 2, 5)
    with background_save(page):
        choose(page, "3")
    _ten_minutes_pass_on_the_server(invited.invitation_id)

    page.reload()

    expect_question(page, 2, 5)
    expect(page.get_by_label("3", exact=True)).to_be_checked()
    expect(page.get_by_label("2", exact=True)).not_to_be_checked()
    shown = remaining_on_timer(page)
    assert shown <= 20 * 60, f"the clock was reset: {shown} s left after a reload"
    assert abs(shown - _server_seconds_left(invited.invitation_id)) <= 3
    page.get_by_role("button", name="Previous").click()
    expect(page.get_by_label("Beta", exact=True)).to_be_checked()


def test_the_link_opened_in_another_browser_continues_the_same_attempt(
        page: Page, new_page, invite, every_type_test) -> None:
    invited = invite(every_type_test)
    start(page, invited.link)
    with background_save(page):
        choose(page, "Gamma")
    press_button(page, "Save and next")
    expect_question(page, 2, 5)
    _ten_minutes_pass_on_the_server(invited.invitation_id)

    phone = new_page()
    phone.goto(invited.link)
    expect(phone.get_by_text("In progress — the timer is running")).to_be_visible()
    phone.get_by_role("button", name="Resume Basics").click()

    expect_question(phone, 2, 5)
    assert abs(remaining_on_timer(phone) - _server_seconds_left(invited.invitation_id)) <= 3
    phone.get_by_role("button", name="Previous").click()
    expect(phone.get_by_label("Gamma", exact=True)).to_be_checked()
    assert "device_switched" in event_kinds(invited.invitation_id)
