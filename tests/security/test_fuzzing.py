"""Hostile requests against the machine-facing endpoints: the Greenhouse API and the
candidate page's JSON endpoints, with generated bodies, query strings, headers and paths.
Whatever arrives, the answer is never a 5xx.

Runs on SQLite and, in CI's second pass, on PostgreSQL (which refuses NUL in text and is
where most of the 500s were found). Bounded: a few hundred requests per test.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.candidate.conftest import NOW, Taking, attempt_of
from tests.fixtures.factories import make_test
from tests.greenhouse.conftest import basic, quiz_definition, send_test_body

FUZZ = settings(max_examples=250, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

# Text with what breaks things: NUL, lone surrogates, control characters, huge numbers.
nasty_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["\x00", "a\x00b", "\ud800", "x\udfffy", "²", "١٢", "\u202e", "%00",
                     "../../etc/passwd", "<script>", "' OR 1=1 --", "9" * 400, "-1", "1e999",
                     "NaN", "", " ", "\n", "\\", "\u0000\u0000"]),
)
json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                         nasty_text)
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(nasty_text, inner, max_size=4), max_leaves=12)


def _encode(value: Any) -> bytes:
    """JSON as a client would send it; ensure_ascii keeps lone surrogates as escapes."""
    return json.dumps(value).encode()


raw_bodies = st.one_of(
    json_values.map(_encode),
    st.binary(max_size=200),
    st.integers(1, 3000).map(lambda depth: b"[" * depth + b"]" * depth),
    st.integers(1, 3000).map(lambda digits: b'{"n": ' + b"7" * digits + b"}"),
    st.sampled_from([b"", b"{", b"null", b'"\\ud800"', b"NaN", b'{"a": Infinity}',
                     b"\xff\xfe", b'{"\\u0000": 1}']),
)


def _mutated(base: dict[str, Any]) -> st.SearchStrategy[bytes]:
    """``base`` with some fields replaced by hostile values (mostly valid shape)."""
    def mutate(changes: dict[str, Any]) -> bytes:
        body = json.loads(json.dumps(base))
        nested = set(base.get("candidate", {}))
        for key, value in changes.items():
            target = body.get("candidate") if key in nested else body
            if isinstance(target, dict):
                target[key] = value
        return _encode(body)

    keys = list(base) + list(base.get("candidate", {}))
    return st.dictionaries(st.sampled_from(keys), json_values, max_size=3).map(mutate)


FORM = "application/x-www-form-urlencoded"
content_types = st.sampled_from(["application/json", "text/plain", FORM,
                                 "multipart/form-data; boundary=x", ""])
header_values = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126),
                        max_size=60)
extra_headers = st.dictionaries(
    st.sampled_from(["X-Forwarded-For", "X-Forwarded-Proto", "Accept-Language", "Origin",
                     "Sec-Fetch-Site", "Referer", "If-None-Match", "Range"]),
    header_values, max_size=3)


def _quoted(text: str) -> str:
    """As a client sends it: UTF-8 percent-encoded (a lone surrogate as the bytes a sloppy
    encoder makes, which the server must refuse or replace)."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


query_strings = st.dictionaries(
    st.sampled_from(["partner_interview_id", "lang", "sig", "notice", "x"]), nasty_text,
    max_size=3).map(lambda params: "&".join(f"{key}={_quoted(value)}"
                                            for key, value in params.items()))


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"RATELIMIT_ENABLED": False}


def _no_server_error(response: Any, what: str) -> None:
    assert response.status_code < 500, (f"{what} -> {response.status_code}: "
                                        f"{response.get_data(as_text=True)[:300]}")


@pytest.fixture
def greenhouse_call(client, greenhouse_key) -> Callable[..., Any]:  # type: ignore[no-untyped-def]
    make_test(quiz_definition())  # "python-basics", the test send_test_body names
    def call(method: str, path: str, body: bytes | None = None, content_type: str = "",
             headers: dict[str, str] | None = None) -> Any:
        response = client.open(f"/api/greenhouse/{path}", method=method, data=body,
                               content_type=content_type or None,
                               headers={**basic(greenhouse_key.value), **(headers or {})})
        _no_server_error(response, f"{method} {path} {body!r:.200}")
        return response

    return call


