"""POST /take/<attempt>/api/answer: the page script's background save (JSON, CSRF header)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from app.candidate import quick
from app.extensions import db
from tests.candidate.conftest import NOW, Taking, attempt_of


@pytest.fixture
def started(taking: Taking, invited_candidate):
    with time_machine.travel(NOW, tick=False):
        taking.start()
    return attempt_of(invited_candidate[0])


def response_to(attempt, question_id: str):
    db.session.expire_all()
    return next((r for r in attempt.responses if r.question_id == question_id), None)


def test_it_saves_and_reports_the_servers_clock(taking, started) -> None:
    with time_machine.travel(NOW + timedelta(seconds=61), tick=False):
        response = taking.api(started, "answer", {"question_id": "q1", "answer": "b"})
    assert response.status_code == 200
    assert response.json == {"saved": True, "answered": True, "state": "in_progress",
                             "remaining_seconds": 1739, "section": 0, "take_url": "/take"}
    assert response_to(started, "q1").answer == "b"


def test_every_save_bumps_the_revision(taking, started) -> None:
    with time_machine.travel(NOW, tick=False):
        taking.api(started, "answer", {"question_id": "q2", "answer": ["a"]})
        taking.api(started, "answer", {"question_id": "q2", "answer": ["a", "b"]})
        taking.api(started, "answer", {"question_id": "q2", "answer": ["a", "b"], "flagged": True})
    response = response_to(started, "q2")
    assert response.answer == ["a", "b"] and response.flagged
    assert response.revision == 3


@pytest.mark.parametrize("path", ["quick", "full"])
def test_it_says_whether_the_question_counts_as_answered_now(taking, started, path,
                                                             monkeypatch) -> None:
    """The page's navigator shows it at once, by the server's rule (no option chosen:
    not answered), on either path a save takes."""
    if path == "full":
        monkeypatch.setattr(quick, "save", lambda *args: None)
    answers = [("q2", ["a"]), ("q2", []), ("q1", "b"), ("q1", None)]
    with time_machine.travel(NOW, tick=False):
        said = [taking.api(started, "answer", {"question_id": qid, "answer": answer,
                                               "flagged": True}).json["answered"]
                for qid, answer in answers]
    assert said == [True, False, True, False]


def test_an_empty_answer_clears_it(taking, started) -> None:
    with time_machine.travel(NOW, tick=False):
        taking.api(started, "answer", {"question_id": "q2", "answer": ["a"]})
        taking.api(started, "answer", {"question_id": "q2", "answer": []})
    assert response_to(started, "q2").answer is None


def test_it_needs_the_csrf_header(taking, started) -> None:
    with time_machine.travel(NOW, tick=False):
        response = taking.client.post(f"/take/{started.public_id}/api/answer",
                                      json={"question_id": "q1", "answer": "b"})
    assert response.status_code == 400
    assert response_to(started, "q1") is None


@pytest.mark.parametrize(("question_id", "answer"), [
    ("q1", "z"), ("q1", ["a"]), ("q2", "a"), ("q2", ["a", "zz"]), ("q3", "yes"),
])
def test_it_refuses_answers_of_the_wrong_shape(taking, started, question_id, answer) -> None:
    with time_machine.travel(NOW, tick=False):
        response = taking.api(started, "answer", {"question_id": question_id, "answer": answer})
    assert response.status_code == 422
    assert response.json["error"] == "invalid_answer"
    assert response.json["message"]


def test_an_unknown_question_is_a_404(taking, started) -> None:
    with time_machine.travel(NOW, tick=False):
        response = taking.api(started, "answer", {"question_id": "nope", "answer": "a"})
    assert response.status_code == 404
    assert response.json["error"] == "not_found"


def test_a_malformed_body_is_a_400(taking, started) -> None:
    with time_machine.travel(NOW, tick=False):
        response = taking.api(started, "answer", {"answer": "a"})
    assert response.status_code == 400


def test_a_huge_body_is_refused(taking, started) -> None:
    with time_machine.travel(NOW, tick=False):
        response = taking.api(started, "answer", {"question_id": "q1", "answer": "x" * 300_000})
    assert response.status_code == 413


def test_another_browser_without_the_link_gets_a_json_404(started, new_browser) -> None:
    stranger = new_browser()
    with time_machine.travel(NOW, tick=False):
        response = stranger.post(f"/take/{started.public_id}/api/answer",
                                 json={"question_id": "q1", "answer": "a"},
                                 headers={"X-CSRFToken": stranger.csrf_token()})
    assert response.status_code == 404
    assert response.json == {"error": "not_found", "message": "This test is not open in this "
                                                              "browser: reload the page."}
