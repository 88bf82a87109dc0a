"""Outbox rows as the rest of Assay queues them, for the worker's tests."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from app.extensions import db
from app.models import Organization, OutboxMessage
from app.services.mail import queue_email
from app.services.outbox import enqueue


def queue_team_email(to: str = "hr@acme.test", *, organization: Organization | None = None,
                     commit: bool = True) -> int:
    """A 'review needed' email to the hiring team, queued the way services do it."""
    message = queue_email(
        db.session, template="review_needed", to=to, language="en",
        organization_id=organization.id if organization else None, reply_to=None,
        context={"organization_name": "Acme Corp", "candidate_name": "Olena Petrenko",
                 "test_name": "Python fundamentals", "essay_count": 2,
                 "results_url": "http://assay.test/results/iv_1"},
    )
    db.session.flush()
    message_id = message.id
    if commit:
        db.session.commit()
    return message_id


def queue_callback(url: str, organization: Organization, api_key_id: int | None = None,
                   now: datetime | None = None,
                   give_up_after: timedelta | None = None) -> int:
    """A Greenhouse PATCH for ``url``, as the completion service queues it."""
    payload: dict[str, Any] = {"url": url, "organization_id": organization.id,
                               "invitation_id": "iv_test"}
    if api_key_id is not None:
        payload["api_key_id"] = api_key_id
    message = enqueue(db.session, "greenhouse_patch", payload, organization_id=organization.id,
                      now=now, give_up_after=give_up_after)
    db.session.commit()
    return message.id


def reloaded(message_id: int) -> OutboxMessage:
    """The row as the database has it now (the worker wrote it through other statements)."""
    db.session.expire_all()
    message = db.session.get(OutboxMessage, message_id)
    assert message is not None
    return message
