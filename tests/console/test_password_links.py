"""Password reset and set-password links: emailed through the outbox, single use,
expiring, stored as digests; every bad link gets the same neutral page."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from sqlalchemy import select

from app.extensions import db
from app.models import PasswordLink, utcnow
from tests.console.conftest import emails_to, link_in, sign_in, sign_in_with_password

NEW_PASSWORD = "a brand new passphrase"
SENT = "a link to choose a new password is on its way"


def _ask_for_reset(client, email: str):  # type: ignore[no-untyped-def]
    return client.post("/console/forgot-password", data={"email": email})


def test_it_emails_a_reset_link_through_the_outbox(client, admin) -> None:
    page = _ask_for_reset(client, admin.email)
    assert page.status_code == 200 and SENT in page.text
    [email] = emails_to(admin.email)
    assert email["template"] == "password_reset"
    assert "http://assay.test/console/password/" in email["text"]


def test_an_unknown_address_gets_the_same_page_and_no_email(client, admin) -> None:
    page = _ask_for_reset(client, "nobody@acme.test")
    assert page.status_code == 200 and SENT in page.text
    assert emails_to("nobody@acme.test") == []


def test_a_deactivated_member_gets_no_reset_email(client, admin) -> None:
    admin.active = False
    db.session.commit()
    _ask_for_reset(client, admin.email)
    assert emails_to(admin.email) == []


def test_the_token_is_stored_only_as_a_digest(client, admin) -> None:
    _ask_for_reset(client, admin.email)
    token = link_in(emails_to(admin.email)[0]).rsplit("/", 1)[1]
    link = db.session.scalar(select(PasswordLink))
    assert link is not None and token not in (link.digest, link.lookup_id)
    assert len(link.digest) == 64


def test_opening_the_link_shows_the_form_and_uses_nothing(client, admin) -> None:
    _ask_for_reset(client, admin.email)
    path = link_in(emails_to(admin.email)[0])
    assert client.get(path).status_code == 200
    page = client.get(path)
    assert page.status_code == 200 and "Choose a new password" in page.text


def test_the_link_sets_the_password_once(client, admin) -> None:
    _ask_for_reset(client, admin.email)
    path = link_in(emails_to(admin.email)[0])
    response = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.headers["Location"] == "/console/sign-in"
    assert sign_in_with_password(client, admin.email, NEW_PASSWORD).status_code == 302
    again = client.post(path, data={"password": "another passphrase!", "confirm":
                                     "another passphrase!"})
    assert again.status_code == 404 and "This link is not available" in again.text


def test_after_setting_a_password_the_sign_in_page_keeps_the_chosen_language(
        client, admin) -> None:  # type: ignore[no-untyped-def]
    _ask_for_reset(client, admin.email)
    path = link_in(emails_to(admin.email)[0])
    assert client.get(f"{path}?lang=uk").status_code == 200
    posted = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert posted.headers["Location"] == "/console/sign-in"
    response = client.get("/console/sign-in")
    assert '<html lang="uk">' in response.text
    assert "Пароль установлено" in response.text


def test_setting_a_password_signs_out_every_session(app, client, admin) -> None:
    elsewhere = app.test_client()
    sign_in(elsewhere, admin)
    _ask_for_reset(client, admin.email)
    client.post(link_in(emails_to(admin.email)[0]),
                data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert elsewhere.get("/console").status_code == 302


def test_an_expired_link_gets_the_neutral_page(client, admin) -> None:
    _ask_for_reset(client, admin.email)
    path = link_in(emails_to(admin.email)[0])
    with time_machine.travel(utcnow() + timedelta(minutes=61), tick=False):
        page = client.get(path)
    assert page.status_code == 404 and "This link is not available" in page.text


def test_only_the_newest_link_works(client, admin) -> None:
    _ask_for_reset(client, admin.email)
    _ask_for_reset(client, admin.email)
    first, second = (link_in(email) for email in emails_to(admin.email))
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200


def test_a_made_up_or_altered_link_gets_the_neutral_page(client, admin) -> None:
    _ask_for_reset(client, admin.email)
    path = link_in(emails_to(admin.email)[0])
    assert client.get(path[:-1] + ("A" if path[-1] != "A" else "B")).status_code == 404
    assert client.get("/console/password/" + "x" * 43).status_code == 404


def test_a_short_or_mistyped_password_is_refused_with_reasons(client, admin) -> None:
    _ask_for_reset(client, admin.email)
    path = link_in(emails_to(admin.email)[0])
    page = client.post(path, data={"password": "short", "confirm": "shorter"})
    assert page.status_code == 422
    assert "Use 12 to 256 characters." in page.text
    assert "The two passwords differ" in page.text
    assert client.get(path).status_code == 200  # the link is still usable


def test_the_reset_page_needs_a_valid_address(client) -> None:
    page = _ask_for_reset(client, "not an address")
    assert page.status_code == 422 and "Enter an email address" in page.text
