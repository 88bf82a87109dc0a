"""Times on the candidate's pages are in the candidate's own timezone, which the landing
page reads from the browser when they press Start."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_time
from playwright.sync_api import expect

from tests.e2e.candidate import current_attempt, start

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(60)]

ENDS_AT = re.compile(r"Ends at (?P<time>.+) \((?P<zone>[^)]+)\)")


@pytest.mark.parametrize("zone", ["Europe/Kyiv", "UTC"])
def test_the_end_of_the_test_is_shown_in_the_browsers_timezone(zone: str, new_page, invite,
                                                               every_type_test) -> None:
    page = new_page(timezone_id=zone)
    invited = invite(every_type_test)
    start(page, invited.link)

    deadline = current_attempt(invited.invitation_id).deadline_at
    assert deadline is not None
    shown = ENDS_AT.fullmatch(page.locator(".clock-ends").inner_text().strip())
    assert shown, page.locator(".clock-ends").inner_text()
    assert shown["time"] == format_time(deadline, "short", tzinfo=ZoneInfo(zone), locale="en")
    assert ZoneInfo(shown["zone"]).utcoffset(deadline) == ZoneInfo(zone).utcoffset(deadline)


def test_a_candidate_in_kyiv_sees_the_zone_spelled_kyiv(new_page, invite,
                                                        every_type_test) -> None:
    """Chromium still reports the zone by its old IANA name, Europe/Kiev (a link to
    Europe/Kyiv since tzdata 2022b); the page should show the current spelling."""
    page = new_page(timezone_id="Europe/Kyiv")
    start(page, invite(every_type_test).link)

    expect(page.locator(".clock-ends")).to_contain_text("(Europe/Kyiv)", timeout=1000)
