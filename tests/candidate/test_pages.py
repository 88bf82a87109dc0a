"""Every candidate page: the Content-Security-Policy is sent and no page carries inline
script or style; a question page weighs at most 40 KB (HTML + CSS + JS) and loads only
our own files; the syntax-highlighting stylesheet comes only with code."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine

from tests.candidate.conftest import (
    NOW,
    Taking,
    attempt_of,
    definition,
    essay,
    inline_scripts,
    invite,
    question_url,
    section,
    single,
)
from tests.fixtures.factories import make_test

MAX_PAGE_BYTES = 40 * 1024


def candidate_pages(client, organization, basics_test) -> dict[str, object]:
    """Every page a candidate meets, fetched in the order they meet them."""
    second = make_test(definition(section("s", single("z1")), slug="second", name="Second"))
    invitation, link = invite(organization, [basics_test, second])
    taking = Taking(client, link)
    pages: dict[str, object] = {}
    with time_machine.travel(NOW, tick=False):
        pages["landing"] = client.get(link)
        pages["gone"] = client.get("/t/" + "n" * 43)
        taking.start()
        attempt = attempt_of(invitation)
        for index in range(3):
            pages[f"question 0/{index}"] = client.get(question_url(attempt, 0, index))
        pages["invalid answer"] = taking.answer(question_url(attempt, 0, 2), "q3", answer="maybe")
        pages["review"] = client.get(f"/take/{attempt.public_id}/review")
        pages["confirm"] = client.get(f"/take/{attempt.public_id}/finish")
        client.post(f"/take/{attempt.public_id}/finish", data={"section": "0"})
        for index in range(3):
            pages[f"question 1/{index}"] = client.get(question_url(attempt, 1, index))
        pages["section closed"] = taking.answer(question_url(attempt, 0, 0), "q1", answer="a")
        client.post(f"/take/{attempt.public_id}/finish", data={"section": "1"})
        pages["break"] = client.get("/take")
        client.post("/take/next", data={})
        last = attempt_of(invitation, 1)
    with time_machine.travel(NOW + timedelta(hours=2), tick=False):
        pages["too late"] = taking.answer(question_url(last, 0, 0), "z1", answer="a")
        pages["thanks"] = client.get("/take")
    return pages


@pytest.fixture
def pages(client, organization, basics_test):
    return candidate_pages(client, organization, basics_test)


def test_every_page_sends_the_csp_and_has_no_inline_script_or_style(pages) -> None:
    for name, response in pages.items():
        assert response.status_code in (200, 404, 409, 422), name
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, name
        html = response.text
        assert inline_scripts(html) == [], name
        assert "<style" not in html and " style=" not in html, name
        assert re.search(r"\son[a-z]+=", html) is None, name  # no inline event handlers
        assert response.headers["Referrer-Policy"] == "same-origin", name


def test_every_page_has_one_h1_a_main_landmark_and_a_language(pages) -> None:
    for name, response in pages.items():
        html = response.text
        assert html.count("<h1") == 1, name
        assert '<main id="main"' in html, name
        assert '<html lang="en">' in html, name


def test_every_input_has_a_label(pages) -> None:
    for name, response in pages.items():
        html = response.text
        labelled = r'<(?:input|textarea|select)(?![^>]*type="hidden")[^>]*id="([^"]+)"'
        for field_id in re.findall(labelled, html):
            assert f'for="{field_id}"' in html, (name, field_id)


def test_a_question_page_weighs_at_most_40_kb(client, pages) -> None:
    for name, response in pages.items():
        if not name.startswith("question"):
            continue
        assert weight(client, response.text) <= MAX_PAGE_BYTES, name


def weight(client, html: str) -> int:
    """The bytes of a page and of every stylesheet and script it loads."""
    total = len(html.encode())
    for url in re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) + re.findall(
            r'<script src="([^"]+)"', html):
        assert url.startswith("/static/"), url  # our own files, no third party, no CDN
        asset = client.get(url)
        assert asset.status_code == 200, url
        total += len(asset.data)
        asset.close()
    return total


def test_a_long_question_with_code_stays_under_40_kb(client, organization) -> None:
    prompt = "What does this print?\n\n```python\n" + "print(sum(range(10)))\n" * 40 + "```\n"
    long_section = section("s", *[single(f"c{n}", prompt=prompt) for n in range(30)], essay("e"))
    test = make_test(definition(long_section, slug="coded"))
    _, link = invite(organization, [test])
    taking = Taking(client, link)
    with time_machine.travel(NOW, tick=False):
        page = taking.follow(taking.start())
    assert "css/code.css" in page.text
    assert weight(client, page.text) <= MAX_PAGE_BYTES


def test_the_code_stylesheet_is_only_on_pages_with_code(pages) -> None:
    assert all("css/code.css" not in response.text for response in pages.values())


def test_the_script_is_deferred(pages) -> None:
    html = pages["question 0/0"].text
    assert re.search(r'<script src="/static/js/take.js" defer></script>', html)


def test_only_an_ordering_question_loads_the_ordering_script_and_stylesheet(pages) -> None:
    ordering = {name for name, response in pages.items() if 'name="position-' in response.text}
    assert ordering, "the test has an ordering question"
    for name, response in pages.items():
        html = response.text
        assert ('<script src="/static/js/take-ordering.js" defer></script>' in html) == (
            name in ordering), name
        assert ('href="/static/css/ordering.css"' in html) == (name in ordering), name
