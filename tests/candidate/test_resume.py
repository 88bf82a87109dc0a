"""Reloading, closing the browser or switching device resumes exactly where the candidate
was, with every saved answer, and the clock kept running."""

from __future__ import annotations

from datetime import timedelta

import time_machine

from tests.candidate.conftest import NOW, Taking, attempt_of, question_url


def test_closing_the_browser_resumes_at_the_same_question_with_answers(
        taking, invited_candidate, new_browser) -> None:
    invitation, link = invited_candidate
    with time_machine.travel(NOW, tick=False):
        taking.start()
        attempt = attempt_of(invitation)
        taking.answer(question_url(attempt, 0, 0), "q1", answer="b")
        taking.answer(question_url(attempt, 0, 1), "q2", move="stay", answer=["a", "c"])
    reopened = Taking(new_browser(), link)
    with time_machine.travel(NOW + timedelta(minutes=10), tick=False):
        resumed = reopened.start()
        page = reopened.follow(resumed)
    assert resumed.headers["Location"] == question_url(attempt, 0, 1)  # straight there
    assert 'value="a" checked' in page.text and 'value="c" checked' in page.text
    assert 'data-remaining="1200"' in page.text  # 30 minutes minus the 10 that passed
    with time_machine.travel(NOW + timedelta(minutes=10), tick=False):
        first = reopened.client.get(question_url(attempt, 0, 0))
    assert 'value="b" checked' in first.text


def test_a_reload_shows_the_same_page_with_less_time(taking, invited_candidate) -> None:
    with time_machine.travel(NOW, tick=False):
        page = taking.follow(taking.start())
    with time_machine.travel(NOW + timedelta(seconds=95), tick=False):
        again = taking.client.get(page.request.path)
    assert 'data-remaining="1705"' in again.text
    assert "28:25" in again.text


def test_the_take_page_without_a_session_is_the_neutral_page(client, invited_candidate) -> None:
    invitation, _ = invited_candidate
    with time_machine.travel(NOW, tick=False):
        assert client.get("/take").status_code == 404
        assert client.get(question_url(attempt_of(invitation), 0, 0)).status_code == 404


def test_another_candidates_attempt_is_not_reachable(taking, invited_candidate, organization,
                                                     basics_test, new_browser) -> None:
    from tests.candidate.conftest import invite

    _, other_link = invite(organization, [basics_test])
    with time_machine.travel(NOW, tick=False):
        taking.start()
        intruder = Taking(new_browser(), other_link)
        intruder.start()
        mine = attempt_of(invited_candidate[0])
        assert intruder.client.get(question_url(mine, 0, 0)).status_code == 404
