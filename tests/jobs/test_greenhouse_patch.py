"""The Greenhouse PATCH callback, against a real local HTTP server."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import pytest
import time_machine

from app.extensions import db
from app.jobs import deliver_outbox
from app.jobs.greenhouse_patch import retry_after_seconds
from tests.fixtures.factories import make_api_key
from tests.fixtures.servers import free_port
from tests.jobs.builders import queue_callback, reloaded
from tests.jobs.conftest import CallbackServer

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def app_config() -> dict[str, Any]:
    # The stand-in listens on plain http, on loopback, on a random port: each allowed here.
    return {"CALLBACK_ALLOW_HTTP": True, "CALLBACK_ALLOWED_HOSTS": ["127.0.0.1"],
            "CALLBACK_ALLOWED_PORTS": ["*"], "CALLBACK_ALLOWED_NETWORKS": ["127.0.0.0/8"],
            "CALLBACK_TIMEOUT_SECONDS": 1}


def _basic(user: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:".encode()).decode()


def test_it_patches_with_the_key_as_basic_user_and_no_body(  # type: ignore[no-untyped-def]
        app, organization, greenhouse_key, callback_server: CallbackServer) -> None:
    queue_callback(callback_server.url("/callbacks/42?x=1"), organization,
                   greenhouse_key.row.id)

    assert deliver_outbox.run_once() is True

    [received] = callback_server.requests
    assert (received.method, received.path) == ("PATCH", "/callbacks/42?x=1")
    assert received.headers["Authorization"] == _basic(greenhouse_key.value)
    assert received.body == b""
    assert received.headers.get("Content-Length", "0") == "0"


@pytest.mark.parametrize("status", [200, 202, 204])
def test_a_2xx_answer_marks_the_row_sent(  # type: ignore[no-untyped-def]
        app, organization, greenhouse_key, callback_server, status) -> None:
    callback_server.status = status
    message_id = queue_callback(callback_server.url(), organization, greenhouse_key.row.id)

    deliver_outbox.run_once()

    row = reloaded(message_id)
    assert (row.status, row.transport) == ("sent", "http")


def test_a_503_with_retry_after_seconds_is_retried_at_that_time(  # type: ignore[no-untyped-def]
        app, organization, greenhouse_key, callback_server) -> None:
    callback_server.status = 503
    callback_server.headers = {"Retry-After": "120"}
    with time_machine.travel(START, tick=False):
        message_id = queue_callback(callback_server.url(), organization, greenhouse_key.row.id)
        deliver_outbox.run_once()

    row = reloaded(message_id)
    assert row.status == "pending"
    assert row.next_attempt_at == START + timedelta(seconds=120)
    assert row.last_error is not None and row.last_error.startswith("HTTP 503 from 127.0.0.1")


def test_a_429_with_a_retry_after_date_is_retried_at_that_date(  # type: ignore[no-untyped-def]
        app, organization, greenhouse_key, callback_server) -> None:
    callback_server.status = 429
    callback_server.headers = {"Retry-After": format_datetime(START + timedelta(minutes=10),
                                                              usegmt=True)}
    with time_machine.travel(START, tick=False):
        message_id = queue_callback(callback_server.url(), organization, greenhouse_key.row.id)
        deliver_outbox.run_once()

    assert reloaded(message_id).next_attempt_at == START + timedelta(minutes=10)


def test_a_500_without_retry_after_is_retried_with_backoff(  # type: ignore[no-untyped-def]
        app, organization, greenhouse_key, callback_server) -> None:
    callback_server.status = 500
    with time_machine.travel(START, tick=False):
        message_id = queue_callback(callback_server.url(), organization, greenhouse_key.row.id)
        deliver_outbox.run_once()

    delay = (reloaded(message_id).next_attempt_at - START).total_seconds()
    assert 24 <= delay <= 36


def test_a_404_fails_for_good_recording_the_answer(  # type: ignore[no-untyped-def]
        app, organization, greenhouse_key, callback_server) -> None:
    callback_server.status = 404
    callback_server.body = b'{"errors": ["Not found"]}'
    message_id = queue_callback(callback_server.url(), organization, greenhouse_key.row.id)

    deliver_outbox.run_once()

    row = reloaded(message_id)
    assert row.status == "failed"
    assert row.last_error == (
        f'HTTP 404 from 127.0.0.1:{callback_server.port}: {{"errors": ["Not found"]}}')


def test_a_server_slower_than_the_timeout_is_retried(  # type: ignore[no-untyped-def]
        app, organization, greenhouse_key, callback_server) -> None:
    callback_server.delay = 2.5  # CALLBACK_TIMEOUT_SECONDS is 1 here
    message_id = queue_callback(callback_server.url(), organization, greenhouse_key.row.id)

    deliver_outbox.run_once()

    row = reloaded(message_id)
    assert row.status == "pending"
    assert "within 1 s" in (row.last_error or "")


def test_an_unreachable_server_is_retried(app, organization, greenhouse_key) -> None:  # type: ignore[no-untyped-def]
    message_id = queue_callback(f"http://127.0.0.1:{free_port()}/cb", organization,
                                greenhouse_key.row.id)

    deliver_outbox.run_once()

    row = reloaded(message_id)
    assert row.status == "pending"
    assert "cannot reach 127.0.0.1" in (row.last_error or "")


def test_a_redirect_is_not_followed(  # type: ignore[no-untyped-def]
        app, organization, greenhouse_key, callback_server) -> None:
    callback_server.status = 302
    callback_server.headers = {"Location": callback_server.url("/elsewhere")}
    message_id = queue_callback(callback_server.url(), organization, greenhouse_key.row.id)

    deliver_outbox.run_once()

    assert [r.path for r in callback_server.requests] == ["/callback/123"]
    row = reloaded(message_id)
    assert row.status == "failed"
    assert "not followed" in (row.last_error or "")


@pytest.mark.parametrize("url", [
    "http://localhost:1/cb",  # host not on the list
    "http://127.0.0.1.evil.test/cb",
    "ftp://127.0.0.1/cb",
])
def test_a_url_off_the_allow_list_is_refused_without_calling_it(  # type: ignore[no-untyped-def]
        app, organization, greenhouse_key, url) -> None:
    message_id = queue_callback(url, organization, greenhouse_key.row.id)

    deliver_outbox.run_once()

    row = reloaded(message_id)
    assert row.status == "failed"
    assert (row.last_error or "").startswith("not calling back: The callback URL")


def test_http_is_refused_unless_allowed(  # type: ignore[no-untyped-def]
        app, organization, greenhouse_key, callback_server) -> None:
    app.config["CALLBACK_ALLOW_HTTP"] = False
    message_id = queue_callback(callback_server.url(), organization, greenhouse_key.row.id)

    deliver_outbox.run_once()

    assert callback_server.requests == []
    assert "https://" in (reloaded(message_id).last_error or "")


def test_a_revoked_key_is_replaced_by_the_newest_active_one(  # type: ignore[no-untyped-def]
        app, organization, greenhouse_key, callback_server) -> None:
    older = make_api_key(organization, created_at=START)
    newest = make_api_key(organization, created_at=START + timedelta(days=1))
    greenhouse_key.row.revoke()
    db.session.commit()
    queue_callback(callback_server.url(), organization, greenhouse_key.row.id)

    deliver_outbox.run_once()

    [received] = callback_server.requests
    assert received.headers["Authorization"] == _basic(newest.value)
    assert older.value != newest.value


def test_without_a_key_id_the_newest_active_key_is_used(  # type: ignore[no-untyped-def]
        app, organization, greenhouse_key, callback_server) -> None:
    queue_callback(callback_server.url(), organization)  # as the completion service queues it

    deliver_outbox.run_once()

    assert callback_server.requests[0].headers["Authorization"] == _basic(greenhouse_key.value)


def test_an_organization_without_an_active_key_fails_for_good(  # type: ignore[no-untyped-def]
        app, organization, greenhouse_key, callback_server) -> None:
    greenhouse_key.row.revoke()
    db.session.commit()
    message_id = queue_callback(callback_server.url(), organization, greenhouse_key.row.id)

    deliver_outbox.run_once()

    assert callback_server.requests == []
    row = reloaded(message_id)
    assert row.status == "failed"
    assert "no active Greenhouse key" in (row.last_error or "")


@pytest.mark.parametrize(("header", "seconds"), [
    (None, None),
    ("", None),
    ("90", 90.0),
    ("Mon, 02 Mar 2026 09:05:00 GMT", 300.0),
    ("Mon, 02 Mar 2026 08:00:00 GMT", 1.0),  # in the past: in a second
    ("soon", None),
])
def test_retry_after_is_read_as_seconds_or_an_http_date(header, seconds) -> None:  # type: ignore[no-untyped-def]
    assert retry_after_seconds(header, START) == seconds
