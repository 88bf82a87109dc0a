"""What a candidate's emailed link opens: the landing page, "submitted on", or nothing.

Opening the landing page records the first opening (``Invitation.opened_at``) for the
team's history. It is the one write a GET makes, and a harmless one (STYLE habit 7: a
mail scanner opening the link changes no state the candidate depends on): a single
conditional UPDATE, so a page opened twice at once records the first time only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from app.database import DbSession, rowcount
from app.models import Invitation
from app.services.invitations import find_by_token
from app.services.receipts import submitted_at


@dataclass(frozen=True)
class OpenedLink:
    invitation: Invitation
    # Set when every test is finished: the page says when, instead of the landing page.
    submitted_at: datetime | None = None


def record_opening(session: DbSession, invitation: Invitation, now: datetime) -> bool:
    """Set ``opened_at`` unless it is set; returns whether this call set it (the caller
    commits)."""
    if invitation.opened_at is not None:
        return False
    recorded = rowcount(session.execute(
        update(Invitation).where(Invitation.id == invitation.id, Invitation.opened_at.is_(None))
        .values(opened_at=now).execution_options(synchronize_session=False))) == 1
    if recorded:
        set_committed_value(invitation, "opened_at", now)
    return recorded


def open_link(session: DbSession, token: str, now: datetime) -> OpenedLink | None:
    """What ``token`` opens now: its usable invitation (first opening recorded), its
    finished one (with when it was submitted), or None for every other link (unknown,
    expired or cancelled: the caller shows one neutral page, never saying which)."""
    invitation = find_by_token(session, token)
    if invitation is None:
        return None
    if invitation.is_usable(now):
        record_opening(session, invitation, now)
        return OpenedLink(invitation)
    when = submitted_at(invitation)
    return OpenedLink(invitation, when) if when is not None else None
