"""The server's clock for an attempt: deadlines, section locks, the answer grace, credits.

The browser only displays time; every decision here compares server timestamps. Pure
functions over an attempt and ``now`` (no database, no request).

* The test deadline is ``started_at + time_limit × extra_time_factor`` (``Attempt.start``),
  moved later only by credited connection gaps.
* A timed section gets its own deadline when the candidate enters it:
  ``entered + section limit × extra_time_factor``, never later than the test deadline.
* Answers are accepted until a deadline plus ``ANSWER_GRACE_SECONDS`` (network latency of
  the last save); page views at or past a deadline settle the attempt at once.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from app.models import Attempt

# Longest stretch of silence counted as time spent on one question (a page left open
# without JavaScript sends nothing until the next click).
MAX_QUESTION_INTERVAL = timedelta(minutes=15)
# Silence between two background requests longer than this is a connection gap: the page
# sends a heartbeat every 15 s, and a throttled background tab at least once a minute.
GAP_THRESHOLD = timedelta(seconds=45)


def scaled_seconds(seconds: int, factor: float) -> int:
    """A time limit with the candidate's extra time applied, rounded up to a whole second."""
    return math.ceil(seconds * factor)


def section_limit_seconds(section: Mapping[str, Any], factor: float) -> int | None:
    limit = section.get("time_limit_seconds")
    return scaled_seconds(int(limit), factor) if limit else None


def section_deadline(attempt: Attempt, section: Mapping[str, Any], entered: datetime,
                     factor: float) -> datetime | None:
    """When a section entered at ``entered`` locks (None: untimed, only the test deadline)."""
    limit = section_limit_seconds(section, factor)
    if limit is None:
        return None
    assert attempt.deadline_at is not None
    return min(entered + timedelta(seconds=limit), attempt.deadline_at)


def effective_deadline(attempt: Attempt) -> datetime | None:
    """The earlier of the test deadline and the current section's."""
    deadlines = [d for d in (attempt.deadline_at, attempt.section_deadline_at) if d is not None]
    return min(deadlines) if deadlines else None


def remaining_seconds(deadline: datetime | None, now: datetime) -> int | None:
    """Whole seconds left before ``deadline`` (0 once past), None without a deadline."""
    if deadline is None:
        return None
    return max(0, math.ceil((deadline - now).total_seconds()))


def test_time_is_up(attempt: Attempt, now: datetime, grace: int = 0) -> bool:
    """The test deadline (plus ``grace`` seconds) has passed."""
    assert attempt.deadline_at is not None
    return now > attempt.deadline_at + timedelta(seconds=grace) or (
        grace == 0 and now >= attempt.deadline_at)


def section_time_is_up(attempt: Attempt, now: datetime, grace: int = 0) -> bool:
    """The current section is timed and its deadline (plus ``grace``) has passed."""
    if attempt.section_deadline_at is None:
        return False
    return now > attempt.section_deadline_at + timedelta(seconds=grace) or (
        grace == 0 and now >= attempt.section_deadline_at)


def gap_credit_seconds(*, server_gap_seconds: int, client_offline_seconds: int,
                       already_credited: int, enabled: bool, max_total: int) -> int:
    """How much of a connection gap to give back under the organization's policy.

    The server saw the silence; the client says how long it could not reach us. Only the
    smaller of the two is credible, and the total per attempt never exceeds ``max_total``.
    """
    if not enabled:
        return 0
    lost = min(server_gap_seconds, client_offline_seconds)
    return max(0, min(lost, max_total - already_credited))


@dataclass(frozen=True)
class TimeUsed:
    used_seconds: float | None  # None before the attempt finished; never above allowed
    allowed_seconds: int  # the candidate's limit (extra time included) plus time credited
    extra_seconds: int  # granted as an accommodation, included in allowed
    credited_seconds: int  # given back for connection gaps, included in allowed


def time_used(used_seconds: float | None, *, limit_seconds: int, extra_seconds: int,
              credited_seconds: int) -> TimeUsed:
    """Time used of time allowed. The server accepts answers for a few seconds past the
    deadline (the grace period, for the last request in flight); that is not time the
    candidate was given, so the time used is capped at the time allowed."""
    allowed = limit_seconds + credited_seconds
    used = None if used_seconds is None else min(used_seconds, float(allowed))
    return TimeUsed(used, allowed, extra_seconds, credited_seconds)
