"""percentile_rank: where a score stands among the others."""

from __future__ import annotations

from app.scoring import percentile_rank
from app.scoring.statistics import correlation, median


def test_it_counts_the_scores_strictly_below() -> None:
    assert percentile_rank(50.0, [10.0, 20.0, 30.0, 60.0, 70.0]) == 60.0


def test_it_counts_half_of_the_ties() -> None:
    assert percentile_rank(50.0, [10.0, 50.0, 50.0, 90.0, 90.0]) == 40.0


def test_it_ranks_the_best_score_at_one_hundred() -> None:
    assert percentile_rank(100.0, [0.0] * 5) == 100.0


def test_it_says_nothing_with_too_few_others() -> None:
    assert percentile_rank(50.0, [10.0, 20.0, 30.0, 40.0]) is None
    assert percentile_rank(50.0, [10.0], minimum=1) == 100.0
    assert percentile_rank(50.0, [], minimum=0) is None


def test_it_accepts_any_iterable() -> None:
    assert percentile_rank(3.0, iter(range(6))) == 58.33  # 3 below, one tie: 3.5 / 6


def test_correlation_is_none_when_a_side_does_not_vary() -> None:
    assert correlation([1.0, 1.0, 1.0], [0.0, 0.5, 1.0]) is None
    assert correlation([0.0, 1.0], [0.5, 0.5]) is None
    assert correlation([1.0], [1.0]) is None


def test_correlation_of_opposites_is_minus_one() -> None:
    assert correlation([0.0, 1.0, 0.5], [1.0, 0.0, 0.5]) == -1.0


def test_median_of_an_even_count_is_the_mean_of_the_middle_two() -> None:
    assert median([4.0, 1.0, 3.0, 2.0]) == 2.5
    assert median([3.0]) == 3.0
    assert median([]) is None
