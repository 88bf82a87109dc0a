"""ordering (exact or Kendall partial) and essay (a person's points, pending until then)."""

from __future__ import annotations

import pytest

from app.scoring import draw, score_attempt
from tests.scoring.builders import essay, only, ordering, score_one, true_false


def test_it_gives_full_points_for_the_exact_order() -> None:
    assert score_one(ordering(ids="abcd", points=2.0), list("abcd")) == (2.0, 2.0, "correct")


def test_it_gives_nothing_for_a_near_miss_when_all_or_nothing() -> None:
    question = ordering(ids="abcd", scoring="all_or_nothing")
    assert score_one(question, list("abdc")) == (0.0, 1.0, "incorrect")


def test_it_gives_the_fraction_of_pairs_in_the_right_relative_order() -> None:
    question = ordering(ids="abcd", points=6.0)  # 6 pairs, so one point per pair
    assert score_one(question, list("abdc")) == (5.0, 6.0, "partial")  # one swapped pair
    assert score_one(question, list("bdac")) == (3.0, 6.0, "partial")  # ba, da, dc swapped
    assert score_one(question, list("dcba")) == (0.0, 6.0, "incorrect")


def test_it_gives_a_third_for_one_pair_of_three_right() -> None:
    # c a b: pairs (c,a) wrong, (c,b) wrong, (a,b) right
    assert score_one(ordering(ids="abc"), list("cab")).points == 0.3333


@pytest.mark.parametrize("answer", [
    list("abc"), list("abcde"), list("abca"), list("abcz"), "abcd", [["a"], "b", "c", "d"], 7,
])
@pytest.mark.parametrize("scoring", ["partial", "all_or_nothing"])
def test_it_scores_anything_but_a_permutation_as_incorrect(answer: object, scoring: str) -> None:
    assert score_one(ordering(ids="abcd", scoring=scoring), answer) == (0.0, 1.0, "incorrect")


def test_it_leaves_an_answered_essay_pending_until_graded() -> None:
    test = only(essay("e", points=5.0), true_false("t"))
    result = score_attempt(test, draw(test, 1), {"e": "My essay.", "t": True})
    assert result.questions["e"] == (0.0, 5.0, "pending")
    assert result.awaiting_review is True
    assert result.percent == 16.67  # 1 of 6 points, provisionally


def test_it_uses_the_reviewers_points_once_given() -> None:
    test = only(essay("e", points=5.0), true_false("t"))
    result = score_attempt(test, draw(test, 1), {"e": "My essay.", "t": True}, {"e": 3.5})
    assert result.questions["e"] == (3.5, 5.0, "partial")
    assert result.awaiting_review is False
    assert result.points == 4.5
    assert result.percent == 75.0


@pytest.mark.parametrize(("given", "points", "status"), [
    (9.0, 5.0, "correct"), (5, 5.0, "correct"), (-2.0, 0.0, "incorrect"), (0.0, 0.0, "incorrect"),
])
def test_it_clamps_the_reviewers_points_to_the_question(given: float, points: float,
                                                        status: str) -> None:
    assert score_one(essay(points=5.0), "text", manual_points=given) == (points, 5.0, status)


def test_it_needs_no_review_for_an_unanswered_essay() -> None:
    test = only(essay("e"), true_false("t"))
    result = score_attempt(test, draw(test, 1), {"e": "   ", "t": True})
    assert result.questions["e"].status == "unanswered"
    assert result.awaiting_review is False


def test_it_takes_a_grade_of_none_as_not_graded_yet() -> None:
    test = only(essay("e"))
    assert score_attempt(test, draw(test, 1), {"e": "x"}, {"e": None}).awaiting_review


@pytest.mark.parametrize("grade", [float("nan"), float("inf"), "4", True])
def test_it_refuses_a_reviewers_grade_that_is_not_a_number(grade: object) -> None:
    test = only(essay("e"))
    with pytest.raises(ValueError, match="manual points"):
        score_attempt(test, draw(test, 1), {"e": "x"}, {"e": grade})  # type: ignore[dict-item]


def test_it_ignores_manual_points_for_auto_graded_questions() -> None:
    test = only(true_false("t"))
    result = score_attempt(test, draw(test, 1), {"t": False}, {"t": 1.0})
    assert result.questions["t"].points == 0.0
