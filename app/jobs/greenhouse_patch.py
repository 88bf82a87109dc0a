"""The ``greenhouse_patch`` handler: tell Greenhouse a candidate's test is done.

Greenhouse gave us a callback URL with the test; we ``PATCH`` it with no body, signed in
with the organization's Greenhouse key as the Basic-auth user name and an empty password.
Greenhouse then fetches the result from our API.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import requests
from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.jobs.errors import DeliveryError
from app.models import ApiKey, utcnow
from app.security.callbacks import callback_url_problem
from app.security.tokens import decrypt

GREENHOUSE = "greenhouse"
ERROR_BODY_CHARS = 300  # of a refusal's body, kept in last_error for the operator


def patch_greenhouse(payload: dict[str, Any]) -> str:
    """Payload: ``{"url": ..., "organization_id": ..., "api_key_id": ...}``.

    Retryable: network errors, timeouts, 408, 429 and 5xx (honouring Retry-After).
    Permanent: a URL no longer allowed, no active key, redirects, other 4xx.
    """
    config = current_app.config
    url = str(payload.get("url") or "")
    problem = callback_url_problem(url, config["CALLBACK_ALLOWED_HOSTS"],
                                   config["CALLBACK_ALLOW_HTTP"])
    if problem:
        raise DeliveryError(f"not calling back: {problem}", retryable=False)
    key = greenhouse_key(int(payload["organization_id"]), payload.get("api_key_id"))
    host = urlsplit(url).netloc
    timeout = config["CALLBACK_TIMEOUT_SECONDS"]
    try:
        # A redirect is not followed: it would carry the key to a host nobody allowed.
        response = requests.patch(url, auth=(key, ""), timeout=timeout,
                                  allow_redirects=False, stream=True)
    except requests.Timeout:
        raise DeliveryError(f"no answer from {host} within {timeout} s") from None
    except requests.RequestException as error:
        raise DeliveryError(f"cannot reach {host}: {type(error).__name__}") from None
    with response:
        status = response.status_code
        if 200 <= status < 300:
            return "http"
        summary = f"HTTP {status} from {host}"
        if 300 <= status < 400:
            location = response.headers.get("Location", "?")
            raise DeliveryError(f"{summary}: redirect to {location} not followed",
                                retryable=False)
        summary += _body_excerpt(response)
        if status in (408, 429) or status >= 500:
            raise DeliveryError(summary, retry_after=retry_after_seconds(
                response.headers.get("Retry-After"), utcnow()))
        raise DeliveryError(summary, retryable=False)


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


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """An HTTP Retry-After header (seconds, or an HTTP date) as seconds from ``now``."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # an HTTP date is GMT by definition
        when = when.replace(tzinfo=UTC)
    return max((when - now).total_seconds(), 0.0)


def _body_excerpt(response: requests.Response) -> str:
    try:
        chunk = next(response.iter_content(ERROR_BODY_CHARS * 4), b"")
    except requests.RequestException:
        return ""
    text = chunk.decode(response.encoding or "utf-8", "replace")
    text = " ".join(text.split())[:ERROR_BODY_CHARS]
    return f": {text}" if text else ""
