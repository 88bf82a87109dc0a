"""The server keeps time: answers are accepted until the deadline plus the grace
(ANSWER_GRACE_SECONDS), refused after it, and the attempt is then scored as it was saved."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from app.extensions import db
from tests.candidate.conftest import NOW, Taking, attempt_of, question_url

DEADLINE = NOW + timedelta(minutes=30)


@pytest.fixture
def started(taking: Taking, invited_candidate):
    with time_machine.travel(NOW, tick=False):
        taking.start()
        attempt = attempt_of(invited_candidate[0])
        taking.answer(question_url(attempt, 0, 0), "q1", answer="a")
    return attempt


def answers(attempt) -> dict:
    db.session.expire_all()
    return {r.question_id: r.answer for r in attempt.responses}


def test_a_form_sent_within_the_grace_is_saved_and_the_test_ends(taking, started) -> None:
    with time_machine.travel(DEADLINE + timedelta(seconds=8), tick=False):
        response = taking.answer(question_url(started, 0, 1), "q2", move="timeout",
                                 answer=["a", "b"])
    assert response.headers["Location"] == "/take?notice=time_up"
    assert answers(started)["q2"] == ["a", "b"]
    attempt = attempt_of(started.invitation)
    assert attempt.state == "completed"
    assert attempt.finish_reason == "timed_out"


def test_a_form_sent_after_the_grace_is_refused_with_a_clear_page(taking, started) -> None:
    with time_machine.travel(DEADLINE + timedelta(seconds=11), tick=False):
        response = taking.answer(question_url(started, 0, 1), "q2", answer=["a", "b"])
    assert response.status_code == 409
    assert "Time is up" in response.text
    assert "was not saved" in response.text
    assert "Every answer you saved before is kept" in response.text
    assert "q2" not in answers(started) or answers(started)["q2"] is None
    attempt = attempt_of(started.invitation)
    assert attempt.finish_reason == "timed_out"
    assert attempt.result["questions"]["q1"]["status"] == "correct"  # earlier answers scored


def test_a_background_save_within_the_grace_is_accepted(taking, started) -> None:
    with time_machine.travel(DEADLINE + timedelta(seconds=10), tick=False):
        response = taking.api(started, "answer", {"question_id": "q2", "answer": ["a"]})
    assert response.status_code == 200
    assert response.json["remaining_seconds"] == 0
    assert answers(started)["q2"] == ["a"]


def test_a_background_save_after_the_grace_gets_a_409(taking, started) -> None:
    with time_machine.travel(DEADLINE + timedelta(seconds=11), tick=False):
        response = taking.api(started, "answer", {"question_id": "q2", "answer": ["a"]})
    assert response.status_code == 409
    assert response.json["error"] == "too_late"
    assert "not saved" in response.json["message"]
    assert response.json["state"] == "completed"
    assert answers(started).get("q2") is None
    assert answers(started)["q1"] == "a"


def test_a_timeout_submit_before_the_server_deadline_stays_on_the_page(taking, started) -> None:
    url = question_url(started, 0, 1)
    with time_machine.travel(DEADLINE - timedelta(seconds=2), tick=False):
        response = taking.answer(url, "q2", move="timeout", answer=["b"])
    assert response.headers["Location"] == url
    assert attempt_of(started.invitation).state == "in_progress"


def test_an_invalid_answer_at_timeout_does_not_block_the_end(taking, started) -> None:
    with time_machine.travel(NOW, tick=False):
        taking.client.post(f"/take/{started.public_id}/finish", data={"section": "0"})
    with time_machine.travel(DEADLINE + timedelta(seconds=1), tick=False):
        response = taking.answer(question_url(started, 1, 0), "q4", move="timeout", answer="abc")
    assert response.headers["Location"] == "/take?notice=time_up"
    assert attempt_of(started.invitation).state == "completed"


def test_a_page_opened_after_the_deadline_ends_the_test(taking, started) -> None:
    with time_machine.travel(DEADLINE, tick=False):
        response = taking.client.get(question_url(started, 0, 1))
        assert response.headers["Location"] == "/take?notice=time_up"
        page = taking.client.get(response.headers["Location"]).text
    assert "The time for this test is up" in page
    assert "Thank you" in page


def test_the_page_shows_the_servers_remaining_time(taking, started) -> None:
    with time_machine.travel(DEADLINE - timedelta(seconds=299), tick=False):
        page = taking.client.get(question_url(started, 0, 0)).text
    assert 'data-remaining="299"' in page
    assert 'role="timer"' in page
    assert "4:59" in page
