"""Browsers named as a person says them, never as the raw User-Agent string."""

from __future__ import annotations

import pytest
from flask import Flask

from app.results.formatting import user_agent
from app.results.user_agents import summarize_user_agent

CASES = [
    ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/126.0.0.0 Mobile Safari/537.36", "Chrome", "Android"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
     "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "Safari", "iPhone"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0",
     "Firefox", "Windows"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87", "Edge", "Windows"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like "
     "Gecko) Version/17.5 Safari/605.1.15", "Safari", "macOS"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
     "like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1", "Chrome", "iPhone"),
    ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/126.0.0.0 Safari/537.36 OPR/111.0.0.0", "Opera", "Linux"),
    ("Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) "
     "SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36", "Samsung Internet",
     "Android"),
    ("Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/126.0.0.0 Safari/537.36", "Chrome", "ChromeOS"),
    ("Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "FxiOS/127.0 Mobile/15E148 Safari/605.1.15", "Firefox", "iPad"),
]


@pytest.mark.parametrize(("raw", "browser", "system"), CASES)
def test_it_names_the_browser_and_the_system(raw: str, browser: str, system: str) -> None:
    found = summarize_user_agent(raw)
    assert (found.browser, found.system) == (browser, system)


@pytest.mark.parametrize("raw", [None, "", "curl/8.5.0", "<img src=x onerror=alert(1)>"])
def test_it_recognises_nothing_in_strings_that_name_no_browser(raw: str | None) -> None:
    found = summarize_user_agent(raw)
    assert (found.browser, found.system) == (None, None)


def test_the_page_says_it_in_words(app: Flask) -> None:
    with app.test_request_context():
        assert user_agent(CASES[0][0]) == "Chrome on Android"
        assert user_agent(CASES[1][0]) == "Safari on iPhone"
        assert user_agent(CASES[2][0]) == "Firefox on Windows"
        assert user_agent("Mozilla/5.0 (Windows NT 10.0) Gecko") == "Windows (details unknown)"
        assert user_agent("<img src=x onerror=alert(1)>") == "an unrecognised browser"
