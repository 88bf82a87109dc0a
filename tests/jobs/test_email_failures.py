"""When an email cannot be delivered: retry with backoff, give up in time, or fail for good."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine

from app.jobs import deliver_outbox
from tests.fixtures.servers import free_port
from tests.jobs.builders import queue_team_email, reloaded
from tests.jobs.conftest import PickyMailbox

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def app_config(picky_smtp_server: PickyMailbox) -> dict[str, Any]:
    return {"MAIL_SERVER": picky_smtp_server.host, "MAIL_PORT": picky_smtp_server.port,
            "OUTBOX_GIVE_UP_HOURS": 72}


@pytest.fixture
def smtp_down(app):  # type: ignore[no-untyped-def]
    """Nothing listens on the mail port (the server is down)."""
    app.config["MAIL_PORT"] = free_port()


def _seconds_until_next_try(message_id: int, now: datetime) -> float:
    return (reloaded(message_id).next_attempt_at - now).total_seconds()


def test_it_retries_with_growing_delays_while_the_server_is_down(app, smtp_down) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(START, tick=False) as traveller:
        message_id = queue_team_email()
        delays = []
        for _ in range(4):
            now = datetime.now(UTC)
            assert deliver_outbox.run_once() is True
            delays.append(_seconds_until_next_try(message_id, now))
            traveller.move_to(reloaded(message_id).next_attempt_at)

    row = reloaded(message_id)
    assert (row.status, row.attempt_count) == ("pending", 4)
    assert "cannot reach SMTP server" in (row.last_error or "")
    # 30 s, 60 s, 120 s, 240 s, each +-20 %.
    for tries, delay in enumerate(delays):
        expected = 30 * 2**tries
        assert expected * 0.8 <= delay <= expected * 1.2


def test_a_retried_email_goes_out_once_the_server_is_back(app, smtp_down,  # type: ignore[no-untyped-def]
                                                         picky_smtp_server) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        message_id = queue_team_email()
        deliver_outbox.run_once()
        app.config["MAIL_PORT"] = picky_smtp_server.port
        assert deliver_outbox.run_once() is False  # not due yet: no hammering
        traveller.move_to(reloaded(message_id).next_attempt_at)

        assert deliver_outbox.run_once() is True

    assert len(picky_smtp_server.wait_for(1)) == 1
    row = reloaded(message_id)
    assert (row.status, row.attempt_count) == ("sent", 2)


def test_it_gives_up_after_the_configured_time_keeping_the_last_error(app, smtp_down) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(START, tick=False) as traveller:
        message_id = queue_team_email()
        deliver_outbox.run_once()
        traveller.move_to(START + timedelta(hours=71, minutes=59, seconds=50))

        deliver_outbox.run_once()

    row = reloaded(message_id)
    assert row.status == "failed"
    assert row.attempt_count == 2
    assert "cannot reach SMTP server" in (row.last_error or "")


def test_backoff_is_capped_at_an_hour(app, smtp_down) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(START, tick=False):
        message_id = queue_team_email()
        row = reloaded(message_id)
        row.attempt_count = 12  # 30 s x 2^12 would be 34 hours
        from app.extensions import db

        db.session.commit()

        deliver_outbox.run_once()

        assert _seconds_until_next_try(message_id, START) <= 3600


def test_a_rejected_recipient_fails_for_good(app, picky_smtp_server) -> None:  # type: ignore[no-untyped-def]
    message_id = queue_team_email("rejected@acme.test")

    deliver_outbox.run_once()

    row = reloaded(message_id)
    assert (row.status, row.attempt_count) == ("failed", 1)
    assert "550" in (row.last_error or "")
    assert "rejected@acme.test" in (row.last_error or "")


def test_a_temporary_refusal_is_retried(app, picky_smtp_server) -> None:  # type: ignore[no-untyped-def]
    message_id = queue_team_email("busy@acme.test")

    deliver_outbox.run_once()

    row = reloaded(message_id)
    assert (row.status, row.attempt_count) == ("pending", 1)
    assert "451" in (row.last_error or "")


def test_one_bad_row_does_not_hold_up_the_others(app, picky_smtp_server) -> None:  # type: ignore[no-untyped-def]
    first = queue_team_email("first@acme.test")
    bad = queue_team_email("rejected@acme.test")
    last = queue_team_email("last@acme.test")

    deliver_outbox.run_once()

    assert [reloaded(i).status for i in (first, bad, last)] == ["sent", "failed", "sent"]
    assert sorted(m["To"] for m in picky_smtp_server.wait_for(2)) == [
        "first@acme.test", "last@acme.test"]


def test_a_handler_crash_is_recorded_and_retried(app, picky_smtp_server, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(payload: dict[str, Any]) -> str:
        raise KeyError("subject")

    monkeypatch.setitem(deliver_outbox.HANDLERS, "email", broken)
    message_id = queue_team_email()

    deliver_outbox.run_once()

    row = reloaded(message_id)
    assert (row.status, row.last_error) == ("pending", "KeyError: 'subject'")
