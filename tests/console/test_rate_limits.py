"""Failed sign-ins are limited per client address and per account; reset emails too."""

from __future__ import annotations

from typing import Any

import pytest

from tests.console.conftest import emails_to, sign_in_with_password

ATTACKER = {"REMOTE_ADDR": "198.51.100.7"}
NEIGHBOUR = {"REMOTE_ADDR": "203.0.113.20"}


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"RATELIMIT_SIGN_IN_ADDRESS": "4 per minute",
            "RATELIMIT_SIGN_IN_ACCOUNT": "2 per minute",
            "RATELIMIT_PASSWORD_RESET": "2 per hour"}


def _fail(client, email: str, env: dict[str, str]):  # type: ignore[no-untyped-def]
    return sign_in_with_password(client, email, "wrong password!!", environ_overrides=env)


def test_failed_sign_ins_to_one_account_are_limited_from_any_address(client, admin) -> None:
    assert [_fail(client, admin.email, ATTACKER).status_code for _ in range(2)] == [401, 401]
    limited = sign_in_with_password(client, admin.email, environ_overrides=NEIGHBOUR)
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) >= 1
    assert "Too many failed attempts. Please wait" in limited.text


def test_failed_sign_ins_from_one_address_are_limited_across_accounts(client, admin) -> None:
    for index in range(4):
        assert _fail(client, f"guess{index}@acme.test", ATTACKER).status_code == 401
    assert sign_in_with_password(client, admin.email, environ_overrides=ATTACKER
                                 ).status_code == 429
    assert sign_in_with_password(client, admin.email, environ_overrides=NEIGHBOUR
                                 ).status_code == 302


def test_unknown_and_known_accounts_are_limited_alike(client, admin) -> None:
    for _ in range(2):
        _fail(client, "nobody@acme.test", ATTACKER)
    assert _fail(client, "nobody@acme.test", NEIGHBOUR).status_code == 429


def test_successful_sign_ins_do_not_count(client, admin) -> None:
    for _ in range(3):
        assert sign_in_with_password(client, admin.email, environ_overrides=ATTACKER
                                     ).status_code == 302
        client.post("/console/sign-out", data={})


def test_reset_emails_to_one_account_are_limited(client, admin) -> None:
    for _ in range(2):
        client.post("/console/forgot-password", data={"email": admin.email},
                    environ_overrides=ATTACKER)
    response = client.post("/console/forgot-password", data={"email": admin.email},
                           environ_overrides=NEIGHBOUR)
    assert response.status_code == 429
    assert len(emails_to(admin.email)) == 2
