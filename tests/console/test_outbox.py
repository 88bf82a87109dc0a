"""The outbox page (admins): the organization's messages with their delivery, never their
bodies; filters, pages, and retrying a failed message."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Organization, OutboxMessage, User, utcnow
from app.services.outbox import enqueue
from tests.console.conftest import sign_in
from tests.fixtures.definitions import definition, invite
from tests.fixtures.factories import make_test

SECRET_LINK = "https://assay.test/t/secret-candidate-token"


def message(organization: Organization, *, kind: str = "email", status: str = "sent",
            to: str = "olena@example.test", error: str | None = None, age_minutes: int = 0,
            **extra: Any) -> OutboxMessage:
    """A message as the app queues it, then delivered, failed or left pending."""
    payload = ({"to": to, "subject": "Your test", "text": SECRET_LINK, "html": SECRET_LINK}
               if kind == "email" else {"url": f"https://{to}/callback?key=secret"})
    created = utcnow() - timedelta(minutes=age_minutes)
    row = enqueue(db.session, kind, payload, organization_id=organization.id, now=created,
                  **extra)
    db.session.flush()  # the row's defaults (pending, no tries) are set
    if status == "sent":
        row.mark_sent(created, "smtp")
    elif status == "failed":
        row.mark_failed(error or "SMTP 550 mailbox unavailable", created)
    db.session.commit()
    return row


@pytest.fixture
def signed_in_admin(client: FlaskClient, admin: User) -> FlaskClient:
    sign_in(client, admin)
    return client


def test_it_lists_the_organizations_messages_newest_first(
        signed_in_admin: FlaskClient, organization: Organization, other_org: Organization) -> None:
    message(organization, to="older@example.test", age_minutes=10)
    message(organization, kind="greenhouse_patch", to="harvest.greenhouse.io", age_minutes=5)
    message(other_org, to="globex.candidate@example.test")
    page = signed_in_admin.get("/console/outbox").text
    assert page.index("harvest.greenhouse.io") < page.index("older@example.test")
    assert "Greenhouse status update" in page and "Sent" in page
    assert "globex.candidate@example.test" not in page


def test_it_never_shows_a_body_or_a_callback_url(signed_in_admin: FlaskClient,
                                                 organization: Organization) -> None:
    message(organization, status="failed")
    message(organization, kind="webhook", to="hooks.acme.test", status="failed")
    page = signed_in_admin.get("/console/outbox").text
    assert "hooks.acme.test" in page
    assert "secret" not in page and "Your test" not in page


def test_it_shows_tries_and_the_last_error_escaped(signed_in_admin: FlaskClient,
                                                   organization: Organization) -> None:
    message(organization, status="failed", error="<script>alert(1)</script> refused")
    page = signed_in_admin.get("/console/outbox").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; refused" in page
    assert "<script>alert" not in page


def test_a_long_error_is_cut_with_the_rest_one_click_away(signed_in_admin: FlaskClient,
                                                         organization: Organization) -> None:
    message(organization, status="failed", error="x" * 300 + " the end")
    page = signed_in_admin.get("/console/outbox").text
    assert "<summary>" + "x" * 200 + "…</summary>" in page
    assert "the end" in page.split("</summary>", 1)[1]


def test_it_links_the_invitation_a_message_is_about(signed_in_admin: FlaskClient,
                                                    organization: Organization) -> None:
    invitation, _ = invite(organization, [make_test(definition())])
    message(organization, invitation=invitation)
    page = signed_in_admin.get("/console/outbox").text
    assert f'href="/console/invitations/{invitation.public_id}"' in page


@pytest.mark.parametrize(("query", "shown", "hidden"), [
    ("status=failed", "failed@example.test", "sent@example.test"),
    ("kind=webhook", "hooks.acme.test", "failed@example.test"),
    ("status=failed&kind=email", "failed@example.test", "hooks.acme.test"),
])
def test_it_filters_by_status_and_kind(signed_in_admin: FlaskClient, organization: Organization,
                                       query: str, shown: str, hidden: str) -> None:
    message(organization, to="sent@example.test")
    message(organization, to="failed@example.test", status="failed")
    message(organization, kind="webhook", to="hooks.acme.test", status="failed")
    page = signed_in_admin.get(f"/console/outbox?{query}").text
    assert shown in page and hidden not in page


def test_an_unknown_filter_shows_everything(signed_in_admin: FlaskClient,
                                            organization: Organization) -> None:
    message(organization, to="sent@example.test")
    page = signed_in_admin.get("/console/outbox?status=lost&kind=pigeon&page=x")
    assert page.status_code == 200 and "sent@example.test" in page.text


def test_it_pages_fifty_messages_at_a_time(signed_in_admin: FlaskClient,
                                           organization: Organization) -> None:
    for n in range(51):
        message(organization, to=f"c{n}@example.test", age_minutes=n)
    first = signed_in_admin.get("/console/outbox?status=sent").text
    assert "c49@example.test" in first and "c50@example.test" not in first
    assert 'href="/console/outbox?page=2&amp;status=sent"' in first
    second = signed_in_admin.get("/console/outbox?status=sent&page=2").text
    assert "c50@example.test" in second and "c0@example.test" not in second
    assert "Newer" in second and "Older" not in second


def test_retrying_puts_a_failed_message_back_in_the_queue(
        signed_in_admin: FlaskClient, organization: Organization) -> None:
    failed = message(organization, status="failed", age_minutes=60 * 100)
    failed.give_up_at = utcnow() - timedelta(hours=20)
    db.session.commit()
    before = utcnow()
    response = signed_in_admin.post(f"/console/outbox/{failed.id}/retry",
                                    data={"status": "failed", "page": "1"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/console/outbox?status=failed"
    db.session.refresh(failed)
    assert failed.status == "pending" and failed.failed_at is None
    assert before - timedelta(seconds=1) <= failed.next_attempt_at <= utcnow()
    assert failed.give_up_at > utcnow() + timedelta(hours=71)
    assert failed.attempt_count == 1  # the try it took is kept
    assert failed.last_error == "SMTP 550 mailbox unavailable"
    page = signed_in_admin.get("/console/outbox").text
    assert "is queued again" in page and "Waiting to be sent" in page


def test_a_message_whose_body_was_dropped_cannot_be_retried(
        signed_in_admin: FlaskClient, organization: Organization) -> None:
    failed = message(organization, status="failed")
    failed.drop_body(utcnow())
    db.session.commit()
    page = signed_in_admin.get("/console/outbox").text
    assert "Cannot be retried: its content was deleted 7 days after it failed" in page
    assert f"/console/outbox/{failed.id}/retry" not in page
    signed_in_admin.post(f"/console/outbox/{failed.id}/retry", data={})
    db.session.refresh(failed)
    assert failed.status == "failed"
    assert "cannot be retried" in signed_in_admin.get("/console/outbox").text


@pytest.mark.parametrize("status", ["sent", "pending"])
def test_only_a_failed_message_can_be_retried(signed_in_admin: FlaskClient,
                                              organization: Organization, status: str) -> None:
    row = message(organization, status=status)
    page = signed_in_admin.get("/console/outbox").text
    assert f"/console/outbox/{row.id}/retry" not in page
    signed_in_admin.post(f"/console/outbox/{row.id}/retry", data={})
    db.session.refresh(row)
    assert row.status == status
    assert "there is nothing to retry" in signed_in_admin.get("/console/outbox").text


def test_a_retry_without_its_csrf_token_changes_nothing(signed_in_admin: FlaskClient,
                                                        organization: Organization) -> None:
    failed = message(organization, status="failed")
    response = signed_in_admin.post(f"/console/outbox/{failed.id}/retry", data={},
                                    no_csrf=True)
    assert response.status_code in (302, 400)
    db.session.refresh(failed)
    assert failed.status == "failed"