@FUZZ
@given(body=st.one_of(raw_bodies, _mutated(send_test_body())), content_type=content_types,
       headers=extra_headers)
def test_send_test_never_answers_5xx(greenhouse_call, body: bytes, content_type: str,
                                     headers: dict[str, str]) -> None:
    greenhouse_call("POST", "send_test", body, content_type, headers)


@FUZZ
@given(body=st.one_of(raw_bodies, _mutated({"api_call": "test_status", "errors": ["x"],
                                            "partner_test_id": "1",
                                            "candidate_email": "a@b.c"})),
       content_type=content_types)
def test_response_error_never_answers_5xx(greenhouse_call, body: bytes,
                                          content_type: str) -> None:
    greenhouse_call("POST", "response_error", body, content_type)


@FUZZ
@given(query=query_strings, headers=extra_headers)
def test_test_status_and_list_tests_never_answer_5xx(greenhouse_call, query: str,
                                                     headers: dict[str, str]) -> None:
    greenhouse_call("GET", f"test_status?{query}", headers=headers)
    greenhouse_call("GET", f"list_tests?{query}", headers=headers)


@FUZZ
@given(authorization=st.one_of(header_values, st.binary(max_size=80).map(
    lambda raw: "Basic " + raw.hex())), path=st.sampled_from(
    ["list_tests", "send_test", "test_status", "response_error", "nope", "list_tests/"]),
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"]))
def test_any_credentials_and_method_never_answer_5xx(client, authorization: str, path: str,
                                                     method: str) -> None:
    response = client.open(f"/api/greenhouse/{path}", method=method,
                           headers={"Authorization": authorization})
    _no_server_error(response, f"{method} {path} {authorization!r}")


@pytest.fixture
def candidate_post(client, invited_candidate) -> Callable[..., Any]:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        Taking(client, invited_candidate[1]).start()
    attempt = attempt_of(invited_candidate[0])
    token = client.csrf_token()

    def post(endpoint: str, body: bytes, content_type: str, headers: dict[str, str]) -> Any:
        with time_machine.travel(NOW, tick=False):
            response = client.post(f"/take/{attempt.public_id}/api/{endpoint}", data=body,
                                   content_type=content_type or None,
                                   headers={"X-CSRFToken": token, **headers})
        _no_server_error(response, f"{endpoint} {body!r:.200}")
        assert response.mimetype == "application/json", response.get_data(as_text=True)[:200]
        return response

    return post


@FUZZ
@given(body=st.one_of(raw_bodies, json_values.map(lambda answer: _encode(
    {"question_id": "q1", "answer": answer})), st.builds(
    lambda qid, answer, offline: _encode({"question_id": qid, "answer": answer,
                                          "offline_ms": offline, "flagged": answer}),
    st.sampled_from(["q1", "q2", "q3", "q4", "q5", "q6", "nope", ""]), json_values,
    json_values)), endpoint=st.sampled_from(["answer", "heartbeat"]),
       content_type=content_types, headers=extra_headers)
def test_the_candidates_json_endpoints_never_answer_5xx(
        candidate_post, body: bytes, endpoint: str, content_type: str,
        headers: dict[str, str]) -> None:
    candidate_post(endpoint, body, content_type, headers)


@FUZZ
@given(segment=nasty_text, query=query_strings,
       template=st.sampled_from(["/t/{}", "/t/{}/start", "/take/{}/0/0", "/take/at_x/{}/0",
                                 "/take/{}/review", "/take/{}/api/answer", "/results/{}",
                                 "/results/iv_x?sig={}", "/dev/mail/{}", "/dev/mail/{}/html",
                                 "/api/greenhouse/{}", "/{}"]),
       method=st.sampled_from(["GET", "POST"]))
def test_any_path_never_answers_5xx(client, segment: str, query: str, template: str,
                                    method: str) -> None:
    path = template.format(_quoted(segment))
    url = f"{path}{'&' if '?' in path else '?'}{query}" if query else path
    form = f"x={_quoted(segment)}" if method == "POST" else None
    with time_machine.travel(NOW, tick=False):
        response = client.open(url, method=method, data=form,
                               content_type=FORM)
    _no_server_error(response, f"{method} {url!r}")
