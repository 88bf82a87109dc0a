"""Signed links to an invitation's results page, for hiring teams arriving from Greenhouse.

The link carries an HMAC of the invitation's public id, so it needs no stored secret and
cannot be forged or guessed from another candidate's link.
"""

from __future__ import annotations

import hashlib
import hmac

from app.security.tokens import hmac_key

_PURPOSE = b"results-link:"


def signature(invitation_public_id: str) -> str:
    mac = hmac.new(hmac_key(), _PURPOSE + invitation_public_id.encode(), hashlib.sha256)
    return mac.hexdigest()[:32]


def signature_matches(invitation_public_id: str, presented: str) -> bool:
    # Bytes, not str: compare_digest refuses non-ASCII text (a TypeError, i.e. a 500),
    # and a query string can hold anything.
    expected = signature(invitation_public_id).encode()
    return hmac.compare_digest(expected, (presented or "").encode("utf-8", "replace"))


def results_url(base_url: str, invitation_public_id: str) -> str:
    return f"{base_url.rstrip('/')}/results/{invitation_public_id}?sig={signature(invitation_public_id)}"
