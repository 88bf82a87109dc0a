"""The page's requests overlap: the form post of a move with the keep-alive heartbeat the
script sends on submit, then the next page's load with a background save set off by
leaving a text field. Each is answered, whichever arrives first."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.e2e.candidate import current_attempt, expect_question, saved_answers, start

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(60)]

# The question page's form posts a jump (not followed), then the page script's requests
# arrive all at once, as they do while the next question loads; their statuses.
JUMP_THEN_TOGETHER = """async (form, [heartbeatUrl, target, count]) => {
    const token = form.elements.csrf_token.value;
    const data = new URLSearchParams(new FormData(form));
    data.set("answer", "a");
    data.set("go", String(target));
    await fetch(form.action, {method: "POST", body: data, redirect: "manual"});
    return Promise.all(Array.from({length: count}, () => fetch(heartbeatUrl, {
        method: "POST", body: JSON.stringify({events: []}),
        headers: {"Content-Type": "application/json", "X-CSRFToken": token},
    }).then(response => response.status)));
}"""


def test_requests_arriving_together_after_a_move_are_all_answered(page: Page, guard, invite,
                                                                  every_type_test) -> None:
    guard.allow(r"status of 500")  # reported below, with every status
    invited = invite(every_type_test)
    start(page, invited.link)
    expect_question(page, 1, 5)
    heartbeat_url = page.locator("#take").get_attribute("data-heartbeat-url")

    statuses = {}
    for target in (1, 2, 3):  # each jump lands on a question nothing is stored for yet
        statuses[target] = page.locator("#answer-form").evaluate(
            JUMP_THEN_TOGETHER, [heartbeat_url, target, 6])

    assert statuses == {target: [200] * 6 for target in (1, 2, 3)}, (
        f"statuses of the requests after each jump: {statuses}")
    assert current_attempt(invited.invitation_id).current_question == 3
    assert saved_answers(invited.invitation_id) == {"pick": "a"}
