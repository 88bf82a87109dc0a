"""The development mailbox: emails kept without a mail server, readable at /dev/mail."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest

from app.extensions import db
from app.jobs import deliver_outbox
from app.models import OutboxMessage, utcnow
from app.services.mail import queue_email
from app.services.outbox import enqueue


@pytest.fixture
def app_config(request: pytest.FixtureRequest) -> dict[str, Any]:
    return {"MAIL_SERVER": None, "DEV_MAIL": True, **getattr(request, "param", {})}


def _invite(to: str, language: str = "en", *, minutes_ago: int = 0) -> int:
    message = queue_email(
        db.session, template="invitation", to=to, language=language, organization_id=None,
        reply_to="hr@acme.test",
        context={"organization_name": "Acme Corp", "candidate_name": "Olena",
                 "tests": [{"name": "Python fundamentals", "minutes": 30}],
                 "link": "http://assay.test/i/abcdefghijkl0123456789",
                 "expires_at": utcnow() + timedelta(days=30)})
    message.created_at = utcnow() - timedelta(minutes=minutes_ago)
    db.session.commit()
    return message.id


def test_the_mailbox_lists_emails_newest_first(client) -> None:  # type: ignore[no-untyped-def]
    _invite("older@example.test", minutes_ago=10)
    _invite("newer@example.test", "uk")

    response = client.get("/dev/mail")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<caption>" in page
    assert '<th scope="col">Subject</th>' in page
    assert page.index("newer@example.test") < page.index("older@example.test")
    assert 'lang="uk">Запрошення на тестування від Acme Corp</a>' in page
    assert "Українська" in page  # the language, named in itself


def test_a_kept_email_shows_as_sent_after_the_worker_ran(client) -> None:  # type: ignore[no-untyped-def]
    _invite("olena@example.test")
    deliver_outbox.run_once()

    page = client.get("/dev/mail").get_data(as_text=True)

    assert re.search(r"<td>sent</td>", page)


def test_a_kept_email_can_still_be_read_after_the_worker_ran(client) -> None:  # type: ignore[no-untyped-def]
    message_id = _invite("olena@example.test")
    deliver_outbox.run_once()

    page = client.get(f"/dev/mail/{message_id}").get_data(as_text=True)
    html = client.get(f"/dev/mail/{message_id}/html").get_data(as_text=True)

    assert "sent (devmail)" in page
    assert '<a href="http://assay.test/i/abcdefghijkl0123456789">' in page
    assert "http://assay.test/i/abcdefghijkl0123456789" in html


def test_an_email_that_went_out_over_smtp_shows_its_record_only(client) -> None:  # type: ignore[no-untyped-def]
    message_id = _invite("olena@example.test")
    message = db.session.get(OutboxMessage, message_id)
    assert message is not None
    message.mark_sent(utcnow(), "smtp")  # delivered: its body is gone
    db.session.commit()

    listing = client.get("/dev/mail").get_data(as_text=True)
    page = client.get(f"/dev/mail/{message_id}")

    assert "olena@example.test" in listing and "(no body)" in listing
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "its body was dropped on" in text and "once it was delivered" in text
    assert "sent (smtp)" in text
    assert client.get(f"/dev/mail/{message_id}/html").get_data(as_text=True) == ""


def test_an_email_sealed_under_another_key_is_shown_as_unreadable(app, client) -> None:  # type: ignore[no-untyped-def]
    message_id = _invite("olena@example.test")
    app.config["ENCRYPTION_KEY"] = "a key the email was not sealed with"

    listing = client.get("/dev/mail")
    page = client.get(f"/dev/mail/{message_id}")

    assert listing.status_code == page.status_code == 200
    assert "cannot decrypt" in page.get_data(as_text=True)
    assert "abcdefghijkl0123456789" not in page.get_data(as_text=True)


def test_the_mailbox_says_how_to_get_an_email_when_empty(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/dev/mail").get_data(as_text=True)

    assert "No emails yet" in page
    assert "<table" not in page


def test_an_email_page_shows_headers_text_links_and_a_sandboxed_html_frame(client) -> None:  # type: ignore[no-untyped-def]
    message_id = _invite("olena@example.test")

    response = client.get(f"/dev/mail/{message_id}")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "olena@example.test" in page and "hr@acme.test" in page
    assert '<pre class="mail-text" lang="en">Hello Olena,' in page
    assert '<a href="http://assay.test/i/abcdefghijkl0123456789">' in page  # clickable
    # Same origin so the page's script can size it to the email; never scripts of its own.
    assert (f'<iframe class="mail-html" sandbox="allow-same-origin" '
            f'src="/dev/mail/{message_id}/html" title="') in page
    assert "allow-scripts" not in page


def test_the_html_body_is_served_alone_under_a_strict_policy(client) -> None:  # type: ignore[no-untyped-def]
    message_id = _invite("olena@example.test")

    response = client.get(f"/dev/mail/{message_id}/html")

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.get_data(as_text=True).startswith("<!doctype html>")
    assert response.headers["Content-Security-Policy"] == (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'")
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_the_mailbox_pages_keep_the_sites_own_policy(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/dev/mail")

    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_other_outbox_rows_and_unknown_ids_are_not_found(client) -> None:  # type: ignore[no-untyped-def]
    callback = enqueue(db.session, "greenhouse_patch", {"url": "https://app.greenhouse.io/x"})
    db.session.commit()

    assert client.get(f"/dev/mail/{callback.id}").status_code == 404
    assert client.get(f"/dev/mail/{callback.id}/html").status_code == 404
    assert client.get("/dev/mail/999999").status_code == 404


def test_an_id_too_large_for_any_row_is_not_found(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/dev/mail/" + "9" * 30).status_code == 404
    assert client.get(f"/dev/mail/{2**63}/html").status_code == 404


def test_the_home_page_links_to_the_mailbox(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/").get_data(as_text=True)

    assert 'href="/dev/mail"' in page


@pytest.mark.parametrize("app_config", [{"DEV_MAIL": False}], indirect=True)
def test_without_dev_mail_every_mailbox_page_is_not_found(client) -> None:  # type: ignore[no-untyped-def]
    message_id = _invite("olena@example.test")

    for path in ("/dev/mail", f"/dev/mail/{message_id}", f"/dev/mail/{message_id}/html"):
        assert client.get(path).status_code == 404
    assert 'href="/dev/mail"' not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("app_config", [{
    "ENV_NAME": "production", "DEV_MAIL": True, "SECRET_KEY": "x" * 40,
    "SESSION_COOKIE_SECURE": False, "REQUIRE_HTTPS": False, "PROXY_FIX_HOPS": 0,
}], indirect=True)
def test_in_production_the_mailbox_does_not_exist_whatever_dev_mail_says(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/dev/mail").status_code == 404
    assert db.session.query(OutboxMessage).count() == 0
