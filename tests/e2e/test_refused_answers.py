"""An answer the server cannot take (not a number, say) is refused with a message next to
the field, and the message stays until the candidate corrects it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, Route, expect

from tests.e2e.banks import definition, numeric, section, single
from tests.e2e.candidate import expect_question, saved_answers, start, type_answer
from tests.fixtures.factories import make_test

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(60)]


def test_a_refused_answer_stays_on_screen_with_its_message(page: Page, guard,
                                                           invite) -> None:
    guard.allow(r"status of 422")  # the refused answer's page answers 422 by design
    invited = invite(make_test(definition(section("only", "Only", numeric(), single()))))
    start(page, invited.link)
    with page.expect_response(lambda r: r.url.endswith("/api/answer")) as background:
        type_answer(page, "about four")
    assert background.value.status == 422
    expect(page.locator("#save-status")).to_have_text(
        "Enter a number, for example 42, -3.5 or 3,5.")

    # A slow connection: the form post, and any background save after it, hang a while.
    held: dict[str, Route] = {}

    def hold(kind: str) -> Callable[[Route], None]:
        def handler(route: Route) -> None:
            if route.request.method == "POST" and kind not in held:
                held[kind] = route
            else:
                route.fallback()
        return handler

    page.route("**/take/*/0/0", hold("form"))
    page.route("**/take/*/api/answer", hold("save"))
    page.get_by_role("button", name="Save and next").focus()  # leaving the field
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)
    with page.expect_response(lambda r: r.request == held["form"].request) as posted:
        held["form"].fallback()
    assert posted.value.status == 422

    page.wait_for_timeout(1500)  # the page script has sent whatever it still had
    expect(page.get_by_text("Not saved:")).to_be_visible(timeout=1000)
    expect(page.get_by_label("Your answer")).to_have_value("about four")
    expect_question(page, 1, 2)
    assert saved_answers(invited.invitation_id) == {}
