"""Webhook delivery through the real worker path (deliver_outbox.run_once) to a real local
receiver: retried until it answers 2xx, delivered once, signed afresh at each try."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from standardwebhooks import Webhook

from app.jobs import deliver_outbox
from app.models import Organization
from app.webhooks import verify
from tests.jobs.builders import reloaded
from tests.webhooks.conftest import LOCAL_RECEIVER_SETTINGS, Receiver, queue_webhook

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def app_config() -> dict[str, Any]:
    return dict(LOCAL_RECEIVER_SETTINGS)


def _retry_when_due(message_id: int) -> bool:
    """Run the worker at the moment the row's next try is due (instead of waiting)."""
    return deliver_outbox.run_once(now=reloaded(message_id).next_attempt_at)


def test_a_receiver_that_fails_then_recovers_gets_the_event_once(  # type: ignore[no-untyped-def]
        app, customer: Organization, receiver: Receiver, webhook_secret: str) -> None:
    receiver.answers = [503, 503]
    message_id = queue_webhook(customer, receiver.url(), webhook_secret,
                               data={"id": 42, "status": "completed"})

    assert deliver_outbox.run_once() is True
    assert _retry_when_due(message_id) is True
    assert _retry_when_due(message_id) is True

    assert [d.answered for d in receiver.deliveries] == [503, 503, 200]
    assert len({d.headers["webhook-id"] for d in receiver.deliveries}) == 1
    assert len({d.body for d in receiver.deliveries}) == 1
    delivered = receiver.deliveries[-1]
    assert (delivered.method, delivered.path) == ("POST", "/hooks/assay?source=test")
    assert delivered.headers["Content-Type"] == "application/json"
    event = Webhook(webhook_secret).verify(delivered.body, delivered.headers)
    assert event["type"] == "invitation.completed"
    assert event["data"] == {"id": 42, "status": "completed"}
    row = reloaded(message_id)
    assert (row.status, row.transport, row.attempt_count) == ("sent", "http", 3)
    assert row.sealed_payload is None and row.body_dropped_at is not None
    assert row.recipient == f"127.0.0.1:{receiver.port}"
    # Nothing is left to send: no fourth request, ever.
    assert deliver_outbox.run_once(now=START.replace(year=2030)) is False
    assert len(receiver.deliveries) == 3


def test_a_receiver_that_is_down_gets_every_event_later_once(  # type: ignore[no-untyped-def]
        app, customer: Organization, receiver: Receiver, webhook_secret: str) -> None:
    receiver.stop()  # connections to its port are refused from now on
    ids = [queue_webhook(customer, receiver.url(), webhook_secret, event_type=kind,
                         data={"id": number})
           for number, kind in enumerate(("invitation.completed", "invitation.expired",
                                          "invitation.cancelled"))]

    deliver_outbox.run_once()
    rows = [reloaded(message_id) for message_id in ids]
    assert {(row.status, row.attempt_count) for row in rows} == {("pending", 1)}
    assert all(f"cannot reach 127.0.0.1:{receiver.port}" in (row.last_error or "")
               for row in rows)

    receiver.start()  # back up, on the same port
    deliver_outbox.run_once(now=max(row.next_attempt_at for row in rows))
    deliver_outbox.run_once(now=START.replace(year=2030))

    events = [Webhook(webhook_secret).verify(d.body, d.headers) for d in receiver.deliveries]
    assert sorted(event["data"]["id"] for event in events) == [0, 1, 2]
    assert {event["type"] for event in events} == {
        "invitation.completed", "invitation.expired", "invitation.cancelled"}
    assert len({d.headers["webhook-id"] for d in receiver.deliveries}) == 3
    assert {reloaded(message_id).status for message_id in ids} == {"sent"}


def test_each_try_is_signed_at_its_own_time_so_a_late_retry_is_fresh(  # type: ignore[no-untyped-def]
        app, customer: Organization, receiver: Receiver, webhook_secret: str) -> None:
    receiver.answers = [503]
    later = START + timedelta(hours=3)
    with time_machine.travel(START, tick=False):
        message_id = queue_webhook(customer, receiver.url(), webhook_secret,
                                   event_id="msg_invitation_42_completed")
        deliver_outbox.run_once()
    with time_machine.travel(later, tick=False):
        deliver_outbox.run_once()

    first, second = receiver.deliveries
    assert first.headers["webhook-timestamp"] == str(int(START.timestamp()))
    assert second.headers["webhook-timestamp"] == str(int(later.timestamp()))
    assert second.headers["webhook-id"] == "msg_invitation_42_completed"
    verify(webhook_secret, second.body, second.headers, now=later)
    # The envelope keeps the event's own time, the same in every try.
    assert json.loads(second.body)["timestamp"] == "2026-03-02T09:00:00.000Z"
    assert reloaded(message_id).status == "sent"


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410, 422])
def test_a_refusal_fails_for_good_without_more_tries(  # type: ignore[no-untyped-def]
        app, customer, receiver: Receiver, webhook_secret, status: int) -> None:
    receiver.answers = [status]
    message_id = queue_webhook(customer, receiver.url(), webhook_secret)

    deliver_outbox.run_once()
    assert deliver_outbox.run_once(now=START.replace(year=2030)) is False

    row = reloaded(message_id)
    assert (row.status, row.attempt_count) == ("failed", 1)
    assert (row.last_error or "").startswith(f"HTTP {status} from 127.0.0.1:{receiver.port}")
    assert len(receiver.deliveries) == 1


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_a_temporary_failure_is_retried_with_backoff(  # type: ignore[no-untyped-def]
        app, customer, receiver: Receiver, webhook_secret, status: int) -> None:
    receiver.answers = [status]
    with time_machine.travel(START, tick=False):
        message_id = queue_webhook(customer, receiver.url(), webhook_secret)
        deliver_outbox.run_once()

    row = reloaded(message_id)
    assert (row.status, row.attempt_count) == ("pending", 1)
    assert 24 <= (row.next_attempt_at - START).total_seconds() <= 36


def test_a_redirect_is_not_followed_and_fails_for_good(  # type: ignore[no-untyped-def]
        app, customer, receiver: Receiver, webhook_secret) -> None:
    receiver.answers = [307]
    message_id = queue_webhook(customer, receiver.url(), webhook_secret)

    deliver_outbox.run_once()

    row = reloaded(message_id)
    assert row.status == "failed"
    assert "not followed" in (row.last_error or "")
    assert len(receiver.deliveries) == 1
