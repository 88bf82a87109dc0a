"""What a webhook says: its event types, its id, and its body (the envelope). Pure.

The body is Standard Webhooks' recommended envelope, ``{"type", "timestamp", "data"}``:
``timestamp`` is when the event happened (ISO 8601, UTC), not when a try is sent, so it
stays the same across retries, as do the body's bytes and the event's id.
"""

from __future__ import annotations

import json
import re
import secrets
import string
from datetime import UTC, date, datetime
from typing import Any

INVITATION_COMPLETED = "invitation.completed"
INVITATION_EXPIRED = "invitation.expired"
INVITATION_CANCELLED = "invitation.cancelled"
EVENT_TYPES = (INVITATION_COMPLETED, INVITATION_EXPIRED, INVITATION_CANCELLED)

EVENT_ID_PREFIX = "msg_"
# The id is signed as "{id}.{timestamp}.{body}": a "." in it would let one id and
# timestamp pass for another, so the specification wants none; we allow this set only.
_EVENT_ID_RE = re.compile(r"[A-Za-z0-9_-]{1,255}")
_ID_ALPHABET = string.ascii_letters + string.digits
_ID_RANDOM_CHARS = 24  # about 143 bits


def new_event_id() -> str:
    """``msg_`` + 24 random letters and digits."""
    return EVENT_ID_PREFIX + "".join(secrets.choice(_ID_ALPHABET)
                                     for _ in range(_ID_RANDOM_CHARS))


def check_event(event_type: str, event_id: str) -> None:
    """Raise ValueError for an unknown event type, or an id that is not 1 to 255 letters,
    digits, ``_`` or ``-``."""
    if event_type not in EVENT_TYPES:
        raise ValueError(f"unknown webhook event type {event_type!r} "
                         f"(known: {', '.join(EVENT_TYPES)})")
    if not _EVENT_ID_RE.fullmatch(event_id):
        raise ValueError("a webhook event id is 1 to 255 letters, digits, '_' or '-'")


def iso_utc(moment: datetime) -> str:
    """``2026-03-02T09:00:00.123Z``: ISO 8601 in UTC, milliseconds, ``Z``."""
    if moment.tzinfo is None:
        raise ValueError("a naive datetime has no time zone to convert from")
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def envelope_body(event_type: str, data: dict[str, Any], occurred_at: datetime) -> str:
    """The JSON body, minified (what is signed is exactly what is sent).

    ``data`` must be JSON-serializable; datetimes and dates in it are written as ISO 8601
    (datetimes in UTC). Raises ValueError or TypeError otherwise.
    """
    if not isinstance(data, dict):
        raise TypeError("webhook data is a JSON object (a dict)")
    envelope = {"type": event_type, "timestamp": iso_utc(occurred_at), "data": data}
    # ASCII only (\u escapes): a receiver that reads the bytes in the wrong charset
    # before verifying still sees the bytes we signed.
    return json.dumps(envelope, separators=(",", ":"), allow_nan=False,
                      default=_json_default)


def _json_default(value: object) -> str:
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON-serializable")
