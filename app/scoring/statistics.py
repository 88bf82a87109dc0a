"""Statistics over finished results, for the results pages. Pure functions."""

from __future__ import annotations

from collections.abc import Iterable

from app.domain import percentile

MIN_OTHERS = 5  # fewer other results than this make a rank that says more than it knows


def percentile_rank(score: float, others: Iterable[float], *,
                    minimum: int = MIN_OTHERS) -> float | None:
    """Where ``score`` stands among ``others``, as a percent rounded to 2 decimals.

    The percent of the other scores strictly below ``score``, plus half the percent of
    those equal to it (so a score in the middle of a tie ranks in the middle). ``others``
    should not contain the scored attempt itself. None when there are fewer than
    ``minimum`` other scores.
    """
    below = equal = count = 0
    for other in others:
        count += 1
        if other < score:
            below += 1
        elif other == score:
            equal += 1
    return percentile(below, equal, count, minimum_others=minimum)
