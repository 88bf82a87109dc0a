"""insert_now: a new row written at once, its object persistent as if loaded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import inspect, select

from app.extensions import db
from app.models import OutboxMessage
from app.models.inserts import insert_now

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _message() -> OutboxMessage:
    return OutboxMessage(kind="email", recipient="olena@example.test", sealed_payload="x",
                         give_up_at=NOW + timedelta(hours=1), created_at=NOW)


def test_it_writes_the_row_and_leaves_nothing_to_flush(app) -> None:  # type: ignore[no-untyped-def]
    message = _message()

    insert_now(db.session, message)

    state = inspect(message)
    assert state.persistent and message.id is not None
    assert not db.session.new and not db.session.dirty
    row = db.session.execute(select(OutboxMessage.__table__).where(
        OutboxMessage.__table__.c.id == message.id)).one()
    assert row.recipient == "olena@example.test"


def test_unset_columns_get_their_defaults_or_null_and_are_loaded(app) -> None:  # type: ignore[no-untyped-def]
    message = _message()

    insert_now(db.session, message)

    assert inspect(message).unloaded == set()
    assert (message.status, message.attempt_count) == ("pending", 0)  # Python defaults
    assert message.next_attempt_at is not None  # a callable default
    assert message.last_error is None
    db.session.commit()
    assert db.session.get(OutboxMessage, message.id).status == "pending"


def test_a_later_change_is_flushed_as_usual(app) -> None:  # type: ignore[no-untyped-def]
    message = _message()
    insert_now(db.session, message)

    message.mark_failed("refused", now=NOW)
    db.session.commit()

    assert db.session.scalar(select(OutboxMessage.__table__.c.status)) == "failed"


def test_it_refuses_an_object_already_in_a_session(app) -> None:  # type: ignore[no-untyped-def]
    message = _message()
    db.session.add(message)

    with pytest.raises(ValueError, match="is not new"):
        insert_now(db.session, message)
