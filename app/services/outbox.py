"""Queue a side effect in the current transaction; the worker delivers it after commit."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy.orm import Session

from app.models import OutboxMessage, utcnow


def enqueue(session: Session, kind: str, payload: dict[str, Any], *,
            organization_id: int | None = None, now: datetime | None = None,
            give_up_after: timedelta | None = None) -> OutboxMessage:
    """Add an outbox row to ``session`` (not committed here: the caller's one commit
    writes it together with the change that caused it, or not at all)."""
    now = now or utcnow()
    if give_up_after is None:
        give_up_after = timedelta(hours=current_app.config["OUTBOX_GIVE_UP_HOURS"])
    message = OutboxMessage(kind=kind, payload=payload, organization_id=organization_id,
                            next_attempt_at=now, give_up_at=now + give_up_after, created_at=now)
    session.add(message)
    return message
