"""Keep ``Invitation.status`` and ``updated_at`` current whenever a flush changes what the
public API shows of an invitation: its cancellation or a test's state or result.

One listener on every ORM session, so no code path that moves an attempt (the candidate
pages, the worker's jobs, grading) has to remember it. Attempt state never changes
through Core statements (the candidate's quick saves only touch answers and clocks).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from app.models.attempt import Attempt
from app.models.base import utcnow
from app.models.invitation import Invitation

# What the API's representation of an invitation shows; a change of another column
# (a heartbeat, the current question) is no news to an integrator.
_ATTEMPT_FIELDS = ("state", "score_percent", "passed", "started_at", "finished_at",
                   "completed_at")
_INVITATION_FIELDS = ("cancelled_at", "expires_at")


def _changed(instance: Any, fields: tuple[str, ...]) -> bool:
    attributes = inspect(instance).attrs
    return any(attributes[name].history.has_changes() for name in fields)


@event.listens_for(Session, "before_flush")
def _note_invitation_changes(session: Session, flush_context: Any, instances: Any) -> None:
    touched: dict[int, Invitation] = {}
    for instance in (*session.new, *session.dirty):
        invitation = None
        if isinstance(instance, Invitation):
            if instance in session.new or _changed(instance, _INVITATION_FIELDS):
                invitation = instance
        elif isinstance(instance, Attempt) and (
                instance in session.new or _changed(instance, _ATTEMPT_FIELDS)):
            invitation = instance.invitation
        if invitation is not None:
            touched[id(invitation)] = invitation
    if touched:
        now = utcnow()
        for invitation in touched.values():
            invitation.note_change(now)
