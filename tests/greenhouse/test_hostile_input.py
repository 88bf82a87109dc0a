"""What Greenhouse (or anyone holding a key) can send: every refusal is a JSON 4xx naming
what is wrong; no 500, and no answer is ever cached."""

from __future__ import annotations

import json

import pytest

from tests.greenhouse.conftest import send_test_body


def _post(greenhouse, path: str, body: bytes):  # type: ignore[no-untyped-def]
    return greenhouse("post", path, data=body, content_type="application/json")


@pytest.mark.parametrize("path", ["send_test", "response_error"])
def test_json_nested_thousands_deep_is_a_400(greenhouse, path: str) -> None:
    response = _post(greenhouse, path, b'{"x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    assert response.status_code == 400
    assert "nests deeper" in response.get_json()["message"]


def test_an_integer_of_thousands_of_digits_is_a_400(greenhouse, quiz) -> None:
    body = json.dumps(send_test_body()).replace('"python-basics"', "1" + "0" * 5000)
    response = _post(greenhouse, "send_test", body.encode())
    assert response.status_code == 400
    assert "longer than" in response.get_json()["message"]


@pytest.mark.parametrize("field", ["first_name", "last_name", "email", "phone_number",
                                   "greenhouse_profile_url"])
def test_a_nul_in_a_candidate_field_is_a_400_naming_it(greenhouse, quiz, field: str) -> None:
    body = send_test_body()
    body["candidate"][field] = body["candidate"][field] + "\x00"
    response = _post(greenhouse, "send_test", json.dumps(body).encode())
    assert response.status_code == 400
    assert response.get_json()["problems"] == [
        f"candidate.{field}: contains a NUL character, which cannot be stored"]


def test_a_lone_surrogate_in_the_test_id_is_a_400(greenhouse, quiz) -> None:
    raw = json.dumps(send_test_body()).replace('"python-basics"', '"py\\ud800"')
    response = _post(greenhouse, "send_test", raw.encode())
    assert response.status_code == 400
    assert response.get_json()["problems"][0].startswith("partner_test_id: contains an unpaired")


def test_a_surrogate_in_an_error_report_is_a_400(greenhouse) -> None:
    response = _post(greenhouse, "response_error",
                     b'{"api_call": "test_status", "errors": ["bad \\udc80"]}')
    assert response.status_code == 400
    assert response.get_json()["problems"][0].startswith("errors[0]:")


def test_a_nul_in_the_interview_id_is_a_400(greenhouse) -> None:
    response = greenhouse("get", "test_status?partner_interview_id=iv_%00x")
    assert response.status_code == 400
    assert response.is_json
    assert "partner_interview_id" in response.get_json()["message"]


def test_a_body_over_the_limit_is_a_413_in_json(greenhouse) -> None:
    response = _post(greenhouse, "send_test", b'{"x": "' + b"a" * (300 * 1024) + b'"}')
    assert response.status_code == 413
    assert response.get_json()["message"] == "The request body is larger than 256 KB."


@pytest.mark.parametrize(("method", "path"), [("get", "list_tests"),
                                         ("get", "test_status?partner_interview_id=x"),
                                         ("post", "send_test"), ("get", "nothing-here")])
def test_no_answer_is_ever_cached(greenhouse, method: str, path: str) -> None:
    response = greenhouse(method, path, json={})
    assert response.headers["Cache-Control"] == "no-store"


def test_a_key_that_is_not_utf8_is_a_401_not_a_500(client) -> None:
    response = client.get("/api/greenhouse/list_tests",
                          headers={"Authorization": "Basic " + "/w==:"})
    assert response.status_code == 401
