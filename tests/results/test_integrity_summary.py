"""app.results.integrity: the figures and timeline the page shows, read defensively."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from app.models import Attempt, AttemptEvent
from app.results.integrity import summarize, timeline

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _attempt(integrity: dict[str, Any] | None = None, credited: int = 0) -> Attempt:
    attempt = Attempt(state="in_progress", credited_seconds=credited, integrity=integrity)
    attempt.started_at = START
    return attempt


def _event(minutes: float, kind: str, **data: Any) -> AttemptEvent:
    return AttemptEvent(kind=kind, data=data or None, occurred_at=START + timedelta(minutes=minutes))


def test_the_stored_summary_wins_because_it_also_counts_events_not_kept() -> None:
    attempt = _attempt({"focus_lost": {"count": 40, "total_ms": 1_234_500},
                        "events_dropped": 35}, credited=12)
    summary = summarize(attempt, [_event(1, "focus_lost", duration_ms=1000)] * 5)
    assert (summary.focus_lost_count, summary.focus_lost_seconds) == (40, 1234.5)
    assert summary.events_dropped == 35
    assert summary.credited_seconds == 12


def test_without_a_summary_it_counts_events_including_older_spellings() -> None:
    events = [_event(1, "blur", duration_ms=2500), _event(2, "focus_lost", seconds=3),
              _event(3, "paste", chars=10), _event(4, "cut", chars=4),
              _event(5, "browser_changed"), _event(6, "connection_gap", seconds=20)]
    summary = summarize(_attempt(), events)
    assert (summary.focus_lost_count, summary.focus_lost_seconds) == (2, 5.5)
    assert (summary.pastes, summary.pasted_chars, summary.copies, summary.copied_chars) == (
        1, 10, 1, 4)
    assert (summary.browser_changes, summary.connection_gaps,
            summary.connection_gap_seconds) == (1, 1, 20.0)
    assert not summarize(_attempt(), []).anything_noted


def test_a_malformed_summary_or_data_never_breaks_the_page() -> None:
    attempt = _attempt({"focus_lost": "lots", "ip_changes": True, "paste": {"count": None}})
    events = [_event(1, "focus_lost", duration_ms="long"), _event(2, "ip_changed", to=["x"])]
    summary = summarize(attempt, events)
    assert (summary.focus_lost_count, summary.focus_lost_seconds, summary.ip_changes) == (
        1, 0.0, 1)
    assert timeline(attempt, events)[-1].changed_to is None


def test_the_timeline_puts_milestones_among_events_and_keeps_unknown_kinds() -> None:
    attempt = _attempt()
    attempt.finished_at = START + timedelta(minutes=10)
    attempt.finish_reason = "timed_out"
    entries = timeline(attempt, [_event(4, "mystery_signal"), _event(-1, "ip_changed",
                                                                      **{"from": "a", "to": "b"})])
    assert [(e.kind, e.offset_seconds) for e in entries] == [
        ("ip_changed", -60.0), ("started", 0.0), ("mystery_signal", 240.0), ("finished", 600.0)]
    assert entries[-1].detail == "timed_out"
    assert (entries[0].changed_from, entries[0].changed_to) == ("a", "b")
