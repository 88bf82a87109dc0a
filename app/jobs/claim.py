"""Atomic claims on outbox rows, so several workers on several machines never deliver the
same row twice.

A claim is ``claimed_by`` (a worker id) plus ``claimed_until``; an expired claim (its
worker crashed) is free to take again. Every write below is a single guarded UPDATE: on
PostgreSQL the claim query locks rows with ``FOR UPDATE SKIP LOCKED`` so concurrent
workers take disjoint batches without waiting; SQLite ignores that clause but runs each
UPDATE under its single-writer lock, and the guards re-check the row there.

A delivery can outlast a claim (a slow SMTP server answering each step just within the
timeout): :func:`renewing_claim` keeps the claim alive while it runs, so no other worker
takes the row and sends it a second time.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.engine import Engine

from app.database import DbSession, rowcount
from app.models import OutboxMessage, utcnow
from app.models.outbox import PENDING

log = logging.getLogger(__name__)


def new_worker_id() -> str:
    """``hostname:pid:random``: unique per worker process, readable in ``outbox list``."""
    return f"{socket.gethostname()[:70]}:{os.getpid()}:{secrets.token_hex(4)}"


def claim_batch(session: DbSession, *, worker_id: str, now: datetime, limit: int,
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


def take_if_ours(session: DbSession, message_id: int, worker_id: str,
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
    if rowcount(session.execute(guarded)) != 1:
        session.rollback()
        return None
    return session.get(OutboxMessage, message_id, populate_existing=True)


class ClaimRenewal:
    """Renews one row's claim every third of the claim's length, on its own connection,
    until stopped or until the claim is no longer ours. ``lost`` says whether it was lost
    (taken over by another worker after all, or the row is no longer pending)."""

    def __init__(self, engine: Engine, message_id: int, worker_id: str, claim: timedelta,
                 clock: Callable[[], datetime]) -> None:
        self.engine = engine
        self.message_id = message_id
        self.worker_id = worker_id
        self.claim = claim
        self.clock = clock
        self.renewals = 0
        self.lost = False
        self._stop = threading.Event()

    def renew(self) -> bool:
        """Push ``claimed_until`` a whole claim ahead, if the claim is still ours."""
        guarded = (
            update(OutboxMessage)
            .where(OutboxMessage.id == self.message_id,
                   OutboxMessage.claimed_by == self.worker_id,
                   OutboxMessage.status == PENDING)
            .values(claimed_until=self.clock() + self.claim)
        )
        with self.engine.begin() as conn:
            ours = conn.execute(guarded).rowcount == 1
        if ours:
            self.renewals += 1
        return ours

    def run(self) -> None:
        interval = max(self.claim.total_seconds() / 3, 0.05)
        while not self._stop.wait(interval):
            try:
                if not self.renew():
                    self.lost = True
                    log.warning("outbox %d: claim lost during delivery", self.message_id)
                    return
            except Exception:  # the database hiccuped: try again at the next tick
                log.exception("outbox %d: could not renew the claim", self.message_id)

    def stop(self) -> None:
        self._stop.set()


@contextmanager
def renewing_claim(engine: Engine, message_id: int, worker_id: str, claim: timedelta,
                   clock: Callable[[], datetime] = utcnow) -> Iterator[ClaimRenewal]:
    """Keep ``worker_id``'s claim on the row alive while the block runs (a delivery).

    A socket timeout bounds each read, not a whole SMTP conversation: a server answering
    every step just in time can hold a delivery past any claim. A thread renews the claim
    every ``claim / 3`` on a connection of its own (the block may hold none, or be in the
    middle of a network call), and stops when the block ends, however it ends.
    """
    renewal = ClaimRenewal(engine, message_id, worker_id, claim, clock)
    thread = threading.Thread(target=renewal.run, name=f"outbox-claim-{message_id}",
                              daemon=True)
    thread.start()
    try:
        yield renewal
    finally:
        renewal.stop()
        # Not forever: a renewal stuck on a lock must not hold the worker. A late one is
        # harmless, its guard fails once the outcome is recorded (the claim is released).
        thread.join(timeout=max(claim.total_seconds() / 3, 1.0))
