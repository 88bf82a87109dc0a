"""From the API to the customer's receiver: an invitation created through the API, taken
and scored; its invitation.completed event reaches a real local receiver that fails,
then recovers, once, verified with the standardwebhooks library, and its data is what
GET shows."""

from __future__ import annotations

from typing import Any

import pytest
from standardwebhooks import Webhook

from app.extensions import db
from app.jobs import deliver_outbox
from app.models import Invitation, OutboxMessage
from tests.api.conftest import get_token, make_client, numbered_test, seed_body
from tests.greenhouse.conftest import finish
from tests.webhooks.conftest import (
    LOCAL_RECEIVER_SETTINGS,
    Receiver,
    receiver,  # noqa: F401  (a fixture)
)


@pytest.fixture
def app_config() -> dict[str, Any]:
    return dict(LOCAL_RECEIVER_SETTINGS)


def test_the_completed_event_reaches_a_receiver_that_fails_then_recovers_once(
        api, client, organization,
        receiver: Receiver) -> None:  # type: ignore[no-untyped-def]  # noqa: F811  (the fixture)
    numbered_test(5, "python-basics")
    hooked = make_client(organization, webhook_url=receiver.url())
    secret = hooked.client.webhook_secret()
    token = get_token(client, hooked)
    created = api("post", "/tests/invitations/candidates", bearer=token,
                  json=seed_body(testIds=[5], sendCopyToHr=False)).get_json()
    invitation = db.session.scalars(db.select(Invitation).filter_by(public_id=created["id"])).one()
    finish(invitation.attempts[0])
    receiver.answers = [503]

    deliver_outbox.run_once()
    row = db.session.scalars(db.select(OutboxMessage).filter_by(kind="webhook")).one()
    db.session.refresh(row)
    deliver_outbox.run_once(now=row.next_attempt_at)
    deliver_outbox.run_once(now=row.next_attempt_at.replace(year=2030))

    assert [d.answered for d in receiver.deliveries] == [503, 200]
    event = Webhook(secret).verify(receiver.deliveries[-1].body, receiver.deliveries[-1].headers)
    assert event["type"] == "invitation.completed"
    shown = api("get", f"/tests/invitations/{created['id']}", bearer=token).get_json()
    assert event["data"] == shown
    assert receiver.deliveries[-1].headers["webhook-id"] == f"evt_{created['id']}_completed"
