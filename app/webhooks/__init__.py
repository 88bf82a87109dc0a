"""Webhooks of the public API: events signed per Standard Webhooks, queued in the outbox.

:func:`enqueue_webhook` adds the event to the caller's transaction; the worker's
``webhook`` handler (app.jobs.webhook_delivery) signs and POSTs it, with the retries of
every outbox row. The pieces are pure and live beside this module: the envelope and event
types (envelope), secrets and signatures (signing), which URLs may be called (urls).
"""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app

from app.database import DbSession
from app.models import Invitation, OutboxMessage, utcnow
from app.services.outbox import enqueue
from app.webhooks.envelope import (
    EVENT_TYPES,
    INVITATION_CANCELLED,
    INVITATION_COMPLETED,
    INVITATION_EXPIRED,
    check_event,
    envelope_body,
    new_event_id,
)
from app.webhooks.signing import (
    WebhookSignatureError,
    new_webhook_secret,
    secret_bytes,
    sign,
    signature_headers,
    verify,
)
from app.webhooks.urls import check_webhook_url, webhook_policy, webhook_url_problem

__all__ = [
    "EVENT_TYPES", "INVITATION_CANCELLED", "INVITATION_COMPLETED", "INVITATION_EXPIRED",
    "WEBHOOK", "WebhookSignatureError", "check_webhook_url", "enqueue_webhook",
    "new_webhook_secret", "sign", "signature_headers", "verify", "webhook_url_problem",
]

log = logging.getLogger(__name__)

WEBHOOK = "webhook"  # the outbox kind (app.jobs.delivery.HANDLERS)


def enqueue_webhook(session: DbSession, *, organization_id: int, url: str, secret: str,
                    event_type: str, data: dict[str, Any],
                    event_id: str | None = None,
                    invitation: Invitation | None = None) -> OutboxMessage:
    """Queue ``event_type`` with ``data`` for ``url`` in ``session`` (the caller commits,
    with the change the event reports). Returns the outbox row.

    The body (``{"type", "timestamp", "data"}``, timestamp now) is fixed here; it is
    signed with ``secret`` at each try, and ``event_id`` (a new ``msg_...`` by default) is
    its ``webhook-id`` on every try. URL, secret and body are kept only in the row's
    encrypted payload, and dropped once delivered; the row's recipient is the URL's host.

    A URL the settings do not allow (app.webhooks.urls) never fails the caller's change:
    the row is written already failed, saying why, and nothing is sent (an operator can
    retry it once the settings allow the URL). Raises ValueError for an unknown event
    type, a malformed id or secret, and ValueError or TypeError for data that is not
    JSON.
    """
    event_id = new_event_id() if event_id is None else event_id
    check_event(event_type, event_id)
    secret_bytes(secret)  # a malformed secret is the caller's bug: say so now, not later
    now = utcnow()
    payload = {"url": url, "secret": secret, "webhook_id": event_id, "type": event_type,
               "body": envelope_body(event_type, data, now)}
    message = enqueue(session, WEBHOOK, payload, organization_id=organization_id, now=now,
                      invitation=invitation)
    problem = webhook_url_problem(url, webhook_policy(current_app.config))
    if problem:
        message.mark_refused(f"not delivering: {problem}", now)
        log.warning("webhook %s (%s) for organization %d refused: %s", event_id, event_type,
                    organization_id, problem)
    return message
