"""Everything Assay stores about one candidate, for a data-subject access request
(``assay export-candidate EMAIL``).

What the candidate gave or did: their details on each invitation, the tests they were
sent, their answers, the timing and integrity signals recorded, the scores and the
reviewers' notes on their answers, and the emails addressed to them (the emails' bodies
are kept only encrypted and only until delivered, so not here). Other people's data is
left out: which team member graded or sent something is the team's, not the candidate's.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.database import DbSession
from app.models import (
    Attempt,
    AttemptEvent,
    Invitation,
    InvitationEvent,
    Organization,
    OutboxMessage,
    utcnow,
)


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def candidate_record(session: DbSession, email: str,
                     organization: Organization | None = None) -> dict[str, Any]:
    """The invitations of ``email`` (any letter case), in every organization or in
    ``organization`` only, with all that hangs off them, as JSON-ready data."""
    address = email.strip().lower()
    query = (select(Invitation)
             .where(func.lower(Invitation.candidate_email) == address)
             .options(selectinload(Invitation.attempts).selectinload(Attempt.responses),
                      selectinload(Invitation.organization))
             .order_by(Invitation.created_at, Invitation.id))
    if organization is not None:
        query = query.where(Invitation.organization_id == organization.id)
    invitations = session.scalars(query).all()
    return {"email": address, "exported_at": _time(utcnow()),
            "invitations": [_invitation(session, invitation) for invitation in invitations],
            "emails_sent": _emails(session, address, organization)}


def _invitation(session: DbSession, invitation: Invitation) -> dict[str, Any]:
    events = session.scalars(select(InvitationEvent)
                             .where(InvitationEvent.invitation_id == invitation.id)
                             .order_by(InvitationEvent.occurred_at)).all()
    return {
        "id": invitation.public_id,
        "organization": invitation.organization.name,
        "first_name": invitation.first_name, "last_name": invitation.last_name,
        "preferred_name": invitation.preferred_name, "email": invitation.candidate_email,
        "phone_number": invitation.phone_number, "gender": invitation.gender,
        "language": invitation.language, "extra_time_factor": invitation.extra_time_factor,
        "source": invitation.source, "resume_url": invitation.resume_url,
        "greenhouse_profile_url": invitation.greenhouse_profile_url,
        "notes": invitation.notes, "status": invitation.status,
        "sent_at": _time(invitation.created_at), "opened_at": _time(invitation.opened_at),
        "expires_at": _time(invitation.expires_at),
        "cancelled_at": _time(invitation.cancelled_at),
        "reminded_at": _time(invitation.reminder_sent_at),
        "history": [{"what": event.kind, "at": _time(event.occurred_at)} for event in events],
        "tests": [_attempt(session, attempt) for attempt in invitation.attempts],
    }


def _attempt(session: DbSession, attempt: Attempt) -> dict[str, Any]:
    signals = session.scalars(select(AttemptEvent).where(AttemptEvent.attempt_id == attempt.id)
                              .order_by(AttemptEvent.occurred_at)).all()
    return {
        "test": attempt.test.name, "test_id": attempt.test.slug,
        "test_version": attempt.test.version, "state": attempt.state,
        "started_at": _time(attempt.started_at), "finished_at": _time(attempt.finished_at),
        "finish_reason": attempt.finish_reason, "completed_at": _time(attempt.completed_at),
        "time_limit_seconds": attempt.time_limit_seconds,
        "credited_seconds": attempt.credited_seconds,
        "score_percent": attempt.score_percent, "passed": attempt.passed,
        "result": attempt.result, "integrity_summary": attempt.integrity,
        "answers": [{
            "question_id": response.question_id, "answer": response.answer,
            "flagged": response.flagged, "time_spent_ms": response.time_spent_ms,
            "saved_at": _time(response.saved_at), "points_given": response.manual_points,
            "points_per_criterion": response.criterion_points,
            "reviewer_note": response.grader_note, "graded_at": _time(response.graded_at),
        } for response in sorted(attempt.responses, key=lambda r: r.question_id)],
        "signals": [{"kind": event.kind, "at": _time(event.occurred_at), "data": event.data,
                     "detail": event.detail} for event in signals],
    }


def _emails(session: DbSession, address: str,
            organization: Organization | None) -> list[dict[str, Any]]:
    query = (select(OutboxMessage).where(func.lower(OutboxMessage.recipient) == address)
             .order_by(OutboxMessage.created_at, OutboxMessage.id))
    if organization is not None:
        query = query.where(OutboxMessage.organization_id == organization.id)
    return [{"kind": message.kind, "status": message.status,
             "queued_at": _time(message.created_at), "sent_at": _time(message.sent_at)}
            for message in session.scalars(query)]
