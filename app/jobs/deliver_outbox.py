"""The job that delivers outbox rows: claim a batch, hand each row to its kind's handler,
record each outcome in its own transaction (one bad row never blocks or loses the others).
"""

from __future__ import annotations

import logging
import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app

from app.database import DbSession
from app.extensions import db
from app.jobs.claim import claim_batch, new_worker_id, renewing_claim, take_if_ours
from app.jobs.delivery import HANDLERS, OUTBOX_ID
from app.jobs.errors import DeliveryError
from app.models import utcnow
from app.models.outbox import FAILED, BodyDropped

log = logging.getLogger(__name__)

FIRST_RETRY_SECONDS = 30
MAX_RETRY_SECONDS = 3600
JITTER = 0.2  # +-20 %, so rows that failed together do not all come back together
MIN_RETRY_AFTER_SECONDS = 1
MAX_RETRY_AFTER_SECONDS = 24 * 3600  # a receiver asking for longer gets a try a day

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

    ``now`` pins the clock (tests); by default each step reads the current time. An
    unexpected error on one row is logged and leaves that row to be tried again once its
    claim expires; the rest of the batch goes on.
    """
    session = db.session()  # this app context's session itself, not the scoped proxy
    worker_id = worker_id or WORKER_ID
    config = current_app.config
    claim_seconds = config["OUTBOX_CLAIM_SECONDS"]
    claim = timedelta(seconds=claim_seconds)

    def clock() -> datetime:
        return now or utcnow()

    ids = claim_batch(session, worker_id=worker_id, now=clock(),
                      limit=config["OUTBOX_BATCH_SIZE"], claim_seconds=claim_seconds)
    for message_id in ids:
        try:
            deliver(session, message_id, worker_id, claim, clock)
        except Exception:
            session.rollback()
            log.exception("outbox %d: unexpected error; it will be tried again once its "
                          "claim expires", message_id)
    return bool(ids)


def deliver(session: DbSession, message_id: int, worker_id: str, claim: timedelta,
            clock: Callable[[], datetime]) -> None:
    """Send one claimed row and record the outcome (each in its own transaction)."""
    # Renew the claim for this row's own delivery (a slow batch must not let it expire
    # before we start), and read what to send; then no transaction stays open while we send.
    message = take_if_ours(session, message_id, worker_id, clock() + claim)
    if message is None:
        log.warning("outbox %d: claim lost before sending; left to its new worker", message_id)
        return
    kind = message.kind
    try:
        payload = message.open_payload()
    except (BodyDropped, ValueError) as error:
        session.commit()
        # A wrong ENCRYPTION_KEY on this worker (ValueError) may be right on another.
        unreadable = DeliveryError(f"cannot read the message body: {error}",
                                   retryable=not isinstance(error, BodyDropped))
        record(session, message_id, worker_id, Outcome(error=unreadable), clock())
        return
    session.commit()
    # The row's id rides along with the body (an email's stable Message-ID is made of it).
    with renewing_claim(db.engine, message_id, worker_id, claim, clock):
        outcome = try_delivery(kind, {**payload, OUTBOX_ID: message_id})
    session.rollback()  # end any read a handler began, so the record starts afresh
    record(session, message_id, worker_id, outcome, clock())


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


def record(session: DbSession, message_id: int, worker_id: str, outcome: Outcome,
           now: datetime) -> bool:
    """Write one delivery's outcome and commit. Returns False (writing nothing) when the
    claim is no longer ours: another worker re-claimed the row and will record it.

    Never raises: when writing the outcome fails unexpectedly, the row is scheduled for a
    retry instead (or, if even that fails, left for its claim to expire).
    """
    try:
        return _write(session, message_id, worker_id, outcome, now)
    except Exception as crash:
        session.rollback()
        log.exception("outbox %d: could not record its outcome; scheduling a retry",
                      message_id)
        return _retry_after_crash(session, message_id, worker_id, outcome, now, crash)


def _write(session: DbSession, message_id: int, worker_id: str, outcome: Outcome,
           now: datetime) -> bool:
    message = take_if_ours(session, message_id, worker_id, now)
    if message is None:
        log.warning("outbox %d: claim lost while sending; outcome not recorded", message_id)
        return False
    error = outcome.error
    if error is None:
        message.mark_sent(now, outcome.transport or "unknown")
        log.info("outbox %d (%s) sent via %s", message_id, message.kind, message.transport)
    elif not error.retryable:
        message.mark_failed(error.message, now)
        log.info("outbox %d (%s) failed for good: %s", message_id, message.kind, error.message)
    else:
        if error.retry_after is not None:
            delay = retry_after_delay(error.retry_after, now, message.give_up_at)
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


def _retry_after_crash(session: DbSession, message_id: int, worker_id: str, outcome: Outcome,
                       now: datetime, crash: Exception) -> bool:
    what = "sent" if outcome.error is None else outcome.error.message
    try:
        message = take_if_ours(session, message_id, worker_id, now)
        if message is None:
            return False
        message.mark_retry(now, f"could not record the outcome ({what}): "
                                f"{type(crash).__name__}: {crash}",
                           retry_delay(message.attempt_count))
        session.commit()
        return True
    except Exception:
        session.rollback()
        log.exception("outbox %d: could not schedule a retry either; it will be tried again "
                      "once its claim expires", message_id)
        return False


def retry_after_delay(retry_after: float, now: datetime, give_up_at: datetime) -> timedelta:
    """The wait a receiver asked for (Retry-After), made safe: at least a second, at most
    MAX_RETRY_AFTER_SECONDS, and never past the give-up time (so the row gets a last try
    then rather than failing now). Any number is accepted, however large or odd."""
    seconds = retry_after if math.isfinite(retry_after) else MAX_RETRY_AFTER_SECONDS
    seconds = min(max(seconds, MIN_RETRY_AFTER_SECONDS), MAX_RETRY_AFTER_SECONDS)
    left = (give_up_at - now).total_seconds()
    return timedelta(seconds=min(seconds, max(left, MIN_RETRY_AFTER_SECONDS)))
