"""The ``greenhouse_patch`` handler: tell Greenhouse a candidate's test is done.

Greenhouse gave us a callback URL with the test; we ``PATCH`` it with no body, signed in
with the organization's Greenhouse key as the Basic-auth user name and an empty password.
Greenhouse then fetches the result from our API.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests
from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.jobs.errors import DeliveryError
from app.models import ApiKey, utcnow
from app.security.callbacks import CallbackPolicy, CallbackUrlError
from app.security.outbound import UnsafeAddress, outbound_session
from app.security.tokens import decrypt

GREENHOUSE = "greenhouse"
ERROR_BODY_CHARS = 300  # of a refusal's body, kept in last_error for the operator


def patch_greenhouse(payload: dict[str, Any]) -> str:
    """Payload: ``{"url": ..., "organization_id": ..., "api_key_id": ...}``.

    Retryable: network errors, a name that does not resolve, timeouts, 408, 429 and 5xx
    (honouring Retry-After). Permanent: a URL no longer allowed, a host that resolves to a
    non-public address, no active key, redirects, other 4xx.
    """
    config = current_app.config
    url = str(payload.get("url") or "")
    policy = CallbackPolicy.from_config(config)
    try:
        host = policy.target(url).authority
    except CallbackUrlError as refused:
        raise DeliveryError(f"not calling back: {refused}", retryable=False) from None
    key = greenhouse_key(int(payload["organization_id"]), payload.get("api_key_id"))
    timeout = config["CALLBACK_TIMEOUT_SECONDS"]
    # The session connects only to addresses it checked, so the key cannot be sent to a
    # private address by a name that resolves (or is rebound) there.
    with outbound_session(policy.allowed_networks) as session:
        try:
            # A redirect is not followed: it would carry the key to a host nobody allowed.
            response = session.patch(url, auth=(key, ""), timeout=timeout,
                                     allow_redirects=False, stream=True)
        except UnsafeAddress as unsafe:
            raise DeliveryError(f"not calling back: {unsafe}", retryable=False) from None
        except requests.Timeout:
            raise DeliveryError(f"no answer from {host} within {timeout} s") from None
        except requests.RequestException as error:
            raise DeliveryError(f"cannot reach {host}: {type(error).__name__}") from None
        with response:
            _raise_unless_accepted(response, host)
    return "http"


def _raise_unless_accepted(response: requests.Response, host: str) -> None:
    status = response.status_code
    if 200 <= status < 300:
        return
    summary = f"HTTP {status} from {host}"
    if 300 <= status < 400:
        location = response.headers.get("Location", "?")
        raise DeliveryError(f"{summary}: redirect to {location} not followed", retryable=False)
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


def retry_after_seconds(value: str | None, now: datetime,
                        longest: float = 24 * 3600.0) -> float | None:
    """An HTTP Retry-After header (seconds, or an HTTP date) as seconds from ``now``,
    between 1 and ``longest``; None when absent or unreadable (then the usual backoff).

    The receiver's word is not trusted: seconds are ASCII digits only (``str.isdigit``
    also takes "²" or "١٢٠"), a huge number or a far date is cut to ``longest`` (it would
    overflow a timedelta), a date in the past means a second from now. Never raises.
    """
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        seconds = float(value)  # inf for thousands of digits: clamped below
    else:
        try:
            when = parsedate_to_datetime(value)
            if when.tzinfo is None:  # an HTTP date is GMT by definition
                when = when.replace(tzinfo=UTC)
            seconds = (when - now).total_seconds()
        except (TypeError, ValueError, OverflowError, IndexError):
            return None
    return min(max(seconds, 1.0), longest)


def _body_excerpt(response: requests.Response) -> str:
    try:
        chunk = next(response.iter_content(ERROR_BODY_CHARS * 4), b"")
    except requests.RequestException:
        return ""
    text = chunk.decode(response.encoding or "utf-8", "replace")
    text = " ".join(text.split())[:ERROR_BODY_CHARS]
    return f": {text}" if text else ""
