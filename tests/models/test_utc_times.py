"""Times are timezone-aware UTC on every database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.exc import StatementError

from app.models import Organization


def test_times_come_back_aware_and_in_utc(db, app) -> None:  # type: ignore[no-untyped-def]
    kyiv_noon = datetime(2026, 6, 1, 12, 0, tzinfo=timezone(timedelta(hours=3)))
    db.session.add(Organization(slug="tz", name="TZ", hr_email="a@b.test", created_at=kyiv_noon))
    db.session.commit()
    db.session.expire_all()
    stored = db.session.query(Organization).filter_by(slug="tz").one().created_at
    assert stored.tzinfo is not None
    assert stored == datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def test_naive_times_are_refused(db, app) -> None:  # type: ignore[no-untyped-def]
    db.session.add(Organization(slug="naive", name="N", hr_email="a@b.test",
                                created_at=datetime(2026, 1, 1)))
    with pytest.raises(StatementError, match="naive datetime"):
        db.session.commit()
    db.session.rollback()
