"""Where a completed attempt ranks among the other completed attempts of its test version:
the counts, from the database's index, and the rank, by app.domain.percentile.

One query shape serves Greenhouse's test_status (every poll, so no score is loaded: the
counts are index-only on ix_attempt_test_state_score) and the results page, so a recruiter
reads the same figure in both places.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, select

from app.database import DbSession
from app.domain import AttemptState, percentile
from app.models import Attempt

_ATTEMPT = Attempt.__table__.c
COMPLETED = AttemptState.COMPLETED.value


@dataclass(frozen=True)
class Rank:
    percent: float  # 0..100: the share of the others below, ties counted half
    others: int  # how many other completed attempts it is compared with


def _completed_count(condition: Any = None) -> Any:
    """A scalar subquery counting completed attempts of the outer row's test version
    (meeting ``condition``)."""
    others = Attempt.__table__.alias("others")
    query = select(func.count()).select_from(others).where(
        others.c.test_id == _ATTEMPT.test_id, others.c.state == COMPLETED)
    if condition is not None:
        query = query.where(condition(others.c))
    return query.correlate(Attempt.__table__).scalar_subquery()


def rank_columns() -> list[Any]:
    """Columns for a query over ``attempt`` rows: ``completed_total`` (this one included),
    ``scored_lower`` and ``scored_same`` (this one included), NULL unless completed."""
    # Correlated subqueries rather than one LATERAL scan: SQLite (the test suite's and
    # small installs' database) has no LATERAL.
    completed = _ATTEMPT.state == COMPLETED
    return [
        case((completed, _completed_count()), else_=None).label("completed_total"),
        case((completed, _completed_count(lambda o: o.score_percent < _ATTEMPT.score_percent)),
             else_=None).label("scored_lower"),
        case((completed, _completed_count(lambda o: o.score_percent == _ATTEMPT.score_percent)),
             else_=None).label("scored_same"),
    ]


def rank_from_counts(total: int | None, lower: int | None, same: int | None,
                     min_candidates: int) -> Rank | None:
    """The rank from :func:`rank_columns`' counts; None while fewer than
    ``min_candidates`` completed attempts (this one included) exist, or it is not one."""
    if total is None or lower is None or same is None:
        return None
    others = total - 1
    percent = percentile(lower, max(0, same - 1), others,
                         minimum_others=max(min_candidates - 1, 1))
    return None if percent is None else Rank(percent=percent, others=others)


def rank_of(session: DbSession, attempt_id: int, min_candidates: int) -> Rank | None:
    """The rank of the attempt ``attempt_id``, or None (see :func:`rank_from_counts`)."""
    row = session.execute(select(*rank_columns()).where(_ATTEMPT.id == attempt_id)).one_or_none()
    if row is None:
        return None
    return rank_from_counts(row.completed_total, row.scored_lower, row.scored_same,
                            min_candidates)
