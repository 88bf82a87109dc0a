"""Background saves and heartbeats in one query and one guarded write, when they change
so little.

Every candidate's page saves an answer every few seconds and sends a heartbeat every
15 s. Nearly always such a request changes nothing but one answer and the time counted
since the last contact. Those requests are served here with one query (the attempt, its
invitation and test, and the at most two response rows it may touch) and one guarded
write (all the writes, applied only if the attempt is still as it was read): no row lock
held across round trips. How each database runs the two is its store
(app.services.quick_stores: one statement each on PostgreSQL, a short transaction on
SQLite); the rules, and so what is stored, are the same on both.

The rules are not repeated here. The functions the full path runs
(``answering.is_quiet_contact``, ``rejection``, ``store_answer``,
``taking.accrue_time``) run on a detached copy of the attempt, and what they changed is
written. Every other case returns None and the caller takes the full path
(app.services.answering through the ORM, which locks the attempt's row): a refused
answer, a deadline or a section lock due, a connection gap, a new address, browser or
device, integrity events, and a write that finds the attempt changed since it was read
(another request of the same candidate in between). So two requests of one attempt still
take turns: the later one's guarded write matches no row, and it starts over in full.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection

from app.models import Attempt, Response
from app.services import answering, taking
from app.services.attempt_layout import position_of
from app.services.quick_stores import (
    ATTEMPT_FIELDS,
    MAX_RESPONSE_ROWS,
    RESPONSE_FIELDS,
    store_for,
)
from app.services.taking import Visit

WRITABLE = {"last_seen_at"}  # attempt fields a quick request may change


@dataclass
class Snapshot:
    """An attempt as read, detached from any session, and what it was when read."""

    attempt: Attempt
    language: str  # the pages' language: the invitation's, else the test's
    content_hash: str  # of the test version's definition (app.services.definitions)
    read: dict[str, Any]
    responses_read: dict[str, tuple[Any, ...]]


def load(connection: Connection, invitation_public_id: str, attempt_public_id: str,
         question_id: str = "") -> Snapshot | None:
    """The invitation's attempt ``attempt_public_id`` with the response rows of
    ``question_id`` and of the current question; None when the attempt is not the
    invitation's or the invitation was cancelled (the full path answers those)."""
    rows = store_for(connection).read(connection, {
        "attempt_public_id": attempt_public_id, "invitation_public_id": invitation_public_id,
        "question_id": question_id})
    if not rows:
        return None
    first = rows[0]
    read = {name: first[name] for name in ATTEMPT_FIELDS}
    attempt = Attempt(**read)
    attempt.responses = [_response(row) for row in rows if row["response_id"] is not None]
    return Snapshot(
        attempt=attempt, language=first["invitation_language"] or first["test_language"],
        content_hash=first["content_hash"], read=read,
        responses_read={r.question_id: _values(r) for r in attempt.responses})


def _response(row: dict[str, Any]) -> Response:
    return Response(id=row["response_id"], attempt_id=row["id"],
                    **{name: row[f"response_{name}"] for name in RESPONSE_FIELDS})


def _values(response: Response) -> tuple[Any, ...]:
    return tuple(getattr(response, name) for name in RESPONSE_FIELDS)


def save(connection: Connection, snapshot: Snapshot, *, question_id: str, answer: Any,
         flagged: bool | None, visit: Visit, grace: int,
         offline_ms: int = 0) -> answering.SaveResult | None:
    """answering.save_answer for a quiet contact whose answer is accepted; None when the
    full path must serve the request (nothing was written then)."""
    attempt = snapshot.attempt
    position = position_of(attempt.drawn, question_id)
    if position is None or not answering.is_quiet_contact(attempt, visit, grace, offline_ms):
        return None
    if answering.rejection(attempt, position[0], visit, grace) is not None:
        return None
    answering.store_answer(attempt, question_id, answer, flagged, visit)
    taking.accrue_time(attempt, visit.now)
    return answering.SaveResult(saved=True) if _write(connection, snapshot) else None


def heartbeat(connection: Connection, snapshot: Snapshot, *, visit: Visit, grace: int,
              offline_ms: int, events: object) -> bool:
    """answering.heartbeat for a quiet contact without integrity events; False when the
    full path must serve the request (nothing was written then)."""
    attempt = snapshot.attempt
    if events or not answering.is_quiet_contact(attempt, visit, grace, offline_ms):
        return False
    taking.accrue_time(attempt, visit.now)
    return _write(connection, snapshot)


def _write(connection: Connection, snapshot: Snapshot) -> bool:
    """Write what the rules changed, if the attempt is still as read; True when written."""
    attempt = snapshot.attempt
    changed = {name for name in ATTEMPT_FIELDS if getattr(attempt, name) != snapshot.read[name]}
    if changed - WRITABLE:
        return False
    rows = [r for r in attempt.responses
            if snapshot.responses_read.get(r.question_id) != _values(r)]
    if len(rows) > MAX_RESPONSE_ROWS:
        return False
    read = snapshot.read
    params: dict[str, Any] = {
        "attempt_id": read["id"], "seen_before": read["last_seen_at"],
        "seen_now": attempt.last_seen_at, "section": read["current_section"],
        "question": read["current_question"], "deadline": read["deadline_at"],
        "section_deadline": read["section_deadline_at"]}
    for n, response in enumerate(rows):
        params.update({f"{name}_{n}": getattr(response, name) for name in RESPONSE_FIELDS})
    return store_for(connection).write(connection, len(rows), params)
