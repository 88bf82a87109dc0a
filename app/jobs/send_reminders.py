"""The job that reminds candidates who have not started, once, before their link expires.

For each organization with ``reminder_hours_before`` set, an invitation is due when it is
not cancelled, not reminded yet, has no started test (and one still to start), and
expires within that many hours but has not expired. Each is claimed by one conditional
UPDATE (``... WHERE reminder_sent_at IS NULL``) in its own transaction, together with its
email and its "reminded" event: two workers that both chose it send one reminder, since
the second one's UPDATE matches no row.

The reminder carries no link: only the token's digest is stored, and issuing a new token
would break the link in the invitation email the candidate may still have open. It tells
them where that link is (the invitation from the organization, sent on its date) and
until when it works; docs/operations.md, "Reminders before expiry".
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import exists, func, select, update

from app.database import DbSession, rowcount
from app.domain import AttemptState
from app.extensions import db
from app.models import Attempt, Invitation, InvitationEvent, Organization, utcnow
from app.services.invitations import queue_candidate_email

log = logging.getLogger(__name__)

BATCH_SIZE = 100
STARTED = tuple(state.value for state in AttemptState if state.started)


def due_invitation_ids(session: DbSession, now: datetime, limit: int = BATCH_SIZE) -> list[int]:
    """The invitations a reminder is due for now, soonest expiry first."""
    organizations = session.execute(
        select(Organization.id, Organization.reminder_hours_before)
        .where(Organization.reminder_hours_before.is_not(None))).all()
    due: list[int] = []
    for organization_id, hours in organizations:
        if hours is None:  # not selected; says so to the type checker
            continue
        unstarted = exists().where(Attempt.invitation_id == Invitation.id,
                                   Attempt.state == AttemptState.NOT_STARTED.value)
        started = exists().where(Attempt.invitation_id == Invitation.id,
                                 Attempt.state.in_(STARTED))
        due += session.scalars(
            select(Invitation.id)
            .where(Invitation.organization_id == organization_id,
                   Invitation.cancelled_at.is_(None),
                   Invitation.reminder_sent_at.is_(None),
                   Invitation.expires_at > now,
                   Invitation.expires_at <= now + timedelta(hours=hours),
                   unstarted, ~started)
            .order_by(Invitation.expires_at, Invitation.id)
            .limit(limit - len(due))).all()
        if len(due) >= limit:
            break
    return due


def claim(session: DbSession, invitation_id: int, now: datetime) -> bool:
    """Mark the invitation reminded, unless another worker did first (or it was cancelled
    meanwhile). The caller commits, with the reminder, or rolls back."""
    return rowcount(session.execute(
        update(Invitation)
        .where(Invitation.id == invitation_id, Invitation.reminder_sent_at.is_(None),
               Invitation.cancelled_at.is_(None))
        .values(reminder_sent_at=now)
        .execution_options(synchronize_session=False))) == 1


def last_invited_at(session: DbSession, invitation: Invitation) -> datetime:
    """When the candidate got their latest invitation email: a resend (from the console)
    sends a new one, with a new link, and the reminder must point to that one."""
    resent = session.scalar(select(func.max(InvitationEvent.occurred_at)).where(
        InvitationEvent.invitation_id == invitation.id, InvitationEvent.kind == "resent"))
    return max(invitation.created_at, resent) if resent is not None else invitation.created_at


def queue_reminder(session: DbSession, invitation: Invitation, now: datetime) -> None:
    """The reminder email and the "reminded" event (the caller commits)."""
    queue_candidate_email(session, invitation, "invitation_reminder", {
        "test_names": [attempt.test.name for attempt in invitation.attempts
                       if attempt.state == AttemptState.NOT_STARTED],
        "invited_at": last_invited_at(session, invitation).isoformat(),
        "expires_at": invitation.expires_at.isoformat(),
    })
    session.add(InvitationEvent(invitation_id=invitation.id, kind="reminded",
                                occurred_at=now,
                                detail={"expires_at": invitation.expires_at.isoformat()}))


def remind(session: DbSession, invitation_id: int, now: datetime) -> bool:
    """Claim one invitation and queue its reminder, in one transaction; returns whether
    this call sent it."""
    if not claim(session, invitation_id, now):
        session.rollback()
        return False
    invitation = session.get(Invitation, invitation_id, populate_existing=True)
    assert invitation is not None  # the UPDATE just matched it
    queue_reminder(session, invitation, now)
    session.commit()
    return True


def run_once(now: datetime | None = None) -> bool:
    """Queue the reminders due now. Returns whether any was."""
    now = now or utcnow()
    session = db.session
    due = due_invitation_ids(session, now)
    session.commit()
    sent = False
    for invitation_id in due:
        try:
            sent = remind(session, invitation_id, now) or sent
        except Exception:
            session.rollback()
            log.exception("could not remind invitation %s", invitation_id)
    return sent
