"""A whole test with the keyboard only: Tab and Shift+Tab to move, Space and the arrow
keys to answer, Enter to press, and the Alt shortcuts the page documents. Wherever the
focus goes, it is visible."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.candidate import (
    background_save,
    current_attempt,
    expect_heading,
    expect_question,
    navigator_button,
    saved_answers,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(60)]

# Where the focus is, and how it is drawn (one round trip per key press).
FOCUS = """target => {
    const el = document.activeElement;
    if (el === document.body) return {reached: false, outside: true};  // past the last stop
    const style = getComputedStyle(el);
    return {reached: el === target, element: el.outerHTML.slice(0, 120),
            visible: el.matches(":focus-visible"), outline: style.outlineStyle,
            width: parseFloat(style.outlineWidth)};
}"""


def press(page: Page, key: str, target: Locator) -> bool:
    """Press ``key``; check the focus can be seen (a 2px or wider :focus-visible outline);
    say whether ``target`` has it now."""
    page.keyboard.press(key)
    focus = target.evaluate(FOCUS)
    if focus.get("outside"):
        return False  # a browser's own controls come next; one more Tab wraps around
    assert focus["visible"] and focus["outline"] != "none" and focus["width"] >= 2, (
        f"no visible focus indicator on {focus['element']}: outline "
        f"{focus['outline']} {focus['width']}px")
    return bool(focus["reached"])


def tab_to(page: Page, target: Locator, *, backwards: bool = False, limit: int = 30) -> None:
    """Press Tab (or Shift+Tab) until ``target`` has the focus. On a page just opened,
    go through the "Skip to content" link first, as keyboard users do."""
    if page.evaluate("() => document.activeElement === document.body"):
        skip = page.get_by_role("link", name="Skip to content")
        assert press(page, "Tab", skip), "the first Tab stop is not the skip link"
        page.keyboard.press("Enter")
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        if press(page, key, target):
            return
    raise AssertionError(f"{key} never reached {target}")


def shortcut(page: Page, letter: str) -> None:
    page.keyboard.press(f"Alt+Key{letter}")


def test_a_candidate_finishes_the_test_without_a_mouse(page: Page, invite,
                                                       every_type_test) -> None:
    invited = invite(every_type_test)
    page.goto(invited.link)
    expect_heading(page, "Acme Corp invites you to take a test")
    tab_to(page, page.get_by_role("button", name="Start Basics"))
    page.keyboard.press("Enter")

    # Single choice: arrows move the choice within the group.
    expect_question(page, 1, 5)
    tab_to(page, page.get_by_label("Alpha", exact=True))
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Beta", exact=True)).to_be_checked()
    page.keyboard.press("ArrowUp")
    expect(page.get_by_label("Alpha", exact=True)).to_be_checked()
    summary = page.get_by_text("Keyboard shortcuts", exact=True)
    tab_to(page, summary)
    page.keyboard.press("Enter")
    for documented in ("save and go to the next question", "save and go to the previous "
                       "question", "flag or unflag this question for review",
                       "review this section"):
        expect(page.locator("details.shortcuts")).to_contain_text(documented)
    shortcut(page, "N")

    # Multiple choice: Space ticks, Shift+Tab goes back.
    expect_question(page, 2, 5)
    tab_to(page, page.get_by_label("2", exact=True))
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    tab_to(page, page.get_by_label("3", exact=True), backwards=True)
    page.keyboard.press("Space")
    expect(page.get_by_label("3", exact=True)).to_be_checked()
    shortcut(page, "N")

    # True/false, flagged with Alt+F.
    expect_question(page, 3, 5)
    tab_to(page, page.get_by_label("True", exact=True))
    with background_save(page):  # saved before the flag reloads this same question
        page.keyboard.press("Space")
    shortcut(page, "F")
    expect_heading(page, "Question 3 of 5 ⚑ flagged")
    expect(page.get_by_role("button", name="Flagged: remove flag")).to_have_attribute(
        "aria-pressed", "true")
    shortcut(page, "N")

    # Ordering: Enter on an item's Move up button until the list shows the order.
    expect_question(page, 4, 5)
    shown = page.get_by_role("group", name="Put the items in order").get_by_role("listitem")
    for position, label in enumerate(("small", "medium", "large")):
        up = page.get_by_role("button", name=f"Move up: {label}", exact=True)
        while shown.locator("label").all_inner_texts().index(label) > position:
            if not up.evaluate("el => el === document.activeElement"):
                tab_to(page, up)
            with background_save(page):
                page.keyboard.press("Enter")
    shortcut(page, "N")

    # Matching: type an answer's first letter into each prompt's menu.
    expect_question(page, 5, 5)
    for prompt, letter in (("Banana", "Y"), ("Lime", "G"), ("Cherry", "R")):
        tab_to(page, page.get_by_label(prompt, exact=True))
        page.keyboard.press(letter)
    expect(page.get_by_label("Lime", exact=True)).to_have_value("green")
    shortcut(page, "P")
    expect_question(page, 4, 5)
    shortcut(page, "P")
    expect_question(page, 3, 5)
    expect(page.get_by_label("True", exact=True)).to_be_checked()
    tab_to(page, navigator_button(page, 4))  # the navigator, with Enter
    page.keyboard.press("Enter")
    expect_question(page, 4, 5)
    expect(page.get_by_label("large", exact=True)).to_have_value("3")
    tab_to(page, navigator_button(page, 1))
    page.keyboard.press("Enter")
    expect_question(page, 1, 5)
    shortcut(page, "R")

    expect_heading(page, "Review section 1: Choices", timeout=3000)
    tab_to(page, page.get_by_role("link", name="Finish this section"))
    page.keyboard.press("Enter")
    expect_heading(page, "Finish this section?")
    tab_to(page, page.get_by_role("button", name="Yes, finish this section"))
    page.keyboard.press("Enter")

    # Text answers: type, Tab out of the field, then the shortcut.
    for number, typed in ((1, "1.41"), (2, "Paris"), (3, "Typed without a mouse.")):
        expect_question(page, number, 3)
        tab_to(page, page.get_by_label("Your answer"))
        page.keyboard.type(typed)
        page.keyboard.press("Tab")
        shortcut(page, "N")

    expect_heading(page, "Review section 2: Writing")
    expect(page.get_by_text("3 of 3 questions answered.")).to_be_visible()
    tab_to(page, page.get_by_role("link", name="Submit the test"))
    page.keyboard.press("Enter")
    expect_heading(page, "Submit the test?")
    tab_to(page, page.get_by_role("button", name="Yes, submit the test"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you, Olena Kovalenko")
    assert current_attempt(invited.invitation_id).finish_reason == "submitted"
    assert saved_answers(invited.invitation_id) == {
        "pick": "a", "primes": ["two", "three"], "sky": True, "sizes": ["s", "m", "l"],
        "colours": {"banana": "yellow", "lime": "green", "cherry": "red"},
        "root": "1.41", "capital": "Paris", "story": "Typed without a mouse."}


def test_alt_r_opens_the_review_from_the_last_question_of_a_section_too(
        page: Page, invite, every_type_test) -> None:
    """The shortcut list on every question page promises Alt+R: "review this section"."""
    invited = invite(every_type_test)
    page.goto(invited.link)
    expect_heading(page, "Acme Corp invites you to take a test")
    tab_to(page, page.get_by_role("button", name="Start Basics"))
    page.keyboard.press("Enter")
    expect_question(page, 1, 5)
    tab_to(page, navigator_button(page, 5))
    page.keyboard.press("Enter")
    expect_question(page, 5, 5)
    expect(page.locator("details.shortcuts")).to_contain_text("Alt + R: review this section")

    shortcut(page, "R")

    expect_heading(page, "Review section 1: Choices", timeout=3000)
