"""Which tests an organization may use: the latest version of each bank."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.models import Organization, Test


def _visible_to(organization: Organization):  # type: ignore[no-untyped-def]
    return or_(Test.organization_id.is_(None), Test.organization_id == organization.id)


def available_tests(session: Session, organization: Organization) -> list[Test]:
    """Active tests (latest versions) the organization may send, by name."""
    return list(session.scalars(
        select(Test)
        .where(Test.is_latest.is_(True), Test.active.is_(True), _visible_to(organization))
        .order_by(Test.name, Test.slug)
    ))


def find_test(session: Session, organization: Organization, slug: str) -> Test | None:
    """The latest version of ``slug`` if the organization may see it (active or not)."""
    return session.scalar(
        select(Test).where(Test.slug == slug, Test.is_latest.is_(True), _visible_to(organization))
    )
