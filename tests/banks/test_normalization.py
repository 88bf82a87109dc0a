"""Every default filled in and every shorthand expanded, as in contracts.md §1."""

from __future__ import annotations

from typing import Any

import pytest

from app.banks.normalize import content_hash, question_count
from app.banks.validate import validate_file
from app.scoring import compile_test, draw
from tests.banks.helpers import FIXTURES, TRUE_FALSE, bank_with, normalized, question


@pytest.fixture(scope="module")
def every_type() -> dict[str, Any]:
    definition, problems = validate_file(FIXTURES / "every-type.yaml")
    assert problems == []
    assert definition is not None
    return definition


def _question(definition: dict[str, Any], question_id: str) -> dict[str, Any]:
    for section in definition["sections"]:
        for item in section["items"]:
            members = item["questions"] if item["kind"] == "pool" else [item["question"]]
            for member in members:
                if member["id"] == question_id:
                    return member  # type: ignore[no-any-return]
    raise LookupError(question_id)


def test_it_produces_the_whole_contract_shape_for_a_small_bank() -> None:
    assert normalized(bank_with(TRUE_FALSE)) == {
        "format": 1, "id": "sample-test", "name": "Sample test", "description": None,
        "language": "en", "time_limit_seconds": 1800, "pass_mark": 70.0, "active": True,
        "instructions": None,
        "sections": [{
            "id": "main", "title": "Main", "description": None, "weight": 1.0,
            "time_limit_seconds": None, "shuffle_questions": False,
            "items": [{"kind": "question", "question": {
                "id": "a-statement", "type": "true_false", "points": 1.0,
                "prompt": "Water is wet.", "explanation": None, "answer": True}}],
        }],
    }


def test_it_fills_test_and_section_settings(every_type: dict[str, Any]) -> None:
    assert every_type["time_limit_seconds"] == 5400
    assert every_type["pass_mark"] == 65.5
    assert every_type["active"] is False
    assert every_type["instructions"] == "Read each question **carefully**."
    choices = every_type["sections"][0]
    assert (choices["weight"], choices["time_limit_seconds"], choices["shuffle_questions"]) == (
        2.0, 600, True)


def test_it_expands_marked_option_strings_and_option_mappings(every_type: dict[str, Any]) -> None:
    single = _question(every_type, "len-of-list")
    assert single["options"] == [
        {"id": "a", "text": "2", "correct": False, "weight": 0.0, "feedback": None},
        {"id": "b", "text": "3", "correct": True, "weight": 100.0, "feedback": None},
        {"id": "c", "text": "`None`", "correct": False, "weight": -25.0,
         "feedback": "len always returns an int"},
        {"id": "close", "text": "4", "correct": False, "weight": 50.0, "feedback": None},
    ]
    assert (single["shuffle_options"], single["negative_marking"], single["points"]) == (
        False, True, 2.0)


def test_it_reads_an_upper_case_mark_and_defaults_shuffling_on(every_type: dict[str, Any]) -> None:
    multiple = _question(every_type, "falsy-values")
    assert [(o["text"], o["correct"], o["weight"]) for o in multiple["options"]] == [
        ("`0`", True, 100.0), ("`''`", True, 100.0), ("`[0]`", False, 0.0)]
    assert (multiple["scoring"], multiple["shuffle_options"], multiple["negative_marking"]) == (
        "partial", True, False)


def test_it_shares_100_among_correct_options_when_weighted_without_weights(
        every_type: dict[str, Any]) -> None:
    weights = [option["weight"] for option in _question(every_type, "weighted-default")["options"]]
    assert weights[3] == 0.0
    assert weights[0] == weights[1] == weights[2] == pytest.approx(100 / 3)


def test_it_keeps_explicit_weights(every_type: dict[str, Any]) -> None:
    weights = [option["weight"] for option in _question(every_type, "weighted-explicit")["options"]]
    assert weights == [60.0, 40.0, -100.0]


@pytest.mark.parametrize(("question_id", "answers"), [
    ("exact-number", [{"min": 3.0, "max": 3.0, "weight": 100.0}]),
    ("with-tolerance", [{"min": 1.4, "max": 1.42, "weight": 100.0}]),
    ("tolerance-key", [{"min": 3.13, "max": 3.15, "weight": 100.0}]),
    ("percent-tolerance", [{"min": 190.0, "max": 210.0, "weight": 100.0}]),
    ("a-range", [{"min": 1.0, "max": 2.0, "weight": 100.0}]),
    ("weighted-numbers", [{"min": 2.718, "max": 2.718, "weight": 100.0},
                          {"min": 2.71, "max": 2.73, "weight": 50.0},
                          {"min": 2.0, "max": 3.0, "weight": 10.0}]),
])
def test_it_turns_every_numeric_form_into_exact_decimal_ranges(
        every_type: dict[str, Any], question_id: str, answers: list[dict[str, float]]) -> None:
    assert _question(every_type, question_id)["answers"] == answers


