"""What a candidate's browser (or someone posing as one) can send: refused with a 4xx that
says what is wrong, never a 500, and nothing it sends can break a page for good."""

from __future__ import annotations

import io

import time_machine
from sqlalchemy import text

from app.extensions import db
from tests.candidate.conftest import (
    NOW,
    Taking,
    attempt_of,
    definition,
    invite,
    question_url,
    section,
    short_text,
)
from tests.fixtures.factories import make_test

TOKEN_PATH_WITH_NUL = "/t/abc%00def"


def _started(taking, invited_candidate):  # type: ignore[no-untyped-def]
    invitation, _ = invited_candidate
    taking.start()
    return attempt_of(invitation)


def _raw_save(client, attempt, body: bytes):  # type: ignore[no-untyped-def]
    return client.post(f"/take/{attempt.public_id}/api/answer", data=body,
                       content_type="application/json",
                       headers={"X-CSRFToken": client.csrf_token()})


def test_a_lone_surrogate_in_an_answer_is_refused_naming_the_field(
        client, taking, invited_candidate) -> None:
    with time_machine.travel(NOW, tick=False):
        attempt = _started(taking, invited_candidate)
        response = _raw_save(client, attempt, b'{"question_id": "q5", "answer": "x\\ud800y"}')
    assert response.status_code == 400
    assert response.get_json()["field"] == "answer"
    assert "surrogate" in response.get_json()["problem"]
    assert attempt_of(invited_candidate[0]).responses == []


def test_a_nul_in_an_answer_is_refused(client, taking, invited_candidate) -> None:
    with time_machine.travel(NOW, tick=False):
        attempt = _started(taking, invited_candidate)
        response = _raw_save(client, attempt, b'{"question_id": "q5", "answer": "a\\u0000b"}')
    assert response.status_code == 400
    assert response.get_json()["field"] == "answer"


def test_a_nul_in_a_form_answer_is_refused_naming_the_field(
        client, taking, invited_candidate) -> None:
    with time_machine.travel(NOW, tick=False):
        attempt = _started(taking, invited_candidate)
        response = taking.answer(question_url(attempt, 1, 1), "q5", answer="a\x00b")
    assert response.status_code == 400
    assert "answer: contains a NUL character" in response.text


def test_json_nested_thousands_deep_is_a_400(client, taking, invited_candidate) -> None:
    with time_machine.travel(NOW, tick=False):
        attempt = _started(taking, invited_candidate)
        nested = b'{"question_id": "q5", "answer": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
        response = _raw_save(client, attempt, nested)
    assert response.status_code == 400
    assert "nests deeper" in response.get_json()["problem"]


def test_a_number_of_thousands_of_digits_is_a_400(client, taking, invited_candidate) -> None:
    with time_machine.travel(NOW, tick=False):
        attempt = _started(taking, invited_candidate)
        body = b'{"question_id": "q5", "answer": "x", "offline_ms": ' + b"9" * 5000 + b"}"
        response = _raw_save(client, attempt, body)
    assert response.status_code == 400


def test_a_heartbeat_with_a_surrogate_in_its_events_is_a_400(
        client, taking, invited_candidate) -> None:
    with time_machine.travel(NOW, tick=False):
        attempt = _started(taking, invited_candidate)
        response = client.post(f"/take/{attempt.public_id}/api/heartbeat",
                               data=b'{"events": [{"kind": "paste", "x": "\\udfff"}]}',
                               content_type="application/json",
                               headers={"X-CSRFToken": client.csrf_token()})
    assert response.status_code == 400
    assert response.get_json()["field"] == "events[0].x"


def test_a_body_over_the_limit_without_a_length_is_refused_while_reading(
        client, taking, invited_candidate) -> None:
    with time_machine.travel(NOW, tick=False):
        attempt = _started(taking, invited_candidate)
        # No Content-Length, as with chunked encoding: the limit holds while reading.
        big = b'{"question_id": "q5", "answer": "' + b"x" * (400 * 1024) + b'"}'
        response = client.post(
            f"/take/{attempt.public_id}/api/answer", input_stream=io.BytesIO(big),
            content_type="application/json", headers={"X-CSRFToken": client.csrf_token()},
            environ_overrides={"wsgi.input_terminated": True, "CONTENT_LENGTH": ""})
    assert response.status_code == 413, response.get_data(as_text=True)
    assert response.get_json()["error"] == "too_large"


def test_superscript_digits_in_the_go_field_do_not_break_the_page(
        client, taking, invited_candidate) -> None:
    with time_machine.travel(NOW, tick=False):
        attempt = _started(taking, invited_candidate)
        response = taking.answer(question_url(attempt, 0, 0), "q1", move="go", go="²",
                                 answer="a")
        finish = client.post(f"/take/{attempt.public_id}/finish", data={"section": "¹"})
    assert response.status_code == 302
    assert finish.status_code == 302


def test_superscript_positions_in_an_ordering_form_are_a_clear_error(
        client, taking, invited_candidate) -> None:
    with time_machine.travel(NOW, tick=False):
        attempt = _started(taking, invited_candidate)
        response = taking.answer(question_url(attempt, 1, 2), "q6", move="stay",
                                 **{"position-s": "¹", "position-m": "²", "position-l": "³"})
    assert response.status_code == 422
    assert "each position once" in response.text


def test_a_nul_in_a_link_is_the_neutral_page(client, organization) -> None:
    assert client.get(TOKEN_PATH_WITH_NUL).status_code == 404
    assert client.post(TOKEN_PATH_WITH_NUL + "/start", data={}).status_code in (400, 404)


def test_a_nul_in_a_take_path_is_a_404(client, taking, invited_candidate) -> None:
    with time_machine.travel(NOW, tick=False):
        _started(taking, invited_candidate)
        assert client.get("/take/at_%00x/0/0").status_code == 404
        response = client.post("/take/at_%00x/api/answer", json={},
                               headers={"X-CSRFToken": client.csrf_token()})
    assert response.status_code == 404
    assert response.is_json


def test_a_huge_question_number_is_a_404(client, taking, invited_candidate) -> None:
    with time_machine.travel(NOW, tick=False):
        attempt = _started(taking, invited_candidate)
        assert client.get(f"/take/{attempt.public_id}/0/{'9' * 40}").status_code == 404


def test_text_stored_before_the_checks_cannot_break_the_question_page(
        client, organization) -> None:
    test = make_test(definition(section("words", short_text("q1"))))
    invitation, link = invite(organization, [test])
    taking = Taking(client, link)
    with time_machine.travel(NOW, tick=False):
        taking.start()
        attempt = attempt_of(invitation)
        taking.answer(question_url(attempt, 0, 0), "q1", move="stay", answer="fine")
        # As a save stored it before input was checked (JSON columns keep the escape on
        # both databases; the ORM reads it back as a lone surrogate).
        db.session.execute(text("UPDATE response SET answer = :bad"), {"bad": '"x\\ud800y"'})
        db.session.commit()
        page = client.get(question_url(attempt, 0, 0))
    assert page.status_code == 200
    assert "x\ufffdy" in page.text
