"""An invitation to several tests: taken in order, with an untimed break between them; the
candidate may leave at the break and come back through the link."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from tests.candidate.conftest import (
    NOW,
    Taking,
    attempt_of,
    definition,
    invite,
    question_url,
    section,
    single,
)
from tests.fixtures.factories import make_test


@pytest.fixture
def battery(client, organization, basics_test):
    second = make_test(definition(section("only", single("z1"), single("z2")), slug="second",
                                  name="Second test", time_limit=600))
    invitation, link = invite(organization, [basics_test, second])
    return invitation, Taking(client, link)


def _reach_the_break(taking: Taking, invitation) -> None:
    """Start the battery and finish its first test: the untimed break before the second."""
    taking.start()
    first = attempt_of(invitation, 0)
    taking.client.post(f"/take/{first.public_id}/finish", data={"section": "0"})
    taking.client.post(f"/take/{first.public_id}/finish", data={"section": "1"})


def test_after_the_first_test_comes_an_untimed_break(battery) -> None:
    invitation, taking = battery
    with time_machine.travel(NOW, tick=False):
        _reach_the_break(taking, invitation)
        page = taking.client.get("/take").text
    assert "Test 1 of 2 is done" in page
    assert "Next: Second test" in page
    assert "2 questions · 10 minutes</p>" in page  # no extra time granted
    assert "this page has no timer" in page
    assert 'id="timer"' not in page
    assert attempt_of(invitation, 1).state == "not_started"


def test_the_next_test_starts_only_when_asked(battery) -> None:
    invitation, taking = battery
    with time_machine.travel(NOW, tick=False):
        _reach_the_break(taking, invitation)
    with time_machine.travel(NOW + timedelta(hours=2), tick=False):
        started = taking.client.post("/take/next", data={})
    second = attempt_of(invitation, 1)
    assert second.state == "in_progress"
    assert second.started_at == NOW + timedelta(hours=2)
    assert second.deadline_at == NOW + timedelta(hours=2, minutes=10)
    assert started.headers["Location"] == question_url(second, 0, 0)  # one redirect


def test_a_second_click_on_the_next_test_leads_to_where_the_candidate_stands(battery) -> None:
    invitation, taking = battery
    with time_machine.travel(NOW, tick=False):
        _reach_the_break(taking, invitation)
        taking.client.post("/take/next", data={})
        again = taking.client.post("/take/next", data={})
        page = taking.follow(again)
    assert again.headers["Location"] == "/take"
    assert attempt_of(invitation, 1).started_at == NOW  # started once
    assert page.request.path == question_url(attempt_of(invitation, 1), 0, 0)


def test_leaving_at_the_break_and_coming_back_offers_the_next_test(battery, new_browser) -> None:
    invitation, taking = battery
    with time_machine.travel(NOW, tick=False):
        _reach_the_break(taking, invitation)
    later = Taking(new_browser(), taking.link)
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        landing = later.client.get(later.link).text
        assert "Start the next test: Second test" in landing
        assert "✓ Done" in landing
        later.follow(later.start())
    assert attempt_of(invitation, 1).state == "in_progress"


def test_the_next_test_cannot_start_once_the_invitation_expired(battery) -> None:
    invitation, taking = battery
    with time_machine.travel(NOW, tick=False):
        _reach_the_break(taking, invitation)
    with time_machine.travel(NOW + timedelta(days=8), tick=False):
        taking.client.post("/take/next", data={})
        page = taking.client.get("/take").text
    assert attempt_of(invitation, 1).state == "not_started"
    assert "Thank you" in page


def test_after_the_last_test_the_candidate_is_thanked(battery) -> None:
    invitation, taking = battery
    with time_machine.travel(NOW, tick=False):
        _reach_the_break(taking, invitation)
        taking.client.post("/take/next", data={})
        second = attempt_of(invitation, 1)
        page = taking.follow(taking.client.post(f"/take/{second.public_id}/finish",
                                                data={"section": "0"})).text
    assert "Thank you" in page
    assert all(a.is_finished for a in attempt_of(invitation).invitation.attempts)


def test_the_break_gives_the_next_tests_time_limit_with_the_extra_time(
        client, organization, basics_test) -> None:
    second = make_test(definition(section("only", single("z1"), single("z2")), slug="second",
                                  name="Second test", time_limit=1800))
    invitation, link = invite(organization, [basics_test, second], extra_time=1.5)
    taking = Taking(client, link)
    with time_machine.travel(NOW, tick=False):
        _reach_the_break(taking, invitation)
        page = taking.client.get("/take").text
    assert "2 questions · 30 minutes (+50% extra time: 45 minutes)" in page
