"""Issue 13 on a 390×844 phone: the clock stays on screen (and at 200% zoom) and its
warnings are announced once each; the navigator follows background saves; the flag
button says what it is; the shortcuts are listed only where they work; and moving to
the next question puts the focus on its heading."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from app.extensions import db
from app.models import Test, utcnow
from tests.e2e.axe import Audit
from tests.e2e.banks import definition, essay, section, short_text, single
from tests.e2e.candidate import (
    background_save,
    current_attempt,
    expect_question,
    navigator_button,
    press_button,
    start,
    type_answer,
)
from tests.fixtures.factories import make_test

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(90)]

PHONE = {"width": 390, "height": 844}
# 200% zoom on that phone: the page lays out in half as many CSS pixels each way.
PHONE_AT_200 = {"width": 195, "height": 422}

# Where an element is on screen, in CSS pixels of the viewport.
BOX = "el => { const r = el.getBoundingClientRect(); return {top: r.top, bottom: r.bottom}; }"
# Whether any live region (explicit or implied by a role) holds the element.
IN_LIVE_REGION = """el => !!el.closest(
    '[aria-live]:not([aria-live=off]), [role=alert], [role=status], [role=log], [role=marquee]')"""
# Every text change of the alert region from now on, and how often the timer changed.
WATCH_ALERT = """() => {
    window.alerts = []; window.ticks = 0;
    new MutationObserver(() => window.alerts.push(document.getElementById('timer-alert')
        .textContent)).observe(document.getElementById('timer-alert'),
        {childList: true, characterData: true, subtree: true});
    new MutationObserver(() => window.ticks++).observe(document.getElementById('timer'),
        {childList: true, characterData: true, subtree: true});
}"""


@pytest.fixture
def long_essay_test(app: Any) -> Test:
    """One essay with a prompt several screens long, then a short-text question."""
    question = essay()
    question["prompt"] = "\n\n".join(
        f"Paragraph {n}: describe, in some detail, a bug you fixed and how you found it."
        for n in range(1, 41))
    return make_test(definition(section("writing", "Writing", question, short_text())))


@pytest.fixture
def short_test(app: Any) -> Test:
    """A short-text question, then a single choice."""
    return make_test(definition(section("one", "One", short_text(), single())))


def _deadline_in(invitation_id: int, seconds: int) -> None:
    attempt = current_attempt(invitation_id)
    attempt.deadline_at = utcnow() + timedelta(seconds=seconds)
    db.session.commit()


def _flags(invitation_id: int) -> list[bool]:
    """The flag of the first question ("capital"), as the server stored it."""
    return [r.flagged for r in current_attempt(invitation_id).responses
            if r.question_id == "capital"]


def _entry(number: int, states: str) -> re.Pattern[str]:
    """A navigator button's accessible name: its number, then its states in words."""
    return re.compile(rf"^{number} ?, {states}$")


def _symbols(entry: Locator) -> str:
    """The symbols a navigator button shows after its number (CSS, silent)."""
    content = entry.evaluate("el => getComputedStyle(el, '::after').content")
    return str(content).split("/")[0].strip().strip('"').strip()


def _scroll_to_the_end(page: Page) -> None:
    page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_function("() => window.scrollY > 0")


def _on_screen(page: Page, selector: str, height: int) -> bool:
    box = page.locator(selector).evaluate(BOX)
    return bool(box["top"] >= 0 and box["bottom"] <= height)


# Item 2: the clock scrolls away.

def test_the_time_left_and_its_warnings_stay_on_screen_through_a_long_essay(
        new_page, invite, long_essay_test) -> None:
    page: Page = new_page(viewport=PHONE)
    invited = invite(long_essay_test)
    start(page, invited.link)
    expect_question(page, 1, 2)
    _scroll_to_the_end(page)
    assert _on_screen(page, "#timer", PHONE["height"]), "the time left scrolled away"

    # The answer field, focused while it sits under the bar, moves out from under it.
    field = page.get_by_label("Your answer")
    field.evaluate("el => window.scrollTo(0, el.getBoundingClientRect().top + scrollY - 8)")
    field.focus()
    bar = page.locator("#clock").evaluate(BOX)
    assert field.evaluate(BOX)["top"] >= bar["bottom"], "the bar covers the focused answer"

    # Five minutes before the end: announced once, seen where the candidate is.
    _deadline_in(invited.invitation_id, 5 * 60 + 3)
    page.reload()
    expect_question(page, 1, 2)
    assert not page.locator("#timer").evaluate(IN_LIVE_REGION), "the ticking clock is live"
    page.evaluate(WATCH_ALERT)
    _scroll_to_the_end(page)
    expect(page.locator("#timer-alert")).to_have_text("5 minutes left.", timeout=8000)
    assert _on_screen(page, "#timer-alert", PHONE["height"]), "the warning is off screen"
    page.wait_for_function("() => window.ticks >= 4")  # the clock ran on a few seconds
    assert page.evaluate("() => window.alerts") == ["5 minutes left."], (
        "the warning region changed more than once")
    audit = Audit()
    audit.check("an essay scrolled down, 5 minutes left, on a phone", page)
    audit.assert_clean()


