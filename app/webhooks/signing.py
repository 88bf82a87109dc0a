"""Standard Webhooks signatures (symmetric, ``v1``): secrets, signing, verifying. Pure.

The signed content is ``{webhook-id}.{webhook-timestamp}.{body}``, HMAC-SHA256 under the
secret's bytes, base64, prefixed ``v1,``; a ``webhook-signature`` header is a space-separated
list of such signatures (several during a secret's rotation). The HMAC itself is the
``standardwebhooks`` package's (the specification's own reference library, the one we tell
receivers to verify with), so what we send is what they check; reading secrets and headers
strictly is ours, because the package silently skips characters that are not base64.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import secrets
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from standardwebhooks import Webhook

SECRET_PREFIX = "whsec_"  # noqa: S105  (the format's prefix, not a secret)
# 36 random bytes: above the specification's minimum of 24, and a multiple of 3, so the
# base64 has no "=" padding for a receiver's decoder to trip on.
SECRET_BYTES = 36
MIN_SECRET_BYTES, MAX_SECRET_BYTES = 24, 64
SIGNATURE_VERSION = "v1"
TOLERANCE = timedelta(minutes=5)  # what the reference libraries allow either way

WEBHOOK_ID = "webhook-id"
WEBHOOK_TIMESTAMP = "webhook-timestamp"
WEBHOOK_SIGNATURE = "webhook-signature"


class WebhookSignatureError(ValueError):
    """A request that does not carry a valid, fresh signature; the message says why."""


def new_webhook_secret() -> str:
    """A new signing secret, ``whsec_`` + base64 of SECRET_BYTES random bytes. Show it to
    the customer once; keep it only encrypted."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii")


def secret_bytes(secret: str) -> bytes:
    """The key inside a ``whsec_<base64>`` secret. Raises ValueError when it is not one
    (wrong prefix, not base64, fewer than 24 or more than 64 bytes)."""
    if not secret.startswith(SECRET_PREFIX):
        raise ValueError(f"a webhook secret starts with {SECRET_PREFIX}")
    encoded = secret.removeprefix(SECRET_PREFIX)
    try:
        key = base64.b64decode(encoded + "=" * (-len(encoded) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("a webhook secret is whsec_ followed by base64") from None
    if not MIN_SECRET_BYTES <= len(key) <= MAX_SECRET_BYTES:
        raise ValueError(f"a webhook secret holds {MIN_SECRET_BYTES} to {MAX_SECRET_BYTES} "
                         f"bytes, this one {len(key)}")
    return key


def sign(secret: str, webhook_id: str, timestamp: int, body: str) -> str:
    """The ``v1,<base64>`` signature of ``body`` sent as ``webhook_id`` at ``timestamp``
    (Unix seconds). Raises ValueError for a malformed secret."""
    when = datetime.fromtimestamp(timestamp, UTC)  # the package reads it as UTC
    return Webhook(secret_bytes(secret)).sign(msg_id=webhook_id, timestamp=when, data=body)


def signature_headers(secret: str, webhook_id: str, timestamp: int, body: str) -> dict[str, str]:
    """The three Standard Webhooks headers for one delivery try."""
    return {WEBHOOK_ID: webhook_id, WEBHOOK_TIMESTAMP: str(timestamp),
            WEBHOOK_SIGNATURE: sign(secret, webhook_id, timestamp, body)}


def verify(secret: str, body: str | bytes, headers: Mapping[str, str], *,
           now: datetime | None = None, tolerance: timedelta = TOLERANCE) -> None:
    """Check a received webhook: the three headers present, the timestamp within
    ``tolerance`` of ``now``, and one ``v1`` signature in the list matching.

    Raises WebhookSignatureError saying which check failed (ValueError for a malformed
    secret). Compares in constant time.
    """
    lowered = {name.lower(): value for name, value in headers.items()}
    webhook_id = lowered.get(WEBHOOK_ID, "")
    stamp = lowered.get(WEBHOOK_TIMESTAMP, "")
    signatures = lowered.get(WEBHOOK_SIGNATURE, "")
    if not (webhook_id and stamp and signatures):
        raise WebhookSignatureError("missing webhook-id, webhook-timestamp or "
                                    "webhook-signature header")
    if not (stamp.isascii() and stamp.isdigit() and len(stamp) <= 12):
        raise WebhookSignatureError("webhook-timestamp is not a Unix time in seconds")
    age = (now or datetime.now(UTC)) - datetime.fromtimestamp(int(stamp), UTC)
    if abs(age) > tolerance:
        raise WebhookSignatureError("webhook-timestamp is too old or too far in the future")
    try:
        text = body.decode("utf-8") if isinstance(body, bytes) else body
    except UnicodeDecodeError:
        raise WebhookSignatureError("the body is not UTF-8") from None
    expected = _decoded(sign(secret, webhook_id, int(stamp), text).partition(",")[2])
    for entry in signatures.split(" "):
        version, _, encoded = entry.partition(",")
        candidate = _decoded(encoded) if version == SIGNATURE_VERSION else None
        if candidate is not None and hmac.compare_digest(candidate, expected or b""):
            return
    raise WebhookSignatureError("no matching v1 signature")


def _decoded(encoded: str) -> bytes | None:
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return None
