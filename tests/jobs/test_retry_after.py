"""A receiver's Retry-After is not trusted, and one row's bad luck never stops the job:
whatever the header says, the row ends marked, with its next try at a sane time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine

from app.extensions import db
from app.jobs import deliver_outbox
from app.jobs.errors import DeliveryError
from app.jobs.greenhouse_patch import retry_after_seconds
from app.models import OutboxMessage
from tests.jobs.builders import queue_callback, queue_team_email, reloaded
from tests.jobs.conftest import CallbackServer

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DAY = timedelta(hours=24)


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"CALLBACK_ALLOW_HTTP": True, "CALLBACK_ALLOWED_HOSTS": ["127.0.0.1"],
            "CALLBACK_ALLOWED_PORTS": ["*"], "CALLBACK_ALLOWED_NETWORKS": ["127.0.0.0/8"],
            "CALLBACK_TIMEOUT_SECONDS": 1, "OUTBOX_GIVE_UP_HOURS": 72,
            "MAIL_SERVER": None, "DEV_MAIL": True}


def _answered_503_with(header: str, callback_server: CallbackServer, organization,  # type: ignore[no-untyped-def]
                       greenhouse_key, give_up_after: timedelta | None = None) -> OutboxMessage:
    callback_server.status = 503
    callback_server.headers = {"Retry-After": header}
    with time_machine.travel(START, tick=False):
        message_id = queue_callback(callback_server.url(), organization, greenhouse_key.row.id,
                                    give_up_after=give_up_after)
        assert deliver_outbox.run_once() is True
    return reloaded(message_id)


@pytest.mark.parametrize(("header", "delay"), [
    ("99999999999999", DAY),  # would overflow a timedelta
    ("9" * 5000, DAY),  # more digits than an int may have
    ("Fri, 31 Dec 9999 23:59:59 GMT", DAY),  # would overflow a datetime
    ("Mon, 02 Mar 2026 08:00:00 GMT", timedelta(seconds=1)),  # in the past
    ("0", timedelta(seconds=1)),
    ("120", timedelta(seconds=120)),
])
def test_a_retry_after_is_clamped_between_a_second_and_a_day(  # type: ignore[no-untyped-def]
        app, organization, greenhouse_key, callback_server, header, delay) -> None:
    row = _answered_503_with(header, callback_server, organization, greenhouse_key)

    assert (row.status, row.attempt_count, row.claimed_by) == ("pending", 1, None)
    assert row.next_attempt_at == START + delay
    assert (row.last_error or "").startswith("HTTP 503 from 127.0.0.1")


@pytest.mark.parametrize("header", [
    "-120",  # negative
    "²",  # str.isdigit() says yes (float() raises); not a number of seconds
    "¹²³",  # the only other such digits a header can carry (Latin-1)
    "1.5",
    "soon",
    "Mon, 99 Xyz 99999 99:99:99 GMT",
    "\x00",
])
def test_an_unreadable_retry_after_falls_back_to_the_usual_backoff(  # type: ignore[no-untyped-def]
        app, organization, greenhouse_key, callback_server, header) -> None:
    row = _answered_503_with(header, callback_server, organization, greenhouse_key)

    assert (row.status, row.attempt_count) == ("pending", 1)
    assert 24 <= (row.next_attempt_at - START).total_seconds() <= 36  # 30 s +-20 %
    assert (row.last_error or "").startswith("HTTP 503 from 127.0.0.1")


def test_a_retry_after_past_the_give_up_time_gets_a_last_try_then(  # type: ignore[no-untyped-def]
        app, organization, greenhouse_key, callback_server) -> None:
    row = _answered_503_with("86400", callback_server, organization, greenhouse_key,
                             give_up_after=timedelta(hours=2))

    assert row.status == "pending"
    assert row.next_attempt_at == row.give_up_at == START + timedelta(hours=2)

    with time_machine.travel(row.give_up_at, tick=False):
        deliver_outbox.run_once()

    row = reloaded(row.id)
    assert (row.status, row.attempt_count) == ("failed", 2)


@pytest.mark.parametrize("retry_after", [float("inf"), float("nan"), 1e308, -1e308])
def test_a_handler_asking_for_an_absurd_wait_is_clamped_too(  # type: ignore[no-untyped-def]
        app, monkeypatch, retry_after) -> None:
    def overloaded(payload: dict[str, Any]) -> str:
        raise DeliveryError("busy", retry_after=retry_after)

    monkeypatch.setitem(deliver_outbox.HANDLERS, "email", overloaded)
    with time_machine.travel(START, tick=False):
        message_id = queue_team_email()
        deliver_outbox.run_once()

    row = reloaded(message_id)
    assert row.status == "pending"
    assert START + timedelta(seconds=1) <= row.next_attempt_at <= START + DAY


def test_a_row_whose_outcome_cannot_be_recorded_is_retried_and_the_batch_goes_on(  # type: ignore[no-untyped-def]
        app, monkeypatch, caplog) -> None:
    first, second = queue_team_email("first@acme.test"), queue_team_email("second@acme.test")
    mark_sent = OutboxMessage.mark_sent

    def broken_for_the_first(message: OutboxMessage, now: datetime, transport: str) -> None:
        if message.id == first:
            raise RuntimeError("disk full")
        mark_sent(message, now, transport)

    monkeypatch.setattr(OutboxMessage, "mark_sent", broken_for_the_first)

    assert deliver_outbox.run_once() is True

    failed, sent = reloaded(first), reloaded(second)
    assert (failed.status, failed.attempt_count, failed.claimed_by) == ("pending", 1, None)
    assert "RuntimeError: disk full" in (failed.last_error or "")
    assert failed.next_attempt_at > datetime.now(UTC)
    assert sent.status == "sent"
    assert "could not record its outcome" in caplog.text


def test_a_row_that_breaks_before_sending_is_left_to_its_claim_and_the_batch_goes_on(  # type: ignore[no-untyped-def]
        app, monkeypatch) -> None:
    first, second = queue_team_email("first@acme.test"), queue_team_email("second@acme.test")
    row = db.session.get(OutboxMessage, first)
    assert row is not None
    row.sealed_payload = "not a token"  # e.g. written under another ENCRYPTION_KEY
    db.session.commit()

    deliver_outbox.run_once()

    unreadable, sent = reloaded(first), reloaded(second)
    assert (unreadable.status, unreadable.attempt_count) == ("pending", 1)
    assert "cannot read the message body" in (unreadable.last_error or "")
    assert sent.status == "sent"


@pytest.mark.parametrize(("header", "seconds"), [
    ("99999999999999", 86400.0),
    ("-5", None),
    ("²", None),
    ("١٢٠", None),  # Arabic-Indic digits: float() reads them as 120, HTTP does not
    ("１２０", None),  # full-width digits, likewise
    ("Fri, 31 Dec 9999 23:59:59 GMT", 86400.0),
    ("garbage", None),
])
def test_retry_after_seconds_never_raises_and_stays_in_bounds(header, seconds) -> None:  # type: ignore[no-untyped-def]
    assert retry_after_seconds(header, START) == seconds
