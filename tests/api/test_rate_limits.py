"""Rate limits: token requests per client address, API calls per client; a 429 problem
with Retry-After and the RateLimit headers."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import assert_problem, get_token, make_client


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"RATELIMIT_API_TOKEN": "3 per minute", "RATELIMIT_API_CLIENT": "2 per minute"}


def test_the_token_endpoint_is_limited_per_address(client, acme_client) -> None:  # type: ignore[no-untyped-def]
    def ask(address: str):  # type: ignore[no-untyped-def]
        return client.post("/api/v1/auth/token", data={"grant_type": "client_credentials"},
                           headers=acme_client.basic, environ_base={"REMOTE_ADDR": address})

    answers = [ask("198.51.100.7") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert answers[-1].headers["RateLimit-Remaining"] == "0"
    refused = ask("198.51.100.7")
    assert_problem(refused, 429, "rate-limited")
    assert 0 < int(refused.headers["Retry-After"]) <= 61  # the window, rounded up
    assert refused.headers["RateLimit-Limit"] == "3"
    assert refused.headers["RateLimit-Policy"] == "3;w=60"
    assert ask("203.0.113.9").status_code == 200  # another address


def test_calls_are_limited_per_client_whatever_the_address(client, organization, api,
                                                            token) -> None:  # type: ignore[no-untyped-def]
    first = api("get", "/tests", environ_base={"REMOTE_ADDR": "198.51.100.1"})
    assert first.status_code == 200
    assert first.headers["RateLimit-Limit"] == "2"
    assert first.headers["RateLimit-Remaining"] == "1"
    assert api("get", "/tests", environ_base={"REMOTE_ADDR": "198.51.100.2"}).status_code == 200
    refused = api("get", "/tests/invitations", environ_base={"REMOTE_ADDR": "198.51.100.3"})
    body = assert_problem(refused, 429, "rate-limited")
    assert "Retry-After" in refused.headers and "try again" in body["detail"]
    other = get_token(client, make_client(organization))
    assert api("get", "/tests", bearer=other).status_code == 200  # another client
