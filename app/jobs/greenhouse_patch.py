"""The ``greenhouse_patch`` handler: tell Greenhouse a candidate's test is done.

Greenhouse gave us a callback URL with the test; we ``PATCH`` it with no body, signed in
with the organization's Greenhouse key as the Basic-auth user name and an empty password.
Greenhouse then fetches the result from our API.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.jobs.errors import DeliveryError
from app.jobs.http_delivery import allowed_authority, retry_after_seconds, send
from app.models import ApiKey
from app.security.callbacks import CallbackPolicy
from app.security.tokens import decrypt

__all__ = ["greenhouse_key", "patch_greenhouse", "retry_after_seconds"]

GREENHOUSE = "greenhouse"


def patch_greenhouse(payload: dict[str, Any]) -> str:
    """Payload: ``{"url": ..., "organization_id": ..., "api_key_id": ...}``.

    Retryable: network errors, a name that does not resolve, timeouts, 408, 429 and 5xx
    (honouring Retry-After). Permanent: a URL no longer allowed, a host that resolves to a
    non-public address, no active key, redirects, other 4xx.
    """
    config = current_app.config
    url = str(payload.get("url") or "")
    policy = CallbackPolicy.from_config(config)
    # Checked before the key is read, so a URL no longer allowed never gets that far.
    allowed_authority(policy, url, "not calling back")
    key = greenhouse_key(int(payload["organization_id"]), payload.get("api_key_id"))
    send("PATCH", url, policy=policy, timeout=config["CALLBACK_TIMEOUT_SECONDS"],
         refusal="not calling back", auth=(key, ""))
    return "http"


def greenhouse_key(organization_id: int, api_key_id: Any) -> str:
    """The key to sign in with: the one the invitation came with, or, if it was revoked
    since, the organization's newest active Greenhouse key."""
    key = db.session.get(ApiKey, int(api_key_id)) if api_key_id else None
    if (key is None or not key.is_active or key.purpose != GREENHOUSE
            or key.organization_id != organization_id):
        key = db.session.scalars(
            select(ApiKey)
            .where(ApiKey.organization_id == organization_id, ApiKey.purpose == GREENHOUSE,
                   ApiKey.revoked_at.is_(None))
            .order_by(ApiKey.created_at.desc(), ApiKey.id.desc())
            .limit(1)
        ).first()
    if key is None:
        raise DeliveryError(f"organization {organization_id} has no active Greenhouse key",
                            retryable=False)
    try:
        return decrypt(key.secret_encrypted)
    except ValueError as error:
        # This worker's ENCRYPTION_KEY is wrong; another worker, or a fixed setting, may do.
        raise DeliveryError(f"Greenhouse key {key.id}: {error}") from None
