"""What the results page and commands read from the database."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import Attempt, AttemptEvent, Invitation
from app.models.attempt import COMPLETED
from app.results.report import InvitationReport, Percentile, build_report
from app.scoring import percentile_rank


def load_invitation(session: Session, public_id: str) -> Invitation | None:
    """The invitation with its attempts, their tests and responses loaded in a few queries."""
    return session.scalar(
        select(Invitation).where(Invitation.public_id == public_id).options(
            selectinload(Invitation.attempts).selectinload(Attempt.test),
            selectinload(Invitation.attempts).selectinload(Attempt.responses),
            selectinload(Invitation.organization),
        ))


def find_attempt(session: Session, public_id: str) -> Attempt | None:
    return session.scalar(select(Attempt).where(Attempt.public_id == public_id))


def events_by_attempt(session: Session, attempts: Sequence[Attempt]) -> dict[int, list[AttemptEvent]]:
    """Each attempt's events, oldest first (served by ix_attempt_event_attempt_time)."""
    grouped: dict[int, list[AttemptEvent]] = defaultdict(list)
    ids = [attempt.id for attempt in attempts]
    if not ids:
        return grouped
    rows = session.scalars(select(AttemptEvent).where(AttemptEvent.attempt_id.in_(ids))
                           .order_by(AttemptEvent.occurred_at, AttemptEvent.id))
    for event in rows:
        grouped[event.attempt_id].append(event)
    return grouped


def peer_scores(session: Session, attempt: Attempt) -> list[float]:
    """Final scores of the other completed attempts of the same test version: the same
    questions and scoring, so the scores compare."""
    return list(session.scalars(
        select(Attempt.score_percent).where(
            Attempt.test_id == attempt.test_id, Attempt.state == COMPLETED,
            Attempt.id != attempt.id, Attempt.score_percent.is_not(None))))


def percentile_of(session: Session, attempt: Attempt, *, minimum: int) -> Percentile | None:
    """Where a completed attempt ranks among the other completed attempts of its test
    version, or None while fewer than ``minimum`` completed attempts exist (this one
    included) -- the rule the Greenhouse test_status percentile follows too, so the
    recruiter reads the same figure in both places."""
    if attempt.state != COMPLETED or attempt.score_percent is None:
        return None
    others = peer_scores(session, attempt)
    rank = percentile_rank(attempt.score_percent, others, minimum=max(minimum - 1, 1))
    return None if rank is None else Percentile(rank=rank, candidates=len(others))


def invitation_report(session: Session, invitation: Invitation, *,
                      percentile_minimum: int) -> InvitationReport:
    attempts = list(invitation.attempts)
    return build_report(
        invitation, events=events_by_attempt(session, attempts),
        percentiles={a.id: percentile_of(session, a, minimum=percentile_minimum)
                     for a in attempts})
