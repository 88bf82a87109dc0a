"""Time limits as authors write them."""

from __future__ import annotations

import pytest

from app.banks.durations import DurationError, parse_duration


@pytest.mark.parametrize(("written", "seconds"), [
    ("45m", 2700),
    ("1h30m", 5400),
    ("1h 30m", 5400),
    ("90s", 90),
    ("2h", 7200),
    ("1h 0m 30s", 3630),
    ("1.5h", 5400),
    ("30", 1800),
    (30, 1800),
    (7.5, 450),
    (" 10M ", 600),
])
def test_it_reads_every_written_form(written: object, seconds: int) -> None:
    assert parse_duration(written) == seconds


@pytest.mark.parametrize("written", [0, "0m", "0", -5, "-5m", 0.001])
def test_it_refuses_limits_that_are_not_more_than_zero(written: object) -> None:
    with pytest.raises(DurationError, match="more than zero"):
        parse_duration(written)


@pytest.mark.parametrize("written",
                         ["soon", "30 minutes", "1:30", "30m1h", "1h1h", "", True, None, [30]])
def test_it_refuses_what_is_not_a_duration(written: object) -> None:
    with pytest.raises(DurationError):
        parse_duration(written)
