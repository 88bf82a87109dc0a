"""The job that drops the bodies of outbox rows nobody can need any more.

A failed row keeps its (encrypted) body OUTBOX_KEEP_FAILED_DAYS after it failed, so an
operator can ``assay outbox retry`` it once the cause is fixed; after that only the record
stays (kind, recipient, times, tries, last error). Rows kept for the development mailbox
lose theirs too wherever that mailbox is off (production, DEV_MAIL=false): nobody can
read them there. Delivered rows drop their body as they are marked sent.

Each batch is one guarded UPDATE (the rows are chosen and changed in one statement, with
``FOR UPDATE SKIP LOCKED`` on PostgreSQL), so two workers never trip over each other, and
a row an operator requeues at that moment is no longer failed, so it keeps its body.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import ColumnElement, and_, or_, select, update

from app.database import rowcount
from app.extensions import db
from app.models import OutboxMessage, utcnow
from app.models.outbox import DEVMAIL, FAILED, SENT
from app.services.mail import dev_mail_enabled

BATCH_SIZE = 500


def run_once(now: datetime | None = None) -> bool:
    """Drop every body past its keeping time, a batch per transaction. Returns whether
    any was dropped."""
    now = now or utcnow()
    config = current_app.config
    expired = _expired(now - timedelta(days=config["OUTBOX_KEEP_FAILED_DAYS"]),
                       mailbox_on=dev_mail_enabled(config))
    session = db.session()
    dropped_any = False
    while True:
        batch = (
            select(OutboxMessage.id)
            .where(OutboxMessage.sealed_payload.is_not(None), expired)
            .order_by(OutboxMessage.id)
            .limit(BATCH_SIZE)
            .with_for_update(skip_locked=True)
        )
        drop = (
            update(OutboxMessage)
            # The conditions again: SQLite ignores the lock, and a row may have changed
            # (been requeued) between the choice and the write elsewhere.
            .where(OutboxMessage.id.in_(batch.scalar_subquery()),
                   OutboxMessage.sealed_payload.is_not(None), expired)
            .values(sealed_payload=None, body_dropped_at=now)
            .execution_options(synchronize_session=False)
        )
        dropped = rowcount(session.execute(drop))
        session.commit()
        dropped_any = dropped_any or dropped > 0
        if dropped < BATCH_SIZE:
            return dropped_any


def _expired(failed_before: datetime, *, mailbox_on: bool) -> ColumnElement[bool]:
    failed_long_ago = and_(OutboxMessage.status == FAILED,
                           OutboxMessage.failed_at < failed_before)
    if mailbox_on:
        return failed_long_ago
    unreadable_mailbox_copy = and_(OutboxMessage.status == SENT,
                                   OutboxMessage.transport == DEVMAIL)
    return or_(failed_long_ago, unreadable_mailbox_copy)
