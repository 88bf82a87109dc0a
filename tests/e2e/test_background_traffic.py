"""A candidate's page stays quiet on the network: while answers are being saved, the
saves themselves tell the server the page is alive, so no heartbeat goes with them; a
page left alone still sends one every 15 s (the server records a gap after 45 s)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Request

from tests.e2e.banks import definition, section, short_text
from tests.e2e.candidate import start
from tests.fixtures.factories import make_test

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(60)]


def _on_question_page(page: Page, invite) -> list[str]:  # type: ignore[no-untyped-def]
    """Start a one-question test under the page's fake clock; the page script's POSTs from
    then on (``answer``, ``heartbeat``), as they are sent."""
    invited = invite(make_test(definition(section("only", "Only", short_text()))))
    page.clock.install()
    start(page, invited.link)  # returns once the page's script has run (its timers started)
    sent: list[str] = []

    def seen(request: Request) -> None:
        if request.method == "POST" and "/api/" in request.url:
            sent.append(request.url.rsplit("/", 1)[1])

    page.on("request", seen)
    return sent


def test_no_heartbeat_goes_out_while_saves_reach_the_server(page: Page, invite) -> None:
    sent = _on_question_page(page, invite)
    answer = page.get_by_label("Your answer")

    for word in ("Paris", "Lyon", "Nice", "Lille", "Metz", "Brest", "Nantes", "Dijon"):
        with page.expect_response(lambda r: r.url.endswith("/api/answer")) as saved:
            answer.fill(word)
            page.clock.run_for(900)  # the typing pause after which the page saves
        assert saved.value.status == 200
        page.clock.run_for(4100)  # the next word five seconds later

    assert sent == ["answer"] * 8  # 40 s of work: eight saves and nothing else


def test_a_page_left_alone_still_sends_heartbeats(page: Page, invite) -> None:
    sent = _on_question_page(page, invite)

    with page.expect_response(lambda r: r.url.endswith("/api/heartbeat")) as first:
        page.clock.run_for(15_000)
    assert first.value.status == 200
    with page.expect_response(lambda r: r.url.endswith("/api/heartbeat")):
        page.clock.run_for(15_000)
    assert sent == ["heartbeat", "heartbeat"]
