"""An attempt changes state only through methods that check the transition."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.models import Attempt, InvalidTransition

NOW = datetime(2026, 3, 26, 10, 15, tzinfo=UTC)


def _started() -> Attempt:
    attempt = Attempt(state="not_started", credited_seconds=0)
    attempt.start(now=NOW, seed=42, layout=[], time_limit_seconds=1800)
    return attempt


def test_starting_fixes_the_seed_and_the_deadline() -> None:
    attempt = _started()
    assert attempt.state == "in_progress"
    assert attempt.seed == 42
    assert attempt.deadline_at == NOW + timedelta(minutes=30)


def test_it_cannot_start_twice() -> None:
    attempt = _started()
    with pytest.raises(InvalidTransition):
        attempt.start(now=NOW, seed=1, layout=[], time_limit_seconds=60)


def test_finishing_with_essays_waits_for_review_then_completes() -> None:
    attempt = _started()
    attempt.finish(now=NOW, reason="submitted", result={}, score_percent=50.0, passed=False,
                   awaiting_review=True)
    assert attempt.state == "awaiting_review"
    assert attempt.completed_at is None
    attempt.complete_review(now=NOW, result={}, score_percent=80.0, passed=True)
    assert attempt.state == "completed"
    assert attempt.completed_at == NOW


def test_a_finished_attempt_cannot_be_cancelled() -> None:
    attempt = _started()
    attempt.finish(now=NOW, reason="timed_out", result={}, score_percent=0.0, passed=False,
                   awaiting_review=False)
    with pytest.raises(InvalidTransition):
        attempt.cancel()


def test_crediting_time_moves_the_deadline_later() -> None:
    attempt = _started()
    attempt.credit_time(90)
    assert attempt.deadline_at == NOW + timedelta(minutes=30, seconds=90)
    assert attempt.credited_seconds == 90
