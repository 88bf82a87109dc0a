"""The section review on a phone (390×844): each question shows how its prompt starts and
what was answered, in a few words its type chooses, so that a candidate finds the one they
want to revisit; flagged ones are marked; with and without JavaScript."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from playwright.sync_api import Locator, Page, expect

from app.models import Test
from tests.e2e import banks
from tests.e2e.axe import Audit
from tests.e2e.candidate import (
    choose,
    expect_heading,
    expect_question,
    match,
    press_button,
    start,
    type_answer,
)
from tests.fixtures.factories import make_test

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(90)]

PHONE = {"viewport": {"width": 390, "height": 844}}

LONG_PROMPT = ("Read the **handler** below: it compares `a < b` and shows <b>bold</b> text, "
               "then logs every request twice. What is wrong with it?")


@pytest.fixture
def review_test(app: Flask) -> Test:
    """Section 1: single (long prompt), multiple, true/false, matching, single (left
    unanswered); section 2: numeric, short text, essay, cloze."""
    long_single = {**banks.single("long"), "prompt": LONG_PROMPT}
    return make_test(banks.definition(
        banks.section("choices", "Choices", long_single, banks.multiple(),
                      banks.true_false(), banks.matching(), banks.single("skipped")),
        banks.section("writing", "Writing", banks.numeric(), banks.short_text(),
                      banks.essay(), banks.cloze()),
        slug="review", name="Review"))


def _entry(page: Page, number: int) -> Locator:
    """The item of question ``number`` in the list of all questions."""
    return page.get_by_role("list", name="All questions").get_by_role("listitem").nth(
        number - 1)


def _answer_section_one(page: Page) -> None:
    expect_question(page, 1, 5)
    choose(page, "Beta")
    press_button(page, "Save and next")
    expect_question(page, 2, 5)
    choose(page, "2")
    choose(page, "3")
    press_button(page, "Save and next")
    expect_question(page, 3, 5)
    choose(page, "False")
    press_button(page, "Flag for review")
    press_button(page, "Save and next")
    expect_question(page, 4, 5)
    match(page, ("Banana", "Yellow"), ("Cherry", "Red"))
    press_button(page, "Save and next")
    expect_question(page, 5, 5)
    press_button(page, "Save and review section")
    expect_heading(page, "Review section 1: Choices")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_the_review_shows_each_prompt_and_what_was_answered(
        new_page, invite, review_test, javascript: bool) -> None:
    page = new_page(java_script_enabled=javascript, **PHONE)
    start(page, invite(review_test).link)
    _answer_section_one(page)
    audit = Audit()
    if javascript:  # axe runs in the page
        audit.check("review, section 1", page)

    first = _entry(page, 1)
    # The prompt as plain text: Markdown dropped, raw HTML shown as text, cut near 80.
    expect(first).to_contain_text("Question 1 Read the handler below: it compares a < b and "
                                  "shows <b>bold</b> text, then…")
    expect(first).not_to_contain_text("**")
    expect(first.locator("b")).to_have_count(0)
    expect(first).to_contain_text("Answered: Beta")
    expect(_entry(page, 2)).to_contain_text("Which of these are prime?")
    expect(_entry(page, 2)).to_contain_text("Answered: 2 of 3 options chosen")
    expect(_entry(page, 3)).to_contain_text("The sky is blue.")
    expect(_entry(page, 3)).to_contain_text("⚑ flagged")
    expect(_entry(page, 3)).to_contain_text("Answered: False")
    expect(_entry(page, 4)).to_contain_text("Answered: 2 of 3 matched")
    expect(_entry(page, 5)).to_contain_text("Which letter comes first?")
    expect(_entry(page, 5)).to_contain_text("Not answered")
    for number in (1, 2, 4, 5):
        expect(_entry(page, number)).not_to_contain_text("flagged")
    unanswered = page.get_by_role("list", name="Not answered")
    expect(unanswered).to_have_text(re.compile(r"^\s*Question 5 Which letter comes first\?\s*$"))
    expect(page.get_by_role("list", name="Flagged for review")).to_contain_text(
        "Question 3 The sky is blue.")

    # The prompt's link leads to its question.
    first.get_by_role("link").click()
    expect_question(page, 1, 5)
    expect(page.get_by_label("Beta", exact=True)).to_be_checked()

    page.goto(page.url.rsplit("/", 2)[0] + "/finish")
    press_button(page, "Yes, finish this section")
    expect_question(page, 1, 4)
    type_answer(page, "1,41")
    press_button(page, "Save and next")
    expect_question(page, 2, 4)
    type_answer(page, "  Paris ")
    press_button(page, "Save and next")
    expect_question(page, 3, 4)
    type_answer(page, "I fixed a race in the payment handler: two workers charged the same "
                      "card twice, so I added a lock and a test.")
    press_button(page, "Save and next")
    expect_question(page, 4, 4)
    page.get_by_label("Blank 1 of 3").fill("Paris")
    page.get_by_label("Blank 3 of 3").select_option(label="3")
    press_button(page, "Save and review section")
    expect_heading(page, "Review section 2: Writing")
    if javascript:
        audit.check("review, section 2", page)

    expect(_entry(page, 1)).to_contain_text("Answered: 1,41")
    expect(_entry(page, 2)).to_contain_text("Answered: “Paris”")
    expect(_entry(page, 3)).to_contain_text("Describe a bug you fixed.")
    expect(_entry(page, 3)).to_contain_text(
        "Answered: “I fixed a race in the payment handler: two workers charged…” (23 words)")
    expect(_entry(page, 4)).to_contain_text("Answered: 2 of 3 blanks filled")
    audit.assert_clean()
    # Nothing spills sideways on the phone.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
