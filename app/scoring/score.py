"""Score one attempt: the drawn layout and the candidate's answers, to the result of §4."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from app.domain import is_answered
from app.scoring.compiled import CompiledTest, compile_test

CORRECT = "correct"
PARTIAL = "partial"
INCORRECT = "incorrect"
UNANSWERED = "unanswered"
PENDING = "pending"  # an essay awaiting a person

POINTS_DECIMALS = 4
PERCENT_DECIMALS = 2


class QuestionScore(NamedTuple):
    """One drawn question's points (rounded to 4 decimals), its maximum and its status."""

    points: float
    max_points: float
    status: str


@dataclass(frozen=True, slots=True)
class SectionScore:
    id: str
    title: str
    weight: float
    points: float
    max_points: float
    percent: float  # 0..100; 0 for a section with nothing to earn


@dataclass(frozen=True, slots=True)
class ScoreResult:
    """An attempt's score; ``questions`` keeps the layout's order of drawn questions."""

    percent: float
    passed: bool
    pass_mark: float
    awaiting_review: bool
    points: float
    max_points: float
    sections: tuple[SectionScore, ...]
    questions: Mapping[str, QuestionScore]

    def to_dict(self) -> dict[str, Any]:
        """The JSON stored as ``Attempt.result`` (contracts.md §4)."""
        return {
            "percent": self.percent,
            "passed": self.passed,
            "pass_mark": self.pass_mark,
            "awaiting_review": self.awaiting_review,
            "points": self.points,
            "max_points": self.max_points,
            "sections": [
                {"id": s.id, "title": s.title, "weight": s.weight, "points": s.points,
                 "max_points": s.max_points, "percent": s.percent}
                for s in self.sections
            ],
            "questions": {
                question_id: {"points": q.points, "max_points": q.max_points, "status": q.status}
                for question_id, q in self.questions.items()
            },
        }


def score_attempt(
    definition: Mapping[str, Any],
    layout: Sequence[Mapping[str, Any]],
    answers: Mapping[str, object],
    manual_points: Mapping[str, float | None] | None = None,
    *,
    compiled: CompiledTest | None = None,
) -> ScoreResult:
    """Score the questions drawn in ``layout`` against ``answers`` (question id -> §2 answer).

    Only drawn questions count. Each question is:
    - unanswered (app.domain.is_answered): no answer, None, "", [], {} or text of only
      white space: 0 points;
    - pending: an answered essay without ``manual_points`` (or with None): 0 points for now;
    - else graded (essays: their manual points clamped to 0..points) and correct (full
      points), partial (between 0 and full) or incorrect (0 or less).
    A section's points are the sum over its drawn questions (negative marking may make
    it negative); its percent is points / max_points × 100 clamped to 0..100, or 0 when
    the section has nothing to earn, and such a section is left out of the total. The
    total percent is the weight-averaged section percent, rounded to 2 decimals (0 when
    no section counts); ``passed`` is that rounded percent >= ``pass_mark``. With an
    essay pending, ``awaiting_review`` is true and ``percent``/``passed`` are
    provisional. Points are rounded to 4 decimals.

    ``compiled`` is ``compile_test(definition)``, passed when the caller holds it; else it
    is looked up or built here. Raises ValueError when the layout names a question the
    definition does not have, or a manual grade is not a finite number, and whatever
    ``compile_test`` raises; a malformed *answer* never raises, it scores 0.
    """
    test = compiled if compiled is not None else compile_test(definition)
    table = test.table
    get_answer = answers.get
    grades = manual_points or {}
    new_score = tuple.__new__  # QuestionScore without NamedTuple's Python-level __new__
    scored: dict[str, QuestionScore] = {}
    sections: list[SectionScore] = []
    pending = False
    weighted_sum = weight_total = total_points = total_max = 0.0

    for entry in layout:
        meta = test.sections.get(entry["section"])
        if meta is None:
            raise ValueError(f"layout section {entry['section']!r} is not in test {test.id!r}")
        earned = possible = 0.0
        for drawn in entry["questions"]:
            question_id = drawn["id"]
            try:
                maximum, credit = table[question_id]
            except KeyError:
                raise ValueError(
                    f"layout question {question_id!r} is not in test {test.id!r}") from None
            possible += maximum
            answer = get_answer(question_id)
            if not is_answered(answer):
                scored[question_id] = new_score(QuestionScore, (0.0, maximum, UNANSWERED))
                continue
            if credit is None:  # graded by a person
                grade = grades.get(question_id)
                if grade is None:
                    pending = True
                    scored[question_id] = new_score(QuestionScore, (0.0, maximum, PENDING))
                    continue
                points = _manual(question_id, grade, maximum)
                fraction = points / maximum if maximum else 1.0
            else:
                fraction = credit(answer)
                points = fraction * maximum
            earned += points
            if fraction >= 1.0:
                result = (maximum, maximum, CORRECT)
            elif fraction == 0.0:
                result = (0.0, maximum, INCORRECT)
            else:
                result = (round(points, POINTS_DECIMALS), maximum,
                          PARTIAL if fraction > 0.0 else INCORRECT)
            scored[question_id] = new_score(QuestionScore, result)

        if possible > 0.0:
            percent = min(max(earned / possible * 100.0, 0.0), 100.0)
            weighted_sum += meta.weight * percent
            weight_total += meta.weight
        else:
            percent = 0.0
        total_points += earned
        total_max += possible
        sections.append(SectionScore(
            meta.id, meta.title, meta.weight, round(earned, POINTS_DECIMALS),
            round(possible, POINTS_DECIMALS), round(percent, PERCENT_DECIMALS),
        ))

    percent = round(weighted_sum / weight_total, PERCENT_DECIMALS) if weight_total > 0 else 0.0
    return ScoreResult(
        percent=percent,
        passed=percent >= test.pass_mark,
        pass_mark=test.pass_mark,
        awaiting_review=pending,
        points=round(total_points, POINTS_DECIMALS),
        max_points=round(total_max, POINTS_DECIMALS),
        sections=tuple(sections),
        questions=scored,
    )


def _manual(question_id: str, grade: object, maximum: float) -> float:
    """A reviewer's grade clamped to 0..maximum; raises ValueError if it is not a number."""
    if isinstance(grade, bool) or not isinstance(grade, (int, float)) or not math.isfinite(grade):
        raise ValueError(
            f"manual points for {question_id!r} must be a finite number, not {grade!r}")
    return min(max(float(grade), 0.0), maximum)
