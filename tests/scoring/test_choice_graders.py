"""single_choice, multiple_choice and true_false: exact points for every rule."""

from __future__ import annotations

import pytest

from app.questions import QUESTION_TYPES
from tests.scoring.builders import multiple_choice, score_one, single_choice, true_false


def test_the_registry_has_every_question_type() -> None:
    assert set(QUESTION_TYPES) == {"single_choice", "multiple_choice", "true_false", "numeric",
                                   "short_text", "essay", "ordering", "cloze",
                                   "matching"}
    assert all(question_type.name == kind for kind, question_type in QUESTION_TYPES.items())


# single_choice

def test_it_gives_full_points_for_the_correct_option() -> None:
    assert score_one(single_choice(correct="b", points=2.0), "b") == (2.0, 2.0, "correct")


def test_it_gives_nothing_for_a_wrong_option() -> None:
    assert score_one(single_choice(correct="b", points=2.0), "a") == (0.0, 2.0, "incorrect")


def test_it_gives_gift_partial_credit_for_a_half_right_option() -> None:
    question = single_choice(correct="a", weights={"c": 50.0}, points=3.0)
    assert score_one(question, "c") == (1.5, 3.0, "partial")


def test_it_ignores_a_negative_weight_without_negative_marking() -> None:
    question = single_choice(correct="a", weights={"b": -50.0}, points=2.0)
    assert score_one(question, "b") == (0.0, 2.0, "incorrect")


def test_it_subtracts_a_negative_weight_with_negative_marking() -> None:
    question = single_choice(correct="a", weights={"b": -25.0}, negative_marking=True, points=2.0)
    assert score_one(question, "b") == (-0.5, 2.0, "incorrect")


def test_it_floors_a_penalty_at_minus_the_points() -> None:
    question = single_choice(correct="a", weights={"b": -300.0}, negative_marking=True, points=2.0)
    assert score_one(question, "b").points == -2.0


@pytest.mark.parametrize("answer", ["z", ["a"], 1, True, {"id": "a"}, "A"])
def test_it_scores_a_malformed_single_choice_answer_as_incorrect(answer: object) -> None:
    assert score_one(single_choice(correct="a"), answer) == (0.0, 1.0, "incorrect")


# multiple_choice, all_or_nothing

def test_it_gives_full_points_for_exactly_the_correct_set_in_any_order() -> None:
    question = multiple_choice(correct="ac", points=2.0)
    assert score_one(question, ["c", "a"]) == (2.0, 2.0, "correct")


@pytest.mark.parametrize("answer", [["a"], ["a", "c", "d"], ["b", "d"]])
def test_it_gives_nothing_for_any_other_set_when_all_or_nothing(answer: list[str]) -> None:
    assert score_one(multiple_choice(correct="ac"), answer).points == 0.0


# multiple_choice, partial (R/exams "false": +1/C per correct chosen, -1/W per wrong chosen)

def test_it_gives_one_over_c_per_correct_option_chosen() -> None:
    question = multiple_choice(correct="abc", ids="abcde", scoring="partial", points=3.0)
    assert score_one(question, ["a", "b"]) == (2.0, 3.0, "partial")


def test_it_takes_one_over_w_per_wrong_option_chosen() -> None:
    # C = 2, W = 4: 2/2 - 1/4 = 0.75
    question = multiple_choice(correct="ab", ids="abcdef", scoring="partial", points=4.0)
    assert score_one(question, ["a", "b", "c"]) == (3.0, 4.0, "partial")


def test_it_gives_exactly_full_points_when_seven_of_seven_are_chosen() -> None:
    question = multiple_choice(correct="abcdefg", ids="abcdefgh", scoring="partial")
    assert score_one(question, list("abcdefg")) == (1.0, 1.0, "correct")


def test_it_floors_partial_at_zero_without_negative_marking() -> None:
    question = multiple_choice(correct="ab", ids="abcd", scoring="partial", points=2.0)
    assert score_one(question, ["c", "d"]) == (0.0, 2.0, "incorrect")


def test_it_lets_partial_go_negative_with_negative_marking() -> None:
    # C = 2, W = 2: 1/2 - 2/2 = -0.5
    question = multiple_choice(correct="ab", ids="abcd", scoring="partial", negative_marking=True,
                               points=2.0)
    assert score_one(question, ["a", "c", "d"]) == (-1.0, 2.0, "incorrect")
    assert score_one(question, ["c", "d"]).points == -2.0


# multiple_choice, weighted (GIFT)

def test_it_adds_the_weights_of_the_chosen_options() -> None:
    question = multiple_choice(correct="abc", scoring="weighted", points=2.0,
                               weights={"a": 50.0, "b": 30.0, "c": 20.0, "d": -40.0})
    assert score_one(question, ["a", "b"]) == (1.6, 2.0, "partial")
    assert score_one(question, ["a", "b", "d"]) == (0.8, 2.0, "partial")


def test_it_caps_weighted_credit_at_one_hundred_percent() -> None:
    question = multiple_choice(correct="abc", scoring="weighted",
                               weights={"a": 60.0, "b": 60.0, "c": 60.0, "d": 0.0})
    assert score_one(question, ["a", "b", "c"]) == (1.0, 1.0, "correct")


def test_it_counts_thirds_written_as_decimals_as_full_credit() -> None:
    question = multiple_choice(correct="abc", scoring="weighted",
                               weights={"a": 33.33, "b": 33.33, "c": 33.34, "d": -100.0})
    assert score_one(question, ["a", "b", "c"]).status == "correct"


def test_it_floors_weighted_at_zero_without_negative_marking() -> None:
    question = multiple_choice(correct="ab", scoring="weighted")  # c, d weigh -50 each
    assert score_one(question, ["c"]) == (0.0, 1.0, "incorrect")


def test_it_floors_weighted_at_minus_one_hundred_with_negative_marking() -> None:
    question = multiple_choice(correct="ab", scoring="weighted", negative_marking=True, points=2.0,
                               weights={"a": 50.0, "b": 50.0, "c": -80.0, "d": -80.0})
    assert score_one(question, ["c"]).points == -1.6
    assert score_one(question, ["c", "d"]).points == -2.0


@pytest.mark.parametrize("scoring", ["all_or_nothing", "partial", "weighted"])
@pytest.mark.parametrize("answer", [["a", "a"], ["a", "z"], "a", ["a", ["b"]], [1, 2], {"a": 1}])
def test_it_scores_a_malformed_multiple_choice_answer_as_incorrect(scoring: str,
                                                                   answer: object) -> None:
    question = multiple_choice(correct="a", scoring=scoring)
    assert score_one(question, answer) == (0.0, 1.0, "incorrect")


# true_false

@pytest.mark.parametrize(("expected", "answer", "points"), [
    (True, True, 1.0), (True, False, 0.0), (False, False, 1.0), (False, True, 0.0),
])
def test_it_gives_full_points_iff_the_boolean_matches(expected: bool, answer: bool,
                                                      points: float) -> None:
    assert score_one(true_false(answer=expected), answer).points == points


@pytest.mark.parametrize("answer", [1, 0, "true", "True", [True]])
def test_it_does_not_take_lookalikes_for_booleans(answer: object) -> None:
    assert score_one(true_false(answer=True), answer) == (0.0, 1.0, "incorrect")
