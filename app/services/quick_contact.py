"""Background saves and heartbeats in two statements, when they change so little.

Every candidate's page saves an answer every few seconds and sends a heartbeat every
15 s. Nearly always such a request changes nothing but one answer and the time counted
since the last contact. Those requests are served here on PostgreSQL with one query (the
attempt, its invitation and test, and the at most two response rows it may touch) and
one statement (all the writes, applied only if the attempt is still as it was read),
each its own transaction: no BEGIN, no row lock held across round trips.

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

from sqlalchemy import (
    JSON, BigInteger, Boolean, Integer, String, and_, bindparam, func, literal_column, select,
    union_all, update,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import Connection

from app.database import driver_statement
from app.models import Attempt, Invitation, Response, Test
from app.models.attempt import IN_PROGRESS
from app.models.base import UTCDateTime
from app.services import answering, taking
from app.services.attempt_layout import position_of
from app.services.taking import Visit

_A, _I, _T, _R = (model.__table__.c for model in (Attempt, Invitation, Test, Response))

# What the rules read and write on the attempt; the write is refused if any changed.
ATTEMPT_FIELDS = ("id", "public_id", "invitation_id", "test_id", "state", "layout",
                  "time_limit_seconds", "started_at", "deadline_at", "credited_seconds",
                  "current_section", "current_question", "section_deadline_at",
                  "last_seen_at", "integrity")
RESPONSE_FIELDS = ("question_id", "answer", "flagged", "revision", "time_spent_ms",
                   "saved_at")
WRITABLE = {"last_seen_at"}  # attempt fields a quick request may change

# The question the candidate is on (time is counted to it), from the drawn layout.
_CURRENT_QUESTION_ID = literal_column(
    "attempt.layout -> attempt.current_section -> 'questions' -> attempt.current_question"
    " ->> 'id'", String)

_SNAPSHOT = (
    select(*(_A[name] for name in ATTEMPT_FIELDS),
           _I.language.label("invitation_language"), _T.language.label("test_language"),
           _T.content_hash,
           *(_R[name].label(f"response_{name}") for name in ("id", *RESPONSE_FIELDS)))
    .select_from(
        Attempt.__table__
        .join(Invitation.__table__, _I.id == _A.invitation_id)
        .join(Test.__table__, _T.id == _A.test_id)
        .outerjoin(Response.__table__, and_(
            _R.attempt_id == _A.id,
            _R.question_id.in_([bindparam("question_id"), _CURRENT_QUESTION_ID]))))
    .where(_A.public_id == bindparam("attempt_public_id"),
           _I.public_id == bindparam("invitation_public_id"), _I.cancelled_at.is_(None))
)


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
    statement = driver_statement(_SNAPSHOT, connection)
    rows = [dict(zip(statement.keys, row, strict=True)) for row in statement.rows(connection, {
        "attempt_public_id": attempt_public_id, "invitation_public_id": invitation_public_id,
        "question_id": question_id})]
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
    position = position_of(attempt.layout or [], question_id)
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
    if len(rows) > 2:
        return False
    read = snapshot.read
    params: dict[str, Any] = {
        "attempt_id": read["id"], "seen_before": read["last_seen_at"],
        "seen_now": attempt.last_seen_at, "section": read["current_section"],
        "question": read["current_question"], "deadline": read["deadline_at"],
        "section_deadline": read["section_deadline_at"]}
    for n, response in enumerate(rows):
        params.update({f"{name}_{n}": getattr(response, name) for name in RESPONSE_FIELDS})
    [(moved, _written)] = driver_statement(_WRITES[len(rows)], connection).rows(connection, params)
    return bool(moved)


def _writes(rows: int) -> Any:
    """The guarded write of the attempt and ``rows`` response rows, as one statement:
    ``WITH moved AS (UPDATE attempt ... RETURNING), written AS (INSERT INTO response ...
    SELECT ... FROM moved ON CONFLICT DO UPDATE ...) SELECT (count moved), (count written)``.
    The response rows are written only when the attempt's row matched."""
    moved = (
        update(Attempt.__table__)
        .where(_A.id == bindparam("attempt_id"), _A.state == IN_PROGRESS,
               _A.last_seen_at.is_not_distinct_from(bindparam("seen_before", type_=UTCDateTime())),
               _A.current_section == bindparam("section"),
               _A.current_question == bindparam("question"),
               _A.deadline_at == bindparam("deadline", type_=UTCDateTime()),
               _A.section_deadline_at.is_not_distinct_from(
                   bindparam("section_deadline", type_=UTCDateTime())))
        .values(last_seen_at=bindparam("seen_now", type_=UTCDateTime()))
        .returning(_A.id)
        .cte("moved")
    )
    counts = [select(func.count()).select_from(moved).scalar_subquery()]
    if rows:
        types = {"question_id": String(), "answer": JSON(), "flagged": Boolean(),
                 "revision": Integer(), "time_spent_ms": BigInteger(), "saved_at": UTCDateTime()}
        sources = [select(moved.c.id, *(bindparam(f"{name}_{n}", type_=types[name])
                                        for name in RESPONSE_FIELDS)) for n in range(rows)]
        stored = insert(Response.__table__).from_select(
            ["attempt_id", *RESPONSE_FIELDS], union_all(*sources) if rows > 1 else sources[0])
        stored = stored.on_conflict_do_update(
            index_elements=[_R.attempt_id, _R.question_id],
            set_={name: stored.excluded[name] for name in RESPONSE_FIELDS[1:]})
        written = stored.returning(_R.id).cte("written")
        counts.append(select(func.count()).select_from(written).scalar_subquery())
    else:
        counts.append(select(func.count()).where(False).scalar_subquery())
    return select(*counts)


_WRITES = {rows: _writes(rows) for rows in (0, 1, 2)}
