"""When the test's time reaches zero the page submits by itself; the answers saved before
are scored."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Request, expect

from tests.e2e.banks import definition, section, single, true_false
from tests.e2e.candidate import background_save, choose, current_attempt, press_button, start
from tests.fixtures.factories import make_test

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(60)]

LIMIT_SECONDS = 6


def _submitted_at_time_out(request: Request) -> bool:
    return request.method == "POST" and "move=timeout" in (request.post_data or "")


def test_at_zero_the_page_submits_and_the_saved_answers_are_scored(
        page: Page, invite) -> None:
    quick = make_test(definition(section("only", "Only", single(), true_false()),
                                 slug="sprint", name="Sprint", time_limit=LIMIT_SECONDS))
    invited = invite(quick)
    start(page, invited.link)
    with background_save(page):
        choose(page, "Alpha")
    press_button(page, "Save and next")
    choose(page, "False")  # chosen in the last seconds: sent when the time is up

    with page.expect_request(_submitted_at_time_out, timeout=(LIMIT_SECONDS + 5) * 1000):
        pass  # nobody presses anything: the page submits by itself
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you, Olena Kovalenko")
    expect(page.get_by_role("status")).to_have_text(
        "The time for this test is up. The answers you saved were submitted.")
    attempt = current_attempt(invited.invitation_id)
    assert (attempt.state, attempt.finish_reason) == ("completed", "timed_out")
    assert attempt.result is not None
    assert attempt.result["questions"]["pick"]["status"] == "correct"
    assert attempt.result["questions"]["sky"]["status"] == "incorrect"
    assert attempt.score_percent == 50.0
