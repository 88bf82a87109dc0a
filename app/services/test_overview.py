"""The console's view of the tests an organization can use: every version of each, and how
many of the organization's candidates finished each version.

Counts are the organization's own: a library test is shared by every organization, and
none may learn how much another one uses it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import defer

from app.database import DbSession
from app.domain import FINISHED_STATES
from app.models import Attempt, Invitation, Test
from app.services.catalog import visible_to_id

_FINISHED = tuple(state.value for state in FINISHED_STATES)


@dataclass(frozen=True)
class VersionOverview:
    test: Test
    finished_attempts: int  # the organization's (completed or awaiting review)


@dataclass(frozen=True)
class TestOverview:
    __test__ = False  # not a pytest class

    slug: str
    latest: VersionOverview
    versions: list[VersionOverview]  # newest first, the latest included

    @property
    def library(self) -> bool:
        return self.latest.test.organization_id is None


def tests_overview(session: DbSession, organization_id: int) -> list[TestOverview]:
    """Each test the organization can see (its own and the library's), by the latest
    version's name, with its versions newest first. Two queries."""
    versions = list(session.scalars(
        select(Test).where(visible_to_id(organization_id))
        .options(defer(Test.definition))  # the page needs none of the (large) definitions
        .order_by(Test.slug, Test.version.desc())))
    counts = finished_attempts(session, organization_id, [test.id for test in versions])
    by_slug: dict[str, list[VersionOverview]] = {}
    for test in versions:
        by_slug.setdefault(test.slug, []).append(VersionOverview(test, counts.get(test.id, 0)))
    overviews = [TestOverview(slug, _latest(rows), rows) for slug, rows in by_slug.items()]
    return sorted(overviews, key=lambda o: (o.latest.test.name.casefold(), o.slug))


def _latest(rows: list[VersionOverview]) -> VersionOverview:
    return next((row for row in rows if row.test.is_latest), rows[0])


def finished_attempts(session: DbSession, organization_id: int,
                      test_ids: list[int]) -> dict[int, int]:
    """Test version id -> the organization's finished attempts of it."""
    if not test_ids:
        return {}
    rows = session.execute(
        select(Attempt.test_id, func.count())
        .join(Invitation, Invitation.id == Attempt.invitation_id)
        .where(Invitation.organization_id == organization_id,
               Attempt.test_id.in_(test_ids), Attempt.state.in_(_FINISHED))
        .group_by(Attempt.test_id))
    return {row[0]: row[1] for row in rows}


def visible_versions(session: DbSession, organization_id: int, slug: str) -> list[Test]:
    """Every version of ``slug`` the organization may see, oldest first; [] when none
    (no such test, or another organization's private test: the same answer)."""
    return list(session.scalars(
        select(Test).where(Test.slug == slug, visible_to_id(organization_id))
        .options(defer(Test.definition))  # loaded for the one version a page shows
        .order_by(Test.version)))


def pick_version(versions: list[Test], version: int | None) -> Test | None:
    """The asked version among ``versions`` (the latest when None); None when absent."""
    if not versions:
        return None
    if version is None:
        return next((test for test in reversed(versions) if test.is_latest), versions[-1])
    return next((test for test in versions if test.version == version), None)
