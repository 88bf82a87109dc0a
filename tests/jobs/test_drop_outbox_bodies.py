"""The job that drops outbox bodies once nobody can need them: failed rows after
OUTBOX_KEEP_FAILED_DAYS, development-mailbox copies wherever that mailbox is off."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine

from app.extensions import db
from app.jobs import deliver_outbox, drop_outbox_bodies
from app.jobs.registry import JOBS
from app.models import OutboxMessage
from tests.jobs.builders import queue_team_email, reloaded

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"MAIL_SERVER": None, "DEV_MAIL": True, "OUTBOX_KEEP_FAILED_DAYS": 7}


def _failed(to: str, when: datetime) -> int:
    with time_machine.travel(when, tick=False):
        message_id = queue_team_email(to)
        message = db.session.get(OutboxMessage, message_id)
        assert message is not None
        message.mark_failed("550 no such mailbox")
        db.session.commit()
    return message_id


def test_it_is_one_of_the_workers_jobs() -> None:
    assert "drop_outbox_bodies" in {job.name for job in JOBS}


def test_a_failed_row_keeps_its_body_for_the_configured_days_then_loses_it(app) -> None:  # type: ignore[no-untyped-def]
    old = _failed("old@acme.test", START - timedelta(days=7, minutes=1))
    recent = _failed("recent@acme.test", START - timedelta(days=6, hours=23))

    assert drop_outbox_bodies.run_once(now=START) is True

    dropped, kept = reloaded(old), reloaded(recent)
    assert (dropped.sealed_payload, dropped.body_dropped_at) == (None, START)
    assert (dropped.status, dropped.recipient, dropped.last_error) == (
        "failed", "old@acme.test", "550 no such mailbox")  # the record stays
    assert kept.has_body and kept.body_dropped_at is None
    assert drop_outbox_bodies.run_once(now=START) is False  # nothing left to do


def test_pending_and_devmail_rows_keep_their_bodies(app) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(START - timedelta(days=30), tick=False):
        pending = queue_team_email("later@acme.test")
        kept = queue_team_email("mailbox@acme.test")
        reloaded(pending).next_attempt_at = START + timedelta(days=1)
        db.session.commit()
        deliver_outbox.run_once()

    assert drop_outbox_bodies.run_once(now=START) is False

    assert reloaded(pending).has_body
    assert reloaded(kept).transport == "devmail" and reloaded(kept).has_body


def test_devmail_copies_lose_their_bodies_once_the_mailbox_is_off(app) -> None:  # type: ignore[no-untyped-def]
    kept = queue_team_email("mailbox@acme.test")
    deliver_outbox.run_once()
    app.config["DEV_MAIL"] = False

    assert drop_outbox_bodies.run_once() is True

    row = reloaded(kept)
    assert (row.status, row.transport, row.has_body) == ("sent", "devmail", False)


def test_a_row_requeued_by_an_operator_keeps_its_body(app) -> None:  # type: ignore[no-untyped-def]
    message_id = _failed("retry@acme.test", START - timedelta(days=8))
    row = reloaded(message_id)
    row.requeue(START, START + timedelta(hours=72))
    db.session.commit()

    assert drop_outbox_bodies.run_once(now=START) is False
    assert reloaded(message_id).has_body


def test_a_large_backlog_is_dropped_in_batches(app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(drop_outbox_bodies, "BATCH_SIZE", 3)
    ids = [_failed(f"t{n}@acme.test", START - timedelta(days=10)) for n in range(7)]

    assert drop_outbox_bodies.run_once(now=START) is True

    assert not any(reloaded(i).has_body for i in ids)


@pytest.mark.committing  # workers in threads, each its own connection
def test_two_workers_dropping_at_once_do_not_trip_over_each_other(app) -> None:  # type: ignore[no-untyped-def]
    ids = [_failed(f"t{n}@acme.test", START - timedelta(days=10)) for n in range(40)]
    start = threading.Barrier(2)
    results: list[bool] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            with app.app_context():
                start.wait()
                results.append(drop_outbox_bodies.run_once(now=START))
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert True in results
    assert not any(reloaded(i).has_body for i in ids)
    assert {reloaded(i).body_dropped_at for i in ids} == {START}
