"""Authenticated API keys, remembered for a few seconds by each worker process.

Greenhouse polls test_status for every candidate in flight with the same key, and
looking the key up is a database round trip on every poll, a good share of its cost
(docs/performance.md has the figure). A key that authenticated a moment ago is
remembered for ``API_KEY_CACHE_SECONDS`` (5 by default; 0 turns this off).

What that costs: a revoked key keeps working for at most that long in each worker
(nothing tells the other processes), as documented in docs/greenhouse.md. What it does
not change: every request still proves it holds the key. Entries are found by the key's
public lookup part and checked with the same constant-time digest comparison as the
database path; a presented key that does not match goes to the database, and unknown
or refused keys are never remembered.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from app.security import tokens
from app.security.api_keys import AuthenticatedKey

# Bounds the memory a flood of distinct valid keys could take (there are a few per org).
MAX_ENTRIES = 10_000


@dataclass(frozen=True)
class _Entry:
    digest: str
    key: AuthenticatedKey
    expires_at: float


class KeyCache:
    """Thread-safe; one per app (app.extensions), shared by a worker's threads."""

    def __init__(self, ttl_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl_seconds = ttl_seconds
        self._clock = clock
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()

    def get(self, lookup_id: str, presented: str) -> AuthenticatedKey | None:
        """The remembered key when ``presented`` is it and it has not expired, else None."""
        entry = self._entries.get(lookup_id)
        if entry is None or entry.expires_at <= self._clock():
            return None
        if not tokens.matches(presented, entry.digest):
            return None
        return entry.key

    def remember(self, lookup_id: str, digest: str, key: AuthenticatedKey) -> None:
        if self.ttl_seconds <= 0:
            return
        with self._lock:
            if len(self._entries) >= MAX_ENTRIES:
                self._entries.clear()
            self._entries[lookup_id] = _Entry(digest, key, self._clock() + self.ttl_seconds)

    def note_use(self, lookup_id: str, used_at: datetime) -> None:
        """The key's use was just written: later hits see it (no second write this minute)."""
        with self._lock:
            entry = self._entries.get(lookup_id)
            if entry is not None:
                self._entries[lookup_id] = replace(
                    entry, key=replace(entry.key, last_used_at=used_at))
