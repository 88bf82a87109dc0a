"""Requests of one candidate take turns: row locks on the attempt and the invitation.

A candidate's page sends saves and heartbeats while they click (a double click on
Start or Submit, a second browser, the page's own submit at zero beside a heartbeat).
Every use case that may change an attempt first holds its row (:func:`hold`), so each
request decides from what the one before it committed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect, select, update
from sqlalchemy.orm import InstrumentedAttribute

from app.database import DbSession
from app.models import Attempt, Invitation


def hold(session: DbSession, attempt: Attempt) -> None:
    """Begin a request that may change the attempt: lock its row and read it again, so that
    this request decides from what the one before it committed (its state, clock, position
    and integrity summary), never from a copy loaded before it had to wait. Called first,
    before anything is changed."""
    if inspect(attempt).persistent:
        lock_attempt(session, attempt)
        session.refresh(attempt)


def hold_invitation(session: DbSession, invitation: Invitation) -> None:
    """As :func:`hold`, for the Start button: lock the invitation's row and read its
    attempts again, so that two presses (a double click, two browsers) start a test once
    and the second one resumes it instead of drawing it again. Rows are always locked
    invitation first, then attempt."""
    if not inspect(invitation).persistent:
        return
    _lock_row(session, Invitation, invitation.id, Invitation.cancelled_at)
    session.refresh(invitation)
    for attempt in invitation.attempts:
        session.refresh(attempt)


def lock_attempt(session: DbSession, attempt: Attempt) -> None:
    """Hold the attempt's row until this request commits, so that requests of one attempt
    arriving together (a heartbeat and a save, say) take turns from here on and each reads
    what the one before committed.

    Pending changes are not flushed first, so the attempt's row is locked before any of its
    responses, the order the unit of work writes them in: two requests never each hold
    what the other waits for.
    """
    _lock_row(session, Attempt, attempt.id, Attempt.last_seen_at)


def _lock_row(session: DbSession, model: type[Attempt] | type[Invitation], row_id: int,
              column: InstrumentedAttribute[Any]) -> None:
    """Lock one row until the transaction ends. PostgreSQL locks it ``FOR NO KEY UPDATE``
    (rows referring to it may still be inserted); SQLite has a single writer, so a write
    that changes nothing (``column`` set to itself) takes its lock."""
    with session.no_autoflush:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(select(model.id).where(model.id == row_id)
                            .with_for_update(key_share=True))
        else:
            session.execute(update(model).where(model.id == row_id)
                            .values({column.key: column})
                            .execution_options(synchronize_session=False))
