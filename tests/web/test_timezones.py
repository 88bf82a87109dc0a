"""The time zone a browser reports: checked against tzdata, spelled the current way."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from app.web.i18n import RENAMED_ZONES, valid_timezone


@pytest.mark.parametrize(("reported", "shown"), [
    ("Europe/Kiev", "Europe/Kyiv"),
    ("Europe/Zaporozhye", "Europe/Kyiv"),
    ("Europe/Uzhgorod", "Europe/Kyiv"),
    ("Asia/Calcutta", "Asia/Kolkata"),
    ("Asia/Saigon", "Asia/Ho_Chi_Minh"),
    ("Europe/Kyiv", "Europe/Kyiv"),
    ("UTC", "UTC"),
    ("Europe/Oslo", "Europe/Oslo"),  # a link to Berlin in some tzdata, but not a rename
])
def test_it_spells_renamed_zones_the_current_way(reported: str, shown: str) -> None:
    assert valid_timezone(reported) == shown


@pytest.mark.parametrize("reported", [None, "", "Mars/Olympus", "Europe", "../etc/passwd",
                                      "Europe/" + "x" * 60, 42])
def test_it_refuses_what_is_not_a_zone(reported: object) -> None:
    assert valid_timezone(reported) is None


@pytest.mark.parametrize(("old", "current"), sorted(RENAMED_ZONES.items()))
def test_every_renamed_zone_keeps_the_same_clock(old: str, current: str) -> None:
    instants = [datetime(year, month, 1, 12, tzinfo=UTC)
                for year in range(1995, 2031) for month in (1, 4, 7, 10)]
    assert [ZoneInfo(old).utcoffset(t) for t in instants] == [
        ZoneInfo(current).utcoffset(t) for t in instants]
