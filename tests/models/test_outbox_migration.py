"""Migration 0006 on an outbox with rows in it: plain payloads become sealed bodies, the
bodies of delivered rows go, and going back down restores what was kept."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from app.extensions import db
from app.models import OutboxMessage
from app.models.base import UTCDateTime

# Alembic runs DDL on connections of its own.
pytestmark = pytest.mark.committing

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LINK = "http://assay.test/t/SeCrEtToKeN0123456789"

old_outbox = sa.table(
    "outbox_message",
    sa.column("id", sa.Integer()), sa.column("kind", sa.String()),
    sa.column("payload", sa.JSON()), sa.column("status", sa.String()),
    sa.column("attempt_count", sa.Integer()), sa.column("transport", sa.String()),
    sa.column("next_attempt_at", UTCDateTime()), sa.column("give_up_at", UTCDateTime()),
    sa.column("created_at", UTCDateTime()), sa.column("sent_at", UTCDateTime()),
)

ROWS: list[dict[str, Any]] = [
    {"id": 1, "kind": "email", "status": "pending", "transport": None,
     "payload": {"to": "olena@example.test", "text": f"Start: {LINK}"}},
    {"id": 2, "kind": "email", "status": "sent", "transport": "smtp",
     "payload": {"to": "hr@acme.test", "text": f"Results: {LINK}/r"}},
    {"id": 3, "kind": "email", "status": "sent", "transport": "devmail",
     "payload": {"to": "dev@example.test", "text": f"Start: {LINK}/dev"}},
    {"id": 4, "kind": "email", "status": "failed", "transport": None,
     "payload": {"to": "gone@example.test", "text": f"Start: {LINK}/failed"}},
    {"id": 5, "kind": "greenhouse_patch", "status": "pending", "transport": None,
     "payload": {"url": "https://app.greenhouse.io/cb/5?t=x", "organization_id": 1}},
]


@pytest.fixture
def at_0005(app) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The schema before the outbox was sealed, with ROWS in it; back at head afterwards."""
    downgrade(revision="0005")
    try:
        with db.engine.begin() as conn:
            conn.execute(old_outbox.insert(), [
                {**row, "attempt_count": 0, "next_attempt_at": T0, "created_at": T0,
                 "give_up_at": T0 + timedelta(hours=72),
                 "sent_at": T0 if row["status"] == "sent" else None} for row in ROWS])
        yield
    finally:
        with db.engine.begin() as conn:
            conn.execute(sa.text("DELETE FROM outbox_message"))
        upgrade()


def _all() -> dict[int, OutboxMessage]:
    db.session.expire_all()
    return {m.id: m for m in db.session.scalars(sa.select(OutboxMessage))}


def test_upgrading_seals_kept_bodies_and_drops_delivered_ones(at_0005) -> None:  # type: ignore[no-untyped-def]
    upgrade()

    rows = _all()
    assert rows[1].open_payload() == ROWS[0]["payload"]
    assert rows[3].open_payload() == ROWS[2]["payload"]  # the development mailbox's
    assert rows[4].open_payload() == ROWS[3]["payload"]
    assert rows[5].open_payload() == ROWS[4]["payload"]
    assert (rows[2].sealed_payload, rows[2].status) == (None, "sent")
    assert rows[2].body_dropped_at is not None
    assert rows[4].failed_at is not None  # counted from now: retry stays possible a while
    assert all(rows[i].failed_at is None for i in (1, 2, 3, 5))
    assert [rows[i].recipient for i in range(1, 6)] == [
        "olena@example.test", "hr@acme.test", "dev@example.test", "gone@example.test",
        "app.greenhouse.io"]
    with db.engine.connect() as conn:
        stored = " ".join(str(v) for row in conn.execute(sa.text("SELECT * FROM outbox_message"))
                          for v in row)
    assert "SeCrEtToKeN" not in stored and "/cb/5" not in stored


def test_downgrading_restores_the_kept_bodies(at_0005) -> None:  # type: ignore[no-untyped-def]
    upgrade()
    downgrade(revision="0005")

    with db.engine.connect() as conn:
        payloads = dict(conn.execute(sa.select(old_outbox.c.id, old_outbox.c.payload)).all())
    assert payloads == {1: ROWS[0]["payload"], 2: {"to": "hr@acme.test"},
                        3: ROWS[2]["payload"], 4: ROWS[3]["payload"], 5: ROWS[4]["payload"]}
