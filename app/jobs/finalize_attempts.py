"""Jobs that apply the clock to attempts nobody is looking at any more.

``run_once`` finalizes abandoned attempts: still in progress past their deadline plus the
answer grace (the candidate closed the page, or lost the connection for good). What was
saved is scored exactly as on submission (``completion.finalize_attempt``, reason
``timed_out``), so the hiring team and Greenhouse hear about it.

``expire_once`` marks not-started attempts of expired invitations ``expired``.

Each row is claimed in its own transaction (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite
serializes writers) and re-checked once locked, so two workers never finish the same
attempt twice, and one failing row never blocks the others.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from app.database import DbSession
from app.domain import InvitationStatus
from app.extensions import db
from app.models import Attempt, Invitation, utcnow
from app.models.attempt import IN_PROGRESS, NOT_STARTED
from app.services import api_events, clock, taking

log = logging.getLogger(__name__)

BATCH_SIZE = 100


def _locked(session: DbSession, attempt_id: int, state: str) -> Attempt | None:
    """The attempt, if still in ``state``, locked on PostgreSQL (skipped when another
    worker holds it)."""
    query = select(Attempt).where(Attempt.id == attempt_id, Attempt.state == state)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=Attempt)
    return session.scalar(query)


def credit_may_still_come(attempt: Attempt, now: datetime, grace: int) -> bool:
    """Whether a candidate who lost the connection may still come back with a creditable
    gap: the organization credits gaps and the attempt has budget left, so we wait that
    long past the deadline before closing it."""
    organization = attempt.invitation.organization
    budget = organization.max_gap_credit_seconds - attempt.credited_seconds
    if not organization.credit_connection_gaps or budget <= 0:
        return False
    assert attempt.deadline_at is not None
    return now <= attempt.deadline_at + timedelta(seconds=grace + budget)


def run_once(now: datetime | None = None) -> bool:
    """Finalize abandoned attempts past deadline + grace. Returns whether any was."""
    now = now or utcnow()
    grace = current_app.config["ANSWER_GRACE_SECONDS"]
    session = db.session
    due = session.scalars(
        select(Attempt.id)
        .where(Attempt.state == IN_PROGRESS,
               Attempt.deadline_at < now - timedelta(seconds=grace))
        .order_by(Attempt.deadline_at, Attempt.id)
        .limit(BATCH_SIZE)
    ).all()
    session.commit()
    finished = False
    for attempt_id in due:
        attempt = _locked(session, attempt_id, IN_PROGRESS)
        if attempt is None or credit_may_still_come(attempt, now, grace) or not (
                clock.test_time_is_up(attempt, now, grace)):
            session.rollback()
            continue
        try:
            taking.finalize(session, attempt, now, "timed_out")
            session.commit()
        except Exception:
            session.rollback()
            log.exception("could not finalize attempt %s", attempt_id)
            continue
        finished = True
    return finished


def expire_once(now: datetime | None = None) -> bool:
    """Mark not-started attempts of expired (not cancelled) invitations ``expired``.
    Returns whether any was."""
    now = now or utcnow()
    session = db.session
    due = session.scalars(
        select(Attempt.id).join(Invitation)
        .where(Attempt.state == NOT_STARTED, Invitation.expires_at <= now,
               Invitation.cancelled_at.is_(None))
        .order_by(Attempt.id).limit(BATCH_SIZE)
    ).all()
    session.commit()
    expired = False
    for attempt_id in due:
        attempt = _locked(session, attempt_id, NOT_STARTED)
        if attempt is not None:
            attempt.expire()
            expired = True
            invitation = attempt.invitation
            if invitation.derived_status() == InvitationStatus.EXPIRED:
                session.flush()  # its status becomes expired (app.models.changes)
                api_events.invitation_ended(session, invitation, "invitation.expired", now=now)
        session.commit()
    return expired
