"""A whole test taken in a browser with JavaScript: every question type saved in the
background, the navigator, a flag, the section review, the confirmation, the thank-you
page, and the result on the hiring team's results page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from app.security.results_links import results_url
from tests.e2e.candidate import (
    background_save,
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


def test_it_takes_every_question_type_from_the_link_to_the_results_page(
        page: Page, new_page, invite, every_type_test, live_server) -> None:
    invited = invite(every_type_test)
    start(page, invited.link)

    # Section 1: single, multiple, (jump) ordering, matching, (back) true/false flagged.
    expect_question(page, 1, 5)
    with background_save(page):
        choose(page, "Alpha")
    press_button(page, "Save and next")
    expect_question(page, 2, 5)
    with background_save(page):
        choose(page, "2")
    with background_save(page):
        choose(page, "3")
    navigator_button(page, 4).click()  # the navigator saves, then jumps
    expect_question(page, 4, 5)
    with background_save(page):
        place_in_order(page, "small", "medium", "large")
    press_button(page, "Save and next")
    expect_question(page, 5, 5)
    for pair in (("Banana", "Yellow"), ("Lime", "Green"), ("Cherry", "Red")):
        with background_save(page):  # each menu saves the prompts matched so far
            match(page, pair)
    navigator_button(page, 3).click()
    expect_question(page, 3, 5)
    with background_save(page):
        choose(page, "True")
    press_button(page, "Flag for review")
    expect(page.get_by_role("button", name="Flagged: remove flag")).to_have_attribute(
        "aria-pressed", "true")
    expect(navigator_button(page, 3)).to_have_accessible_name(
        re.compile(r"answered, flagged, current question$"))

    press_button(page, "Review section")
    expect(page.get_by_role("heading", level=1)).to_have_text("Review section 1: Choices")
    expect(page.get_by_text("5 of 5 questions answered.")).to_be_visible()
    expect(page.get_by_role("list", name="Flagged for review")).to_contain_text("Question 3")
    page.get_by_role("link", name="Finish this section").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Finish this section?")
    expect(page.get_by_text("1 question is flagged for review.")).to_be_visible()
    press_button(page, "Yes, finish this section")

    # Section 2: numeric, short text, essay.
    expect(page.get_by_role("status").first).to_contain_text("The previous section is finished")
    expect_question(page, 1, 3)
    with background_save(page):
        type_answer(page, "1,41")
    press_button(page, "Save and next")
    expect_question(page, 2, 3)
    with background_save(page):
        type_answer(page, "paris")
    press_button(page, "Save and next")
    expect_question(page, 3, 3)
    with background_save(page):
        type_answer(page, "A race between two saves; I serialized them.")
    press_button(page, "Save and review section")
    expect(page.get_by_text("3 of 3 questions answered.")).to_be_visible()
    page.get_by_role("link", name="Submit the test").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Submit the test?")
    press_button(page, "Yes, submit the test")

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you, Olena Kovalenko")
    attempt = current_attempt(invited.invitation_id)
    assert (attempt.state, attempt.finish_reason) == ("awaiting_review", "submitted")
    assert saved_answers(invited.invitation_id) == {
        "pick": "a", "primes": ["two", "three"], "sizes": ["s", "m", "l"], "sky": True,
        "colours": {"banana": "yellow", "lime": "green", "cherry": "red"},
        "root": "1,41", "capital": "paris",
        "story": "A race between two saves; I serialized them."}

    recruiter = new_page()
    recruiter.goto(results_url(live_server.url, invited.public_id))
    expect(recruiter.get_by_role("heading", level=1)).to_have_text("Results: Olena Kovalenko")
    expect(recruiter.get_by_text("Awaiting review")).to_be_visible()
    expect(recruiter.get_by_text("7 of 12", exact=True)).to_be_visible()
