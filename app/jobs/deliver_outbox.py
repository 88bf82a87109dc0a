"""The job that delivers outbox rows: claim a batch, hand each row to its kind's handler,
record each outcome in its own transaction (one bad row never blocks or loses the others).
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy.orm import Session

from app.extensions import db
from app.jobs.claim import claim_batch, new_worker_id, take_if_ours
from app.jobs.delivery import HANDLERS
from app.jobs.errors import DeliveryError
from app.models import utcnow
from app.models.outbox import FAILED

log = logging.getLogger(__name__)

FIRST_RETRY_SECONDS = 30
MAX_RETRY_SECONDS = 3600
JITTER = 0.2  # +-20 %, so rows that failed together do not all come back together
MIN_RETRY_AFTER_SECONDS = 1

# One id per worker process; a restarted process is a new worker.
WORKER_ID = new_worker_id()


@dataclass(frozen=True)
class Outcome:
    """What one delivery try came to: a transport when sent, else the error."""

    transport: str | None = None
    error: DeliveryError | None = None


def retry_delay(tries_before: int, rng: random.Random | None = None) -> timedelta:
    """30 s x 2^n (n = earlier tries), +-20 % jitter, at most an hour."""
    base = FIRST_RETRY_SECONDS * 2 ** min(tries_before, 20)
    jittered = base * (rng or random).uniform(1 - JITTER, 1 + JITTER)
    return timedelta(seconds=min(jittered, MAX_RETRY_SECONDS))


def run_once(now: datetime | None = None, worker_id: str | None = None) -> bool:
    """Deliver one batch of due rows. Returns whether any row was claimed.

    ``now`` pins the clock (tests); by default each step reads the current time.
    """
    session = db.session()  # this app context's session itself, not the scoped proxy
    worker_id = worker_id or WORKER_ID
    config = current_app.config
    claim_seconds = config["OUTBOX_CLAIM_SECONDS"]

    def clock() -> datetime:
        return now or utcnow()

    ids = claim_batch(session, worker_id=worker_id, now=clock(),
                      limit=config["OUTBOX_BATCH_SIZE"], claim_seconds=claim_seconds)
    for message_id in ids:
        # Renew the claim for this row's own delivery (a slow batch must not let it expire
        # mid-send), and read what to send; then no transaction stays open while we send.
        message = take_if_ours(session, message_id, worker_id,
                               clock() + timedelta(seconds=claim_seconds))
        if message is None:
            log.warning("outbox %d: claim lost before sending; left to its new worker",
                        message_id)
            continue
        kind, payload = message.kind, dict(message.payload)
        session.commit()
        outcome = try_delivery(kind, payload)
        session.rollback()  # end any read a handler began, so the record starts afresh
        record(session, message_id, worker_id, outcome, clock())
    return bool(ids)


def try_delivery(kind: str, payload: dict[str, Any]) -> Outcome:
    """Run the handler for ``kind``; never raises."""
    handler = HANDLERS.get(kind)
    if handler is None:
        return Outcome(error=DeliveryError(f"no handler for kind {kind!r}", retryable=False))
    try:
        return Outcome(transport=handler(payload))
    except DeliveryError as error:
        return Outcome(error=error)
    except Exception as error:  # a bug or an unforeseen failure: keep the row, retry later
        log.exception("outbox handler %r raised unexpectedly", kind)
        return Outcome(error=DeliveryError(f"{type(error).__name__}: {error}"))


def record(session: Session, message_id: int, worker_id: str, outcome: Outcome,
           now: datetime) -> bool:
    """Write one delivery's outcome and commit. Returns False (writing nothing) when the
    claim is no longer ours: another worker re-claimed the row and will record it."""
    message = take_if_ours(session, message_id, worker_id, now)
    if message is None:
        log.warning("outbox %d: claim lost while sending; outcome not recorded", message_id)
        return False
    error = outcome.error
    if error is None:
        message.mark_sent(now, outcome.transport or "unknown")
        log.info("outbox %d (%s) sent via %s", message_id, message.kind, message.transport)
    elif not error.retryable:
        message.mark_failed(error.message)
        log.info("outbox %d (%s) failed for good: %s", message_id, message.kind, error.message)
    else:
        if error.retry_after is not None:
            delay = timedelta(seconds=max(error.retry_after, MIN_RETRY_AFTER_SECONDS))
        else:
            delay = retry_delay(message.attempt_count)
        message.mark_retry(now, error.message, delay)
        if message.status == FAILED:
            log.info("outbox %d (%s) gave up after %d tries: %s", message_id, message.kind,
                     message.attempt_count, error.message)
        else:
            log.info("outbox %d (%s) will retry at %s: %s", message_id, message.kind,
                     message.next_attempt_at.isoformat(timespec="seconds"), error.message)
    session.commit()
    return True
