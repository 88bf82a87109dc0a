"""An invitation as Greenhouse's test_status sees it: status, score, metadata. Pure.

Everything here reads plain facts about an invitation (``InvitationFacts``: its attempts,
their tests and percentiles, loaded in one query by status_query.load_status_facts) and
touches no database, so the mapping is tested exhaustively without one.

``partner_status`` values (documented for integrators in docs/greenhouse.md):

    sent             invited, nothing started yet
    started          a test is in progress, or some tests of a battery are done
    awaiting_review  every test finished, essays wait for a person (NOT complete)
    complete         every test has its final result
    expired          the link expired before the (remaining) tests were started
    cancelled        the invitation was withdrawn
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from app.models.attempt import (
    AWAITING_REVIEW as ATTEMPT_AWAITING_REVIEW,
)
from app.models.attempt import (
    CANCELLED as ATTEMPT_CANCELLED,
)
from app.models.attempt import (
    COMPLETED as ATTEMPT_COMPLETED,
)
from app.models.attempt import (
    EXPIRED as ATTEMPT_EXPIRED,
)
from app.models.attempt import (
    IN_PROGRESS,
    NOT_STARTED,
)
from app.scoring.records import ScoreRecord
from app.services.integrity_records import IntegrityRecord


@dataclass(frozen=True)
class TestFacts:
    __test__ = False  # not a pytest test class

    slug: str
    version: int
    name: str
    time_limit_seconds: int


@dataclass(frozen=True)
class AttemptFacts:
    id: int
    state: str
    test: TestFacts
    started_at: datetime | None = None
    finished_at: datetime | None = None
    time_limit_seconds: int | None = None  # fixed at start, extra time included
    score_percent: float | None = None
    passed: bool | None = None
    result: ScoreRecord | None = None  # None before the attempt finished
    integrity: IntegrityRecord = field(default_factory=IntegrityRecord)
    percentile: float | None = None  # None while too few candidates completed the test


@dataclass(frozen=True)
class InvitationFacts:
    public_id: str
    expires_at: datetime
    cancelled_at: datetime | None
    extra_time_factor: float
    attempts: tuple[AttemptFacts, ...]  # in battery order
    results_link_version: int = 1  # the invitation's, for partner_profile_url


SENT = "sent"
STARTED = "started"
AWAITING_REVIEW = "awaiting_review"
COMPLETE = "complete"  # the only value Greenhouse itself defines
EXPIRED = "expired"
CANCELLED = "cancelled"
PARTNER_STATUSES = (SENT, STARTED, AWAITING_REVIEW, COMPLETE, EXPIRED, CANCELLED)

Primitive = str | int | float | bool | None

# Integrity counters: the label Greenhouse shows, and the count in the attempt's summary
# (app.services.integrity_records.IntegrityRecord).
INTEGRITY_LABELS: dict[str, Callable[[IntegrityRecord], int]] = {
    "Tab Switches": lambda summary: summary.focus_lost.count,
    "Pastes": lambda summary: summary.paste.count,
    "Copied Question Text": lambda summary: summary.copied.count,
    "IP Changes": lambda summary: summary.ip_changes,
    "Connection Gaps": lambda summary: summary.connection_gaps.count,
}

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def live_attempts(invitation: InvitationFacts) -> list[AttemptFacts]:
    """The attempts that count: cancelled ones aside, in battery order."""
    return [a for a in invitation.attempts if a.state != ATTEMPT_CANCELLED]


def _expired_unstarted(attempt: AttemptFacts, invitation: InvitationFacts, now: datetime) -> bool:
    # The expiry job may not have run yet: a not-started test past the link's expiry is
    # expired already (the link no longer opens it).
    return attempt.state == ATTEMPT_EXPIRED or (
        attempt.state == NOT_STARTED and now >= invitation.expires_at)


def partner_status(invitation: InvitationFacts, now: datetime) -> str:
    """One of PARTNER_STATUSES; ``complete`` exactly when every live test has its final
    result (the same rule that queues the Greenhouse PATCH in services.completion)."""
    live = live_attempts(invitation)
    if not live:
        return CANCELLED
    states = [a.state for a in live]
    if all(s == ATTEMPT_COMPLETED for s in states):
        return COMPLETE
    if all(s in (ATTEMPT_COMPLETED, ATTEMPT_AWAITING_REVIEW) for s in states):
        return AWAITING_REVIEW
    if invitation.cancelled_at is not None:
        return CANCELLED
    if IN_PROGRESS in states:
        return STARTED
    waiting = [a for a in live if a.state == NOT_STARTED
               and not _expired_unstarted(a, invitation, now)]
    if not waiting:
        return EXPIRED
    if any(a.state in (ATTEMPT_COMPLETED, ATTEMPT_AWAITING_REVIEW) for a in live):
        return STARTED
    return SENT


def partner_score(invitation: InvitationFacts) -> float | None:
    """The final score, 0..100: the test's weighted total, or for a battery the mean of
    its tests. None until every live test is complete."""
    live = live_attempts(invitation)
    if not live or any(a.state != ATTEMPT_COMPLETED or a.score_percent is None for a in live):
        return None
    mean = sum(float(a.score_percent or 0.0) for a in live) / len(live)
    return round(min(100.0, max(0.0, mean)), 1)


def status_body(invitation: InvitationFacts, *, now: datetime, profile_url: str) -> dict[str, Any]:
    """The test_status answer.

    ``partner_profile_url`` is always present (the results page shows progress too), so
    recruiters can follow it while essays await review; Greenhouse needs it at complete.
    """
    status = partner_status(invitation, now)
    body: dict[str, Any] = {"partner_status": status, "partner_profile_url": profile_url}
    score = partner_score(invitation)
    if score is not None:
        body["partner_score"] = score
    body["metadata"] = metadata(invitation, status)
    return body


def metadata(invitation: InvitationFacts, status: str) -> dict[str, Primitive]:
    """A flat object of primitives with labels for people; see docs/greenhouse.md."""
    live = live_attempts(invitation) or list(invitation.attempts)
    battery = len(live) > 1
    meta: dict[str, Primitive] = {}
    meta["Test"] = ", ".join(a.test.name for a in live)
    meta["Test Version"] = (", ".join(f"{a.test.slug} v{a.test.version}" for a in live)
                            if battery else live[0].test.version)
    meta["Time Limit"] = duration(sum(_time_limit(a, invitation) for a in live))
    if invitation.extra_time_factor > 1:
        meta["Extra Time"] = f"×{invitation.extra_time_factor:g}"
    if status == SENT:
        meta["Link Expires At"] = when(invitation.expires_at)
    started = [a.started_at for a in live if a.started_at is not None]
    if started:
        meta["Started At"] = when(min(started))
        meta.update(_integrity(live))
    spans = [(a.started_at, a.finished_at) for a in live
             if a.started_at is not None and a.finished_at is not None]
    if spans:
        meta["Time Used"] = duration(sum((end - begin).total_seconds() for begin, end in spans))
        if len(spans) == len(live):
            meta["Completed At"] = when(max(end for _, end in spans))
    pending = sum(_pending_essays(a) for a in live if a.state == ATTEMPT_AWAITING_REVIEW)
    if pending:
        meta["Essays Awaiting Review"] = pending
    completed = [a for a in live if a.state == ATTEMPT_COMPLETED]
    for attempt in completed:
        meta.update(_results(attempt, battery))
    if battery and completed and len(completed) == len(live):
        meta["Result"] = "Pass" if all(a.passed for a in completed) else "Fail"
    return meta


def _time_limit(attempt: AttemptFacts, invitation: InvitationFacts) -> float:
    if attempt.time_limit_seconds:
        return attempt.time_limit_seconds  # fixed at start, extra time included
    return attempt.test.time_limit_seconds * invitation.extra_time_factor


def _results(attempt: AttemptFacts, battery: bool) -> dict[str, Primitive]:
    name = attempt.test.name
    verdict = "Pass" if attempt.passed else "Fail"
    out: dict[str, Primitive] = {}
    if battery:
        out[f"Score: {name}"] = _percent(attempt.score_percent)
        out[f"Result: {name}"] = verdict
    else:
        out["Result"] = verdict
    if attempt.percentile is not None:
        out[f"Percentile: {name}" if battery else "Percentile"] = round(attempt.percentile)
    seen: dict[str, int] = {}
    for title, percent in _sections(attempt.result):
        label = f"Section: {name} / {title}" if battery else f"Section: {title}"
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:  # two sections with one title stay two keys
            label = f"{label} ({seen[label]})"
        out[label] = percent
    return out


def _sections(result: ScoreRecord | None) -> Iterable[tuple[str, float | None]]:
    for section in result.sections if result is not None else ():
        yield section.title or section.id, _percent(section.percent)


def _pending_essays(attempt: AttemptFacts) -> int:
    return attempt.result.pending_essays if attempt.result is not None else 0


def _integrity(attempts: list[AttemptFacts]) -> dict[str, Primitive]:
    return {label: sum(count(a.integrity) for a in attempts)
            for label, count in INTEGRITY_LABELS.items()}


def _percent(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return round(min(100.0, max(0.0, float(value))), 1)


def when(moment: datetime) -> str:
    """``26 Mar 2026, 10:15 UTC``: unambiguous for people anywhere, whatever the locale."""
    moment = moment.astimezone(UTC)
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}, {moment:%H:%M} UTC"


def duration(seconds: float) -> str:
    """``23 min 10 s``, ``1 h 5 min``, ``0 s``."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours} h"] if hours else []
    if minutes:
        parts.append(f"{minutes} min")
    if secs or not parts:
        parts.append(f"{secs} s")
    return " ".join(parts)
