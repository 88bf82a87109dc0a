"""Signed links to an invitation's results page, for hiring teams arriving from Greenhouse.

The link's ``sig`` is an itsdangerous HMAC-SHA256 signature of the invitation's public
id, keyed by SECRET_KEY with a salt of its own: nothing is stored, and a signature opens
only the invitation it was made for. :func:`signature_matches` checks in constant time
and answers False, never raises, for anything else a query string can hold.

Links made before itsdangerous signed them (32 hex characters, an HMAC keyed by
``tokens.hmac_key()``) are still accepted: Greenhouse keeps the ``partner_profile_url`` it
last polled, and completion emails hold links, long after the test. They are accepted
until at least 2027-12-31; removing ``_legacy_signature`` after that is a deliberate
change announced in the release notes, not a timer (see docs/operations.md, Security).
Only the new form is issued.

Revoking an invitation's links raises its ``results_link_version``. A link of version 1
carries the bare signature (every link issued before versions existed); a later version
``N`` carries ``N.<signature of "<id>.vN">``, so the signature is still checked before
the database is asked, and the caller then compares ``N`` with the invitation's version.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from flask import current_app
from itsdangerous import Signer

from app.security.tokens import hmac_key

_SALT = "assay.results-link"
# A SHA-256 signature in URL-safe base64 without padding, as Signer writes it.
_SIGNATURE = re.compile(r"[A-Za-z0-9_-]{43}")
_LEGACY_SIGNATURE = re.compile(r"[0-9a-f]{32}")
_LEGACY_PURPOSE = b"results-link:"


def _signer() -> Signer:
    return Signer(current_app.config["SECRET_KEY"], salt=_SALT, key_derivation="hmac",
                  digest_method=hashlib.sha256)


_VERSIONED = re.compile(r"([2-9]|[1-9][0-9]{1,5})\.([A-Za-z0-9_-]{43})")


def signature(invitation_public_id: str, version: int = 1) -> str:
    """The ``sig`` of the results link of ``invitation_public_id`` at link ``version``."""
    if version == 1:
        return _signer().get_signature(invitation_public_id).decode("ascii")
    signed = _signer().get_signature(f"{invitation_public_id}.v{version}").decode("ascii")
    return f"{version}.{signed}"


def signed_version(invitation_public_id: str, presented: str) -> int | None:
    """The link version ``presented`` is a valid signature of for ``invitation_public_id``,
    or None. The caller must still check it is the invitation's current version."""
    versioned = _VERSIONED.fullmatch(presented)
    if versioned is not None:
        version = int(versioned.group(1))
        if _signer().verify_signature(f"{invitation_public_id}.v{version}",
                                      versioned.group(2)):
            return version
        return None
    return 1 if signature_matches(invitation_public_id, presented) else None


def signature_matches(invitation_public_id: str, presented: str) -> bool:
    """Whether ``presented`` is the version-1 signature of ``invitation_public_id`` (new or
    old form).

    The shape is checked first because base64 decoding is lenient (it skips characters
    outside its alphabet): only the exact text we issued may match.
    """
    if _SIGNATURE.fullmatch(presented):
        return _signer().verify_signature(invitation_public_id, presented)
    if _LEGACY_SIGNATURE.fullmatch(presented):
        return hmac.compare_digest(_legacy_signature(invitation_public_id), presented)
    return False


def _legacy_signature(invitation_public_id: str) -> str:
    """The signature links carried before 2026-12 (accepted, never issued)."""
    mac = hmac.new(hmac_key(), _LEGACY_PURPOSE + invitation_public_id.encode(), hashlib.sha256)
    return mac.hexdigest()[:32]


def results_url(base_url: str, invitation_public_id: str, version: int = 1) -> str:
    """The absolute results link of ``invitation_public_id`` at link ``version`` (the
    invitation's ``results_link_version``; ``base_url`` is BASE_URL)."""
    path = f"/results/{invitation_public_id}?sig={signature(invitation_public_id, version)}"
    return base_url.rstrip("/") + path
