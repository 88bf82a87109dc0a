"""What the hiring team sees about how a test was taken: a summary and a timeline.

The signals are recorded, never punished: the page shows them so a person can ask about
them. The candidate pages own what is stored (``Attempt.integrity`` and each event's
``data``, app.services.integrity_records); this module reads it through those models.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from typing import Any

from app.models import Attempt, AttemptEvent
from app.services.integrity_records import (
    ChangeData,
    CharactersData,
    CreditData,
    FocusLostData,
    GapData,
    IntegrityRecord,
    event_data,
)

TIMELINE_LIMIT = 500  # rows shown; a long flaky connection can log thousands


@dataclass(frozen=True)
class IntegritySummary:
    focus_lost_count: int
    focus_lost_seconds: float  # in total, away from the test's tab or window
    pastes: int
    pasted_chars: int
    copies: int
    copied_chars: int
    ip_changes: int
    browser_changes: int
    device_switches: int
    connection_gaps: int
    connection_gap_seconds: float
    credited_seconds: int  # time given back for connection gaps (the organization's policy)
    events_dropped: int  # counted, but not kept as timeline rows (storage bound reached)

    @property
    def anything_noted(self) -> bool:
        return any(value for value in asdict(self).values())

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the timeline. Text fields may come from the candidate's side (a browser
    string, a free-text detail): the page always escapes them."""

    at: datetime
    offset_seconds: float | None  # since the attempt started
    kind: str  # an event kind, or started / finished / completed
    duration_seconds: float | None = None  # focus lost, connection gap, time credited
    chars: int | None = None  # paste, copy
    question_id: str | None = None
    changed_from: str | None = None  # ip_changed, user_agent_changed
    changed_to: str | None = None
    credited_seconds: float | None = None  # connection gap: given back for it
    detail: str | None = None  # the event's own note, or the finish reason

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["at"] = self.at.isoformat()
        return data


def summarize(attempt: Attempt) -> IntegritySummary:
    """The integrity figures of ``attempt``, from its stored summary (which also counts
    the events not kept as rows)."""
    stored = IntegrityRecord.read(attempt.integrity)
    return IntegritySummary(
        focus_lost_count=stored.focus_lost.count,
        focus_lost_seconds=round(stored.focus_lost.total_ms / 1000.0, 1),
        pastes=stored.paste.count, pasted_chars=stored.paste.chars,
        copies=stored.copied.count, copied_chars=stored.copied.chars,
        ip_changes=stored.ip_changes, browser_changes=stored.user_agent_changes,
        device_switches=stored.device_switches,
        connection_gaps=stored.connection_gaps.count,
        connection_gap_seconds=float(stored.connection_gaps.total_seconds),
        credited_seconds=attempt.credited_seconds or 0,
        events_dropped=stored.events_dropped,
    )


def timeline(attempt: Attempt, events: Iterable[AttemptEvent]) -> list[TimelineEntry]:
    """The attempt's milestones and recorded events, oldest first."""
    entries = [_entry(attempt, event) for event in events]
    for kind, at in (("started", attempt.started_at), ("finished", attempt.finished_at),
                     ("completed", attempt.completed_at)):
        if at is not None:
            detail = attempt.finish_reason if kind == "finished" else None
            entries.append(TimelineEntry(at, _offset(attempt, at), kind, detail=detail))
    order = {"started": 0, "finished": 2, "completed": 3}
    entries.sort(key=lambda entry: (entry.at, order.get(entry.kind, 1)))
    return entries


def _entry(attempt: Attempt, event: AttemptEvent) -> TimelineEntry:
    data = event_data(event.kind, event.data)
    entry = TimelineEntry(at=event.occurred_at, offset_seconds=_offset(attempt, event.occurred_at),
                          kind=event.kind, detail=event.detail)
    if isinstance(data, FocusLostData):
        return replace(entry, duration_seconds=data.duration_ms / 1000.0,
                       question_id=data.question_id)
    if isinstance(data, CharactersData):
        return replace(entry, chars=data.chars, question_id=data.question_id)
    if isinstance(data, ChangeData):
        return replace(entry, changed_from=data.from_, changed_to=data.to)
    if isinstance(data, GapData):
        return replace(entry, duration_seconds=float(data.seconds),
                       credited_seconds=float(data.credited_seconds) or None)
    if isinstance(data, CreditData):
        return replace(entry, duration_seconds=float(data.seconds))
    return entry  # device switches: the kind says it all


def _offset(attempt: Attempt, at: datetime) -> float | None:
    if attempt.started_at is None:
        return None
    return (at - attempt.started_at).total_seconds()
