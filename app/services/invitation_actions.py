"""What the hiring team can do to one invitation from its console page: send the email
again with a new link, move the expiry, cancel, reissue the results link, assign a
reviewer.

Each function checks the action is possible (raising :class:`ActionRefused`, whose
``reason`` the page words), changes the invitation, and records an InvitationEvent with
the member who acted; the caller commits once. Emails and webhooks go through the outbox
in the same transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import select

from app.database import DbSession
from app.domain import AttemptState
from app.models import Invitation, InvitationEvent, Role, User
from app.security import tokens
from app.security.results_links import results_url
from app.services import api_invitations
from app.services.invitations import candidate_link, queue_invitation_email

# The longest an expiry may be moved ahead of now (a link is not meant to live forever).
MAX_EXTENSION_DAYS = 365
REVIEWER_ROLES = (Role.REVIEWER.value, Role.ADMIN.value)

Reason = Literal["not_usable", "not_extendable", "expired_attempts", "not_in_future",
                 "too_far", "not_cancellable", "not_a_reviewer"]


class ActionRefused(ValueError):
    """The action cannot be done to this invitation now; ``reason`` says why."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(reason)
        self.reason: Reason = reason


def _record(session: DbSession, invitation: Invitation, kind: str, actor: User | None,
            now: datetime, detail: dict[str, Any] | None = None) -> None:
    session.add(InvitationEvent(invitation_id=invitation.id, kind=kind, occurred_at=now,
                                actor_id=actor.id if actor else None, detail=detail))


def resend_invitation(session: DbSession, invitation: Invitation, *, actor: User | None,
                      base_url: str, now: datetime) -> None:
    """Queue the invitation email again, with a NEW link: only the token's digest is
    stored, so the old link cannot be sent again; issuing a new one ends the old one.
    Raises ActionRefused("not_usable") for a cancelled, expired or finished invitation."""
    if not invitation.is_usable(now):
        raise ActionRefused("not_usable")
    token = tokens.issue_link_token()
    invitation.token_lookup = token.lookup_id
    invitation.token_digest = token.digest
    queue_invitation_email(session, invitation, candidate_link(base_url, token.value))
    _record(session, invitation, "resent", actor, now)


def extend_expiry(session: DbSession, invitation: Invitation, *, expires_at: datetime,
                  actor: User | None, now: datetime) -> None:
    """Move the expiry to ``expires_at`` (in the future, within MAX_EXTENSION_DAYS).

    Only while a test is still waiting to be started. A test the expiry job already
    marked expired stays so (app.domain.TRANSITIONS has no way back from ``expired``):
    such an invitation is refused with "expired_attempts", and the team invites again.
    The reminder may be sent again before the new expiry.
    """
    states = [AttemptState(attempt.state) for attempt in invitation.attempts]
    if invitation.cancelled_at is not None:
        raise ActionRefused("not_extendable")
    if AttemptState.EXPIRED in states:
        raise ActionRefused("expired_attempts")
    if AttemptState.NOT_STARTED not in states:
        raise ActionRefused("not_extendable")
    if expires_at <= now:
        raise ActionRefused("not_in_future")
    if expires_at > now + timedelta(days=MAX_EXTENSION_DAYS):
        raise ActionRefused("too_far")
    previous = invitation.expires_at
    invitation.expires_at = expires_at
    invitation.reminder_sent_at = None
    _record(session, invitation, "extended", actor, now,
            {"expires_at": expires_at.isoformat(), "previous": previous.isoformat()})


def cancel(session: DbSession, invitation: Invitation, *, actor: User | None,
           now: datetime) -> None:
    """Cancel as the public API's DELETE does (the link stops working; the API client's
    webhook hears ``invitation.cancelled``; Greenhouse's test_status says cancelled).
    Raises ActionRefused("not_cancellable") once every test is taken or it has ended."""
    try:
        api_invitations.cancel_invitation(session, invitation, now=now)
    except api_invitations.NotCancellable:
        raise ActionRefused("not_cancellable") from None
    _record(session, invitation, "cancelled", actor, now)


def reissue_results_link(session: DbSession, invitation: Invitation, *, actor: User | None,
                         base_url: str, now: datetime) -> str:
    """Raise the results link's version, so every earlier link stops opening the results,
    and return the new link (shown once; the signature is derived, not stored)."""
    invitation.results_link_version += 1
    _record(session, invitation, "results_link_reissued", actor, now,
            {"version": invitation.results_link_version})
    return results_url(base_url, invitation.public_id, invitation.results_link_version)


def assign_reviewer(session: DbSession, invitation: Invitation, reviewer: User | None, *,
                    actor: User | None, now: datetime) -> None:
    """Assign ``reviewer`` (None: nobody). Raises ActionRefused("not_a_reviewer") for a
    member of another organization, a deactivated one, or one who cannot grade."""
    if reviewer is not None and (reviewer.organization_id != invitation.organization_id
                                 or not reviewer.active or reviewer.role not in REVIEWER_ROLES):
        raise ActionRefused("not_a_reviewer")
    new_id = reviewer.id if reviewer else None
    if new_id == invitation.reviewer_id:
        return
    invitation.reviewer_id = new_id
    _record(session, invitation, "reviewer_assigned", actor, now, {"reviewer_id": new_id})


def can_cancel(invitation: Invitation) -> bool:
    return invitation.derived_status() not in api_invitations.NOT_CANCELLABLE


def can_extend(invitation: Invitation) -> bool:
    states = {AttemptState(attempt.state) for attempt in invitation.attempts}
    return (invitation.cancelled_at is None and AttemptState.EXPIRED not in states
            and AttemptState.NOT_STARTED in states)


def reviewer_choices(session: DbSession, organization_id: int) -> list[User]:
    """The organization's active members who may review, by email."""
    return list(session.scalars(select(User).where(
        User.organization_id == organization_id, User.active.is_(True),
        User.role.in_(REVIEWER_ROLES)).order_by(User.email)))


def find_invitation(session: DbSession, organization_id: int,
                    public_id: str) -> Invitation | None:
    """The organization's invitation ``public_id``, or None (another organization's too)."""
    if not 0 < len(public_id) <= 40:
        return None
    return session.scalar(select(Invitation).where(
        Invitation.public_id == public_id, Invitation.organization_id == organization_id))
