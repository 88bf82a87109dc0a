"""How each database runs the quick path's one query and one guarded write.

The quick path (app.services.quick_contact) decides what to write; a :class:`QuickStore`
reads and writes it. The statements are the same on every database (built here once); how
they are sent differs:

- PostgreSQL: the query, and the write as one statement (``WITH moved AS (UPDATE attempt
  ... RETURNING), written AS (INSERT INTO response ... ON CONFLICT DO UPDATE) SELECT
  (count moved)``), compiled once per process and sent straight to psycopg
  (app.database.DriverStatement), each its own transaction on the autocommit connection.
- SQLite: it has no UPDATE inside WITH, and one writer at a time; the guarded UPDATE and
  the upserts run in one short ``BEGIN IMMEDIATE`` transaction, through SQLAlchemy.

Either way the response rows are written only when the attempt's row still matched.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Integer,
    String,
    and_,
    bindparam,
    false,
    func,
    literal_column,
    select,
    union_all,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.sql.expression import ClauseElement, Executable
from sqlalchemy.types import TypeEngine

from app.database import driver_statement
from app.models import Attempt, Invitation, Response, Test
from app.models.attempt import IN_PROGRESS
from app.models.base import UTCDateTime

_A, _I, _T, _R = (model.__table__.c for model in (Attempt, Invitation, Test, Response))

# What the rules read and write on the attempt; the write is refused if any changed.
ATTEMPT_FIELDS = ("id", "public_id", "invitation_id", "test_id", "state", "layout",
                  "time_limit_seconds", "started_at", "deadline_at", "credited_seconds",
                  "current_section", "current_question", "section_deadline_at",
                  "last_seen_at", "integrity")
RESPONSE_FIELDS = ("question_id", "answer", "flagged", "revision", "time_spent_ms",
                   "saved_at")
_RESPONSE_TYPES: dict[str, TypeEngine[Any]] = {
    "question_id": String(), "answer": JSON(), "flagged": Boolean(), "revision": Integer(),
    "time_spent_ms": BigInteger(), "saved_at": UTCDateTime()}
MAX_RESPONSE_ROWS = 2  # the answered question's row and the current question's

# The question the candidate is on (time is counted to it), from the drawn layout. Both
# databases read JSON paths with -> and ->>.
_CURRENT_QUESTION_ID = literal_column(
    "attempt.layout -> attempt.current_section -> 'questions' -> attempt.current_question"
    " ->> 'id'", String)

SNAPSHOT = (
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

# The attempt's row, changed only while it is as the snapshot read it.
_GUARDED_UPDATE = (
    update(Attempt.__table__)
    .where(_A.id == bindparam("attempt_id"), _A.state == IN_PROGRESS,
           _A.last_seen_at.is_not_distinct_from(bindparam("seen_before", type_=UTCDateTime())),
           _A.current_section == bindparam("section"),
           _A.current_question == bindparam("question"),
           _A.deadline_at == bindparam("deadline", type_=UTCDateTime()),
           _A.section_deadline_at.is_not_distinct_from(
               bindparam("section_deadline", type_=UTCDateTime())))
    .values(last_seen_at=bindparam("seen_now", type_=UTCDateTime()))
)


def _row_values(n: int) -> list[Any]:
    return [bindparam(f"{name}_{n}", type_=_RESPONSE_TYPES[name]) for name in RESPONSE_FIELDS]


class QuickStore(Protocol):
    def read(self, connection: Connection, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        """The rows of :data:`SNAPSHOT`, each a dict by column label."""

    def write(self, connection: Connection, rows: int, params: Mapping[str, Any]) -> bool:
        """The guarded update and ``rows`` response upserts (their values are ``<field>_n``
        in ``params``); True when the attempt's row matched and all was written."""


class PostgresStore:
    """One statement each, compiled once, sent straight to psycopg (autocommit)."""

    def __init__(self) -> None:
        self._writes = {rows: self._write_statement(rows) for rows in range(MAX_RESPONSE_ROWS + 1)}

    def read(self, connection: Connection, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        statement = driver_statement(SNAPSHOT, connection)
        return [dict(zip(statement.keys, row, strict=True))
                for row in statement.rows(connection, dict(params))]

    def write(self, connection: Connection, rows: int, params: Mapping[str, Any]) -> bool:
        [(moved, _written)] = driver_statement(self._writes[rows], connection).rows(
            connection, dict(params))
        return bool(moved)

    @staticmethod
    def _write_statement(rows: int) -> ClauseElement:
        moved = _GUARDED_UPDATE.returning(_A.id).cte("moved")
        counts = [select(func.count()).select_from(moved).scalar_subquery()]
        if rows:
            sources = [select(moved.c.id, *_row_values(n)) for n in range(rows)]
            stored = postgresql.insert(Response.__table__).from_select(
                ["attempt_id", *RESPONSE_FIELDS], union_all(*sources) if rows > 1 else sources[0])
            stored = stored.on_conflict_do_update(
                index_elements=[_R.attempt_id, _R.question_id],
                set_={name: stored.excluded[name] for name in RESPONSE_FIELDS[1:]})
            written = stored.returning(_R.id).cte("written")
            counts.append(select(func.count()).select_from(written).scalar_subquery())
        else:
            counts.append(select(func.count()).where(false()).scalar_subquery())
        return select(*counts)


class SqliteStore:
    """The same statements through SQLAlchemy; the write in one BEGIN IMMEDIATE
    transaction (SQLite has no UPDATE inside WITH; its one writer makes the guard hold)."""

    def __init__(self) -> None:
        self._upserts = [self._upsert(n) for n in range(MAX_RESPONSE_ROWS)]

    def read(self, connection: Connection, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        return [dict(row) for row in connection.execute(SNAPSHOT, dict(params)).mappings()]

    def write(self, connection: Connection, rows: int, params: Mapping[str, Any]) -> bool:
        # The autocommit connection: the transaction is ours to open and end.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            moved = connection.execute(_GUARDED_UPDATE, dict(params)).rowcount == 1
            if moved:
                for n in range(rows):
                    connection.execute(self._upserts[n], dict(params))
        except BaseException:
            connection.exec_driver_sql("ROLLBACK")
            raise
        connection.exec_driver_sql("COMMIT")
        return moved

    @staticmethod
    def _upsert(n: int) -> Executable:
        stored = sqlite.insert(Response.__table__).values(
            attempt_id=bindparam("attempt_id"),
            **dict(zip(RESPONSE_FIELDS, _row_values(n), strict=True)))
        return stored.on_conflict_do_update(
            index_elements=[_R.attempt_id, _R.question_id],
            set_={name: stored.excluded[name] for name in RESPONSE_FIELDS[1:]})


_STORES: dict[str, QuickStore] = {"postgresql": PostgresStore(), "sqlite": SqliteStore()}


def store_for(connection: Connection) -> QuickStore:
    """The store of ``connection``'s database. Raises KeyError for a database Assay does
    not run on."""
    return _STORES[connection.dialect.name]
