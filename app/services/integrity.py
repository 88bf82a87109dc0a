"""Integrity signals: recorded as timestamped AttemptEvent rows, summarized on the attempt,
never used to punish. The landing page discloses every kind recorded here.

Client-reported events (focus lost, paste, copy) arrive batched with the heartbeat and are
validated and bounded: at most ``MAX_EVENTS_PER_REQUEST`` per request and
``MAX_EVENTS_PER_ATTEMPT`` rows per attempt (further events are counted in the summary,
not stored), so a hostile client cannot flood the table. Server-observed changes (IP
address, browser, device, connection gaps) go through the same bound.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.database import DbSession
from app.models import Attempt, AttemptEvent
from app.services.integrity_records import (
    ChangeData,
    CharactersData,
    CreditData,
    DeviceData,
    EventData,
    EventKind,
    FocusLostData,
    GapData,
    IntegrityRecord,
    stored_event_data,
)

MAX_EVENTS_PER_REQUEST = 50
MAX_EVENTS_PER_ATTEMPT = 1000
MAX_USER_AGENT = 300

CLIENT_KINDS = ("focus_lost", "paste", "copy")


class ClientEvent(BaseModel):
    """One signal the page observed; ``ago_ms`` is how long before the request it happened."""

    model_config = ConfigDict(extra="ignore", strict=True)

    kind: Literal["focus_lost", "paste", "copy"]
    ago_ms: int = Field(default=0, ge=0, le=3_600_000)
    duration_ms: int = Field(default=0, ge=0, le=86_400_000)  # focus_lost: how long away
    chars: int = Field(default=0, ge=0, le=10_000_000)  # paste/copy: text length
    question_id: str | None = Field(default=None, max_length=100)


def summary_of(attempt: Attempt) -> IntegrityRecord:
    """A fresh copy of the attempt's summary (assign ``.stored()`` back to save changes)."""
    return IntegrityRecord.read(attempt.integrity)


def _store(session: DbSession, attempt: Attempt, summary: IntegrityRecord, kind: EventKind,
           occurred_at: datetime, data: EventData) -> None:
    if summary.events_stored >= MAX_EVENTS_PER_ATTEMPT:
        summary.events_dropped += 1
        return
    summary.events_stored += 1
    session.add(AttemptEvent(attempt_id=attempt.id, kind=kind, occurred_at=occurred_at,
                             data=stored_event_data(data)))


def record_client_events(session: DbSession, attempt: Attempt, raw_events: object,
                         now: datetime) -> int:
    """Validate and record the events a page batched; returns how many were accepted."""
    if not isinstance(raw_events, list):
        return 0
    summary = summary_of(attempt)
    summary.events_dropped += max(0, len(raw_events) - MAX_EVENTS_PER_REQUEST)
    accepted = 0
    for raw in raw_events[:MAX_EVENTS_PER_REQUEST]:
        try:
            event = ClientEvent.model_validate(raw)
        except ValidationError:
            summary.events_rejected += 1
            continue
        accepted += 1
        data: BaseModel
        if event.kind == "focus_lost":
            summary.focus_lost.count += 1
            summary.focus_lost.total_ms += event.duration_ms
            data = FocusLostData(duration_ms=event.duration_ms, question_id=event.question_id)
        else:
            counters = summary.characters(event.kind)
            counters.count += 1
            counters.chars += event.chars
            data = CharactersData(chars=event.chars, question_id=event.question_id)
        _store(session, attempt, summary, event.kind,
               now - timedelta(milliseconds=event.ago_ms), data)
    attempt.integrity = summary.stored()
    return accepted


def visit_is_known(attempt: Attempt, *, ip: str | None, user_agent: str | None,
                   device: str | None) -> bool:
    """True when :func:`observe_visit` would record nothing: every value given is the one
    last seen on this attempt."""
    seen = summary_of(attempt).seen
    user_agent = (user_agent or "")[:MAX_USER_AGENT] or None
    return all(not value or getattr(seen, name) == value
               for name, value in (("ip", ip), ("user_agent", user_agent), ("device", device)))


def observe_visit(session: DbSession, attempt: Attempt, *, now: datetime, ip: str | None,
                  user_agent: str | None, device: str | None) -> None:
    """Compare the caller's network address, browser and device (session) with the last
    ones seen on this attempt; record each change as an event. The first visit only sets
    the baseline."""
    summary = summary_of(attempt)
    seen = summary.seen
    user_agent = (user_agent or "")[:MAX_USER_AGENT] or None
    if seen.ip and ip and ip != seen.ip:
        summary.ip_changes += 1
        _store(session, attempt, summary, "ip_changed", now, ChangeData(from_=seen.ip, to=ip))
    if seen.user_agent and user_agent and user_agent != seen.user_agent:
        summary.user_agent_changes += 1
        _store(session, attempt, summary, "user_agent_changed", now,
               ChangeData(from_=seen.user_agent, to=user_agent))
    if seen.device and device and device != seen.device:
        summary.device_switches += 1
        _store(session, attempt, summary, "device_switched", now,
               DeviceData(user_agent=user_agent, ip=ip))
    seen.ip, seen.user_agent, seen.device = (ip or seen.ip, user_agent or seen.user_agent,
                                             device or seen.device)
    attempt.integrity = summary.stored()


def record_gap(session: DbSession, attempt: Attempt, *, now: datetime, server_gap_seconds: int,
               client_offline_seconds: int, credited_seconds: int, policy_enabled: bool) -> None:
    """A connection gap the server observed, and what was credited back for it."""
    summary = summary_of(attempt)
    gaps = summary.connection_gaps
    gaps.count += 1
    gaps.total_seconds += server_gap_seconds
    gaps.credited_seconds += credited_seconds
    _store(session, attempt, summary, "connection_gap", now - timedelta(seconds=server_gap_seconds),
           GapData(seconds=server_gap_seconds, client_offline_seconds=client_offline_seconds,
                   credited_seconds=credited_seconds,
                   policy="credit" if policy_enabled else "record_only"))
    if credited_seconds:
        _store(session, attempt, summary, "time_credited", now,
               CreditData(seconds=credited_seconds, total_credited=attempt.credited_seconds))
    attempt.integrity = summary.stored()
