"""The whole test without JavaScript: every page is a plain form, every answer is saved
by the form post of its page, and nothing calls the page script's API."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.candidate import (
    choose,
    current_attempt,
    expect_question,
    match,
    navigator_button,
    place_in_order,
    press_button,
    saved_answers,
    start,
    type_answer,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(60)]


def test_every_answer_is_saved_by_its_pages_form_post(new_page, invite,
                                                      every_type_test) -> None:
    page: Page = new_page(java_script_enabled=False)
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    invited = invite(every_type_test)
    start(page, invited.link)

    def saved() -> dict:
        return saved_answers(invited.invitation_id)

    expect_question(page, 1, 5)
    expect(page.locator("#timer")).to_have_text("30:00")  # the server's time, not counting
    choose(page, "Alpha")
    assert "pick" not in saved()
    press_button(page, "Save and next")
    expect_question(page, 2, 5)
    assert saved() == {"pick": "a"}

    choose(page, "2")
    choose(page, "3")
    navigator_button(page, 4).click()
    expect_question(page, 4, 5)
    assert saved()["primes"] == ["two", "three"]

    place_in_order(page, "small", "medium", "large")
    press_button(page, "Save and next")
    expect_question(page, 5, 5)
    assert saved()["sizes"] == ["s", "m", "l"]

    match(page, ("Banana", "Yellow"), ("Cherry", "Red"))  # Lime left on "Choose…"
    navigator_button(page, 3).click()
    expect_question(page, 3, 5)
    assert saved()["colours"] == {"banana": "yellow", "cherry": "red"}

    choose(page, "False")
    press_button(page, "Flag for review")
    expect(page.get_by_role("heading", level=1)).to_contain_text("flagged")
    assert saved()["sky"] is False
    assert {r.question_id for r in current_attempt(invited.invitation_id).responses
            if r.flagged} == {"sky"}

    press_button(page, "Review section")
    page.get_by_role("link", name="Finish this section").click()
    press_button(page, "Yes, finish this section")

    expect_question(page, 1, 3)
    type_answer(page, "1.414")
    press_button(page, "Save and next")
    assert saved()["root"] == "1.414"
    type_answer(page, "Paris")
    press_button(page, "Save and next")
    assert saved()["capital"] == "Paris"
    type_answer(page, "Without scripts, forms still work.")
    press_button(page, "Save and review section")
    assert saved()["story"] == "Without scripts, forms still work."
    expect(page.get_by_text("3 of 3 questions answered.")).to_be_visible()
    page.get_by_role("link", name="Submit the test").click()
    press_button(page, "Yes, submit the test")

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you, Olena Kovalenko")
    assert current_attempt(invited.invitation_id).state == "awaiting_review"
    assert not [url for url in posts if "/api/" in url], "JavaScript is off: no API calls"
