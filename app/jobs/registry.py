"""The worker's declared job list. Adding a job is one line here.

Each ``run_once(now=None) -> bool`` does one round of its work, commits its own
transaction(s), claims what it works on atomically (so several workers never do the same
thing twice) and returns whether it did anything. Tests call ``run_once`` directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.jobs import (
    deliver_outbox,
    drop_api_leftovers,
    drop_outbox_bodies,
    finalize_attempts,
    send_reminders,
)


@dataclass(frozen=True)
class Job:
    name: str
    run_once: Callable[..., bool]  # (now: datetime | None = None) -> bool
    every_seconds: int


JOBS: list[Job] = [
    Job("deliver_outbox", deliver_outbox.run_once, every_seconds=5),
    Job("finalize_attempts", finalize_attempts.run_once, every_seconds=15),
    Job("expire_attempts", finalize_attempts.expire_once, every_seconds=300),
    Job("send_reminders", send_reminders.run_once, every_seconds=300),
    Job("drop_outbox_bodies", drop_outbox_bodies.run_once, every_seconds=3600),
    Job("drop_api_leftovers", drop_api_leftovers.run_once, every_seconds=3600),
]
