"""The console's list of an organization's invitations: filters, search, sorting, pages,
and the same selection streamed for the CSV export.

Pure: explicit filter values in (:class:`InvitationFilter`), rows out; no request. Every
query is scoped to one organization and starts from the (organization_id, status /
score_percent / created_at) indexes. A page is three statements whatever its size: the
count (or, when a search or a test filter makes PostgreSQL read the whole selection
anyway, the page's ids with the total counted in the same scan), the page's invitations,
and their attempts with their tests (no N+1). The export
is one statement read in batches from a server-side cursor, never held whole.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import groupby
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    UnaryExpression,
    and_,
    case,
    exists,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.orm import InstrumentedAttribute, selectinload

from app.database import DbSession
from app.domain import InvitationStatus
from app.models import Attempt, Invitation, Test

SortKey = Literal["sent", "name", "score", "status"]
SORT_KEYS: tuple[SortKey, ...] = ("sent", "name", "score", "status")
Direction = Literal["asc", "desc"]
PAGE_SIZE = 50
EXPORT_BATCH = 1000

# Status in the order an invitation lives through them, for sorting by status.
_STATUS_ORDER = {status.value: rank for rank, status in enumerate(InvitationStatus)}


@dataclass(frozen=True)
class InvitationFilter:
    """What the list shows; None means "any". ``sent_to`` is inclusive (a whole UTC day)."""

    test_slug: str | None = None
    status: InvitationStatus | None = None
    sent_from: date | None = None
    sent_to: date | None = None
    score_min: float | None = None
    score_max: float | None = None
    source: str | None = None
    search: str | None = None
    sort: SortKey = "sent"
    direction: Direction = "desc"


@dataclass(frozen=True)
class TestCell:
    """One test of an invitation as a row shows it."""

    name: str
    slug: str
    version: int
    state: str
    score_percent: float | None


@dataclass(frozen=True)
class InvitationPage:
    invitations: list[Invitation]  # attempts and their tests loaded
    total: int
    page: int  # 1-based, within 1..pages
    pages: int  # at least 1
    per_page: int

    @property
    def first_number(self) -> int:
        """The position of the page's first row in the whole list (1-based)."""
        return (self.page - 1) * self.per_page + 1 if self.total else 0

    @property
    def last_number(self) -> int:
        return self.first_number + len(self.invitations) - 1 if self.total else 0


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _conditions(organization_id: int, wanted: InvitationFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [Invitation.organization_id == organization_id]
    if wanted.status is not None:
        conditions.append(Invitation.status == wanted.status.value)
    if wanted.source is not None:
        conditions.append(Invitation.source == wanted.source)
    if wanted.sent_from is not None:
        conditions.append(Invitation.created_at >= _day_start(wanted.sent_from))
    if wanted.sent_to is not None:
        conditions.append(Invitation.created_at < _day_start(wanted.sent_to + timedelta(days=1)))
    if wanted.score_min is not None:
        conditions.append(Invitation.score_percent >= wanted.score_min)
    if wanted.score_max is not None:
        conditions.append(Invitation.score_percent <= wanted.score_max)
    if wanted.test_slug is not None:
        # Any version of the bank: the slug is stable across versions.
        conditions.append(exists().where(Attempt.invitation_id == Invitation.id,
                                         Attempt.test_id == Test.id,
                                         Test.slug == wanted.test_slug))
    search = (wanted.search or "").strip()
    if search:
        # lower() LIKE rather than ILIKE: the same matches, and a quarter faster on
        # PostgreSQL, where every row of the organization's selection is read for it.
        escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = func.lower(literal(f"%{escaped}%"))
        full_name = Invitation.first_name + " " + Invitation.last_name
        conditions.append(or_(*(func.lower(column).like(pattern, escape="\\") for column in (
            full_name, Invitation.preferred_name, Invitation.candidate_email))))
    return conditions


def _scans(wanted: InvitationFilter) -> bool:
    """Whether the filter makes PostgreSQL read every row of the selection (a search, or a
    test, which no index narrows); then counting in the page's own query saves a scan."""
    return bool((wanted.search or "").strip()) or wanted.test_slug is not None


def _order(wanted: InvitationFilter) -> list[UnaryExpression[Any]]:
    descending = wanted.direction == "desc"
    keys: list[ColumnElement[Any] | InstrumentedAttribute[Any]]
    if wanted.sort == "name":
        keys = [func.lower(Invitation.last_name), func.lower(Invitation.first_name)]
    elif wanted.sort == "score":
        keys = [Invitation.score_percent]
    elif wanted.sort == "status":
        keys = [case(_STATUS_ORDER, value=Invitation.status, else_=len(_STATUS_ORDER))]
    else:
        keys = [Invitation.created_at]
    ordered = [key.desc() if descending else key.asc() for key in keys]
    if wanted.sort == "score":
        # Not yet scored comes last either way: it is neither high nor low.
        ordered = [key.nulls_last() for key in ordered]
    # The id makes the order total, so pages neither repeat nor skip a row.
    ordered.append(Invitation.id.desc() if descending else Invitation.id.asc())
    return ordered


def count_invitations(session: DbSession, organization_id: int,
                      wanted: InvitationFilter) -> int:
    query = select(func.count()).select_from(Invitation).where(
        and_(*_conditions(organization_id, wanted)))
    return session.execute(query).scalar_one()


# A page's attempts and their tests, in one more query (only what a row shows).
_WITH_TESTS = (selectinload(Invitation.attempts)
               .load_only(Attempt.position, Attempt.state, Attempt.score_percent,
                          Attempt.test_id)
               .joinedload(Attempt.test).load_only(Test.name, Test.slug, Test.version))


def invitation_page(session: DbSession, organization_id: int, wanted: InvitationFilter, *,
                    page: int = 1, per_page: int = PAGE_SIZE) -> InvitationPage:
    """One page of the organization's invitations matching ``wanted``. A page past the
    end shows the last one (a list that shrank between two clicks still shows rows)."""
    page = max(page, 1)
    conditions = and_(*_conditions(organization_id, wanted))
    if _scans(wanted):
        # One scan for the rows and the total; the invitations are loaded by id after.
        rows = session.execute(
            select(Invitation.id, func.count().over().label("total")).where(conditions)
            .order_by(*_order(wanted)).limit(per_page).offset((page - 1) * per_page)).all()
        if rows:  # else past the end: count, and show the last page
            total = rows[0].total
            pages = max(1, math.ceil(total / per_page))
            return _page([row.id for row in rows], session, total, page, pages, per_page)
    total = count_invitations(session, organization_id, wanted)
    pages = max(1, math.ceil(total / per_page))
    page = min(page, pages)
    invitations = list(session.scalars(
        select(Invitation).where(conditions).options(_WITH_TESTS).order_by(*_order(wanted))
        .limit(per_page).offset((page - 1) * per_page)))
    return InvitationPage(invitations=invitations, total=total, page=page, pages=pages,
                          per_page=per_page)


def _page(ids: list[int], session: DbSession, total: int, page: int, pages: int,
          per_page: int) -> InvitationPage:
    """The invitations ``ids``, in that order, with their attempts and tests."""
    loaded = {invitation.id: invitation for invitation in session.scalars(
        select(Invitation).where(Invitation.id.in_(ids)).options(_WITH_TESTS))}
    return InvitationPage(invitations=[loaded[id_] for id_ in ids], total=total, page=page,
                          pages=pages, per_page=per_page)


@dataclass(frozen=True)
class ExportRow:
    """One invitation as the CSV has it."""

    public_id: str
    first_name: str
    last_name: str
    preferred_name: str | None
    email: str
    status: str
    score_percent: float | None
    source: str
    created_at: datetime
    expires_at: datetime
    results_link_version: int
    tests: list[TestCell]


_EXPORT_COLUMNS = (Invitation.id, Invitation.public_id, Invitation.first_name,
                   Invitation.last_name, Invitation.preferred_name, Invitation.candidate_email,
                   Invitation.status, Invitation.score_percent, Invitation.source,
                   Invitation.created_at, Invitation.expires_at,
                   Invitation.results_link_version, Attempt.position, Attempt.state,
                   Attempt.score_percent.label("test_score"), Test.name, Test.slug,
                   Test.version)


def export_rows(session: DbSession, organization_id: int,
                wanted: InvitationFilter) -> Iterator[ExportRow]:
    """Every invitation matching ``wanted``, in the list's order, one at a time.

    One statement (an invitation per attempt, its tests consecutive) read EXPORT_BATCH
    rows at a time (a server-side cursor on PostgreSQL): memory stays flat however many
    invitations there are.
    """
    query = (select(*_EXPORT_COLUMNS)
             .join(Attempt, Attempt.invitation_id == Invitation.id)
             .join(Test, Test.id == Attempt.test_id)
             .where(and_(*_conditions(organization_id, wanted)))
             .order_by(*_order(wanted), Attempt.position)
             .execution_options(yield_per=EXPORT_BATCH))
    result = session.execute(query)
    for _, group in groupby(result, key=lambda row: row.id):
        rows = list(group)
        first = rows[0]
        yield ExportRow(
            public_id=first.public_id, first_name=first.first_name, last_name=first.last_name,
            preferred_name=first.preferred_name, email=first.candidate_email,
            status=first.status, score_percent=first.score_percent, source=first.source,
            created_at=first.created_at, expires_at=first.expires_at,
            results_link_version=first.results_link_version,
            tests=[TestCell(name=row.name, slug=row.slug, version=row.version,
                            state=row.state, score_percent=row.test_score) for row in rows])


def bank_choices(session: DbSession, organization_id: int) -> list[tuple[str, str]]:
    """(slug, name) of each bank the organization can invite to or has invited to, by name;
    a bank's latest version names it."""
    query = (select(Test.slug, Test.name)
             .where(or_(Test.organization_id == organization_id,
                        Test.organization_id.is_(None)), Test.is_latest.is_(True))
             .order_by(Test.name, Test.slug))
    seen: dict[str, str] = {}
    for slug, name in session.execute(query):
        seen.setdefault(slug, name)
    return list(seen.items())