def test_the_time_left_bar_is_readable_and_compact_at_200_percent_zoom(
        new_page, invite, long_essay_test) -> None:
    page: Page = new_page(viewport=PHONE_AT_200)
    start(page, invite(long_essay_test).link)
    expect_question(page, 1, 2)
    _scroll_to_the_end(page)
    assert _on_screen(page, "#timer", PHONE_AT_200["height"]), "the time left scrolled away"
    bar = page.locator("#clock").evaluate(BOX)
    assert bar["bottom"] - bar["top"] <= PHONE_AT_200["height"] / 5, f"the bar is too tall: {bar}"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE_AT_200["width"]
    expect(page.locator("#timer")).to_have_text(re.compile(r"^\d+:\d\d$"))


def test_without_javascript_the_time_left_when_the_page_loaded_stays_on_screen(
        new_page, invite, long_essay_test) -> None:
    page: Page = new_page(viewport=PHONE, java_script_enabled=False)
    start(page, invite(long_essay_test).link)
    expect_question(page, 1, 2)
    _scroll_to_the_end(page)
    expect(page.locator("#timer")).to_have_text("30:00")
    assert _on_screen(page, "#timer", PHONE["height"]), "the time left scrolled away"


# Item 5: the navigator goes stale.

def test_the_navigator_shows_the_current_question_answered_as_soon_as_it_is_saved(
        new_page, invite, short_test) -> None:
    page: Page = new_page(viewport=PHONE)
    start(page, invite(short_test).link)
    expect_question(page, 1, 2)
    current = navigator_button(page, 1)
    expect(current).to_have_accessible_name(_entry(1, "not answered, current question"))

    with background_save(page):
        type_answer(page, "Paris")
    expect(current).to_have_accessible_name(_entry(1, "answered, current question"))
    assert _symbols(current) == "✓"

    with background_save(page):
        type_answer(page, "")
    expect(current).to_have_accessible_name(_entry(1, "not answered, current question"))
    assert _symbols(current) == "○"
    expect(navigator_button(page, 2)).to_have_accessible_name(_entry(2, "not answered"))


# Item 7: flag for review.

def test_without_javascript_the_flag_button_says_flagged_after_the_post(
        new_page, invite, short_test) -> None:
    page: Page = new_page(viewport=PHONE, java_script_enabled=False)
    invited = invite(short_test)
    start(page, invited.link)
    press_button(page, "Flag for review")
    flagged = page.get_by_role("button", name="Flagged: remove flag", exact=True)
    expect(flagged).to_have_attribute("aria-pressed", "true")
    assert _flags(invited.invitation_id) == [True]

    flagged.click()
    expect(page.get_by_role("button", name="Flag for review", exact=True)).to_have_attribute(
        "aria-pressed", "false")
    assert _flags(invited.invitation_id) == [False]


def test_with_javascript_the_flag_button_toggles_in_place_and_saves(
        new_page, invite, short_test) -> None:
    page: Page = new_page(viewport=PHONE)
    invited = invite(short_test)
    start(page, invited.link)
    page.evaluate("() => { window.samePage = true; }")  # gone if the page reloads

    with background_save(page):
        press_button(page, "Flag for review")
    flagged = page.get_by_role("button", name="Flagged: remove flag", exact=True)
    expect(flagged).to_have_attribute("aria-pressed", "true")
    expect(flagged).to_be_focused()
    expect(page.get_by_role("heading", level=1)).to_have_text("Question 1 of 2 ⚑ flagged")
    expect(navigator_button(page, 1)).to_have_accessible_name(
        _entry(1, "not answered, flagged, current question"))
    assert _flags(invited.invitation_id) == [True]
    assert page.evaluate("() => window.samePage === true"), "the page was reloaded"
    audit = Audit()
    audit.check("a question flagged by the script", page)
    page.reload()  # as the server renders it (axe needs the script, so not without it)
    expect(flagged).to_have_attribute("aria-pressed", "true")
    audit.check("a flagged question as served", page)

    with background_save(page):
        flagged.click()
    unflagged = page.get_by_role("button", name="Flag for review", exact=True)
    expect(unflagged).to_have_attribute("aria-pressed", "false")
    expect(page.get_by_role("heading", level=1)).to_have_text("Question 1 of 2")
    expect(navigator_button(page, 1)).to_have_accessible_name(
        _entry(1, "not answered, current question"))
    assert _flags(invited.invitation_id) == [False]
    audit.assert_clean()


# Item 10: shortcuts only where they work; the focus on the new question's heading.

def test_keyboard_shortcuts_are_listed_only_when_javascript_runs(
        new_page, invite, short_test) -> None:
    without = new_page(viewport=PHONE, java_script_enabled=False)
    start(without, invite(short_test).link)
    expect_question(without, 1, 2)
    expect(without.get_by_text("Keyboard shortcuts", exact=True)).to_be_hidden()

    page: Page = new_page(viewport=PHONE)
    start(page, invite(short_test).link)
    expect(page.get_by_text("Keyboard shortcuts", exact=True)).to_be_visible()


def test_the_next_question_opens_with_the_focus_on_its_heading(
        new_page, invite, short_test) -> None:
    page: Page = new_page(viewport=PHONE)
    start(page, invite(short_test).link)
    expect_question(page, 1, 2)
    # From the landing page, the first question opens as any page does, at its top.
    assert page.evaluate("() => document.activeElement === document.body")
    type_answer(page, "Paris")
    press_button(page, "Save and next")

    expect_question(page, 2, 2)
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Alpha", exact=True)).to_be_focused()

    press_button(page, "Previous")
    expect_question(page, 1, 2)
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Your answer")).to_be_focused()
