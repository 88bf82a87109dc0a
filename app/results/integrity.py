"""What the hiring team sees about how a test was taken: a summary and a timeline.

The signals are recorded, never punished: the page shows them so a person can ask about
them. The candidate pages own what is stored (``Attempt.integrity`` and each event's
``data``, app.services.integrity_records); this module reads it through those models.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from typing import Any

from app.models import Attempt, AttemptEvent
from app.services.integrity_records import (
    ChangeData,
    CharactersData,
    CreditData,
    DeviceData,
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
    question_number: int | None = None  # as the candidate saw it, 1-based
    question_title: str | None = None  # the start of its prompt, as plain text
    changed_from: str | None = None  # ip_changed, user_agent_changed (raw: summarize it)
    changed_to: str | None = None
    user_agent: str | None = None  # device_switched: the new device's browser (raw)
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


@dataclass(frozen=True)
class QuestionName:
    number: int  # 1-based, in the order the candidate saw the questions
    title: str  # the start of the prompt, plain text


@dataclass(frozen=True)
class QuestionSignals:
    """The signals recorded while one question was on screen."""

    focus_lost: int = 0
    focus_lost_seconds: float = 0.0
    pastes: int = 0
    pasted_chars: int = 0
    copies: int = 0
    copied_chars: int = 0


def signals_by_question(events: Iterable[AttemptEvent]) -> dict[str, QuestionSignals]:
    """Focus losses, pastes and copies per question id, from the stored event rows (the
    events over the storage bound were counted, not kept, so these may fall short of the
    attempt's summary)."""
    found: dict[str, QuestionSignals] = {}
    for event in events:
        if event.kind not in ("focus_lost", "paste", "copy"):
            continue
        data = event_data(event.kind, event.data)
        question_id = getattr(data, "question_id", None)
        if question_id is None:
            continue
        now = found.get(question_id, QuestionSignals())
        if isinstance(data, FocusLostData):
            now = replace(now, focus_lost=now.focus_lost + 1, focus_lost_seconds=round(
                now.focus_lost_seconds + data.duration_ms / 1000.0, 1))
        elif isinstance(data, CharactersData) and event.kind == "paste":
            now = replace(now, pastes=now.pastes + 1, pasted_chars=now.pasted_chars + data.chars)
        elif isinstance(data, CharactersData):
            now = replace(now, copies=now.copies + 1, copied_chars=now.copied_chars + data.chars)
        found[question_id] = now
    return found


def timeline(attempt: Attempt, events: Iterable[AttemptEvent],
             names: Mapping[str, QuestionName] | None = None) -> list[TimelineEntry]:
    """The attempt's milestones and recorded events, oldest first; questions are named by
    ``names`` (their number and title), never by their internal id alone."""
    entries = [_named(_entry(attempt, event), names or {}) for event in events]
    for kind, at in (("started", attempt.started_at), ("finished", attempt.finished_at),
                     ("completed", attempt.completed_at)):
        if at is not None:
            detail = attempt.finish_reason if kind == "finished" else None
            entries.append(TimelineEntry(at, _offset(attempt, at), kind, detail=detail))
    order = {"started": 0, "finished": 2, "completed": 3}
    entries.sort(key=lambda entry: (entry.at, order.get(entry.kind, 1)))
    return entries


def _named(entry: TimelineEntry, names: Mapping[str, QuestionName]) -> TimelineEntry:
    name = names.get(entry.question_id) if entry.question_id else None
    if name is None:
        return entry
    return replace(entry, question_number=name.number, question_title=name.title)


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
    if isinstance(data, DeviceData):
        return replace(entry, user_agent=data.user_agent)
    return entry


def _offset(attempt: Attempt, at: datetime) -> float | None:
    if attempt.started_at is None:
        return None
    return (at - attempt.started_at).total_seconds()
