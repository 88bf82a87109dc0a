"""Delivery timeouts come from the settings and stay well under the outbox claim."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from app.config import ConfigError, load_config
from app.jobs import deliver_outbox
from tests.jobs.builders import queue_team_email, reloaded


def _load(**overrides: Any) -> dict[str, Any]:
    app = Flask(__name__)
    load_config(app, {"ENV_NAME": "testing", **overrides})
    return dict(app.config)


def test_the_default_timeouts_are_within_a_third_of_the_default_claim() -> None:
    config = _load()

    assert config["MAIL_TIMEOUT_SECONDS"] * 3 <= config["OUTBOX_CLAIM_SECONDS"]
    assert config["CALLBACK_TIMEOUT_SECONDS"] * 3 <= config["OUTBOX_CLAIM_SECONDS"]


@pytest.mark.parametrize(("overrides", "message"), [
    ({"MAIL_TIMEOUT_SECONDS": 41}, "ASSAY_MAIL_TIMEOUT_SECONDS: at most a third of "
                                   "ASSAY_OUTBOX_CLAIM_SECONDS (120 s)"),
    ({"CALLBACK_TIMEOUT_SECONDS": "50"}, "ASSAY_CALLBACK_TIMEOUT_SECONDS: at most a third"),
    ({"OUTBOX_CLAIM_SECONDS": 60}, "ASSAY_MAIL_TIMEOUT_SECONDS: at most a third of "
                                   "ASSAY_OUTBOX_CLAIM_SECONDS (60 s)"),
    ({"MAIL_TIMEOUT_SECONDS": 0}, "ASSAY_MAIL_TIMEOUT_SECONDS: at least 1 second"),
    ({"CALLBACK_TIMEOUT_SECONDS": 0}, "ASSAY_CALLBACK_TIMEOUT_SECONDS: at least 1 second"),
])
def test_a_timeout_too_long_for_the_claim_is_refused_at_start_up(  # type: ignore[no-untyped-def]
        overrides, message) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        _load(**overrides)


def test_a_short_claim_with_short_timeouts_is_accepted() -> None:
    config = _load(OUTBOX_CLAIM_SECONDS=3, MAIL_TIMEOUT_SECONDS=1, CALLBACK_TIMEOUT_SECONDS=1)

    assert config["OUTBOX_CLAIM_SECONDS"] == 3


@pytest.fixture
def silent_smtp_server() -> Iterator[int]:
    """A port that accepts connections and never says a word (no greeting)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


@pytest.fixture
def app_config(silent_smtp_server: int) -> dict[str, Any]:
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": silent_smtp_server,
            "MAIL_TIMEOUT_SECONDS": 1, "OUTBOX_CLAIM_SECONDS": 3, "CALLBACK_TIMEOUT_SECONDS": 1}


@pytest.mark.committing  # a 3 s claim: the renewal thread runs
@pytest.mark.timeout(60)
def test_a_silent_smtp_server_is_given_up_on_after_mail_timeout_seconds(app) -> None:  # type: ignore[no-untyped-def]
    message_id = queue_team_email()
    began = time.monotonic()

    deliver_outbox.run_once()

    assert time.monotonic() - began < 5  # 1 s, far from the old fixed 30 s
    row = reloaded(message_id)
    assert (row.status, row.attempt_count) == ("pending", 1)
    assert "cannot reach SMTP server" in (row.last_error or "")
    assert "timed out" in (row.last_error or "")
