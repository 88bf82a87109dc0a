"""Each question type words its own saved answer for the review page (a few words of plain
text), and essays count words as the results page and the page script do."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from app.questions import QUESTION_TYPES, type_of
from app.questions.base import plain_start, shortened
from app.questions.text import count_words
from tests.e2e import banks


@pytest.fixture(autouse=True)
def page(app: Flask) -> Iterator[None]:
    """Summaries are worded in a request, in the reader's language (English here)."""
    with app.test_request_context("/"):
        yield


def summary(question: dict[str, Any], answer: object) -> str:
    return type_of(question).answer_summary(question, answer)


def test_a_single_choice_names_the_option_chosen_as_plain_text() -> None:
    question = banks.single()
    question["options"][1]["text"] = "**Beta**, the `second` letter"
    assert summary(question, "b") == "Beta, the second letter"
    assert summary(question, "a") == "Alpha"


def test_a_multiple_choice_says_how_many_options_were_chosen() -> None:
    assert summary(banks.multiple(), ["two", "four"]) == "2 of 3 options chosen"
    assert summary(banks.multiple(), ["three"]) == "1 of 3 options chosen"


def test_a_true_false_says_which() -> None:
    assert summary(banks.true_false(), True) == "True"
    assert summary(banks.true_false(), False) == "False"


def test_an_ordering_says_whether_every_item_was_placed() -> None:
    assert summary(banks.ordering(), ["l", "s", "m"]) == "All items put in order"
    assert summary(banks.ordering(), ["l"]) == "1 of 3 items placed"


def test_a_matching_says_how_many_prompts_were_matched() -> None:
    question = banks.matching()
    assert summary(question, {"banana": "yellow", "cherry": "green"}) == "2 of 3 matched"
    assert summary(question, {"banana": "yellow", "lime": "green", "cherry": "red"}) == (
        "3 of 3 matched")


def test_a_cloze_says_how_many_blanks_were_filled() -> None:
    assert summary(banks.cloze(), {"1": "Paris", "3": "three"}) == "2 of 3 blanks filled"


def test_a_numeric_shows_the_number_typed_with_its_unit() -> None:
    assert summary(banks.numeric(), "1,41") == "1,41"
    assert summary({**banks.numeric(), "unit": "km"}, " 12.5 ") == "12.5 km"


def test_a_short_text_quotes_the_text_typed() -> None:
    assert summary(banks.short_text(), "  Paris\n") == "“Paris”"


def test_an_essay_quotes_its_first_words_and_counts_them_all() -> None:
    text = ("I fixed a race in the payment handler: two workers charged the same card "
            "twice, so I added a lock and a test.")
    assert summary(banks.essay(), text) == (
        "“I fixed a race in the payment handler: two workers charged…” (23 words)")
    assert summary(banks.essay(), "Done.") == "“Done.” (1 word)"


def test_every_type_words_an_answer_as_one_short_line() -> None:
    answers = {"single_choice": (banks.single(), "a"),
               "multiple_choice": (banks.multiple(), ["two"]),
               "true_false": (banks.true_false(), True),
               "ordering": (banks.ordering(), ["s", "m", "l"]),
               "matching": (banks.matching(), {"lime": "green"}),
               "cloze": (banks.cloze(), {"2": "1.41"}),
               "numeric": (banks.numeric(), "1.41"),
               "short_text": (banks.short_text(), "x " * 200),
               "essay": (banks.essay(), "word " * 5000)}
    assert set(answers) == set(QUESTION_TYPES)  # a new type gets a line here too
    for question, answer in answers.values():
        worded = summary(question, answer)
        assert worded and "\n" not in worded and len(worded) <= 90, worded


@pytest.mark.parametrize(("text", "words"), [
    ("", 0),
    (" \n\t ", 0),
    ("one", 1),
    ("  two   words  ", 2),
    ("lines\nand\r\nbreaks\ttoo", 4),
    ("well-known state-of-the-art", 2),
    ("don't won’t сім'я м’ята", 4),
    ("Я виправив помилку, і тести пройшли.", 6),
    ("Я исправил ошибку — и тесты прошли.", 7),  # the dash between spaces is a word
    ("3.14 1,000 42%", 3),
    ("🙂 👍🏽 👨‍👩‍👧", 3),
    ("no\u00a0break\u202fand\u3000wide", 4),  # Unicode spaces separate words
    ("zero\u200bwidth\ufeffjoins", 1),  # zero-width characters are not spaces
])
def test_words_are_the_runs_between_whitespace(text: str, words: int) -> None:
    assert count_words(text) == words


def test_a_long_text_is_cut_at_a_space_and_marked() -> None:
    assert shortened("a" * 100, 10) == "a" * 9 + "…"
    assert shortened("alpha beta gamma delta", 15) == "alpha beta…"
    assert shortened("  short \n text ", 80) == "short text"


def test_a_prompt_starts_as_plain_text_with_html_shown_as_text() -> None:
    assert plain_start("Is `x < y` **true**? <script>alert(1)</script>", 80) == (
        "Is x < y true? <script>alert(1)</script>")
    assert plain_start("# Title\n\nA paragraph.\n\n```python\nprint(1)\n```", 80) == (
        "Title A paragraph. print(1)")
