"""An essay on a phone (390×844): the words typed are counted under the field as the
candidate types, against the question's limits, the same way the server counts them;
screen readers hear the count after a pause or when a limit is crossed, never on every
keystroke; without JavaScript the page shows the count of the saved answer."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from app.models import Test
from app.questions.text import count_words
from tests.e2e import banks
from tests.e2e.axe import Audit
from tests.e2e.candidate import expect_question, press_button, start
from tests.fixtures.factories import make_test

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(90)]

PHONE = {"viewport": {"width": 390, "height": 844}}

# Texts whose words a person might count differently; the page must count as Python does.
SAMPLES = [
    "",
    "   \n\t  ",
    "The quick brown fox jumps over the lazy dog.",
    "  leading and trailing spaces   ",
    "many     spaces\n\n\nand\r\nnew lines\tand tabs",
    "Я виправив помилку в обробнику платежів, і тести пройшли.",
    "Я исправил ошибку в обработчике платежей, и тесты прошли.",
    "сім'я, м’ята та п'ятниця",
    "don't won’t it's rock 'n' roll",
    "a well-known, up-to-date state-of-the-art fix — done",
    "in 2024 we shipped 3.14 releases, 1,000 users, 42%",
    "emoji 🙂 count 👍🏽 as 👨‍👩‍👧 words",
    "no\u00a0break\u202fspaces\u3000ideographic\u2003em",
    "zero\u200bwidth\ufeffand\u180emongolian are not spaces in Python",
    "separators\x1cfile\x1dgroup\x1erecord\x1funit\x85next\u2028line\u2029para",
    "punctuation alone : ; — – - counts too",
]


@pytest.fixture
def essay_test(app: Flask) -> Test:
    """One essay of 5 to 12 words (small limits, so that a test can cross them)."""
    essay = {**banks.essay(), "min_words": 5, "max_words": 12}
    return make_test(banks.definition(banks.section("writing", "Writing", essay),
                                      slug="essay", name="Essay"))


@pytest.fixture
def free_essay_test(app: Flask) -> Test:
    """One essay without limits."""
    essay = {**banks.essay(), "min_words": None, "max_words": None}
    return make_test(banks.definition(banks.section("writing", "Writing", essay),
                                      slug="free-essay", name="Free essay"))


def _watch_live_region(page: Page) -> None:
    """Record every change of the count's live region in window.liveChanges."""
    page.evaluate("""() => {
        const live = document.getElementById("word-count-live");
        window.liveChanges = [];
        new MutationObserver(() => window.liveChanges.push(live.textContent))
            .observe(live, {childList: true, characterData: true, subtree: true});
    }""")


def _live_changes(page: Page) -> list[str]:
    return list(page.evaluate("() => window.liveChanges"))


def test_the_count_follows_typing_and_is_announced_only_after_a_pause_or_a_limit(
        new_page, invite, essay_test) -> None:
    page = new_page(**PHONE)
    start(page, invite(essay_test).link)
    expect_question(page, 1, 1)
    count = page.locator("#word-count")
    live = page.locator("#word-count-live")
    field = page.get_by_label(re.compile(r"^Your answer"))
    expect(count).to_have_text("0 words — at least 5")
    expect(count).to_be_in_viewport()
    expect(field).to_have_attribute("aria-describedby", re.compile(r"\bword-count\b"))
    _watch_live_region(page)

    field.press_sequentially("one two three four", delay=40)
    expect(count).to_have_text("4 words — at least 5", timeout=500)
    assert _live_changes(page) == []  # 18 keystrokes, nothing said while typing
    expect(live).to_have_text("4 words — at least 5")  # said after the pause
    assert _live_changes(page) == ["4 words — at least 5"]

    field.press_sequentially(" five", delay=40)  # the fifth word reaches the limit
    expect(count).to_have_text("5 words — within the limit", timeout=500)
    assert _live_changes(page)[1:] == ["5 words — within the limit"]  # at once, and once
    field.press_sequentially(" six seven eight nine ten eleven twelve thirteen", delay=40)
    expect(count).to_have_text("13 words — at most 12", timeout=500)
    assert _live_changes(page)[1:] == ["5 words — within the limit", "13 words — at most 12"]
    page.wait_for_timeout(2000)
    assert len(_live_changes(page)) == 3  # the pause repeats nothing already said

    field.press("Control+a")
    field.press("Delete")
    expect(count).to_have_text("0 words — at least 5", timeout=500)
    expect(live).to_have_text("0 words — at least 5")

    audit = Audit()
    field.fill("just three words")
    audit.check("essay with its word count", page)
    audit.assert_clean()


def test_the_page_counts_words_exactly_as_the_server_does(
        new_page, invite, essay_test) -> None:
    page = new_page(**PHONE)
    start(page, invite(essay_test).link)
    expect_question(page, 1, 1)
    in_python = [count_words(text) for text in SAMPLES]
    in_page = page.evaluate("texts => texts.map(t => window.assayCountWords(t))", SAMPLES)
    assert in_page == in_python
    # Every character of Unicode that Python calls whitespace, and some it does not.
    spaces = [chr(c) for c in range(0x3001) if chr(c).isspace()]
    near = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u180e", "_", "\u00ad"]
    texts = [f"one{c}two{c}{c}three" for c in spaces + near]
    assert page.evaluate("texts => texts.map(t => window.assayCountWords(t))", texts) == [
        count_words(text) for text in texts]
    # And through the field, as the candidate types.
    mixed = " ".join(SAMPLES[5:9])
    page.get_by_label(re.compile(r"^Your answer")).fill(mixed)
    expect(page.locator("#word-count")).to_have_text(
        re.compile(rf"^{count_words(mixed)} words — "))


def test_the_count_takes_the_plural_forms_of_the_language(
        new_page, invite, free_essay_test) -> None:
    page = new_page(**PHONE)
    start(page, invite(free_essay_test).link)
    page.goto(page.url.split("?")[0] + "?lang=uk")  # the page's language link
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    count = page.locator("#word-count")
    expect(count).to_have_text("0 слів")
    field = page.locator("#answer")
    for words, shown in ((1, "1 слово"), (3, "3 слова"), (11, "11 слів"), (21, "21 слово"),
                         (22, "22 слова"), (25, "25 слів")):
        field.fill(" ".join(["слово"] * words))
        expect(count).to_have_text(shown)


def test_without_javascript_the_page_shows_the_count_of_the_saved_answer(
        new_page, invite, essay_test) -> None:
    page = new_page(java_script_enabled=False, **PHONE)
    start(page, invite(essay_test).link)
    page.get_by_label(re.compile(r"^Your answer")).fill(
        "Я виправив  помилку, і\nтести пройшли: well-known don't 🙂 — done")
    press_button(page, "Save and review section")
    expect(page.get_by_role("heading", level=1)).to_have_text("Review your answers")
    page.get_by_role("link", name=re.compile(r"^Question 1")).first.click()
    expect(page.locator("#word-count")).to_have_text("11 words — within the limit")
