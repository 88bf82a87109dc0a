"""numeric and short_text: lenient reading of typed text, strict meaning."""

from __future__ import annotations

import pytest

from app.questions.numbers import parse_number
from tests.scoring.builders import numeric, score_one, short_text

# parse_number

@pytest.mark.parametrize(("text", "value"), [
    ("1.41", 1.41), ("1,41", 1.41), (" 1,41 ", 1.41), ("-2", -2.0), ("+2", 2.0),
    ("\u22122", -2.0), ("1e3", 1000.0), ("1E-2", 0.01), ("1 000", 1000.0),
    ("1\u202f000,5", 1000.5), ("1\u00a0000", 1000.0), ("1\u2009000", 1000.0), ("1_000", 1000.0),
    (".5", 0.5), ("5.", 5.0), ("007", 7.0), ("- 3", -3.0),
])
def test_it_reads_numbers_the_way_people_type_them(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", [
    "", "abc", "1,000,000", "1,000.5", "1.2.3", "nan", "inf", "-infinity", "1e999", "0x10",
    "1/2", "--2", "e3", ".", "12" * 60, "١٢",
])
def test_it_refuses_what_is_not_a_plain_number(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize("text", ["250ms", "250 ms", "250 MS", "ms 250", "250"])
def test_it_accepts_the_unit_before_or_after(text: str) -> None:
    assert parse_number(text, "ms") == 250.0


def test_it_does_not_take_another_unit() -> None:
    assert parse_number("250 s", "ms") is None


# numeric grader

def test_it_gives_full_points_for_the_exact_value_typed_with_a_comma() -> None:
    question = numeric(ranges=[(1.41, 1.41, 100.0)], points=2.0)
    assert score_one(question, "1,41") == (2.0, 2.0, "correct")


def test_it_gives_the_best_weight_of_the_matching_ranges() -> None:
    question = numeric(ranges=[(3.0, 3.5, 50.0), (3.14, 3.15, 100.0), (0.0, 10.0, 10.0)],
                       points=2.0)
    assert score_one(question, "3,14159").points == 2.0
    assert score_one(question, "3.2") == (1.0, 2.0, "partial")
    assert score_one(question, "9") == (0.2, 2.0, "partial")
    assert score_one(question, "11") == (0.0, 2.0, "incorrect")


def test_it_includes_both_ends_of_a_range() -> None:
    question = numeric(ranges=[(1.0, 2.0, 100.0)])
    assert score_one(question, "1").points == 1.0
    assert score_one(question, "2,0").points == 1.0


def test_it_includes_range_ends_computed_with_rounding_errors() -> None:
    question = numeric(ranges=[(0.06 - 0.01, 0.06 + 0.01, 100.0)])  # max is 0.06999999999999999
    assert score_one(question, "0.07").points == 1.0
    assert score_one(question, "0.05").points == 1.0
    assert score_one(question, "0.0701").points == 0.0


def test_it_scores_unparseable_text_as_incorrect_not_unanswered() -> None:
    assert score_one(numeric(), "about one and a half") == (0.0, 1.0, "incorrect")


def test_it_takes_a_json_number_as_the_value() -> None:
    assert score_one(numeric(ranges=[(2.0, 2.0, 100.0)]), 2).points == 1.0


@pytest.mark.parametrize("answer", [True, ["1.41"], {"value": 1.41}, float("nan"), 10**400])
def test_it_scores_a_malformed_numeric_answer_as_incorrect(answer: object) -> None:
    assert score_one(numeric(), answer) == (0.0, 1.0, "incorrect")


# short_text

def test_it_matches_an_exact_answer_ignoring_case_and_extra_spaces() -> None:
    assert score_one(short_text(), "  pARIS ").status == "correct"


def test_it_casefolds_so_sharp_s_equals_double_s() -> None:
    question = short_text(answers=[("exact", "Straße", 100.0)])
    assert score_one(question, "STRASSE").status == "correct"


def test_it_compares_case_when_case_sensitive() -> None:
    question = short_text(answers=[("exact", "NaN", 100.0)], case_sensitive=True)
    assert score_one(question, "NaN").status == "correct"
    assert score_one(question, "nan").status == "incorrect"


def test_it_collapses_whitespace_runs_when_normalizing() -> None:
    question = short_text(answers=[("exact", "New York", 100.0)])
    assert score_one(question, "new \t  york").status == "correct"
    assert score_one(question, "newyork").status == "incorrect"


def test_it_removes_all_whitespace_when_ignoring() -> None:
    question = short_text(answers=[("exact", "x = 1", 100.0)], whitespace="ignore")
    assert score_one(question, "x=1").status == "correct"
    assert score_one(question, " x =  1 ").status == "correct"


def test_it_keeps_whitespace_when_exact() -> None:
    question = short_text(answers=[("exact", "a b", 100.0)], whitespace="exact")
    assert score_one(question, "a b").status == "correct"
    assert score_one(question, "a b ").status == "incorrect"
    assert score_one(question, "a  b").status == "incorrect"


def test_it_compares_in_nfc_so_composed_and_decomposed_accents_match() -> None:
    question = short_text(answers=[("exact", "caf\u00e9", 100.0)])
    assert score_one(question, "cafe\u0301").status == "correct"


def test_it_fullmatches_a_regex_ignoring_case() -> None:
    question = short_text(answers=[("regex", r"colou?r", 100.0)])
    assert score_one(question, "Colour").status == "correct"
    assert score_one(question, "colours").status == "incorrect"  # fullmatch, not search


def test_it_respects_case_in_a_regex_when_case_sensitive() -> None:
    question = short_text(answers=[("regex", r"[A-Z]+", 100.0)], case_sensitive=True)
    assert score_one(question, "ABC").status == "correct"
    assert score_one(question, "abc").status == "incorrect"


def test_it_applies_the_whitespace_rule_before_the_regex() -> None:
    question = short_text(answers=[("regex", r"list\(range\(\d+\)\)", 100.0)], whitespace="ignore")
    assert score_one(question, "list( range( 10 ) )").status == "correct"


def test_it_gives_the_best_weight_of_all_matching_answers() -> None:
    question = short_text(points=2.0, answers=[
        ("regex", r"k?iev|kyiv", 50.0), ("exact", "Kyiv", 100.0), ("regex", r"\w+", 10.0),
    ])
    assert score_one(question, "kyiv") == (2.0, 2.0, "correct")
    assert score_one(question, "Kiev") == (1.0, 2.0, "partial")
    assert score_one(question, "Lviv") == (0.2, 2.0, "partial")
    assert score_one(question, "Kyiv city") == (0.0, 2.0, "incorrect")


def test_it_grades_only_the_first_max_length_characters() -> None:
    question = short_text(answers=[("exact", "abc", 100.0)], max_length=3)
    assert score_one(question, "abcdef").status == "correct"


@pytest.mark.parametrize("answer", [42, ["Paris"], True, {"text": "Paris"}])
def test_it_scores_a_malformed_short_text_answer_as_incorrect(answer: object) -> None:
    assert score_one(short_text(), answer) == (0.0, 1.0, "incorrect")
