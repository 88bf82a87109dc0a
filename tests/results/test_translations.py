"""The results page in Ukrainian and Russian, chosen with the language switcher."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from app.models import Attempt
from tests.results.conftest import add_events, link
from tests.results.html import Page

ENGLISH_LEFTOVERS = ("Awaiting review", "Score so far", "Sections", "Questions and answers",
                     "Time used", "Timeline", "Grade question", "Your name", "Not chosen")


# The catalogues put a no-break space before %; squashed page text shows it as a space.
@pytest.mark.parametrize(("lang", "expected"), [
    ("uk", {"Статус": "Очікує на перевірку", "Результат наразі": "31,11 %",
            "Підсумок": "Попередньо: є неоцінені есе (прохідний бал 70 %)",
            "Бали": "4 з 11", "Потрібно оцінити": "1 есе чекає на оцінку"}),
    ("ru", {"Статус": "Ожидает проверки", "Результат на данный момент": "31,11 %",
            "Итог": "Предварительно: есть неоценённые эссе (проходной балл 70 %)",
            "Баллы": "4 из 11", "Нужно оценить": "1 эссе ждёт оценки"}),
])
def test_it_renders_in_the_chosen_language(client: FlaskClient, finished_attempt: Attempt,
                                           lang: str, expected: dict[str, str]) -> None:
    add_events(finished_attempt)
    response = client.get(link(finished_attempt.invitation) + f"&lang={lang}")
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.text
    page = Page(response.text)
    assert page.facts("score-facts") == expected
    assert not [text for text in ENGLISH_LEFTOVERS if text in response.text]


def test_ukrainian_words_times_and_plurals(client: FlaskClient, finished_attempt: Attempt) -> None:
    add_events(finished_attempt)
    page = Page(client.get(link(finished_attempt.invitation) + "&lang=uk").text)
    time = page.facts("time-facts")
    assert time["Витрачено часу"] == ("23 хв 10 с з 30 хв плюс 30 с, компенсовані через "
                                      "проблеми зі з’єднанням")
    assert time["Спосіб завершення"] == "Кандидат надіслав відповіді"
    integrity = page.facts("integrity-facts")
    assert integrity["Вихід із вікна тесту"] == "2 рази, загалом 1 хв 35 с"
    assert integrity["Вставлення"] == "1 (120 символів)"


def test_russian_rows(client: FlaskClient, finished_attempt: Attempt) -> None:
    html = client.get(link(finished_attempt.invitation) + "&lang=ru").text
    page = Page(html)
    assert page.table_rows("sections")[0] == ["Basics", "3", "5", "60 %", "×1", ""]


def test_the_language_links_keep_the_signature(client: FlaskClient,
                                               finished_attempt: Attempt) -> None:
    page = Page(client.get(link(finished_attempt.invitation)).text)
    nav = page.all("nav", "lang-switch")[0]
    hrefs = [a.attrs["href"] for a in page.all("a", within=nav)]
    signed = link(finished_attempt.invitation)
    assert hrefs == [f"{signed}&lang={code}" for code in ("en", "uk", "ru")]
    # The choice is remembered: the next visit without ?lang= stays in Ukrainian.
    client.get(signed + "&lang=uk")
    assert '<html lang="uk">' in client.get(signed).text
