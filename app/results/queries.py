"""What the results page and commands read from the database."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.database import DbSession
from app.domain import AttemptState
from app.models import Attempt, AttemptEvent, Invitation
from app.results.report import InvitationReport, Percentile, build_report
from app.services.percentiles import rank_of


def load_invitation(session: DbSession, public_id: str) -> Invitation | None:
    """The invitation with its attempts, their tests and responses loaded in a few queries."""
    return session.scalar(
        select(Invitation).where(Invitation.public_id == public_id).options(
            selectinload(Invitation.attempts).selectinload(Attempt.test),
            selectinload(Invitation.attempts).selectinload(Attempt.responses),
            selectinload(Invitation.organization),
        ))


def find_attempt(session: DbSession, public_id: str) -> Attempt | None:
    return session.scalar(select(Attempt).where(Attempt.public_id == public_id))


def events_by_attempt(session: DbSession,
                      attempts: Sequence[Attempt]) -> dict[int, list[AttemptEvent]]:
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


def percentile_of(session: DbSession, attempt: Attempt, *, minimum: int) -> Percentile | None:
    """Where a completed attempt ranks among the other completed attempts of its test
    version, or None while fewer than ``minimum`` completed attempts exist (this one
    included): app.services.percentiles, as Greenhouse's test_status reads it."""
    if attempt.state != AttemptState.COMPLETED or attempt.score_percent is None:
        return None
    rank = rank_of(session, attempt.id, minimum)
    return None if rank is None else Percentile(rank=rank.percent, candidates=rank.others)


def invitation_report(session: DbSession, invitation: Invitation, *,
                      percentile_minimum: int) -> InvitationReport:
    attempts = list(invitation.attempts)
    return build_report(
        invitation, events=events_by_attempt(session, attempts),
        percentiles={a.id: percentile_of(session, a, minimum=percentile_minimum)
                     for a in attempts})
