"""What the results page and commands read from the database."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from app.database import DbSession
from app.domain import AttemptState
from app.models import Attempt, AttemptEvent, Invitation
from app.results.charts import BINS
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


def score_distribution(session: DbSession, test_id: int) -> list[int]:
    """How many completed attempts of the test version ``test_id`` scored in each 10-point
    bin (0-9.99, ..., 90-100), in one grouped query. The bin is a CASE rather than
    FLOOR(score / 10): SQLite may lack FLOOR, and a CAST rounds on PostgreSQL."""
    score = Attempt.score_percent
    bin_ = case(*[(score < 10 * (n + 1), n) for n in range(BINS - 1)],
                else_=BINS - 1).label("bin")
    counts = [0] * BINS
    rows = session.execute(
        select(bin_, func.count()).where(Attempt.test_id == test_id,
                                         Attempt.state == AttemptState.COMPLETED,
                                         score.is_not(None))
        .group_by(bin_))
    for index, count in rows:
        counts[int(index)] = int(count)
    return counts


def invitation_report(session: DbSession, invitation: Invitation, *,
                      percentile_minimum: int, blind: bool = False) -> InvitationReport:
    """The invitation's report with its events, percentiles and score distributions;
    ``blind`` leaves out whatever identifies the candidate."""
    attempts = list(invitation.attempts)
    distributions = {a.id: score_distribution(session, a.test_id) for a in attempts
                     if a.state in (AttemptState.COMPLETED, AttemptState.AWAITING_REVIEW)}
    report = build_report(
        invitation, events=events_by_attempt(session, attempts),
        percentiles={a.id: percentile_of(session, a, minimum=percentile_minimum)
                     for a in attempts},
        distributions=distributions)
    return report.blinded() if blind else report
