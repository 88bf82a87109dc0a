"""axe-core in the page under test: WCAG 2.0 and 2.1, levels A and AA.

axe's source comes from the ``axe-playwright-python`` package (it bundles axe.min.js), so
the suite needs no network and pins axe's version with the Python dependencies. It is
evaluated through the DevTools protocol, not added as a <script>, so the site's CSP
(no inline scripts) applies to the page unchanged.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

from playwright.sync_api import Page

WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

RUN = """tags => axe.run(document, {runOnly: {type: "tag", values: tags},
                                resultTypes: ["violations"]})"""


@cache
def axe_source() -> str:
    return (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def violations(page: Page) -> list[dict[str, Any]]:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    return page.evaluate(RUN, WCAG_A_AA)["violations"]  # type: ignore[no-any-return]


def describe(found: list[dict[str, Any]]) -> str:
    """One paragraph per violated rule: id, impact, help, and every offending element."""
    lines = []
    for violation in found:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}"
                     f" — {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"    {node['target']}: {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


class Audit:
    """axe results for several pages of one journey, reported together."""

    def __init__(self) -> None:
        self.found: dict[str, list[dict[str, Any]]] = {}

    def check(self, name: str, page: Page) -> None:
        self.found[name] = violations(page)

    def assert_clean(self) -> None:
        report = "\n".join(f"{name} ({len(v)} rules):\n{describe(v)}"
                           for name, v in self.found.items() if v)
        assert not report, f"axe: WCAG 2.1 A/AA violations\n{report}"
