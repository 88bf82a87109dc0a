"""The webhook events: invitation.completed, .expired and .cancelled, built in one place
(app.services.api_events) and queued by app.webhooks.enqueue_webhook in the same
transaction; read back here from the outbox rows they became."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from app.extensions import db
from app.jobs import finalize_attempts
from app.models import Invitation, OutboxMessage, utcnow
from tests.api.conftest import get_token, make_client, numbered_test, seed_body
from tests.greenhouse.conftest import finish


def queued() -> list[dict[str, Any]]:
    """The webhook events queued so far, read back from their outbox rows."""
    rows = db.session.scalars(db.select(OutboxMessage).filter_by(kind="webhook")
                              .order_by(OutboxMessage.id)).all()
    events = []
    for row in rows:
        payload = row.open_payload()
        events.append({"organization_id": row.organization_id, "url": payload["url"],
                       "secret": payload["secret"], "event_type": payload["type"],
                       "event_id": payload["webhook_id"],
                       "data": json.loads(payload["body"])["data"]})
    return events


@pytest.fixture
def hooked(client, organization):  # type: ignore[no-untyped-def]
    """A client of Acme's with a webhook URL, and its token."""
    credentials = make_client(organization, webhook_url="https://hooks.example.com/assay")
    return credentials, get_token(client, credentials)


@pytest.fixture
def tests_5_and_6(app):  # type: ignore[no-untyped-def]
    numbered_test(5, "python-basics")
    numbered_test(6, "sql-basics")


def invite(api, bearer: str, test_ids: list[int]) -> Invitation:  # type: ignore[no-untyped-def]
    response = api("post", "/tests/invitations/candidates", bearer=bearer,
                   json=seed_body(testIds=test_ids, sendCopyToHr=False))
    assert response.status_code == 202
    return db.session.scalars(db.select(Invitation).filter_by(
        public_id=response.get_json()["id"])).one()


def test_completed_is_queued_once_when_every_test_is_scored(api, hooked,
                                                             tests_5_and_6) -> None:  # type: ignore[no-untyped-def]
    credentials, token = hooked
    invitation = invite(api, token, [5, 6])
    finish(invitation.attempts[0])
    assert queued() == []
    finish(invitation.attempts[1])
    assert [call["event_type"] for call in queued()] == ["invitation.completed"]
    call = queued()[0]
    assert call["url"] == "https://hooks.example.com/assay"
    assert call["secret"] == credentials.client.webhook_secret()
    assert call["organization_id"] == invitation.organization_id
    assert call["event_id"] == f"evt_{invitation.public_id}_completed"
    shown = api("get", f"/tests/invitations/{invitation.public_id}", bearer=token).get_json()
    assert call["data"] == shown


def test_expired_is_queued_when_the_last_open_test_expires(api, hooked,
                                                           tests_5_and_6) -> None:  # type: ignore[no-untyped-def]
    invite(api, hooked[1], [5, 6])
    finalize_attempts.expire_once(now=utcnow() + timedelta(days=31))
    assert [(c["event_type"], c["data"]["status"]) for c in queued()] == [
        ("invitation.expired", "expired")]


def test_cancelled_is_queued_by_delete(api, hooked, tests_5_and_6) -> None:  # type: ignore[no-untyped-def]
    invitation = invite(api, hooked[1], [5])
    api("delete", f"/tests/invitations/{invitation.public_id}", bearer=hooked[1])
    assert [(c["event_type"], c["data"]["status"]) for c in queued()] == [
        ("invitation.cancelled", "cancelled")]


def test_no_event_for_a_client_without_a_webhook_or_another_source(api,
                                                                   tests_5_and_6) -> None:  # type: ignore[no-untyped-def]
    invitation = invite(api, None, [5])  # the default client has no webhook URL
    finish(invitation.attempts[0])
    assert queued() == []


def test_no_event_once_the_client_is_revoked(api, hooked, tests_5_and_6) -> None:  # type: ignore[no-untyped-def]
    invitation = invite(api, hooked[1], [5])
    hooked[0].client.revoke(utcnow())
    db.session.commit()
    finish(invitation.attempts[0])
    assert queued() == []


def test_completed_waits_for_essay_grading_and_a_regrade_sends_no_second_event(
        api, hooked) -> None:  # type: ignore[no-untyped-def]
    from app.services.catalog import ensure_test_number
    from app.services.grading import grade_response
    from tests.fixtures.factories import make_test
    from tests.greenhouse.conftest import essay_definition

    make_test(essay_definition())
    number = ensure_test_number(db.session, "design-essay")
    db.session.commit()
    invitation = invite(api, hooked[1], [number])
    attempt = finish(invitation.attempts[0], {"e1": "a", "e2": "An essay " * 20})
    assert attempt.state == "awaiting_review" and queued() == []
    for points in (4.0, 5.0):
        grade_response(db.session, attempt, "e2", points, None, "Reviewer", utcnow())
        db.session.commit()
    assert [c["event_type"] for c in queued()] == ["invitation.completed"]
    assert queued()[0]["data"]["tests"][0]["status"] == "completed"


def test_a_test_scored_after_its_invitation_was_cancelled_sends_no_completed_event(
        api, hooked, tests_5_and_6) -> None:  # type: ignore[no-untyped-def]
    from tests.greenhouse.conftest import start

    invitation = invite(api, hooked[1], [5])
    start(invitation.attempts[0])
    api("delete", f"/tests/invitations/{invitation.public_id}", bearer=hooked[1])
    db.session.expire_all()
    finish(invitation.attempts[0])
    assert [c["event_type"] for c in queued()] == ["invitation.cancelled"]
