"""Ordering questions on a phone (issue 13, item 3): with JavaScript the items are a list
reordered by dragging a handle or with each item's Move up / Move down buttons, every move
announced and saved in full; without it, the position menus and their error stay."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.axe import Audit
from tests.e2e.banks import definition, section
from tests.e2e.candidate import (
    background_save,
    expect_question,
    press_button,
    saved_answers,
    start,
)
from tests.fixtures.factories import make_test

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(90)]

PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "is_mobile": True,
                         "has_touch": True}
PLANETS = ["Mercury", "Venus", "Earth", "Mars", "Jupiter"]


def planets_test() -> Any:
    question = {"id": "planets", "type": "ordering", "points": 1.0, "explanation": None,
                "prompt": "Order the planets by their distance from the Sun, nearest first.",
                "scoring": "partial",
                "items": [{"id": name.lower(), "text": name} for name in PLANETS]}
    return make_test(definition(section("sky", "Sky", question)))


def items(page: Page) -> Locator:
    return page.get_by_role("group", name="Put the items in order").get_by_role("listitem")


def shown_order(page: Page) -> list[str]:
    return items(page).locator("label").all_inner_texts()


def saved_order(page: Page, invitation_id: int) -> list[str] | None:
    """The saved answer, as the items' labels (the page knows each item's id)."""
    ids = {el.get_attribute("data-item"): el.locator("label").inner_text()
           for el in page.locator("[data-item]").all()}
    answer = saved_answers(invitation_id).get("planets")
    return None if answer is None else [ids[item_id] for item_id in answer]


def move_button(page: Page, direction: str, item: str) -> Locator:
    return page.get_by_role("button", name=f"Move {direction}: {item}", exact=True)


def announced(page: Page) -> Locator:
    return page.locator("#ordering-moved")


def test_the_move_buttons_reorder_announce_and_save_every_move(new_page, invite) -> None:
    page: Page = new_page(**PHONE)
    invited = invite(planets_test())
    start(page, invited.link)
    expect_question(page, 1, 1)
    expect(page.get_by_role("combobox")).to_have_count(0)  # no menus to fill in
    drawn = shown_order(page)
    assert sorted(drawn) == sorted(PLANETS)
    expect(move_button(page, "up", drawn[0])).to_be_disabled()
    expect(move_button(page, "down", drawn[-1])).to_be_disabled()

    # By keyboard: focus the second item's Move up and press Enter, twice.
    second = drawn[1]
    up = move_button(page, "up", second)
    up.focus()
    with background_save(page):
        page.keyboard.press("Enter")
    expect(announced(page)).to_have_text(f"{second} moved to position 1 of 5")
    expected = [second, drawn[0], *drawn[2:]]
    assert shown_order(page) == expected
    # At the top its Move up is disabled, so the focus went to its Move down.
    expect(up).to_be_disabled()
    expect(move_button(page, "down", second)).to_be_focused()
    assert saved_order(page, invited.invitation_id) == expected

    with background_save(page):
        page.keyboard.press("Enter")  # Move down, from the top
    expect(announced(page)).to_have_text(f"{second} moved to position 2 of 5")
    assert shown_order(page) == drawn
    assert saved_order(page, invited.invitation_id) == drawn

    page.reload()
    expect_question(page, 1, 1)
    assert shown_order(page) == drawn


def test_dragging_with_the_mouse_reorders_and_saves(new_page, invite) -> None:
    page: Page = new_page(**PHONE)
    invited = invite(planets_test())
    start(page, invited.link)
    expect_question(page, 1, 1)
    drawn = shown_order(page)
    last, first = items(page).last, items(page).first
    handle = last.locator(".order-handle").bounding_box()
    target = first.bounding_box()
    assert handle and target
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    with background_save(page):
        page.mouse.move(handle["x"] + handle["width"] / 2, target["y"] + 5, steps=12)
        assert shown_order(page)[0] == drawn[-1]  # the list follows the pointer
        assert saved_order(page, invited.invitation_id) is None  # nothing saved mid-drag
        page.mouse.up()
    expected = [drawn[-1], *drawn[:-1]]
    assert shown_order(page) == expected
    expect(announced(page)).to_have_text(f"{drawn[-1]} moved to position 1 of 5")
    assert saved_order(page, invited.invitation_id) == expected
    page.reload()
    expect_question(page, 1, 1)
    assert shown_order(page) == expected


def test_dragging_with_a_finger_reorders_and_saves(new_page, invite) -> None:
    page: Page = new_page(**PHONE)
    invited = invite(planets_test())
    start(page, invited.link)
    expect_question(page, 1, 1)
    drawn = shown_order(page)
    handle = items(page).first.locator(".order-handle").bounding_box()
    below = items(page).nth(2).bounding_box()
    assert handle and below
    x, y = handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2
    to_y = below["y"] + below["height"] * 0.75
    touch = page.context.new_cdp_session(page)

    def finger(kind: str, at_y: float) -> None:
        points = [] if kind == "touchEnd" else [{"x": x, "y": at_y}]
        touch.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    finger("touchStart", y)
    with background_save(page):
        for step in range(1, 11):
            finger("touchMove", y + (to_y - y) * step / 10)
        finger("touchEnd", to_y)
    expected = [drawn[1], drawn[2], drawn[0], *drawn[3:]]
    assert shown_order(page) == expected
    assert page.evaluate("window.scrollY") == 0  # the finger moved the item, not the page
    assert saved_order(page, invited.invitation_id) == expected


def test_an_untouched_list_stays_unanswered_and_one_move_saves_the_whole_order(
        new_page, invite) -> None:
    page: Page = new_page(**PHONE)
    invited = invite(planets_test())
    start(page, invited.link)
    expect_question(page, 1, 1)
    drawn = shown_order(page)
    expect(page.locator("#ordering-hint")).to_contain_text("Nothing is saved until you move")
    page.reload()  # looking is not answering
    expect_question(page, 1, 1)
    assert shown_order(page) == drawn
    assert saved_order(page, invited.invitation_id) is None
    expect(page.get_by_role("button", name=re.compile(r"^1\b"))).not_to_have_class(
        re.compile("is-answered"))

    # One move, and then the candidate is interrupted (a reload, a lost tab, time up).
    with background_save(page):
        move_button(page, "down", drawn[2]).click()
    expected = [*drawn[:2], drawn[3], drawn[2], drawn[4]]
    page.reload()
    expect_question(page, 1, 1)
    assert shown_order(page) == expected
    assert saved_order(page, invited.invitation_id) == expected
    # Leaving by the form sends the same order, never a partial one.
    press_button(page, "Save and review section")
    expect(page.get_by_role("heading", level=1)).not_to_contain_text("Question")
    assert saved_answers(invited.invitation_id)["planets"] == [p.lower() for p in expected]


def test_a_move_that_cannot_be_saved_is_shown_as_not_saved(new_page, invite, guard) -> None:
    guard.allow(r"Failed to load resource|net::ERR_")
    page: Page = new_page(**PHONE)
    invited = invite(planets_test())
    start(page, invited.link)
    expect_question(page, 1, 1)
    drawn = shown_order(page)
    page.route("**/api/answer", lambda route: route.abort("internetdisconnected"))
    move_button(page, "down", drawn[0]).click()
    expect(page.locator("#save-status")).to_contain_text("Connection lost")
    assert saved_order(page, invited.invitation_id) is None
    expected = [drawn[1], drawn[0], *drawn[2:]]
    # Reloaded while still offline: the page shows the order it has yet to send.
    page.reload()
    expect_question(page, 1, 1)
    expect(page.locator("#save-status")).to_contain_text("Connection lost")
    assert shown_order(page) == expected
    page.unroute("**/api/answer")
    with background_save(page):
        page.evaluate("window.dispatchEvent(new Event('online'))")
    assert saved_order(page, invited.invitation_id) == expected
    expect_question(page, 1, 1)  # take.js shows the page again from the server, once
    expect(items(page)).to_have_count(5)
    assert shown_order(page) == expected


def test_without_javascript_the_menus_stay_with_their_error(new_page, invite, guard) -> None:
    guard.allow(r"status of 422")  # a refused answer's page answers 422 by design
    test = planets_test()
    page: Page = new_page(java_script_enabled=False, **PHONE)
    start(page, invite(test).link)
    expect_question(page, 1, 1)
    expect(page.get_by_role("button", name=re.compile("^Move "))).to_have_count(0)
    page.get_by_label("Earth", exact=True).select_option("1")
    page.get_by_label("Mars", exact=True).select_option("1")
    press_button(page, "Save and review section")
    expect(page.locator("#answer-error")).to_have_text(
        "Not saved: Put every item in a position, each position once.")
    expect(page.get_by_label("Earth", exact=True)).to_have_value("1")  # nothing lost
    expect(page.get_by_label("Mars", exact=True)).to_have_value("1")

    # The same question with JavaScript offers the list, not the menus.
    scripted: Page = new_page(**PHONE)
    start(scripted, invite(test).link)
    expect_question(scripted, 1, 1)
    expect(scripted.get_by_role("combobox")).to_have_count(0)
    expect(scripted.get_by_role("button", name=re.compile("^Move up: "))).to_have_count(5)


def test_the_ordering_page_has_no_axe_violations_with_javascript(new_page, invite) -> None:
    page: Page = new_page(**PHONE)
    start(page, invite(planets_test()).link)
    expect_question(page, 1, 1)
    audit = Audit()
    audit.check("ordering, untouched", page)
    drawn = shown_order(page)
    with background_save(page):
        move_button(page, "up", drawn[1]).click()
    audit.check("ordering, moved", page)
    audit.assert_clean()
