"""What the hiring team sees about how a test was taken: a summary and a timeline.

The signals are recorded, never punished: the page shows them so a person can ask about
them. The candidate pages own the names (``Attempt.integrity`` summary keys and
``AttemptEvent.kind`` values); this module reads them defensively: a summary key wins
when present, otherwise the events are counted, and an unknown kind is shown by name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from app.models import Attempt, AttemptEvent

TIMELINE_LIMIT = 500  # rows shown; a long flaky connection can log thousands

# Event kinds per signal, as app.services.integrity records them (first name), then
# spellings also accepted so a renamed kind still counts.
FOCUS_LOST = ("focus_lost", "blur", "tab_hidden")
PASTE = ("paste",)
COPY = ("copy", "cut")
IP_CHANGED = ("ip_changed", "ip_change")
BROWSER_CHANGED = ("user_agent_changed", "browser_changed", "ua_changed")
DEVICE_SWITCHED = ("device_switched", "device_switch", "device_changed")
CONNECTION_GAP = ("connection_gap", "heartbeat_gap", "connection_lost")
TIME_CREDITED = ("time_credited", "gap_credited")
ALL_KINDS = (FOCUS_LOST, PASTE, COPY, IP_CHANGED, BROWSER_CHANGED, DEVICE_SWITCHED,
             CONNECTION_GAP, TIME_CREDITED)

# Where each figure sits in the Attempt.integrity summary (app.services.integrity's
# empty_summary): a key, or a key and a key inside it; the first path present wins.
SUMMARY_PATHS: dict[str, tuple[tuple[str, ...], ...]] = {
    "focus_lost_count": (("focus_lost", "count"), ("focus_lost_count",)),
    "focus_lost_ms": (("focus_lost", "total_ms"), ("focus_lost_ms",)),
    "pastes": (("paste", "count"), ("paste_count",)),
    "pasted_chars": (("paste", "chars"),),
    "copies": (("copy", "count"), ("copy_count",)),
    "copied_chars": (("copy", "chars"),),
    "ip_changes": (("ip_changes",),),
    "browser_changes": (("user_agent_changes",), ("browser_changes",)),
    "device_switches": (("device_switches",),),
    "connection_gaps": (("connection_gaps", "count"), ("connection_gaps",)),
    "connection_gap_seconds": (("connection_gaps", "total_seconds"),),
    "events_dropped": (("events_dropped",),),
}
# Keys of an event's data that carry how long it lasted, or how much it concerned.
DURATION_SECONDS_KEYS = ("seconds", "duration_seconds")
DURATION_MS_KEYS = ("duration_ms",)
CHARS_KEYS = ("chars",)


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


def canonical_kind(kind: str) -> str:
    """The expected name of an event kind (``blur`` -> ``focus_lost``), else ``kind``."""
    for names in ALL_KINDS:
        if kind in names:
            return names[0]
    return kind


def summarize(attempt: Attempt, events: Sequence[AttemptEvent]) -> IntegritySummary:
    """The integrity figures of ``attempt``: from its stored summary where it has the
    figure (it also counts events not kept as rows), otherwise counted from ``events``."""
    stored: Mapping[str, Any] = attempt.integrity if isinstance(attempt.integrity, Mapping) else {}
    by_kind: dict[str, list[AttemptEvent]] = {}
    for event in events:
        by_kind.setdefault(canonical_kind(event.kind), []).append(event)

    def figure(name: str, fallback: float) -> float:
        value = _stored(stored, SUMMARY_PATHS[name])
        return fallback if value is None else value

    def count(name: str, kinds: tuple[str, ...]) -> int:
        return int(figure(name, len(by_kind.get(kinds[0], []))))

    def total(kinds: tuple[str, ...], keys: tuple[str, ...], scale: float = 1.0) -> float:
        return sum((_number(e.data, keys) or 0.0) * scale for e in by_kind.get(kinds[0], []))

    focus_ms = figure("focus_lost_ms", total(FOCUS_LOST, DURATION_MS_KEYS)
                      + total(FOCUS_LOST, DURATION_SECONDS_KEYS, 1000.0))
    return IntegritySummary(
        focus_lost_count=count("focus_lost_count", FOCUS_LOST),
        focus_lost_seconds=round(focus_ms / 1000.0, 1),
        pastes=count("pastes", PASTE),
        pasted_chars=int(figure("pasted_chars", total(PASTE, CHARS_KEYS))),
        copies=count("copies", COPY),
        copied_chars=int(figure("copied_chars", total(COPY, CHARS_KEYS))),
        ip_changes=count("ip_changes", IP_CHANGED),
        browser_changes=count("browser_changes", BROWSER_CHANGED),
        device_switches=count("device_switches", DEVICE_SWITCHED),
        connection_gaps=count("connection_gaps", CONNECTION_GAP),
        connection_gap_seconds=round(figure(
            "connection_gap_seconds", total(CONNECTION_GAP, DURATION_SECONDS_KEYS)), 1),
        credited_seconds=attempt.credited_seconds or 0,
        events_dropped=int(figure("events_dropped", 0)),
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
    data: Mapping[str, Any] = event.data if isinstance(event.data, Mapping) else {}
    chars = _number(data, CHARS_KEYS)
    credited = _number(data, ("credited_seconds",))
    return TimelineEntry(
        at=event.occurred_at, offset_seconds=_offset(attempt, event.occurred_at),
        kind=canonical_kind(event.kind), duration_seconds=_duration(event),
        chars=int(chars) if chars is not None else None,
        question_id=_text(data.get("question_id"), 100),
        changed_from=_text(data.get("from"), 300), changed_to=_text(data.get("to"), 300),
        credited_seconds=credited or None, detail=_text(event.detail, 300))


def _offset(attempt: Attempt, at: datetime) -> float | None:
    if attempt.started_at is None:
        return None
    return (at - attempt.started_at).total_seconds()


def _stored(summary: Mapping[str, Any], paths: Iterable[tuple[str, ...]]) -> float | None:
    for path in paths:
        value: Any = summary
        for key in path:
            value = value.get(key) if isinstance(value, Mapping) else None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    return None


def _number(data: Mapping[str, Any] | None, keys: Iterable[str]) -> float | None:
    if not isinstance(data, Mapping):
        return None
    for key in keys:
        value = data.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    return None


def _duration(event: AttemptEvent) -> float | None:
    """Seconds the event lasted (focus lost, a gap) or gave back (time credited)."""
    value = _number(event.data, DURATION_SECONDS_KEYS)
    if value is None:
        ms = _number(event.data, DURATION_MS_KEYS)
        value = ms / 1000.0 if ms is not None else None
    return value


def _text(value: object, limit: int) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return value[:limit] if isinstance(value, str) and value else None
