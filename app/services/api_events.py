"""The public API's webhook events: ``invitation.completed``, ``invitation.expired`` and
``invitation.cancelled``, for the API client that created the invitation.

:func:`invitation_ended` is the one place they start from; it is called in the
transaction that ends the invitation (completion.py when the last test is scored, after
any essay grading; the expiry job; cancelling), and queues the event through
``app.webhooks.enqueue_webhook`` (signing and delivery with the outbox's retries).
``data`` is the invitation exactly as GET /api/v1/tests/invitations/{id} shows it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from flask import current_app

from app.database import DbSession
from app.models import ApiClient, Invitation
from app.services.api_representation import invitation_out, test_numbers
from app.webhooks import enqueue_webhook

EventType = Literal["invitation.completed", "invitation.expired", "invitation.cancelled"]
EVENT_TYPES: tuple[EventType, ...] = ("invitation.completed", "invitation.expired",
                                      "invitation.cancelled")


def event_id(invitation: Invitation, event_type: EventType) -> str:
    """Stable per invitation and event: an invitation ends once, so a receiver that sees
    the same id twice can drop the copy."""
    return f"evt_{invitation.public_id}_{event_type.removeprefix('invitation.')}"


def event_data(session: DbSession, invitation: Invitation, base_url: str) -> dict[str, Any]:
    """The invitation as the API's GET shows it, as JSON values."""
    numbers = test_numbers(session, [invitation])
    return invitation_out(invitation, numbers, base_url).model_dump(mode="json")


def invitation_ended(session: DbSession, invitation: Invitation, event_type: EventType, *,
                     now: datetime) -> bool:
    """Queue ``event_type`` for the invitation's API client, if it has a webhook URL and
    is not revoked (in ``session``, not committed). Returns whether it was queued."""
    if invitation.api_client_id is None:
        return False
    if event_type != "invitation.cancelled" and invitation.cancelled_at is not None:
        # A test under way when its invitation was cancelled may still be scored later;
        # the integrator already heard "cancelled", and an invitation ends once.
        return False
    client = session.get(ApiClient, invitation.api_client_id)
    if client is None or not client.is_active or not client.webhook_url:
        return False
    secret = client.webhook_secret()
    assert secret is not None  # created together with the webhook URL
    enqueue_webhook(session, organization_id=invitation.organization_id,
                    url=client.webhook_url, secret=secret, event_type=event_type,
                    data=event_data(session, invitation, current_app.config["BASE_URL"]),
                    event_id=event_id(invitation, event_type), invitation=invitation)
    return True
