"""Background saves and heartbeats on the quick path (app.services.quick_contact): one
query and one guarded write each, through the database's own store, and exactly what the
full path would have stored. Every test runs on SQLite and again on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import psycopg
import pytest
import time_machine
from sqlalchemy import event, select

from app.candidate import quick
from app.extensions import db
from app.models import Attempt, AttemptEvent, Response
from tests.candidate.conftest import NOW, Taking, attempt_of
from tests.fixtures.definitions import invite

# What each database is sent for one quick request (a save, or a heartbeat, which counts
# time to the current question's row): PostgreSQL one statement each for the query and
# the write (app.services.quick_stores.PostgresStore); SQLite the query, then the guarded
# UPDATE and the upsert in one transaction.
STATEMENTS = {"postgresql": ["SELECT", "WITH"],
              "sqlite": ["SELECT", "BEGIN", "UPDATE", "INSERT", "COMMIT"]}


def _start(taking: Taking, invitation: Any) -> Attempt:
    with time_machine.travel(NOW, tick=False):
        taking.start()
    return attempt_of(invitation)


@contextmanager
def _statements() -> Iterator[list[str]]:
    """What this process sends the database: on PostgreSQL through SQLAlchemy or straight
    to psycopg; on SQLite through SQLAlchemy (the only way there)."""
    seen: list[str] = []

    def note(query: object) -> None:
        seen.append(str(query).lstrip().split(None, 1)[0].upper())

    if db.engine.dialect.name == "sqlite":
        def before(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
            note(statement)

        event.listen(db.engine, "before_cursor_execute", before)
        try:
            yield seen
        finally:
            event.remove(db.engine, "before_cursor_execute", before)
        return
    execute = psycopg.Cursor.execute

    def counted(cursor, query, *args, **kwargs):  # type: ignore[no-untyped-def]
        note(query)
        return execute(cursor, query, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(psycopg.Cursor, "execute", counted)
        yield seen


@pytest.mark.committing  # counts what the real autocommit connection sends
def test_a_save_is_one_query_and_one_guarded_write(taking, invited_candidate) -> None:
    attempt = _start(taking, invited_candidate[0])
    with time_machine.travel(NOW + timedelta(seconds=5), tick=False):
        taking.api(attempt, "answer", {"question_id": "q1", "answer": "a"})  # reads the test once
    assert attempt.public_id  # the test's own copy, read again before counting
    with _statements() as seen, time_machine.travel(NOW + timedelta(seconds=10), tick=False):
        response = taking.api(attempt, "answer", {"question_id": "q1", "answer": "b"})
    assert response.status_code == 200 and response.json["saved"] is True
    assert seen == STATEMENTS[db.engine.dialect.name]


@pytest.mark.committing  # counts what the real autocommit connection sends
def test_a_heartbeat_is_one_query_and_one_guarded_write(taking, invited_candidate) -> None:
    attempt = _start(taking, invited_candidate[0])
    with _statements() as seen, time_machine.travel(NOW + timedelta(seconds=15), tick=False):
        response = taking.api(attempt, "heartbeat", {"events": []})
    assert response.status_code == 200
    assert seen == STATEMENTS[db.engine.dialect.name]


# What a candidate's page sends, seconds after Start: every case the quick path serves,
# and every case it hands to the full path (refusals, integrity events, gaps, new device).
SCRIPT: list[tuple[float, str, dict[str, Any]]] = [
    (3, "answer", {"question_id": "q1", "answer": "b"}),
    (8, "answer", {"question_id": "q1", "answer": "b"}),  # unchanged
    (15, "heartbeat", {"events": []}),
    (21, "answer", {"question_id": "q2", "answer": ["a"]}),  # not the current question
    (22, "answer", {"question_id": "q2", "answer": ["a", "b"], "flagged": True}),
    (25, "answer", {"question_id": "q2", "answer": []}),  # cleared
    (26, "answer", {"question_id": "q4", "answer": "42"}),  # another section: refused
    (27, "answer", {"question_id": "q3", "answer": "yes"}),  # invalid: reported
    (28, "answer", {"question_id": "nope", "answer": "b"}),  # not in the test
    (30, "heartbeat", {"events": [{"kind": "paste", "ago_ms": 10, "chars": 12}]}),
    (120, "heartbeat", {"events": [], "offline_ms": 60_000}),  # a connection gap
    (125, "answer", {"question_id": "q3", "answer": True, "offline_ms": 0}),
    (135, "heartbeat", {"events": []}),
]


def _run(taking: Taking, attempt: Attempt) -> list[tuple[int, Any]]:
    answers = []
    for seconds, endpoint, payload in SCRIPT:
        with time_machine.travel(NOW + timedelta(seconds=seconds), tick=False):
            response = taking.api(attempt, endpoint, payload)
        answers.append((response.status_code, response.json))
    return answers


def _stored(attempt_id: int) -> dict[str, Any]:
    db.session.expire_all()
    attempt = db.session.get(Attempt, attempt_id)
    assert attempt is not None
    responses = db.session.scalars(select(Response).where(Response.attempt_id == attempt_id)
                                   .order_by(Response.question_id))
    events = db.session.scalars(select(AttemptEvent).where(AttemptEvent.attempt_id == attempt_id)
                                .order_by(AttemptEvent.id))
    integrity = dict(attempt.integrity or {})
    integrity["seen"] = {**integrity["seen"], "device": "each browser its own"}
    return {
        "integrity": integrity,
        "attempt": {name: getattr(attempt, name) for name in (
            "state", "last_seen_at", "current_section", "current_question", "deadline_at",
            "section_deadline_at", "credited_seconds")},
        "responses": [(r.question_id, r.answer, r.flagged, r.revision, r.time_spent_ms,
                       r.saved_at) for r in responses],
        "events": [(e.kind, e.occurred_at, e.data) for e in events],
    }


def test_it_stores_exactly_what_the_full_path_stores(
        organization, basics_test, taking, invited_candidate, new_browser,
        monkeypatch) -> None:
    quick_attempt = _start(taking, invited_candidate[0])
    invitation, link = invite(organization, [basics_test])
    full = Taking(client=new_browser(), link=link)
    full_attempt = _start(full, invitation)

    served: list[bool] = []

    def noting(serve):  # type: ignore[no-untyped-def]
        def wrapper(*args: Any) -> Any:
            result = serve(*args)
            served.append(result is not None)
            return result
        return wrapper

    monkeypatch.setattr(quick, "save", noting(quick.save))
    monkeypatch.setattr(quick, "heartbeat", noting(quick.heartbeat))
    quick_answers = _run(taking, quick_attempt)
    assert served == [True] * 6 + [False] * 5 + [True] * 2

    monkeypatch.setattr(quick, "save", lambda *a: None)
    monkeypatch.setattr(quick, "heartbeat", lambda *a: None)
    full_answers = _run(full, full_attempt)

    assert quick_answers == full_answers
    assert [status for status, _ in quick_answers] == [
        200, 200, 200, 200, 200, 200, 409, 422, 404, 200, 200, 200, 200]
    assert _stored(quick_attempt.id) == _stored(full_attempt.id)


def test_a_new_device_is_recorded_by_the_full_path(taking, invited_candidate,
                                                   new_browser) -> None:
    attempt = _start(taking, invited_candidate[0])
    phone = Taking(client=new_browser(), link=taking.link)
    with time_machine.travel(NOW + timedelta(seconds=20), tick=False):
        phone.start()
        phone.api(attempt, "answer", {"question_id": "q1", "answer": "b"})
    kinds = [e.kind for e in db.session.scalars(select(AttemptEvent))]
    assert kinds == ["device_switched"]
