"""Signing out (a POST), and signing out on every device at once."""

from __future__ import annotations

from app.extensions import db
from tests.console.conftest import sign_in


def test_it_signs_out_with_a_post(client, admin) -> None:
    sign_in(client, admin)
    response = client.post("/console/sign-out", data={})
    assert response.headers["Location"] == "/console/sign-in"
    assert client.get("/console").status_code == 302


def test_a_get_does_not_sign_out(client, admin) -> None:
    sign_in(client, admin)
    assert client.get("/console/sign-out").status_code == 405
    assert client.get("/console").status_code == 200


def test_a_sign_out_without_its_csrf_token_is_refused(client, admin) -> None:
    sign_in(client, admin)
    assert client.post("/console/sign-out", data={}, no_csrf=True).status_code == 400
    assert client.get("/console").status_code == 200


def test_signing_out_everywhere_ends_the_other_sessions_too(app, client, admin) -> None:
    laptop, phone = client, app.test_client()
    sign_in(laptop, admin)
    sign_in(phone, admin)
    response = laptop.post("/console/sign-out-everywhere", data={})
    assert response.headers["Location"] == "/console/sign-in"
    assert laptop.get("/console").status_code == 302
    assert phone.get("/console").status_code == 302
    db.session.refresh(admin)
    assert admin.session_generation == 2


def test_a_deactivated_member_is_signed_out_at_their_next_request(client, admin) -> None:
    sign_in(client, admin)
    admin.active = False
    db.session.commit()
    assert client.get("/console").status_code == 302


def test_pages_outside_the_console_leave_the_session_alone(client) -> None:
    # Flask-Login must not touch candidates' sessions (nor re-send their cookie).
    with client.session_transaction() as session:
        session["lang"] = "uk"
    response = client.get("/")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
