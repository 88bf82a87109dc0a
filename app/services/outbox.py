"""Queue a side effect in the current transaction; the worker delivers it after commit."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from flask import current_app

from app.database import DbSession
from app.models import Invitation, OutboxMessage, utcnow


def enqueue(session: DbSession, kind: str, payload: dict[str, Any], *,
            organization_id: int | None = None, now: datetime | None = None,
            give_up_after: timedelta | None = None,
            invitation: Invitation | None = None) -> OutboxMessage:
    """Add an outbox row to ``session`` (not committed here: the caller's one commit
    writes it together with the change that caused it, or not at all).

    ``payload`` is stored encrypted (it holds links); the recipient operators see is
    taken from it: its ``to`` address, or the host of its callback ``url``. ``invitation``
    is the one it is about, for that invitation's history.
    """
    now = now or utcnow()
    if give_up_after is None:
        give_up_after = timedelta(hours=current_app.config["OUTBOX_GIVE_UP_HOURS"])
    message = OutboxMessage(kind=kind, recipient=recipient_of(payload),
                            organization_id=organization_id, next_attempt_at=now,
                            give_up_at=now + give_up_after, created_at=now,
                            invitation=invitation)
    message.seal(payload)
    session.add(message)
    return message


def recipient_of(payload: dict[str, Any]) -> str | None:
    """What ``outbox list`` shows as a message's destination: an email address as is, a
    URL only as its host (and port): its path and query may carry secrets, and so may a
    user name or password in it."""
    if payload.get("to"):
        return str(payload["to"])[:320]
    if payload.get("url"):
        try:
            parts = urlsplit(str(payload["url"]))
            host, port = parts.hostname, parts.port
        except ValueError:
            return None
        if host:
            return f"{host}:{port}" if port else host
    return None
