"""Hostile webhook URLs: refused when queued (the row fails at once, nothing is sent, the
change that caused the event still commits) and again when delivered (settings changed
since, or a name that resolves to a local address)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from app.jobs import deliver_outbox
from app.models import Organization
from tests.jobs.builders import reloaded
from tests.webhooks.conftest import LOCAL_RECEIVER_SETTINGS, FakeDns, Receiver, queue_webhook

NAME = "hooks.acme-recruiting.com"  # a public-looking name we make resolve locally


@pytest.fixture
def app_config() -> dict[str, Any]:
    # Only the address is in question: http and any port allowed, no network, no listing.
    return {"CALLBACK_ALLOW_HTTP": True, "CALLBACK_ALLOWED_PORTS": ["*"],
            "CALLBACK_TIMEOUT_SECONDS": 1}


@pytest.mark.parametrize(("url", "reason"), [
    ("http://127.0.0.1:{port}/hooks", "host 127.0.0.1 is an IP address"),
    ("http://localhost:{port}/hooks", "host localhost is a local or reserved name"),
    ("http://10.0.0.5:{port}/hooks", "host 10.0.0.5 is an IP address"),
    ("http://[::ffff:127.0.0.1]:{port}/", "is an IP address"),
    ("http://user:pw@" + NAME + ":{port}/hooks", "must not contain a user name or password"),
    ("http://metadata.google.internal/computeMetadata/v1/", "local or reserved name"),
])
def test_a_hostile_url_is_refused_when_queued_and_never_called(  # type: ignore[no-untyped-def]
        app, customer: Organization, receiver: Receiver, webhook_secret: str,
        url: str, reason: str) -> None:
    message_id = queue_webhook(customer, url.format(port=receiver.port), webhook_secret)

    assert deliver_outbox.run_once() is False

    row = reloaded(message_id)
    assert (row.status, row.attempt_count) == ("failed", 0)
    assert (row.last_error or "").startswith("not delivering: The webhook URL")
    assert reason in (row.last_error or "")
    assert receiver.deliveries == []
    assert "pw" not in (row.recipient or "") and "/" not in (row.recipient or "")


def test_plain_http_is_refused_when_queued_in_production(  # type: ignore[no-untyped-def]
        app: Flask, customer, webhook_secret) -> None:
    app.config["ENV_NAME"] = "production"  # after start-up: only the policy reads it here

    message_id = queue_webhook(customer, f"http://{NAME}/hooks", webhook_secret)

    row = reloaded(message_id)
    assert row.status == "failed"
    assert row.last_error == "not delivering: The webhook URL must start with https://."


def test_a_name_that_resolves_to_loopback_is_never_called(  # type: ignore[no-untyped-def]
        app, customer, receiver: Receiver, webhook_secret, dns: FakeDns) -> None:
    dns.answers[NAME] = ["127.0.0.1"]  # DNS rebinding: a public name, a local answer
    message_id = queue_webhook(customer, f"http://{NAME}:{receiver.port}/hooks",
                               webhook_secret)
    assert reloaded(message_id).status == "pending"  # names are checked at delivery

    deliver_outbox.run_once()

    row = reloaded(message_id)
    assert (row.status, row.attempt_count) == ("failed", 1)
    assert row.last_error == (
        f"not delivering: {NAME} resolves to 127.0.0.1, a loopback address; callbacks only "
        "go to public addresses (see CALLBACK_ALLOWED_NETWORKS).")
    assert receiver.deliveries == []


def test_one_local_answer_among_public_ones_spoils_the_name(  # type: ignore[no-untyped-def]
        app, customer, receiver: Receiver, webhook_secret, dns: FakeDns) -> None:
    dns.answers[NAME] = ["93.184.215.14", "127.0.0.1"]
    message_id = queue_webhook(customer, f"http://{NAME}:{receiver.port}/hooks",
                               webhook_secret)

    deliver_outbox.run_once()

    assert reloaded(message_id).status == "failed"
    assert receiver.deliveries == []


def test_a_name_in_an_allowed_network_is_called_by_its_name(  # type: ignore[no-untyped-def]
        app: Flask, customer, receiver: Receiver, webhook_secret, dns: FakeDns) -> None:
    app.config["CALLBACK_ALLOWED_NETWORKS"] = ["127.0.0.0/8"]
    dns.answers[NAME] = ["127.0.0.1"]
    message_id = queue_webhook(customer, f"http://{NAME}:{receiver.port}/hooks",
                               webhook_secret)

    deliver_outbox.run_once()

    assert reloaded(message_id).status == "sent"
    assert receiver.deliveries[0].headers["Host"] == f"{NAME}:{receiver.port}"


def test_a_url_the_settings_no_longer_allow_is_refused_at_delivery(  # type: ignore[no-untyped-def]
        app: Flask, customer, receiver: Receiver, webhook_secret) -> None:
    app.config.update(LOCAL_RECEIVER_SETTINGS)
    message_id = queue_webhook(customer, receiver.url(), webhook_secret)
    app.config["CALLBACK_ALLOWED_NETWORKS"] = []  # the operator withdrew loopback

    deliver_outbox.run_once()

    row = reloaded(message_id)
    assert (row.status, row.attempt_count) == ("failed", 1)
    assert (row.last_error or "").startswith(
        "not delivering: 127.0.0.1 is a loopback address")
    assert receiver.deliveries == []


def test_a_refused_event_can_be_retried_once_the_settings_allow_it(  # type: ignore[no-untyped-def]
        app: Flask, runner, customer, receiver: Receiver, webhook_secret) -> None:
    message_id = queue_webhook(customer, receiver.url(), webhook_secret)
    assert reloaded(message_id).status == "failed"
    app.config.update(LOCAL_RECEIVER_SETTINGS)

    result = runner.invoke(args=["outbox", "retry", str(message_id)])
    assert result.exit_code == 0, result.output
    deliver_outbox.run_once()

    assert reloaded(message_id).status == "sent"
    assert len(receiver.deliveries) == 1
