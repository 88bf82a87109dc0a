"""Answers made of parts (app.questions.parts), for types whose answer is a mapping:
read from the page's form and script, scored part by part."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from app.questions.base import AnswerError, Credit
from app.questions.parts import credit_by_parts, parse_parts, parts_from_form

KEYS = ["1", "2", "3"]
REFUSED = "Choose an answer for each part."


def test_it_reads_each_parts_field_from_the_form() -> None:
    form = MultiDict({"blank-1": "Paris", "blank-3": " ", "other": "x"})
    assert parts_from_form(form, "blank-", KEYS) == {"1": "Paris", "2": "", "3": " "}


def test_it_keeps_answered_parts_in_the_questions_order() -> None:
    assert parse_parts({"3": "c", "1": "a"}, KEYS, REFUSED) == {"1": "a", "3": "c"}


def test_it_drops_blank_parts_and_calls_nothing_answered_unanswered() -> None:
    assert parse_parts({"1": "a", "2": "  "}, KEYS, REFUSED) == {"1": "a"}
    assert parse_parts({"1": "", "2": " "}, KEYS, REFUSED) is None
    assert parse_parts({}, KEYS, REFUSED) is None
    assert parse_parts(None, KEYS, REFUSED) is None


@pytest.mark.parametrize("value", [["a"], "a", {"9": "a"}, {"1": 2}, {"1": None}, {"1": ["a"]}])
def test_it_refuses_anything_but_text_for_known_parts(value: object) -> None:
    with pytest.raises(AnswerError) as refused:
        parse_parts(value, KEYS, REFUSED)
    assert refused.value.message == REFUSED


def test_it_checks_and_shapes_each_part() -> None:
    def known(key: str, text: str) -> str:
        if text not in ("a", "b"):
            raise AnswerError(f"part {key}: choose a or b")
        return text.upper()

    assert parse_parts({"1": "a", "2": "b"}, KEYS, REFUSED, known) == {"1": "A", "2": "B"}
    with pytest.raises(AnswerError, match="part 2"):
        parse_parts({"1": "a", "2": "z"}, KEYS, REFUSED, known)


def _exact(expected: str) -> Credit:
    return lambda answer: 1.0 if answer == expected else 0.0


PARTS: dict[str, Credit] = {"1": _exact("a"), "2": _exact("b"), "3": _exact("c"),
                            "4": lambda answer: 0.5}


def test_partial_credit_is_the_mean_of_the_parts() -> None:
    credit = credit_by_parts(PARTS)
    assert credit({"1": "a", "2": "b", "3": "c", "4": "x"}) == 0.875
    assert credit({"1": "a", "2": "x"}) == 0.25  # missing parts earn nothing
    assert credit({"1": "a", "9": "a"}) == 0.25  # unknown parts are ignored


def test_all_or_nothing_needs_every_part() -> None:
    credit = credit_by_parts({"1": _exact("a"), "2": _exact("b")}, all_or_nothing=True)
    assert credit({"1": "a", "2": "b"}) == 1.0
    assert credit({"1": "a", "2": "x"}) == 0.0
    assert credit({"1": "a"}) == 0.0


@pytest.mark.parametrize("answer", [None, "a", ["a"], 1])
def test_an_answer_that_is_not_a_mapping_earns_nothing(answer: object) -> None:
    assert credit_by_parts(PARTS)(answer) == 0.0
