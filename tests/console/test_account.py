"""A member's own account: changing the password while signed in, and the time limit
on a console session."""

from __future__ import annotations

import time
from typing import Any

import pytest

from app.extensions import db
from app.security.passwords import verify
from tests.console.conftest import PASSWORD, sign_in, sign_in_with_password

NEW_PASSWORD = "a brand new and long passphrase"


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"RATELIMIT_SIGN_IN_ACCOUNT": "3 per minute", "CONSOLE_SESSION_MAX_HOURS": 2}


def _change(client, current: str = PASSWORD, new: str = NEW_PASSWORD,  # type: ignore[no-untyped-def]
            confirm: str | None = None):
    return client.post("/console/account", data={
        "current": current, "password": new, "confirm": new if confirm is None else confirm})


def test_it_changes_the_password_and_signs_out_the_other_devices(app, client, admin) -> None:
    phone = app.test_client()
    sign_in(client, admin)
    sign_in(phone, admin)

    response = _change(client)

    assert response.status_code == 302
    assert client.get("/console").status_code == 200  # this browser stays signed in
    assert phone.get("/console").status_code == 302  # the other one is signed out
    db.session.refresh(admin)
    assert verify(admin.password_hash, NEW_PASSWORD).ok
    client.post("/console/sign-out", data={})
    assert sign_in_with_password(client, admin.email, NEW_PASSWORD).status_code == 302


def test_a_wrong_current_password_changes_nothing(client, admin) -> None:
    sign_in(client, admin)
    before = admin.password_hash

    response = _change(client, current="not my password at all")

    assert response.status_code == 401
    assert "That is not your current password." in response.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.password_hash == before
    assert admin.session_generation == 1


@pytest.mark.parametrize(("new", "confirm", "message"), [
    ("short", None, "Use 12 to 256 characters."),
    (NEW_PASSWORD, "something else entirely", "The two passwords differ"),
])
def test_a_new_password_it_cannot_take_is_explained(client, admin, new, confirm,
                                                    message) -> None:
    sign_in(client, admin)
    response = _change(client, new=new, confirm=confirm)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_guessing_the_current_password_is_limited(client, admin) -> None:
    sign_in(client, admin)
    answers = [_change(client, current=f"guess number {n}").status_code for n in range(4)]
    assert answers == [401, 401, 401, 429]


def test_a_session_ends_after_the_time_limit_however_active(client, admin) -> None:
    sign_in(client, admin)
    assert client.get("/console").status_code == 200
    with client.session_transaction() as session:
        session["signed_in_at"] = int(time.time()) - 2 * 3600 - 1
    assert client.get("/console").status_code == 302
