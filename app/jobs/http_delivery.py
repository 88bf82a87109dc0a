"""One HTTP request to a URL a customer or partner named, as every HTTP outbox handler
sends it (the Greenhouse PATCH, webhooks), so they share one set of rules:

- the URL is checked by the policy (app.security.callbacks) before each try, and the
  connection goes only to addresses the guard checked (app.security.outbound);
- redirects are never followed (they would carry credentials or signed data to a host
  nobody allowed) and count as a permanent failure;
- 2xx is delivered; 408, 429 and 5xx, timeouts and network errors are temporary (with
  the receiver's Retry-After honoured); every other answer is permanent.

The retry schedule itself (backoff, jitter, give-up time) is the worker's, the same for
every kind: app.jobs.deliver_outbox.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests

from app.jobs.errors import DeliveryError
from app.models import utcnow
from app.security.callbacks import CallbackPolicy, CallbackUrlError
from app.security.outbound import UnsafeAddress, outbound_session

ERROR_BODY_CHARS = 300  # of a refusal's body, kept in last_error for the operator


def allowed_authority(policy: CallbackPolicy, url: str, refusal: str) -> str:
    """``host[:port]`` of ``url`` when the policy allows it; else a permanent
    DeliveryError starting with ``refusal`` ("not calling back")."""
    try:
        return policy.target(url).authority
    except CallbackUrlError as refused:
        raise DeliveryError(f"{refusal}: {refused}", retryable=False) from None


def send(method: str, url: str, *, policy: CallbackPolicy, timeout: float, refusal: str,
         **request_options: Any) -> None:
    """Send one request through the guarded session. Returns when the answer is 2xx;
    raises DeliveryError otherwise (``retryable`` as the module says)."""
    host = allowed_authority(policy, url, refusal)
    # The session connects only to addresses it checked, so a name that resolves (or is
    # rebound) to a private address never receives what we send.
    with outbound_session(policy.allowed_networks) as session:
        try:
            response = session.request(method, url, timeout=timeout, allow_redirects=False,
                                       stream=True, **request_options)
        except UnsafeAddress as unsafe:
            raise DeliveryError(f"{refusal}: {unsafe}", retryable=False) from None
        except requests.Timeout:
            raise DeliveryError(f"no answer from {host} within {timeout} s") from None
        except requests.RequestException as error:
            raise DeliveryError(f"cannot reach {host}: {type(error).__name__}") from None
        with response:
            raise_unless_accepted(response, host)


def raise_unless_accepted(response: requests.Response, host: str) -> None:
    """Nothing for a 2xx answer; a DeliveryError saying what came back otherwise."""
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
