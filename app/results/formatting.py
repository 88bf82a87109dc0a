"""Numbers, times and words of the results page, in the reader's language."""

from __future__ import annotations

from datetime import datetime

from flask_babel import format_datetime, format_decimal, get_timezone
from flask_babel import gettext as _

from app.results import bp
from app.results.user_agents import summarize_user_agent


def number(value: float | None, decimals: int = 2) -> str:
    """2.5 -> "2.5" (or "2,5"), 3.0 -> "3": no trailing zeros."""
    if value is None:
        return "—"
    return format_decimal(round(value, decimals), format="#,##0." + "#" * decimals)


def percent(value: float | None) -> str:
    return "—" if value is None else _("%(value)s%%", value=number(value))


def when(value: datetime | None) -> str:
    return "—" if value is None else format_datetime(value, "medium")


def duration(seconds: float | None) -> str:
    """12 min 5 s, 1 h 2 min, 45 s: exact to the second, never rounded up."""
    if seconds is None:
        return "—"
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return _("%(hours)s h %(minutes)s min", hours=hours, minutes=minutes) if not secs else \
            _("%(hours)s h %(minutes)s min %(seconds)s s",
              hours=hours, minutes=minutes, seconds=secs)
    if minutes:
        return _("%(minutes)s min", minutes=minutes) if not secs else \
            _("%(minutes)s min %(seconds)s s", minutes=minutes, seconds=secs)
    return _("%(seconds)s s", seconds=secs)


def offset(seconds: float | None) -> str:
    """Time since the start as +m:ss (or +h:mm:ss); before the start it reads -m:ss."""
    if seconds is None:
        return "—"
    sign = "-" if seconds < 0 else "+"
    total = int(abs(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours}:{minutes:02d}:{secs:02d}" if hours else f"{sign}{minutes}:{secs:02d}"


def bar_step(value: float | None) -> int:
    """``value`` percent as a whole 0..100, for the classes results.css draws bars with
    (w-0 .. w-100 widths, at-0 .. at-100 marks): the CSP forbids inline styles."""
    return round(min(max(value or 0.0, 0.0), 100.0))


def user_agent(raw: str | None) -> str:
    """A User-Agent string as "Chrome on Android", never the raw string (which is the
    candidate's to write and unreadable to a person)."""
    found = summarize_user_agent(raw)
    if found.browser and found.system:
        return _("%(browser)s on %(system)s", browser=found.browser, system=found.system)
    if found.browser or found.system:
        return _("%(name)s (details unknown)", name=found.browser or found.system)
    return _("an unrecognised browser")


def timezone_name() -> str:
    return str(get_timezone())


@bp.context_processor
def formatting_helpers() -> dict[str, object]:
    return {"fmt_number": number, "fmt_percent": percent, "fmt_when": when,
            "fmt_duration": duration, "fmt_offset": offset, "bar_step": bar_step,
            "fmt_user_agent": user_agent,
            "timezone_name": timezone_name}
