"""Connection-pool hygiene for PostgreSQL, without a round trip per request.

SQLAlchemy's ``pool_pre_ping`` sends ``SELECT 1`` on every checkout: a whole round trip
to the server before each request's first query, of the same order as the one query
Greenhouse's test_status needs (docs/performance.md). Instead, a checkout
looks at the idle connection's socket: a connection the server closed (restart, idle
timeout, ``pg_terminate_backend``) has an error message and end-of-file waiting to be
read, so a non-blocking ``poll`` sees it readable. Such a connection is thrown away and
the pool hands out another (SQLAlchemy retries the checkout on ``DisconnectionError``).

What this does not see: a peer that vanished without closing the TCP connection (a
network partition). The first query on such a connection fails, SQLAlchemy invalidates
the whole pool, and the next request reconnects: one failed request, as with any
connection that dies between the check and the query anyway.

``autocommit_connection()`` serves requests whose database work is single statements
(Greenhouse's polls: a key lookup, one status query, at most one tiny UPDATE): each
statement is its own transaction, so no BEGIN and no ROLLBACK round trips.
"""

from __future__ import annotations

import select
from typing import Any, TypeAlias

from flask import Flask, g
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import event, exc
from sqlalchemy.engine import Connection, CursorResult, Dialect, Engine, Result
from sqlalchemy.orm import Session, scoped_session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement

from app.extensions import db

# What services take: a plain SQLAlchemy session (the worker's jobs, scripts) or
# Flask-SQLAlchemy's request-scoped ``db.session``, which stands for one.
DbSession: TypeAlias = Session | scoped_session[FlaskSession]

_AUTOCOMMIT = "_assay_autocommit_connection"


def init_app(app: Flask, engine: Engine) -> None:
    """Check pooled PostgreSQL connections for liveness on checkout (SQLite needs none);
    give back a request's autocommit connection when the request ends."""
    if engine.dialect.name == "postgresql":
        event.listen(engine, "checkout", _discard_if_closed_by_server)

    @app.teardown_request
    def close_autocommit_connection(error: BaseException | None = None) -> None:
        connection = g.pop(_AUTOCOMMIT, None)
        if connection is not None:
            connection.close()


def autocommit_connection() -> Connection:
    """This request's connection in autocommit mode, opened on first use.

    Every statement on it commits by itself: use it for reads and single-statement
    writes only; anything that must be atomic across statements belongs in db.session.
    """
    connection: Connection | None = g.get(_AUTOCOMMIT)
    if connection is None:
        connection = db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        setattr(g, _AUTOCOMMIT, connection)
    return connection


def _discard_if_closed_by_server(dbapi_connection: Any, record: Any, proxy: Any) -> None:
    if closed_by_server(dbapi_connection):
        raise exc.DisconnectionError("the server closed this pooled connection")


def closed_by_server(dbapi_connection: Any) -> bool:
    """True when an idle psycopg connection is unusable: closed on our side, or with
    something to read although no query is running (the server's goodbye, or EOF)."""
    if dbapi_connection.closed:
        return True
    try:
        fileno = dbapi_connection.pgconn.socket
    # psycopg raises OperationalError once the socket is gone; any failure means unusable.
    except Exception:  # noqa: BLE001  (see the line above)
        return True
    return _readable(fileno)


def _readable(fileno: int) -> bool:
    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(fileno, select.POLLIN | select.POLLERR | select.POLLHUP)
        return bool(poller.poll(0))
    readable, _, _ = select.select([fileno], [], [], 0)  # platforms without poll()
    return bool(readable)


class DriverStatement:
    """A Core statement compiled once and run on the connection's own psycopg connection.

    For the few statements that run on every background save of every candidate:
    SQLAlchemy's per-call work (statement cache lookup, execution context, result object,
    cursor description) costs more than PostgreSQL takes to answer them. The statement and
    its types are still SQLAlchemy's, and values pass through the same type processors
    (UTC datetimes, JSON) as they do through the ORM. Run it on a connection in autocommit
    mode (``autocommit_connection``): each run is then its own transaction. Errors are
    psycopg's own, not wrapped by SQLAlchemy; a connection the server dropped is found and
    replaced when the pool next hands it out (``closed_by_server``).
    """

    def __init__(self, statement: ClauseElement, dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        assert isinstance(compiled, SQLCompiler)  # SELECT, INSERT, UPDATE compile to one
        self.sql = compiled.string
        self._fixed: dict[str, Any] = {}  # values the statement carries (``state = 'x'``)
        self._given: dict[str, Any] = {}  # names the caller supplies -> bind processor
        for bind, name in compiled.bind_names.items():
            processor = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if bind.required:
                self._given[name] = processor
            else:
                value = bind.effective_value
                self._fixed[name] = processor(value) if processor else value
        columns = list(getattr(statement, "selected_columns", ()))
        self.keys = tuple(column.key for column in columns)
        self._results = [
            (index, processor) for index, column in enumerate(columns)
            if (processor := column.type.dialect_impl(dialect).result_processor(dialect, None))]

    def rows(self, connection: Connection, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        """The statement's rows, each value as the ORM would have it."""
        values = dict(self._fixed)
        for name, processor in self._given.items():
            value = params[name]
            values[name] = processor(value) if processor else value
        driver = connection.connection.driver_connection
        assert driver is not None
        with driver.cursor() as cursor:
            cursor.execute(self.sql, values, prepare=True)
            rows: list[tuple[Any, ...]] = cursor.fetchall()
        if not self._results:
            return rows
        processed = []
        for row in rows:
            values_out = list(row)
            for index, processor in self._results:
                values_out[index] = processor(values_out[index])
            processed.append(tuple(values_out))
        return processed


def rowcount(result: Result[Any]) -> int:
    """The rows an UPDATE or DELETE matched (its result is a CursorResult)."""
    assert isinstance(result, CursorResult)
    return result.rowcount


_compiled: dict[tuple[ClauseElement, str], DriverStatement] = {}


def driver_statement(statement: ClauseElement, connection: Connection) -> DriverStatement:
    """``statement`` (a module-level constant) compiled for ``connection``'s dialect, once
    per process."""
    key = (statement, connection.dialect.name)
    found = _compiled.get(key)
    if found is None:
        found = _compiled[key] = DriverStatement(statement, connection.dialect)
    return found