def test_it_keeps_the_unit_of_a_numeric_question(every_type: dict[str, Any]) -> None:
    assert _question(every_type, "percent-tolerance")["unit"] == "ms"
    assert _question(every_type, "exact-number")["unit"] is None


def test_it_reads_plus_minus_in_its_other_spellings() -> None:
    for written in ("10 ± 1", "10 +/- 1", "10+-1"):
        numeric = question(f"id: a-number\ntype: numeric\nprompt: X?\nanswer: '{written}'\n")
        assert numeric["answers"] == [{"min": 9.0, "max": 11.0, "weight": 100.0}]


def test_it_expands_short_text_answers(every_type: dict[str, Any]) -> None:
    short = _question(every_type, "a-capital")
    assert short["answers"] == [
        {"match": "exact", "value": "Paris", "weight": 100.0},
        {"match": "exact", "value": "Lutetia", "weight": 50.0},
        {"match": "regex", "value": "^paris( city)?$", "weight": 100.0},
    ]
    assert (short["case_sensitive"], short["whitespace"], short["max_length"]) == (
        True, "ignore", 40)


def test_it_defaults_short_text_comparison_rules() -> None:
    short = question("id: a-capital\ntype: short_text\nprompt: X?\nanswers: [Paris]\n")
    assert (short["case_sensitive"], short["whitespace"], short["max_length"]) == (
        False, "normalize", 200)


def test_it_normalizes_essays(every_type: dict[str, Any]) -> None:
    essay = _question(every_type, "loop-essay")
    assert essay["rubric"] == [
        {"criterion": "Correct", "points": 3.0, "description": "No mistakes."},
        {"criterion": "Clear", "points": 2.0, "description": None},
    ]
    assert (essay["min_words"], essay["max_words"], essay["points"]) == (50, 300, 5.0)


def test_it_gives_an_essay_without_rubric_an_empty_one() -> None:
    essay = question("id: an-essay\ntype: essay\nprompt: Explain.\n")
    assert (essay["rubric"], essay["min_words"], essay["max_words"]) == ([], None, None)


def test_it_gives_ordering_items_ids_that_do_not_reveal_the_order(
        every_type: dict[str, Any]) -> None:
    ordering = _question(every_type, "loop-order")
    assert [item["text"] for item in ordering["items"]] == [
        "Initialise", "Test", "Run the body", "Advance"]
    ids = [item["id"] for item in ordering["items"]]
    assert len(set(ids)) == 4
    assert ids != sorted(ids)
    assert ordering["scoring"] == "all_or_nothing"


def test_it_keeps_ordering_item_ids_when_the_items_are_reordered() -> None:
    first = question("id: an-order\ntype: ordering\nprompt: X\nitems: [one, two, three]\n")
    second = question("id: an-order\ntype: ordering\nprompt: X\nitems: [three, one, two]\n")
    assert ({i["text"]: i["id"] for i in first["items"]}
            == {i["text"]: i["id"] for i in second["items"]})
    assert first["scoring"] == "partial"


def test_it_keeps_pools_as_items(every_type: dict[str, Any]) -> None:
    pool = every_type["sections"][1]["items"][-1]
    assert (pool["kind"], pool["id"], pool["pick"]) == ("pool", "loops", 1)
    assert [q["id"] for q in pool["questions"]] == ["loop-essay", "loop-order"]


def test_it_counts_the_questions_a_candidate_answers(every_type: dict[str, Any]) -> None:
    assert question_count(every_type) == 13  # 12 plain questions and 1 of a pool of 2


def test_it_hashes_equal_content_equally_and_any_change_differently() -> None:
    text = bank_with(TRUE_FALSE)
    assert content_hash(normalized(text)) == content_hash(normalized("# a comment\n" + text))
    assert content_hash(normalized(text)) != content_hash(normalized(text.replace("wet.", "wet!")))


def test_it_produces_definitions_the_scoring_engine_compiles_and_draws(
        every_type: dict[str, Any]) -> None:
    compiled = compile_test(every_type)
    assert len(compiled.questions) == 14  # every question, both of the pool
    layout = draw(every_type, seed=7)
    assert [entry["section"] for entry in layout] == ["choices", "typed"]
    assert sum(len(entry["questions"]) for entry in layout) == question_count(every_type)
