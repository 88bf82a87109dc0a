"""The clock's pure rules (app/services/clock.py): extra time, grace, gap credits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.models import Attempt
from app.services import clock

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _attempt(limit: int = 600) -> Attempt:
    attempt = Attempt(state="not_started", credited_seconds=0)
    attempt.start(now=T0, seed=1, layout=[], time_limit_seconds=limit)
    return attempt


@pytest.mark.parametrize(("seconds", "factor", "expected"),
                         [(1800, 1.0, 1800), (1800, 1.5, 2700), (100, 1.25, 125), (7, 1.1, 8)])
def test_extra_time_scales_and_rounds_up(seconds, factor, expected) -> None:
    assert clock.scaled_seconds(seconds, factor) == expected


def test_time_is_up_at_the_deadline_and_answers_wait_for_the_grace() -> None:
    attempt = _attempt()
    deadline = T0 + timedelta(seconds=600)
    assert not clock.test_time_is_up(attempt, deadline - timedelta(microseconds=1))
    assert clock.test_time_is_up(attempt, deadline)
    assert not clock.test_time_is_up(attempt, deadline + timedelta(seconds=10), grace=10)
    assert clock.test_time_is_up(attempt, deadline + timedelta(seconds=10, microseconds=1),
                                 grace=10)


def test_remaining_seconds_round_up_and_stop_at_zero() -> None:
    assert clock.remaining_seconds(T0 + timedelta(seconds=1.2), T0) == 2
    assert clock.remaining_seconds(T0, T0 + timedelta(seconds=5)) == 0
    assert clock.remaining_seconds(None, T0) is None


def test_a_section_deadline_is_capped_by_the_tests() -> None:
    attempt = _attempt(600)
    section = {"time_limit_seconds": 500}
    assert clock.section_deadline(attempt, section, T0, 1.0) == T0 + timedelta(seconds=500)
    assert clock.section_deadline(attempt, section, T0 + timedelta(seconds=300), 1.0) == (
        T0 + timedelta(seconds=600))
    assert clock.section_deadline(attempt, {"time_limit_seconds": None}, T0, 1.0) is None


@pytest.mark.parametrize(("server", "client", "already", "enabled", "cap", "expected"), [
    (90, 70, 0, True, 300, 70),    # the smaller of the two
    (60, 200, 0, True, 300, 60),   # a client cannot claim more than the server saw
    (90, 90, 250, True, 300, 50),  # the per-attempt cap
    (90, 90, 300, True, 300, 0),
    (90, 90, 0, False, 300, 0),    # policy off: recorded elsewhere, never credited
])
def test_gap_credit(server, client, already, enabled, cap, expected) -> None:
    assert clock.gap_credit_seconds(server_gap_seconds=server, client_offline_seconds=client,
                                    already_credited=already, enabled=enabled,
                                    max_total=cap) == expected
