"""``Idempotency-Key`` for the public API's POSTs: the first successful answer to a key is
remembered (in the same transaction as what it created) and replayed to a retry with the
same request; the same key with a different request is refused.

Keys are per API client and remembered IDEMPOTENCY_KEEP_HOURS: an older key is new
again (its row is replaced here, or deleted by the ``drop_api_leftovers`` job). The
request's fingerprint is a SHA-256 of its method, path, query string and body as parsed
JSON (so key order and spacing do not matter).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from app.database import DbSession
from app.models import IdempotentResponse

MAX_KEY_LENGTH = 255


class KeyReused(ValueError):
    """The key was first used with a different request."""


@dataclass(frozen=True)
class Replay:
    status_code: int
    body: dict[str, Any]
    location: str | None


def fingerprint(method: str, path: str, query: list[tuple[str, str]], body: Any) -> str:
    canonical = json.dumps([method, path, sorted(query), body], sort_keys=True,
                           separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def valid_key(key: str) -> bool:
    return 0 < len(key) <= MAX_KEY_LENGTH and key.isascii() and key.isprintable()


def replay(session: DbSession, api_client_id: int, key: str, digest: str, *,
           kept_since: datetime) -> Replay | None:
    """The remembered answer for ``key``, or None when it is new: never used, or first
    used before ``kept_since`` (that row is deleted, so the key can be remembered anew).
    Raises KeyReused when the key came with another request."""
    found = session.scalar(select(IdempotentResponse).where(
        IdempotentResponse.api_client_id == api_client_id, IdempotentResponse.key == key))
    if found is None:
        return None
    if found.created_at < kept_since:
        session.delete(found)
        session.flush()
        return None
    if found.request_digest != digest:
        raise KeyReused(key)
    return Replay(found.status_code, found.body, found.location)


def remember(session: DbSession, api_client_id: int, key: str, digest: str, answer: Replay) -> None:
    """Keep ``answer`` for ``key`` (in the caller's transaction: a concurrent first use of
    the same key fails its commit on the unique constraint)."""
    session.add(IdempotentResponse(api_client_id=api_client_id, key=key, request_digest=digest,
                                   status_code=answer.status_code, body=answer.body,
                                   location=answer.location))
