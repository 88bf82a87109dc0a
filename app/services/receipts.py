"""The candidate's side of finishing: the submission receipt, and "submitted on".

A candidate who finished every test of their invitation gets one short email saying
their answers arrived (no score: the hiring team chooses what to share), and their link,
opened again, says when they submitted instead of a page that looks like an error.
"""

from __future__ import annotations

from datetime import datetime

from app.database import DbSession
from app.domain import AttemptState
from app.models import Invitation
from app.services.invitations import queue_candidate_email


def submitted_at(invitation: Invitation) -> datetime | None:
    """When the candidate finished their last test, once every test of the invitation is
    finished (submitted or out of time; a person may still grade); else None. A
    cancelled invitation has none: its link shows the neutral page."""
    if invitation.cancelled_at is not None:
        return None
    attempts = [a for a in invitation.attempts if a.state != AttemptState.CANCELLED]
    if not attempts or not all(AttemptState(a.state).finished for a in attempts):
        return None
    return max(a.finished_at for a in attempts if a.finished_at is not None)


def queue_receipt_if_done(session: DbSession, invitation: Invitation) -> bool:
    """Queue the receipt when every test is now finished; returns whether it did.

    Called once per attempt, right after it finishes (app.services.completion): an
    attempt finishes only once, so only the last one to finish queues the receipt, and a
    regrade (which finishes nothing) never does.
    """
    when = submitted_at(invitation)
    if when is None:
        return False
    queue_candidate_email(session, invitation, "submission_receipt", {
        "test_names": [attempt.test.name for attempt in invitation.attempts
                       if attempt.state != AttemptState.CANCELLED],
        "submitted_at": when.isoformat(),
    })
    return True
