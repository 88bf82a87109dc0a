"""A question page is light: its HTML, CSS and JavaScript together weigh at most 40 KB
(uncompressed), and it asks nothing of any host but ours."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Response

from tests.e2e.candidate import expect_question, start

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(60)]

BUDGET_BYTES = 40 * 1024


def test_a_question_page_weighs_at_most_40_kb_all_from_our_host(page: Page, invite,
                                                                every_type_test) -> None:
    start(page, invite(every_type_test).link)
    page.wait_for_load_state("networkidle")  # a second navigation must not overlap the first
    question = page.url
    responses: list[Response] = []
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    # A lambda, not responses.append: Playwright sets an attribute on each handler.
    page.on("response", lambda r: responses.append(r))  # noqa: PLW0108  (see above)

    page.goto(question)
    expect_question(page, 1, 5)
    page.wait_for_load_state("networkidle")

    # What loading the page costs (the script's own POSTs, e.g. a heartbeat, are not).
    sizes = {r.url: len(r.body()) for r in responses if r.request.method == "GET"}
    total = sum(sizes.values())
    listing = "\n".join(f"  {size:>7} B  {url}" for url, size in sizes.items())
    assert total <= BUDGET_BYTES, f"{total} B > {BUDGET_BYTES} B:\n{listing}"
    assert {urlsplit(url).hostname for url in requested} == {"127.0.0.1"}
