"""Which tests an organization may use: the latest version of each bank."""

from __future__ import annotations

from sqlalchemy import BindParameter, ColumnElement, or_, select

from app.database import DbSession
from app.models import Organization, Test, TestNumber


def visible_to(organization: Organization | BindParameter[int]) -> ColumnElement[bool]:
    """Library tests and the organization's own (``organization`` may be a bound
    parameter standing for its id, in a statement built once)."""
    organization_id = (organization if isinstance(organization, BindParameter)
                       else organization.id)
    return or_(Test.organization_id.is_(None), Test.organization_id == organization_id)


def visible_to_id(organization_id: int) -> ColumnElement[bool]:
    """:func:`visible_to` for an organization known by its id."""
    return or_(Test.organization_id.is_(None), Test.organization_id == organization_id)


def available_tests(session: DbSession, organization: Organization) -> list[Test]:
    """Active tests (latest versions) the organization may send, by name."""
    return list(session.scalars(
        select(Test)
        .where(Test.is_latest.is_(True), Test.active.is_(True), visible_to(organization))
        .order_by(Test.name, Test.slug)
    ))


def find_test(session: DbSession, organization: Organization, slug: str) -> Test | None:
    """The latest version of ``slug`` if the organization may see it (active or not)."""
    return session.scalar(
        select(Test).where(Test.slug == slug, Test.is_latest.is_(True), visible_to(organization))
    )


def ensure_test_number(session: DbSession, slug: str) -> int:
    """The public API's id of the bank ``slug``, allocated on its first load (in the
    caller's transaction; the unique slug makes a concurrent first load fail, not fork)."""
    number = session.scalar(select(TestNumber.id).where(TestNumber.slug == slug))
    if number is None:
        row = TestNumber(slug=slug)
        session.add(row)
        session.flush()
        number = row.id
    return number
