"""A matching question on a phone (390 × 844): matched with JavaScript (each menu saved in
the background, a partial answer kept), then on in the same attempt without JavaScript
(form posts), then read on the results page. Its page fits the screen, passes axe and
stays within the 40 KB budget."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Response, expect

from app.security.results_links import results_url
from tests.e2e.axe import Audit
from tests.e2e.banks import definition, matching, section, single
from tests.e2e.candidate import (
    background_save,
    choose,
    current_attempt,
    expect_heading,
    expect_question,
    match,
    press_button,
    saved_answers,
    start,
)
from tests.e2e.test_page_weight import BUDGET_BYTES
from tests.fixtures.factories import make_test

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(90)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def page_weight(page: Page) -> int:
    """What loading the page on screen again costs: HTML, CSS and JavaScript, in bytes."""
    responses: list[Response] = []

    def seen(response: Response) -> None:
        responses.append(response)

    page.on("response", seen)
    page.reload()
    page.wait_for_load_state("networkidle")
    page.remove_listener("response", seen)
    return sum(len(r.body()) for r in responses if r.request.method == "GET")


def expect_menus(page: Page, **chosen: str) -> None:
    for prompt, answer in chosen.items():
        expect(page.get_by_label(prompt, exact=True).locator("option:checked")).to_have_text(
            answer)


def test_a_candidate_matches_on_a_phone_with_and_without_javascript(
        new_page, invite, live_server) -> None:
    invited = invite(make_test(definition(section("pairs", "Pairs", matching(), single()))))
    audit = Audit()
    phone = new_page(**PHONE)
    start(phone, invited.link)
    expect_question(phone, 1, 2)
    expect(phone.get_by_role("group", name="Match each item to an answer")).to_be_visible()
    expect(phone.get_by_label("Banana", exact=True).locator("option").first).to_have_text(
        "Choose…")

    weight = page_weight(phone)
    assert weight <= BUDGET_BYTES, f"the matching page weighs {weight} B"
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390  # no sideways scroll
    audit.check("matching question on a phone", phone)

    # With JavaScript: each menu is saved as it changes; two of three prompts is kept.
    with background_save(phone):
        match(phone, ("Banana", "Yellow"))
    with background_save(phone):
        match(phone, ("Cherry", "Blue"))
    assert saved_answers(invited.invitation_id) == {
        "colours": {"banana": "yellow", "cherry": "blue"}}
    phone.reload()
    expect_menus(phone, Banana="Yellow", Lime="Choose…", Cherry="Blue")

    # Without JavaScript, in another browser: the same attempt, saved by the form post.
    plain = new_page(java_script_enabled=False, **PHONE)
    plain.goto(invited.link)
    plain.get_by_role("button", name="Resume Basics").click()
    expect_question(plain, 1, 2)
    expect_menus(plain, Banana="Yellow", Lime="Choose…", Cherry="Blue")
    match(plain, ("Lime", "Green"))
    press_button(plain, "Save and next")
    expect_question(plain, 2, 2)
    assert saved_answers(invited.invitation_id)["colours"] == {
        "banana": "yellow", "lime": "green", "cherry": "blue"}
    choose(plain, "Alpha")
    press_button(plain, "Save and review section")
    plain.get_by_role("link", name="Submit the test").click()
    press_button(plain, "Yes, submit the test")
    expect_heading(plain, "Thank you, Olena Kovalenko")
    assert current_attempt(invited.invitation_id).state == "completed"

    # The results: each prompt, what was chosen, what was right, in words.
    recruiter = new_page(**PHONE)
    recruiter.goto(results_url(live_server.url, invited.public_id))
    expect_heading(recruiter, "Results: Olena Kovalenko")
    table = recruiter.get_by_role("table", name="The candidate's matches for question 1")
    rows = table.get_by_role("row")
    expect(rows).to_have_text([
        "Item Candidate's answer Correct answer",
        "Banana Yellow ✓ Correct Yellow",
        "Lime Green ✓ Correct Green",
        "Cherry Blue ✗ Not correct Red",
    ], use_inner_text=True)
    expect(recruiter.get_by_text("Answers that match no item: Blue")).to_be_visible()
    audit.check("results with a matching question on a phone", recruiter)
    audit.assert_clean()
