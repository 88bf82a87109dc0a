"""Time limits as authors write them: "45m", "1h30m", "1h 30m", "90s", or minutes (30, 7.5)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_PART = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(h|m|s)", re.IGNORECASE)
_UNIT_SECONDS = {"h": 3600, "m": 60, "s": 1}
HINT = 'write it like "45m", "1h30m", "90s" or a number of minutes'


class DurationError(ValueError):
    """The value is not a duration; the message says why in a sentence."""


def parse_duration(value: object) -> int:
    """Seconds in ``value``, rounded to the nearest second.

    A number (or a text holding only a number) is minutes. A text is one or more
    ``<number><unit>`` parts with units h, m and s, each unit at most once, in that
    order, spaces allowed between parts. Raises :class:`DurationError` for anything else
    and for a duration that is not more than zero.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise DurationError(f"a time limit must be a duration; {HINT}")
    seconds = _parse_text(value.strip()) if isinstance(value, str) else _minutes(str(value))
    if seconds <= 0:
        raise DurationError("a time limit must be more than zero")
    return seconds


def _minutes(text: str) -> int:
    try:
        minutes = Decimal(text)
    except InvalidOperation:
        raise DurationError(f"{text!r} is not a duration; {HINT}") from None
    if not minutes.is_finite():
        raise DurationError(f"{text!r} is not a duration; {HINT}")
    return int((minutes * 60).to_integral_value())


def _parse_text(text: str) -> int:
    if re.fullmatch(r"[-+]?\d+(?:\.\d+)?", text):
        return _minutes(text)
    if text.startswith("-"):
        raise DurationError("a time limit must be more than zero")
    total = Decimal(0)
    position, seen = 0, ""
    while position < len(text):
        match = _PART.match(text, position)
        if match is None:
            raise DurationError(f"{text!r} is not a duration; {HINT}")
        unit = match.group(2).lower()
        if seen and "hms".index(unit) <= "hms".index(seen[-1]):
            raise DurationError(f"{text!r} is not a duration: give hours, minutes and "
                                "seconds once each, in that order")
        seen += unit
        total += Decimal(match.group(1)) * _UNIT_SECONDS[unit]
        position = match.end()
    if not seen:
        raise DurationError(f"{text!r} is not a duration; {HINT}")
    return int(total.to_integral_value())

