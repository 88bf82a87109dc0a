"""Browsers ask every site for its icon; ours has one, so no page logs a 404 for it.

(The guard's request routing keeps Chromium from asking for /favicon.ico during the other
tests, so this one asks the way the browser would.)"""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from playwright.sync_api import Page

from tests.e2e.candidate import expect_heading

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(60)]


def test_the_icon_a_browser_asks_for_exists(page: Page, invite, every_type_test) -> None:
    page.goto(invite(every_type_test).link)
    expect_heading(page, "Acme Corp invites you to take a test")
    declared = page.locator("link[rel~=icon]")
    href = declared.first.get_attribute("href") if declared.count() else "/favicon.ico"
    if href and href.startswith("data:"):
        return  # an icon inside the page: nothing is fetched

    icon = page.request.get(urljoin(page.url, href))

    assert icon.ok, f"{href} answers {icon.status}: every page logs a 404 in the console"
