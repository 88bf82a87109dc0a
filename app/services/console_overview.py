"""What the console's home page tells a member at a glance: how the organization's
invitations stand, what waits for a person to grade, and the latest results.

Two small aggregate queries and one short list, whatever the organization's size: the
counts come from ``invitation.status`` (kept current on every flush) through the
(organization_id, status) index.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.database import DbSession
from app.domain import AttemptState, InvitationStatus
from app.models import Attempt, Invitation, Role, User

RECENT_RESULTS = 8


@dataclass(frozen=True)
class RecentResult:
    invitation_public_id: str
    candidate_name: str
    test_names: list[str]  # in battery order
    score_percent: float | None  # the mean of the tests' scores
    passed: bool | None  # every test passed
    completed_at: datetime


@dataclass(frozen=True)
class Overview:
    by_status: dict[str, int]  # every InvitationStatus value, zero when none
    awaiting_grading: int  # tests whose essays wait for a person (the member's to grade)
    recent: list[RecentResult]  # newest first; empty for reviewers (grading is blind)

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


def overview(session: DbSession, member: User) -> Overview:
    """The home page's figures for ``member``'s organization (a reviewer's grading count
    is of the invitations assigned to them)."""
    organization_id = member.organization_id
    rows = session.execute(select(Invitation.status, func.count())
                           .where(Invitation.organization_id == organization_id)
                           .group_by(Invitation.status))
    counts: dict[str, int] = {row[0]: row[1] for row in rows}
    by_status = {status.value: counts.get(status.value, 0) for status in InvitationStatus}

    waiting = (select(func.count()).select_from(Attempt)
               .join(Invitation, Invitation.id == Attempt.invitation_id)
               .where(Invitation.organization_id == organization_id,
                      Attempt.state == AttemptState.AWAITING_REVIEW.value))
    if member.role == Role.REVIEWER:
        waiting = waiting.where(Invitation.reviewer_id == member.id)
    awaiting_grading = session.scalar(waiting) or 0

    recent: list[RecentResult] = []
    if member.role != Role.REVIEWER:
        # The newest completed invitations, through the (organization_id, updated_at)
        # index: an invitation's updated_at moves when it completes.
        invitations = session.scalars(
            select(Invitation)
            .where(Invitation.organization_id == organization_id,
                   Invitation.status == InvitationStatus.COMPLETED.value)
            .order_by(Invitation.updated_at.desc(), Invitation.id.desc())
            .limit(RECENT_RESULTS)
            .options(selectinload(Invitation.attempts).joinedload(Attempt.test))).all()
        recent = [_recent(invitation) for invitation in invitations]
    return Overview(by_status=by_status, awaiting_grading=awaiting_grading, recent=recent)


def _recent(invitation: Invitation) -> RecentResult:
    attempts = invitation.attempts
    passed = [attempt.passed for attempt in attempts if attempt.passed is not None]
    ends = [attempt.completed_at for attempt in attempts if attempt.completed_at is not None]
    return RecentResult(
        invitation_public_id=invitation.public_id, candidate_name=invitation.display_name,
        test_names=[attempt.test.name for attempt in attempts],
        score_percent=invitation.score_percent, passed=all(passed) if passed else None,
        completed_at=max(ends) if ends else invitation.updated_at)
