"""Queue a side effect in the current transaction; the worker delivers it after commit.
Also what operators do with the queue: list an organization's messages, retry a failed one."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.database import DbSession
from app.models import Invitation, OutboxMessage, utcnow
from app.models.outbox import FAILED
from app.services.paging import Paged, paginate


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


class NotFailed(Exception):
    """Only a failed message can be retried; this one is ``status`` (pending: already
    queued; sent: delivered)."""

    def __init__(self, status: str) -> None:
        super().__init__(f"the message is {status}; only failed messages can be retried")
        self.status = status


def retry_message(message: OutboxMessage, *, now: datetime, give_up_after: timedelta) -> None:
    """An operator's retry (the console's button, ``assay outbox retry``): the failed
    ``message`` is pending again, due ``now``, given ``give_up_after`` more to succeed; its
    tries so far and last error are kept. Not committed here.

    Raises :class:`NotFailed` for a message that is not failed, and
    app.models.outbox.BodyDropped when its body is gone (nothing is left to send).
    """
    if message.status != FAILED:
        raise NotFailed(message.status)
    message.requeue(now, now + give_up_after)


def organization_messages(session: DbSession, organization_id: int, *,
                          status: str | None = None, kind: str | None = None,
                          page: int = 1, per_page: int = 50) -> Paged[OutboxMessage]:
    """The organization's outbox messages, newest first, one page (``page`` from 1), with
    the invitation each is about loaded (for its public id). Never anything of another
    organization."""
    query = (select(OutboxMessage)
             .where(OutboxMessage.organization_id == organization_id)
             .options(selectinload(OutboxMessage.invitation).load_only(Invitation.public_id))
             .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc()))
    if status is not None:
        query = query.where(OutboxMessage.status == status)
    if kind is not None:
        query = query.where(OutboxMessage.kind == kind)
    return paginate(session, query, page, per_page)


def organization_message(session: DbSession, organization_id: int,
                         message_id: int) -> OutboxMessage | None:
    """Message ``message_id`` if it is the organization's; None otherwise (as if missing)."""
    return session.scalar(select(OutboxMessage).where(
        OutboxMessage.id == message_id, OutboxMessage.organization_id == organization_id))
