"""The ``webhook`` handler: POST a queued event to the customer's URL, signed now.

The payload (app.webhooks.enqueue_webhook) holds the URL, the signing secret, the event's
id and the body, fixed when the event happened. Each try signs ``{id}.{now}.{body}``
afresh, so ``webhook-timestamp`` is the try's own time: a retry hours later is not refused
by a receiver's five-minute tolerance, while ``webhook-id`` and the body stay the same, so
the receiver can drop a copy it already has.
"""

from __future__ import annotations

from typing import Any

from flask import current_app

from app.jobs.errors import DeliveryError
from app.jobs.http_delivery import send
from app.models import utcnow
from app.webhooks.signing import signature_headers
from app.webhooks.urls import webhook_policy

USER_AGENT = "Assay-Webhooks/1"


def deliver_webhook(payload: dict[str, Any]) -> str:
    """Payload: ``{"url", "secret", "webhook_id", "body", "type"}``.

    Delivered on any 2xx. Retryable: network errors, a name that does not resolve,
    timeouts, 408, 429 and 5xx (honouring Retry-After). Permanent: a URL the settings no
    longer allow, a host that resolves to a non-public address, redirects, 410 Gone and
    the other 4xx. The same rules as the Greenhouse PATCH (app.jobs.http_delivery).
    """
    config = current_app.config
    url, body = str(payload.get("url") or ""), str(payload.get("body") or "")
    try:
        headers = signature_headers(str(payload.get("secret") or ""),
                                    str(payload.get("webhook_id") or ""),
                                    int(utcnow().timestamp()), body)
    except ValueError as error:
        raise DeliveryError(f"cannot sign the webhook: {error}", retryable=False) from None
    headers |= {"Content-Type": "application/json", "User-Agent": USER_AGENT}
    send("POST", url, policy=webhook_policy(config), timeout=config["CALLBACK_TIMEOUT_SECONDS"],
         refusal="not delivering", headers=headers, data=body.encode("utf-8"))
    return "http"
