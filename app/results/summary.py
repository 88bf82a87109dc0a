"""The facts at the top of the results page, each worked out once and tested alone:
the time used of the time allowed, the integrity signals in one line, how section
weights turned points into the score, and the overall line of a battery.

Pure functions of figures the report already holds; the words are the template's. The
time used of time allowed is app.services.clock.time_used: the team's emails cap it too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from app.domain import AttemptState

# At this many signals or more the one-line summary says "many": a few focus losses are
# ordinary (a notification, a second screen), a dozen is worth asking about.
MANY_SIGNALS = 5


SignalKind = Literal["focus_lost", "paste", "copy", "ip_changed", "user_agent_changed",
                     "device_switched", "connection_gap"]
SignalLevel = Literal["none", "some", "many"]


@dataclass(frozen=True)
class SignalLine:
    level: SignalLevel
    total: int
    counts: tuple[tuple[SignalKind, int], ...]  # the kinds seen, most frequent first


def signal_line(*, focus_lost: int, pastes: int, copies: int, ip_changes: int,
                browser_changes: int, device_switches: int, connection_gaps: int) -> SignalLine:
    """None, some or many integrity signals, with the counts behind the word."""
    counts: list[tuple[SignalKind, int]] = [
        ("focus_lost", focus_lost), ("paste", pastes), ("copy", copies),
        ("ip_changed", ip_changes), ("user_agent_changed", browser_changes),
        ("device_switched", device_switches), ("connection_gap", connection_gaps)]
    seen = tuple(sorted(((kind, n) for kind, n in counts if n), key=lambda kc: -kc[1]))
    total = sum(n for _, n in seen)
    level: SignalLevel = "none" if total == 0 else "many" if total >= MANY_SIGNALS else "some"
    return SignalLine(level, total, seen)


@dataclass(frozen=True)
class WeightedSection:
    title: str
    percent: float
    weight: float


@dataclass(frozen=True)
class Weighting:
    """How the score came from the sections when it is not simply points over points."""

    sections: tuple[WeightedSection, ...]  # the sections that count (something to earn)
    weight_total: float
    score_percent: float
    raw_points: float
    raw_max_points: float
    raw_percent: float


def weighting(score_percent: float | None, points: float | None, max_points: float | None,
              sections: Sequence[tuple[str, float, float, float]]) -> Weighting | None:
    """The weighted average behind ``score_percent`` (app.scoring.score: each section's
    percent times its weight, over the weights of sections with something to earn), or
    None when it equals the raw points percent to the hundredth, so the page explains
    only when a reader would otherwise wonder. ``sections`` are (title, percent,
    weight, max_points)."""
    if score_percent is None or points is None or not max_points:
        return None
    raw = round(points / max_points * 100.0, 2)
    if abs(raw - score_percent) < 0.005:
        return None
    counted = tuple(WeightedSection(title, percent, weight)
                    for title, percent, weight, possible in sections if possible > 0)
    return Weighting(counted, sum(s.weight for s in counted), score_percent, points,
                     max_points, raw)


@dataclass(frozen=True)
class Overall:
    """A battery's line: how many tests, finished, passed and failed, and the average."""

    tests: int
    finished: int
    passed: int
    failed: int
    awaiting_review: int
    average_percent: float | None  # of the finished tests' scores


def overall(attempts: Sequence[tuple[AttemptState, bool | None, float | None]]) -> Overall:
    """From each test's (state, passed, score percent)."""
    finished = [a for a in attempts if a[0].finished]
    scores = [score for _, _, score in finished if score is not None]
    return Overall(
        tests=len(attempts), finished=len(finished),
        passed=sum(1 for _, passed, _ in attempts if passed is True),
        failed=sum(1 for _, passed, _ in attempts if passed is False),
        awaiting_review=sum(1 for state, _, _ in attempts
                            if state == AttemptState.AWAITING_REVIEW),
        average_percent=round(sum(scores) / len(scores), 2) if scores else None)
