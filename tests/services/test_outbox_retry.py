"""retry_message: an operator's retry of a failed outbox message (the console's button and
`assay outbox retry` share it)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask

from app.extensions import db
from app.models import OutboxMessage, utcnow
from app.models.outbox import BodyDropped
from app.services.outbox import NotFailed, enqueue, retry_message

DAY = timedelta(days=1)


def _failed(app: Flask) -> OutboxMessage:
    message = enqueue(db.session, "email", {"to": "olena@example.test"},
                      now=utcnow() - 5 * DAY, give_up_after=DAY)
    db.session.flush()
    message.mark_retry(utcnow() - 4 * DAY, "SMTP 451 try later", timedelta(days=2))
    assert message.status == "failed"
    return message


def test_it_makes_a_failed_message_due_now_with_a_fresh_deadline(app: Flask) -> None:
    message = _failed(app)
    now = utcnow()
    retry_message(message, now=now, give_up_after=DAY)
    assert (message.status, message.next_attempt_at, message.give_up_at) == (
        "pending", now, now + DAY)
    assert (message.attempt_count, message.last_error) == (1, "SMTP 451 try later")


def test_a_message_without_its_body_is_refused(app: Flask) -> None:
    message = _failed(app)
    message.drop_body(utcnow())
    with pytest.raises(BodyDropped):
        retry_message(message, now=utcnow(), give_up_after=DAY)
    assert message.status == "failed"


def test_a_message_that_did_not_fail_is_refused(app: Flask) -> None:
    message = enqueue(db.session, "email", {"to": "olena@example.test"})
    db.session.flush()
    with pytest.raises(NotFailed) as refused:
        retry_message(message, now=utcnow(), give_up_after=DAY)
    assert refused.value.status == "pending"
