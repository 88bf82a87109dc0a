"""The public API's test catalogue: each bank's latest version under its stable int64 id.

Visibility is the Greenhouse list's (app.services.catalog): library tests and the
company's own. Unlike that list, inactive tests stay listed (``active: false``), so an
integrator can see why an id it stored is refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Select, and_, bindparam, select
from sqlalchemy.orm import defer

from app.database import DbSession
from app.models import Organization, Test, TestNumber
from app.services.catalog import visible_to


@dataclass(frozen=True)
class CatalogueTest:
    id: int  # the public int64 id (TestNumber)
    test: Test  # the latest version


def _catalogue(organization: Organization) -> Select[int, Test]:
    return (select(TestNumber.id, Test)
            .join(Test, and_(Test.slug == TestNumber.slug, Test.is_latest.is_(True)))
            .where(visible_to(organization)))


def catalogue_page(session: DbSession, organization: Organization, *, after: int,
                   limit: int) -> list[CatalogueTest]:
    """Up to ``limit`` tests with ids above ``after``, by id (a keyset page)."""
    rows = session.execute(_catalogue(organization).where(TestNumber.id > after)
                           .order_by(TestNumber.id).limit(limit))
    return [CatalogueTest(number, test) for number, test in rows]


def find_catalogue_test(session: DbSession, organization: Organization,
                        number: int) -> CatalogueTest | None:
    """The test with public id ``number`` if this organization may see it, else None (an
    unknown id and another company's test look the same)."""
    row = session.execute(_catalogue(organization).where(TestNumber.id == number)).first()
    return CatalogueTest(row[0], row[1]) if row is not None else None


# Built once: every invitation runs it. An invitation needs a test's name, limits and
# counts, never its whole definition (the bank's JSON: parsing it on every invitation
# would cost more than the rest).
_TESTS_BY_NUMBER = (
    select(TestNumber.id, Test)
    .join(Test, and_(Test.slug == TestNumber.slug, Test.is_latest.is_(True)))
    .where(visible_to(bindparam("organization_id")),
           TestNumber.id.in_(bindparam("numbers", expanding=True)))
    .options(defer(Test.definition)))


def catalogue_tests(session: DbSession, organization: Organization,
                    numbers: Iterable[int]) -> dict[int, Test]:
    """The visible tests among ``numbers``, by public id (absent: unknown or not visible)."""
    wanted = list(set(numbers))
    if not wanted:
        return {}
    rows = session.execute(_TESTS_BY_NUMBER,
                           {"organization_id": organization.id, "numbers": wanted})
    return {number: test for number, test in rows}  # noqa: C416  (rows are Row objects)
