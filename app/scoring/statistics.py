"""Statistics over finished results, for the results pages and item statistics. Pure
functions."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

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


def correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's correlation of paired values, within -1..1 and rounded to 4 decimals.

    With a 0/1 ``xs`` (right or wrong) this is the point-biserial correlation. None with
    fewer than two pairs or when either side does not vary: the correlation is undefined
    then, and None says so where a NaN would spread. Sums are ``math.fsum`` (correctly
    rounded), so the order of the pairs never changes the result.
    """
    if len(xs) != len(ys):
        raise ValueError("correlation needs as many xs as ys")
    count = len(xs)
    if count < 2 or min(xs) == max(xs) or min(ys) == max(ys):
        return None
    mean_x, mean_y = math.fsum(xs) / count, math.fsum(ys) / count
    dx = [x - mean_x for x in xs]
    dy = [y - mean_y for y in ys]
    sxx = math.fsum(d * d for d in dx)
    syy = math.fsum(d * d for d in dy)
    if sxx <= 0.0 or syy <= 0.0:
        return None
    r = math.fsum(a * b for a, b in zip(dx, dy, strict=True)) / math.sqrt(sxx * syy)
    return round(min(max(r, -1.0), 1.0), 4)


def median(values: Sequence[float]) -> float | None:
    """The middle value (the mean of the two middle ones for an even count); None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2
