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

from app.database import DbSession
from app.domain import AttemptState, InvitationStatus
from app.models import Attempt, Invitation, Role, Test, User

RECENT_RESULTS = 8


@dataclass(frozen=True)
class RecentResult:
    invitation_public_id: str
    candidate_name: str
    test_name: str
    score_percent: float | None
    passed: bool | None
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
        # The newest results first, walking the completed_at index backwards.
        rows = session.execute(
            select(Invitation.public_id, Invitation.first_name, Invitation.last_name,
                   Invitation.preferred_name, Test.name, Attempt.score_percent,
                   Attempt.passed, Attempt.completed_at)
            .join(Invitation, Invitation.id == Attempt.invitation_id)
            .join(Test, Test.id == Attempt.test_id)
            .where(Invitation.organization_id == organization_id,
                   Attempt.completed_at.is_not(None))
            .order_by(Attempt.completed_at.desc(), Attempt.id.desc())
            .limit(RECENT_RESULTS))
        recent = [RecentResult(
            invitation_public_id=row.public_id,
            candidate_name=row.preferred_name or f"{row.first_name} {row.last_name}".strip(),
            test_name=row.name, score_percent=row.score_percent, passed=row.passed,
            completed_at=row.completed_at) for row in rows]
    return Overview(by_status=by_status, awaiting_grading=awaiting_grading, recent=recent)

