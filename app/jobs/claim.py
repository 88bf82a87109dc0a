"""Atomic claims on outbox rows, so several workers on several machines never deliver the
same row twice.

A claim is ``claimed_by`` (a worker id) plus ``claimed_until``; an expired claim (its
worker crashed) is free to take again. Every write below is a single guarded UPDATE: on
PostgreSQL the claim query locks rows with ``FOR UPDATE SKIP LOCKED`` so concurrent
workers take disjoint batches without waiting; SQLite ignores that clause but runs each
UPDATE under its single-writer lock, and the guards re-check the row there.
"""

from __future__ import annotations

import os
import secrets
import socket
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from app.models import OutboxMessage
from app.models.outbox import PENDING


def new_worker_id() -> str:
    """``hostname:pid:random``: unique per worker process, readable in ``outbox list``."""
    return f"{socket.gethostname()[:70]}:{os.getpid()}:{secrets.token_hex(4)}"


def claim_batch(session: Session, *, worker_id: str, now: datetime, limit: int,
                claim_seconds: int) -> list[int]:
    """Claim up to ``limit`` due pending rows for ``worker_id`` and commit; return their ids,
    oldest due first.

    Due: pending, ``next_attempt_at <= now`` and not under someone else's live claim.
    """
    due = (
        select(OutboxMessage.id)
        .where(
            OutboxMessage.status == PENDING,
            OutboxMessage.next_attempt_at <= now,
            or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
        )
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    # One statement, so the select and the write cannot be split by another worker: the
    # rows are locked (PostgreSQL) or the database is (SQLite) from choosing to claiming.
    claim = (
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(due.scalar_subquery()))
        .values(claimed_by=worker_id, claimed_until=now + timedelta(seconds=claim_seconds))
        .returning(OutboxMessage.id, OutboxMessage.next_attempt_at)
        .execution_options(synchronize_session=False)
    )
    claimed = session.execute(claim).all()
    session.commit()
    return [row.id for row in sorted(claimed, key=lambda row: (row.next_attempt_at, row.id))]


def take_if_ours(session: Session, message_id: int, worker_id: str,
                 claimed_until: datetime) -> OutboxMessage | None:
    """The row, write-locked for this transaction, when ``worker_id`` still holds its claim
    and it is still pending; else None. Sets ``claimed_until`` (to renew the claim).

    The caller commits (on None this has rolled back). Use it before a delivery (renewing
    the claim for the delivery's duration) and before recording the outcome: a row whose
    claim expired and was re-claimed by another worker is then left to that worker.
    """
    guarded = (
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.claimed_by == worker_id,
               OutboxMessage.status == PENDING)
        .values(claimed_until=claimed_until)
        .execution_options(synchronize_session=False)
    )
    # The UPDATE comes first so the transaction holds the write lock before it reads.
    if session.execute(guarded).rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        return None
    return session.get(OutboxMessage, message_id, populate_existing=True)
