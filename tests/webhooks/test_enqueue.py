"""Queuing a webhook: one outbox row in the caller's transaction, its secrets sealed, its
recipient only the host, its body the Standard Webhooks envelope."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine

from app.extensions import db
from app.models import Organization, OutboxMessage
from app.webhooks import enqueue_webhook
from tests.jobs.builders import reloaded
from tests.webhooks.conftest import queue_webhook

URL = "https://hooks.acme-recruiting.com/assay/events?token=s3cr3t-path"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _enqueue(organization: Organization, webhook_secret: str,
             **overrides: Any) -> OutboxMessage:
    arguments: dict[str, Any] = {"organization_id": organization.id, "url": URL,
                                 "secret": webhook_secret, "event_type": "invitation.completed",
                                 "data": {"id": 42}}
    return enqueue_webhook(db.session, **(arguments | overrides))


def test_it_queues_one_pending_row_for_the_host_only(  # type: ignore[no-untyped-def]
        app, customer: Organization, webhook_secret: str) -> None:
    message_id = queue_webhook(customer, URL, webhook_secret)

    row = reloaded(message_id)
    assert (row.kind, row.status, row.attempt_count) == ("webhook", "pending", 0)
    assert row.organization_id == customer.id
    assert row.recipient == "hooks.acme-recruiting.com"


def test_the_url_secret_and_body_are_kept_only_encrypted(  # type: ignore[no-untyped-def]
        app, customer, webhook_secret) -> None:
    row = reloaded(queue_webhook(customer, URL, webhook_secret,
                                 data={"candidate": "Olena Petrenko"}))

    sealed = row.sealed_payload or ""
    for plain in (webhook_secret, "s3cr3t-path", "Olena", "invitation.completed"):
        assert plain not in sealed
    payload = row.open_payload()
    assert (payload["url"], payload["secret"]) == (URL, webhook_secret)


def test_the_body_is_the_standard_envelope_with_the_events_time(  # type: ignore[no-untyped-def]
        app, customer, webhook_secret) -> None:
    with time_machine.travel(START, tick=False):
        message = _enqueue(customer, webhook_secret, event_type="invitation.expired",
                           data={"id": 7, "expiredAt": START})

    assert message.open_payload()["body"] == (
        '{"type":"invitation.expired","timestamp":"2026-03-02T09:00:00.000Z",'
        '"data":{"id":7,"expiredAt":"2026-03-02T09:00:00.000Z"}}')


def test_non_ascii_data_is_sent_as_ascii_json(  # type: ignore[no-untyped-def]
        app, customer, webhook_secret) -> None:
    message = _enqueue(customer, webhook_secret, data={"name": "Олена"})

    body = message.open_payload()["body"]
    assert body.isascii()
    assert json.loads(body)["data"] == {"name": "Олена"}


def test_each_event_gets_a_new_msg_id_unless_the_caller_gives_one(  # type: ignore[no-untyped-def]
        app, customer, webhook_secret) -> None:
    first = _enqueue(customer, webhook_secret).open_payload()["webhook_id"]
    second = _enqueue(customer, webhook_secret).open_payload()["webhook_id"]
    given = _enqueue(customer, webhook_secret,
                     event_id="inv_42_completed").open_payload()["webhook_id"]

    assert re.fullmatch(r"msg_[A-Za-z0-9]{24}", first)
    assert first != second
    assert given == "inv_42_completed"


def test_nothing_is_written_until_the_caller_commits(  # type: ignore[no-untyped-def]
        app, customer, webhook_secret) -> None:
    _enqueue(customer, webhook_secret)

    db.session.rollback()

    assert db.session.query(OutboxMessage).count() == 0


@pytest.mark.parametrize(("overrides", "message"), [
    ({"event_type": "invitation.created"}, "unknown webhook event type"),
    ({"event_id": "msg.1614265330"}, "event id"),
    ({"event_id": ""}, "event id"),
    ({"secret": "not-a-secret"}, "webhook secret"),
    ({"data": {"score": float("nan")}}, "JSON"),
])
def test_a_callers_mistake_is_a_value_error(  # type: ignore[no-untyped-def]
        app, customer, webhook_secret, overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _enqueue(customer, webhook_secret, **overrides)


def test_data_that_is_not_json_is_a_type_error(  # type: ignore[no-untyped-def]
        app, customer, webhook_secret) -> None:
    with pytest.raises(TypeError, match="not JSON-serializable"):
        _enqueue(customer, webhook_secret, data={"who": object()})
