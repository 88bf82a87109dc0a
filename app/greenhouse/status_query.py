"""The one query behind test_status: an invitation's attempts, their tests, percentiles.

Greenhouse polls test_status for every candidate in flight, so this is the API's hot
path: a statement built once from table columns (plain Core: no ORM entities to load)
and one round trip per call. Nothing here is cached; every call reads the database, so
the answer right after our PATCH is already the final one.
"""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.engine import Connection

from app.database import DbSession
from app.greenhouse.status import AttemptFacts, InvitationFacts, TestFacts
from app.models import Attempt, Invitation, Test
from app.scoring.records import ScoreRecord
from app.services.integrity_records import IntegrityRecord
from app.services.percentiles import Rank, rank_columns, rank_from_counts

_INVITATION = Invitation.__table__.c
_ATTEMPT = Attempt.__table__.c
_TEST = Test.__table__.c


_STATUS_QUERY = (
    select(_INVITATION.public_id, _INVITATION.expires_at, _INVITATION.cancelled_at,
           _INVITATION.extra_time_factor, _INVITATION.results_link_version,
           _ATTEMPT.id.label("attempt_id"), _ATTEMPT.state, _ATTEMPT.started_at,
           _ATTEMPT.finished_at, _ATTEMPT.time_limit_seconds.label("attempt_time_limit"),
           _ATTEMPT.score_percent, _ATTEMPT.passed, _ATTEMPT.result, _ATTEMPT.integrity,
           _TEST.slug, _TEST.version, _TEST.name, _TEST.time_limit_seconds.label("test_time_limit"),
           *rank_columns())
    .select_from(
        Invitation.__table__
        .join(Attempt.__table__, _ATTEMPT.invitation_id == _INVITATION.id)
        .join(Test.__table__, _TEST.id == _ATTEMPT.test_id))
    .where(_INVITATION.public_id == bindparam("public_id"),
           _INVITATION.organization_id == bindparam("organization_id"))
    .order_by(_ATTEMPT.position)
)


def load_status_facts(session: DbSession | Connection, organization_id: int, public_id: str,
                      min_candidates: int) -> InvitationFacts | None:
    """What test_status needs about the organization's invitation ``public_id``, in one
    query: its attempts, their tests, and each completed attempt's percentile counts.
    None for an unknown id or another organization's (indistinguishable to the caller).

    The percentile is app.services.percentiles' (the percent of the other completed
    attempts of the same test version scoring lower, ties counted half); it is None
    while fewer than ``min_candidates`` completed attempts (this one included) exist.
    The counts come from the index, so no score is loaded.
    """
    rows = session.execute(_STATUS_QUERY, {"public_id": public_id,
                                           "organization_id": organization_id}).all()
    if not rows:
        return None
    first = rows[0]
    return InvitationFacts(
        public_id=first.public_id, expires_at=first.expires_at,
        cancelled_at=first.cancelled_at, extra_time_factor=first.extra_time_factor,
        results_link_version=first.results_link_version,
        attempts=tuple(AttemptFacts(
            id=row.attempt_id, state=row.state, started_at=row.started_at,
            finished_at=row.finished_at, time_limit_seconds=row.attempt_time_limit,
            score_percent=row.score_percent, passed=row.passed,
            result=ScoreRecord.read(row.result), integrity=IntegrityRecord.read(row.integrity),
            test=TestFacts(slug=row.slug, version=row.version, name=row.name,
                           time_limit_seconds=row.test_time_limit),
            percentile=_percent(rank_from_counts(
                row.completed_total, row.scored_lower, row.scored_same, min_candidates)),
        ) for row in rows),
    )


def _percent(rank: Rank | None) -> float | None:
    return None if rank is None else rank.percent
