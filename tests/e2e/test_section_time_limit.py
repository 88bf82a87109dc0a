"""A section with its own time limit moves on when its time is up; its questions can no
longer be answered, and what was saved in it is kept."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.banks import definition, numeric, section, single, true_false
from tests.e2e.candidate import (
    background_save,
    choose,
    expect_question,
    question_url,
    saved_answers,
    start,
)
from tests.fixtures.factories import make_test

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(60)]

SECTION_SECONDS = 5


def test_the_section_locks_at_its_time_limit_and_the_next_one_opens(
        page: Page, invite, live_server) -> None:
    timed = make_test(definition(
        section("warmup", "Warm-up", single(), true_false(), time_limit=SECTION_SECONDS),
        section("main", "Main", numeric()), slug="paced", name="Paced", time_limit=600))
    invited = invite(timed)
    start(page, invited.link)
    expect(page.locator("#timer-label")).to_have_text("Time left in this section")
    with background_save(page):
        choose(page, "Alpha")
    first_question = page.url

    expect(page.get_by_role("status").first).to_have_text(
        "The time for the previous section is up. Its saved answers are kept and it is now "
        "closed; you are in the next section.", timeout=SECTION_SECONDS * 1000 + 4000)
    expect(page.locator(".where")).to_contain_text("Section 2 of 2: Main")
    expect_question(page, 1, 1)
    expect(page.locator("#timer-label")).to_have_text("Time left")

    page.goto(first_question)  # the locked section's question page sends us back
    expect(page.locator(".where")).to_contain_text("Section 2 of 2: Main")
    # A late answer to the locked section, sent the way the page script sends one.
    take = page.locator("#take")
    refused = page.request.post(
        live_server.url + take.get_attribute("data-save-url"),
        data={"question_id": "sky", "answer": True},
        headers={"X-CSRFToken": page.locator("input[name=csrf_token]").first.input_value()})
    assert refused.status == 409 and refused.json()["error"] == "section_closed"
    assert saved_answers(invited.invitation_id) == {"pick": "a"}
    assert question_url(page, 1, 0) in page.url
