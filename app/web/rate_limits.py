"""Limits on guessing: failed lookups of secrets, counted per client address.

A candidate link, a results link and an API key are all long random secrets, so guessing
one is hopeless; the limit makes trying expensive and visible. Only failures count (a
wrong or unknown link: 404; a bad key: 401), so a busy office behind one address never
uses up its allowance by working normally. Once an address has failed
``RATELIMIT_FAILED_LOOKUPS`` times within the window, every lookup of that kind from it
is answered 429 with ``Retry-After`` until the window moves on: a correct guess made
past the limit gets no answer either, or the limit would not slow guessing at all.

Counters live in ``RATELIMIT_STORAGE_URI`` (``memory://``: per process, fine for one
web process; ``redis://host:6379`` to share them between processes and hosts).
Addresses are the client's as ProxyFix sees it (``PROXY_FIX_HOPS``).
"""

from __future__ import annotations

import math
import time

from flask import Response, current_app
from flask_limiter import RouteLimit
from flask_limiter.util import get_remote_address

from app.extensions import limiter

# What counts as a failed lookup, per kind of secret.
NOT_FOUND = frozenset({404})
UNAUTHORIZED = frozenset({401})


def _failed_lookups_limit() -> str:
    return str(current_app.config["RATELIMIT_FAILED_LOOKUPS"])


def failed_lookups(scope: str, failures: frozenset[int] = NOT_FOUND) -> RouteLimit:
    """A view decorator (it keeps the view's signature) that limits the view's failed
    lookups (responses with a status in ``failures``) per address, in a bucket ``scope``
    shared by every view so decorated."""

    def failed(response: Response) -> bool:
        return response.status_code in failures

    return limiter.shared_limit(_failed_lookups_limit, scope=scope,
                                key_func=get_remote_address, deduct_when=failed)


def retry_after_seconds() -> int:
    """Seconds until the breached limit of this request lets the address try again."""
    current = limiter.current_limit
    if current is None:
        return 60
    return max(1, math.ceil(current.reset_at - time.time()))


def rate_limit_headers() -> dict[str, str]:
    """The IETF RateLimit headers (draft-ietf-httpapi-ratelimit-headers) of the limit this
    request was counted against, if any: its size and window, what is left, and the
    seconds until the window resets."""
    current = limiter.current_limit
    if current is None:
        return {}
    limit = current.limit
    reset = max(0, math.ceil(current.reset_at - time.time()))
    return {"RateLimit-Limit": str(limit.amount), "RateLimit-Remaining": str(current.remaining),
            "RateLimit-Reset": str(reset),
            "RateLimit-Policy": f"{limit.amount};w={limit.get_expiry()}"}
