"""Pooled connections: a connection the server closed is never handed to a request."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.pool import NullPool

from app.database import autocommit_connection, closed_by_server
from app.extensions import db

# Each test is about the engine's own pooled or autocommit connections.
pytestmark = pytest.mark.committing


def _postgresql_only(app) -> None:  # type: ignore[no-untyped-def]
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite connections are files: nothing can close them behind our back")


def _terminate(backend_pid: int) -> None:
    """Have the server close a connection, as a restart or an idle timeout would."""
    from sqlalchemy import create_engine

    admin = create_engine(db.engine.url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend_pid})
        conn.execute(text("SELECT pg_sleep(0.2)"))  # the goodbye reaches the socket
    admin.dispose()


def test_it_replaces_a_pooled_connection_the_server_closed(app) -> None:
    _postgresql_only(app)
    with db.engine.connect() as conn:
        victim = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
    _terminate(victim)

    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT pg_backend_pid()")).scalar_one() != victim


def test_it_sees_a_terminated_connection_without_a_round_trip(app) -> None:
    _postgresql_only(app)
    raw = db.engine.raw_connection()
    try:
        assert not closed_by_server(raw.driver_connection)
        pid = raw.driver_connection.info.backend_pid
        _terminate(pid)
        assert closed_by_server(raw.driver_connection)
    finally:
        raw.invalidate()


def test_a_requests_autocommit_connection_commits_each_statement(app) -> None:
    with app.test_request_context():
        connection = autocommit_connection()
        assert autocommit_connection() is connection
        connection.execute(text("CREATE TABLE scratch_autocommit (n INTEGER)"))
    try:
        with db.engine.connect() as other:  # another connection sees it: committed
            assert other.execute(text("SELECT count(*) FROM scratch_autocommit")).scalar_one() == 0
    finally:
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE scratch_autocommit"))
