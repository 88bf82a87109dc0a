"""Each language renders: the landing and question pages speak the invitation's language
(English, Ukrainian, Russian) with a matching <html lang>, and the language switcher
changes it."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import Page, expect

from tests.e2e.candidate import QUESTION_URL

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(60)]

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"
LANDING_TEXT = ["Before you start", "What is recorded during the test"]
QUESTION_TEXT = ["Save and next", "Flag for review", "Questions in this section",
                 "Keyboard shortcuts"]
BROWSER_LOCALES = {"en": "en-GB", "uk": "uk-UA", "ru": "ru-RU"}


@cache
def _catalogue(language: str) -> dict[str, str]:
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as source:
        return {m.id: m.string for m in read_po(source) if isinstance(m.id, str)}


def translated(language: str, text: str) -> str:
    """``text`` as the catalogue translates it (English is the source language)."""
    if language == "en":
        return text
    translation = _catalogue(language).get(text)
    assert translation, (f"translations/{language}/LC_MESSAGES/messages.po has no "
                         f"translation for {text!r}")
    return translation


def expect_language(page: Page, language: str, texts: list[str]) -> None:
    expect(page.locator("html")).to_have_attribute("lang", language)
    for text in texts:
        expect(page.get_by_text(translated(language, text), exact=True).first).to_be_visible()


def press_start(page: Page) -> None:
    page.locator("form.start button[type=submit]").click()
    expect(page).to_have_url(QUESTION_URL)


@pytest.mark.parametrize("language", ["en", "uk", "ru"])
def test_the_landing_and_question_pages_speak_the_invitations_language(
        language: str, new_page, invite, every_type_test) -> None:
    page = new_page(locale=BROWSER_LOCALES[language])
    invited = invite(every_type_test, language=language)

    page.goto(invited.link)
    expect_language(page, language, LANDING_TEXT)
    press_start(page)
    expect_language(page, language, QUESTION_TEXT)


def test_the_language_switcher_changes_the_language_and_keeps_it(page: Page, invite,
                                                                 every_type_test) -> None:
    page.goto(invite(every_type_test).link)
    expect_language(page, "en", LANDING_TEXT)

    page.get_by_role("navigation", name="Language").get_by_role("link",
                                                                name="Українська").click()
    expect_language(page, "uk", LANDING_TEXT)
    expect(page.get_by_role("link", name="Українська")).to_have_attribute("aria-current",
                                                                          "true")
    press_start(page)
    expect_language(page, "uk", QUESTION_TEXT)

    page.get_by_role("link", name="Русский").click()
    expect(page).to_have_url(re.compile(r"\?lang=ru$"))
    expect_language(page, "ru", QUESTION_TEXT)
