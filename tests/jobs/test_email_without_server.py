"""Without a mail server: kept for the development mailbox, or a clear permanent error."""

from __future__ import annotations

from typing import Any

import pytest

from app.jobs import deliver_outbox
from app.services.mail import dev_mail_enabled
from tests.jobs.builders import queue_team_email, reloaded


@pytest.fixture
def app_config(request: pytest.FixtureRequest) -> dict[str, Any]:
    return {"MAIL_SERVER": None, **getattr(request, "param", {})}


@pytest.mark.parametrize("app_config", [{"DEV_MAIL": True}], indirect=True)
def test_dev_mail_keeps_the_message_for_the_mailbox(app) -> None:  # type: ignore[no-untyped-def]
    message_id = queue_team_email()

    assert deliver_outbox.run_once() is True

    row = reloaded(message_id)
    assert (row.status, row.transport) == ("sent", "devmail")


@pytest.mark.parametrize("app_config", [{"DEV_MAIL": False}], indirect=True)
def test_with_neither_it_fails_for_good_saying_what_to_set(app) -> None:  # type: ignore[no-untyped-def]
    message_id = queue_team_email()

    deliver_outbox.run_once()

    row = reloaded(message_id)
    assert row.status == "failed"
    assert "ASSAY_MAIL_SERVER" in (row.last_error or "")


@pytest.mark.parametrize(("env", "dev_mail", "enabled"), [
    ("development", True, True),
    ("testing", True, True),
    ("development", False, False),
    ("production", True, False),  # it would show candidates' links to anyone
])
def test_dev_mail_is_never_on_in_production(env: str, dev_mail: bool, enabled: bool) -> None:
    assert dev_mail_enabled({"ENV_NAME": env, "DEV_MAIL": dev_mail}) is enabled
