"""A browser's User-Agent string in words a hiring manager reads: "Chrome on Android".

The raw string is the candidate's to send and says little to a person ("Mozilla/5.0
(Linux; Android 14; ...) AppleWebKit/537.36 ... Chrome/126 Mobile Safari/537.36"); the
results page shows only this summary. Nothing here decides anything, so a rough answer
is fine: the order of the checks follows how browsers borrow each other's tokens (Edge and
Opera say Chrome, Chrome says Safari, every iPhone browser is Safari underneath).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# (token, browser name), first match wins: the borrowers before the ones they borrow from.
_BROWSERS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), name) for pattern, name in (
        (r"\bEdg(e|A|iOS)?/", "Edge"),
        (r"\b(OPR|Opera|OPiOS)/", "Opera"),
        (r"\bSamsungBrowser/", "Samsung Internet"),
        (r"\bYaBrowser/", "Yandex Browser"),
        (r"\b(Firefox|FxiOS)/", "Firefox"),
        (r"\b(Chrome|CriOS|Chromium)/", "Chrome"),
        (r"\bVersion/[\d.]+.*\bSafari/", "Safari"),
        (r"\b(MSIE |Trident/)", "Internet Explorer"),
    ))

_SYSTEMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), name) for pattern, name in (
        (r"\biPhone\b", "iPhone"),
        (r"\biPad\b", "iPad"),
        (r"\bAndroid\b", "Android"),
        (r"\bCrOS\b", "ChromeOS"),
        (r"\bWindows\b", "Windows"),
        (r"\bMac OS X\b|\bMacintosh\b", "macOS"),
        (r"\bLinux\b", "Linux"),
    ))


@dataclass(frozen=True)
class UserAgentSummary:
    browser: str | None  # None: not recognised
    system: str | None


def summarize_user_agent(user_agent: str | None) -> UserAgentSummary:
    """The browser and operating system a User-Agent string names, each None when it
    names none we know."""
    text = user_agent or ""
    browser = next((name for pattern, name in _BROWSERS if pattern.search(text)), None)
    system = next((name for pattern, name in _SYSTEMS if pattern.search(text)), None)
    return UserAgentSummary(browser, system)
