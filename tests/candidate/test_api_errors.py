"""The page script's endpoints (/take/<id>/api/...) answer every error in JSON, with a
code the script reads and a message it can show: never an HTML page."""

from __future__ import annotations

import pytest
import time_machine

from tests.candidate.conftest import NOW, attempt_of


@pytest.fixture
def attempt(taking, invited_candidate):  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        taking.start()
    return attempt_of(invited_candidate[0])


def _error(response, status: int) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["message"]
    return str(body["error"])


def test_a_missing_csrf_token_is_json(client, attempt) -> None:
    response = client.post(f"/take/{attempt.public_id}/api/answer",
                           json={"question_id": "q1", "answer": "a"})
    assert _error(response, 400) == "csrf_failed"


def test_an_unknown_attempt_is_json(client, attempt) -> None:
    response = client.post("/take/at_unknown/api/answer", json={"question_id": "q1"},
                           headers={"X-CSRFToken": client.csrf_token()})
    assert _error(response, 404) == "not_found"


def test_a_wrong_method_is_json(client, attempt) -> None:
    response = client.get(f"/take/{attempt.public_id}/api/answer")
    assert _error(response, 405) == "method_not_allowed"
    assert "POST" in response.headers["Allow"]


def test_a_body_over_the_limit_is_json(client, attempt) -> None:
    response = client.post(f"/take/{attempt.public_id}/api/heartbeat",
                           data=b"{" + b" " * (100 * 1024) + b"}",
                           content_type="application/json",
                           headers={"X-CSRFToken": client.csrf_token()})
    assert _error(response, 413) == "too_large"


def test_an_unexpected_error_is_json_and_says_answers_are_safe(
        client, attempt, monkeypatch) -> None:
    from app.candidate import views_api

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("a bug")

    monkeypatch.setattr(views_api, "strict_loads", broken)  # both paths read the body
    with time_machine.travel(NOW, tick=False):
        response = client.post(f"/take/{attempt.public_id}/api/heartbeat", json={},
                               headers={"X-CSRFToken": client.csrf_token()})
    assert _error(response, 500) == "server_error"
    assert "saved answers are safe" in response.get_json()["message"]
    assert "a bug" not in response.get_data(as_text=True)
