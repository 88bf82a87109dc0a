"""app.results.integrity: the figures and timeline the page shows, read through the models
of what app.services.integrity stores (a stored value that does not fit is an error)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from app.models import Attempt, AttemptEvent
from app.results.integrity import summarize, timeline
from app.services.integrity_records import IntegrityRecord

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _attempt(integrity: dict[str, Any] | None = None, credited: int = 0) -> Attempt:
    attempt = Attempt(state="in_progress", credited_seconds=credited, integrity=integrity)
    attempt.started_at = START
    return attempt


def _event(minutes: float, kind: str, **data: Any) -> AttemptEvent:
    return AttemptEvent(kind=kind, data=data or None,
                        occurred_at=START + timedelta(minutes=minutes))


def test_the_figures_come_from_the_stored_summary_which_also_counts_events_not_kept() -> None:
    stored = IntegrityRecord()
    stored.focus_lost.count, stored.focus_lost.total_ms = 40, 1_234_500
    stored.paste.count, stored.paste.chars = 1, 10
    stored.copied.count, stored.copied.chars = 1, 4
    stored.user_agent_changes = 1
    stored.connection_gaps.count, stored.connection_gaps.total_seconds = 1, 20
    stored.events_dropped = 35
    summary = summarize(_attempt(stored.stored(), credited=12))
    assert (summary.focus_lost_count, summary.focus_lost_seconds) == (40, 1234.5)
    assert (summary.pastes, summary.pasted_chars, summary.copies, summary.copied_chars) == (
        1, 10, 1, 4)
    assert (summary.browser_changes, summary.connection_gaps,
            summary.connection_gap_seconds) == (1, 1, 20.0)
    assert (summary.events_dropped, summary.credited_seconds) == (35, 12)


def test_an_attempt_without_signals_notes_nothing() -> None:
    assert not summarize(_attempt()).anything_noted


def test_a_stored_summary_that_does_not_fit_is_an_error_not_a_default() -> None:
    with pytest.raises(ValidationError):
        summarize(_attempt({"focus_lost": "lots"}))
    with pytest.raises(ValidationError):
        summarize(_attempt({"focus_lost_count": 3}))  # a key nothing writes


def test_an_event_kind_nothing_writes_is_an_error_not_a_row() -> None:
    with pytest.raises(ValidationError):
        timeline(_attempt(), [_event(1, "blur", duration_ms=2500)])
    with pytest.raises(ValidationError):
        timeline(_attempt(), [_event(1, "focus_lost", duration_ms="long")])


def test_the_timeline_puts_milestones_among_events() -> None:
    attempt = _attempt()
    attempt.finished_at = START + timedelta(minutes=10)
    attempt.finish_reason = "timed_out"
    entries = timeline(attempt, [
        _event(4, "focus_lost", duration_ms=2500, question_id="q1"),
        _event(-1, "ip_changed", **{"from": "a", "to": "b"}),
        _event(5, "connection_gap", seconds=40, client_offline_seconds=38, credited_seconds=30,
               policy="credit")])
    assert [(e.kind, e.offset_seconds) for e in entries] == [
        ("ip_changed", -60.0), ("started", 0.0), ("focus_lost", 240.0),
        ("connection_gap", 300.0), ("finished", 600.0)]
    assert entries[-1].detail == "timed_out"
    assert (entries[0].changed_from, entries[0].changed_to) == ("a", "b")
    assert (entries[2].duration_seconds, entries[2].question_id) == (2.5, "q1")
    assert (entries[3].duration_seconds, entries[3].credited_seconds) == (40.0, 30.0)
