"""A cloze question on a phone (390×844): its blanks filled with JavaScript (each change
saved in the background, a partly filled answer kept) and without it (saved by the form
post; a wrong number refused, naming its blank), then the hiring team's results page,
which says for each blank what was given, what was accepted and whether it was right.
The question page stays within the 40 KB budget and, like the results, passes axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, Response, expect

from app.models import Test
from app.security.results_links import results_url
from tests.e2e.axe import Audit
from tests.e2e.banks import cloze, definition, section, single
from tests.e2e.candidate import (
    background_save,
    choose,
    expect_question,
    press_button,
    saved_answers,
    start,
)
from tests.e2e.test_page_weight import BUDGET_BYTES
from tests.fixtures.factories import make_test

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(60)]

PHONE = {"width": 390, "height": 844}
NOT_A_NUMBER = "Blank 2: Enter a number, for example 42, -3.5 or 3,5."


def cloze_test() -> Test:
    return make_test(definition(section("fill", "Fill in", cloze(), single())))


def blank(page: Page, number: int) -> Locator:
    return page.get_by_label(f"Blank {number} of 3", exact=True)


def finish(page: Page) -> None:
    """From the last question: review, submit, and land on the thank-you page."""
    press_button(page, "Save and review section")
    page.get_by_role("link", name="Submit the test").click()
    press_button(page, "Yes, submit the test")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you, Olena Kovalenko")


def test_each_blank_is_saved_in_the_background_and_a_partial_answer_is_kept(
        new_page, invite, guard, live_server) -> None:
    guard.allow(r"status of 422")  # the refused number, by design
    page: Page = new_page(viewport=PHONE)
    invited = invite(cloze_test())
    start(page, invited.link)
    expect_question(page, 1, 2)

    with background_save(page):
        blank(page, 1).fill("Paris")
    assert saved_answers(invited.invitation_id) == {"blanks": {"1": "Paris"}}
    with background_save(page):
        blank(page, 3).select_option(label="2")
    assert saved_answers(invited.invitation_id) == {"blanks": {"1": "Paris", "3": "two"}}

    with page.expect_response(lambda r: r.url.endswith("/api/answer")) as refused:
        blank(page, 2).fill("about 1.4")
    assert refused.value.status == 422
    expect(page.locator("#save-status")).to_have_text(NOT_A_NUMBER)
    blanks = page.get_by_role("group", name="Fill in the blanks")
    expect(blanks).to_have_attribute("aria-invalid", "true")  # tied to the announced reason
    assert saved_answers(invited.invitation_id) == {"blanks": {"1": "Paris", "3": "two"}}
    audit = Audit()
    audit.check("cloze with a refused blank", page)
    with background_save(page):
        blank(page, 2).fill("1,41")
    expect(blanks).not_to_have_attribute("aria-invalid", "true")
    audit.assert_clean()

    page.reload()  # what the server kept fills the page
    expect(blank(page, 1)).to_have_value("Paris")
    expect(blank(page, 2)).to_have_value("1,41")
    expect(blank(page, 3)).to_have_value("two")
    press_button(page, "Save and next")
    expect_question(page, 2, 2)
    with background_save(page):
        choose(page, "Alpha")
    finish(page)
    assert saved_answers(invited.invitation_id) == {
        "blanks": {"1": "Paris", "2": "1,41", "3": "two"}, "pick": "a"}

    recruiter = new_page(viewport=PHONE)
    recruiter.goto(results_url(live_server.url, invited.public_id))
    blanks = recruiter.get_by_role("table", name="Blanks of question 1")
    expect(blanks.get_by_role("row")).to_have_count(4)
    # Each row as a screen reader reads it: the blank, the answer, the accepted, the verdict.
    expect(blanks.get_by_role("row").nth(1)).to_have_accessible_name("[1] Paris Paris Correct")
    expect(blanks.get_by_role("row").nth(2)).to_have_accessible_name(
        "[2] 1,41 1.41 … 1.42 Correct")
    expect(blanks.get_by_role("row").nth(3)).to_have_accessible_name("[3] 2 3 Incorrect")
    expect(recruiter.get_by_text("2 of 3 points")).to_be_visible()


def test_without_javascript_the_form_saves_the_blanks_and_names_a_refused_one(
        new_page, invite, guard, live_server) -> None:
    guard.allow(r"status of 422")  # the refused page answers 422 by design
    page: Page = new_page(viewport=PHONE, java_script_enabled=False)
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    invited = invite(cloze_test())
    start(page, invited.link)
    expect_question(page, 1, 2)

    blank(page, 1).fill("paris")
    blank(page, 2).fill("about 1.4")
    blank(page, 3).select_option(label="3")
    press_button(page, "Save and next")
    expect(page.locator("#answer-error")).to_have_text(f"Not saved: {NOT_A_NUMBER}")
    expect(blank(page, 2)).to_have_attribute("aria-invalid", "true")
    expect(blank(page, 1)).to_have_value("paris")  # nothing typed is lost
    expect(blank(page, 3)).to_have_value("three")
    assert saved_answers(invited.invitation_id) == {}

    blank(page, 2).fill("")  # left empty: the rest is saved, a partial answer
    press_button(page, "Save and next")
    expect_question(page, 2, 2)
    assert saved_answers(invited.invitation_id) == {"blanks": {"1": "paris", "3": "three"}}
    press_button(page, "Previous")
    expect_question(page, 1, 2)
    expect(blank(page, 2)).to_have_value("")
    blank(page, 2).fill("1.5")
    press_button(page, "Save and next")
    expect_question(page, 2, 2)
    finish(page)
    assert saved_answers(invited.invitation_id) == {
        "blanks": {"1": "paris", "2": "1.5", "3": "three"}}
    assert not [url for url in posts if "/api/" in url], "JavaScript is off: no API calls"

    recruiter = new_page(viewport=PHONE, java_script_enabled=False)
    recruiter.goto(results_url(live_server.url, invited.public_id))
    rows = recruiter.get_by_role("table", name="Blanks of question 1").get_by_role("row")
    expect(rows.nth(2)).to_have_accessible_name("[2] 1.5 1.41 … 1.42 Incorrect")
    expect(rows.nth(3)).to_have_accessible_name("[3] 3 3 Correct")


def test_the_cloze_page_and_its_results_are_light_and_accessible(
        new_page, invite, live_server) -> None:
    audit = Audit()
    page: Page = new_page(viewport=PHONE)
    invited = invite(cloze_test())
    start(page, invited.link)
    page.wait_for_load_state("networkidle")
    question = page.url
    responses: list[Response] = []
    # A lambda, not responses.append: Playwright sets an attribute on each handler.
    page.on("response", lambda r: responses.append(r))  # noqa: PLW0108  (see above)
    page.goto(question)
    expect_question(page, 1, 2)
    page.wait_for_load_state("networkidle")
    sizes = {r.url: len(r.body()) for r in responses if r.request.method == "GET"}
    assert sum(sizes.values()) <= BUDGET_BYTES, sizes
    audit.check("cloze question", page)

    with background_save(page):
        blank(page, 1).fill("Lyon")
    press_button(page, "Save and next")
    finish(page)
    recruiter = new_page(viewport=PHONE)
    recruiter.goto(results_url(live_server.url, invited.public_id))
    expect(recruiter.get_by_role("table", name="Blanks of question 1")).to_be_visible()
    audit.check("cloze results", recruiter)
    audit.assert_clean()

