"""Losing the connection mid-test: the page says so, keeps the answer, and sends it when
the connection returns."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.candidate import background_save, choose, saved_answers, start

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(60)]


def test_an_answer_given_offline_is_saved_when_the_connection_returns(
        page: Page, guard, invite, every_type_test) -> None:
    guard.allow(r"net::ERR_INTERNET_DISCONNECTED")  # the page's own failed save, expected
    invited = invite(every_type_test)
    start(page, invited.link)

    page.context.set_offline(True)
    choose(page, "Gamma")
    expect(page.locator("#save-status")).to_have_text(
        "Connection lost — your answer will be saved when you are back online.")
    page.wait_for_timeout(500)  # the retry is due in about two seconds; nothing arrived
    assert saved_answers(invited.invitation_id) == {}

    with background_save(page):
        page.context.set_offline(False)
    assert saved_answers(invited.invitation_id) == {"pick": "c"}
