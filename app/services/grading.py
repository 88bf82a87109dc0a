"""A person grades an essay answer, point by point of its rubric; the attempt's score follows.

Grading writes the reviewer's points onto the candidate's response (the latest grade),
appends a ``Grade`` row (every grade and every change, with who and when), and rescores
the attempt through ``completion.rescore_after_grading``, which completes the attempt
once no essay awaits a person and then queues the completion notice and, for Greenhouse
invitations, the PATCH of the final result (all in the caller's transaction).

The points are given per rubric criterion (each 0..the criterion's points, in the steps
:func:`points_step` allows) and add up to the grade; a question without a rubric takes
one total.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from app.database import DbSession
from app.domain import FINISHED_STATES, is_answered
from app.models import Attempt, Grade, Response, User
from app.questions import type_of
from app.scoring.compiled import iter_questions
from app.services.completion import rescore_after_grading

MAX_NOTE_LENGTH = 5000
MAX_GRADER_NAME_LENGTH = 200
# The finest steps points are given in, coarsest first: a reviewer thinks in halves, and
# finer steps only where a criterion's points need them (a criterion worth 0.75).
STEPS = (0.5, 0.25, 0.1, 0.05, 0.01)


class GradingError(ValueError):
    """The grade cannot be recorded.

    ``field`` names the input at fault (``criterion-<n>`` for a rubric criterion counted
    from 0, ``points`` for a question's one total or the number of points given, ``note``,
    ``grader_name``, ``question`` or ``attempt``) so a form can show the message next to
    it; ``reason`` is a stable code a page translates; ``str(error)`` is an English
    sentence for the command line.
    """

    def __init__(self, field: str, reason: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.field = field
        self.reason = reason
        self.params = params


def criterion_field(index: int) -> str:
    """The input (and GradingError field) of the rubric criterion at ``index``."""
    return f"criterion-{index}"


def iter_layout_questions(definition: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """Every question of a normalized definition, pool questions included."""
    for section in definition["sections"]:
        yield from iter_questions(section)


def drawn_question_ids(attempt: Attempt) -> list[str]:
    """The ids of the questions this attempt drew, in the order the candidate saw them."""
    return [question.id for entry in attempt.drawn for question in entry.questions]


def find_question(attempt: Attempt, question_id: str) -> Mapping[str, Any] | None:
    """The definition of ``question_id`` if the attempt drew it, else None."""
    if question_id not in drawn_question_ids(attempt):
        return None
    for question in iter_layout_questions(attempt.test.definition):
        if question["id"] == question_id:
            return question
    return None


def answered(response: Response | None) -> bool:
    """Whether the candidate answered (app.domain.is_answered) in ``response``."""
    return response is not None and is_answered(response.answer)


def point_maxima(question: Mapping[str, Any]) -> list[float]:
    """What each given number may reach: one per rubric criterion (in rubric order), or
    the question's points alone when it has no rubric."""
    rubric = type_of(question).rubric(question)
    return [float(c["points"]) for c in rubric] if rubric else [float(question["points"])]


def points_step(maximum: float) -> float | None:
    """The step points up to ``maximum`` are given in (0.5 for a criterion worth 2, 0.25
    for one worth 0.75), or None when no step of :data:`STEPS` divides it."""
    for step in STEPS:
        if _multiple_of(maximum, step):
            return step
    return None


def _multiple_of(value: float, step: float) -> bool:
    return math.isclose(value / step, round(value / step), abs_tol=1e-6)


def grade_response(session: DbSession, attempt: Attempt, question_id: str,
                   points: float | Sequence[float], note: str | None, grader: User | str,
                   now: datetime) -> Grade:
    """Record a grade for the essay ``question_id`` of a finished ``attempt``, then rescore
    it (not committed here: the caller's one commit). Returns the new Grade row.

    ``points``: one number per rubric criterion, in rubric order (their sum is the grade);
    one number for a question without a rubric, or with a single criterion. ``grader``: a
    console member (recorded by id, shown by email) or a name typed on the command line.

    Regrading is allowed, on an attempt still awaiting review and on a completed one; each
    grade is a new Grade row and becomes the response's latest. On a completed attempt
    the new score replaces the final result, and ``rescore_after_grading`` queues the
    completion notice and the Greenhouse PATCH again, so Greenhouse receives the corrected
    score (its partner_status stays "complete"; only the score and pass/fail can change).

    Raises GradingError (nothing changed) when the attempt is not finished, the question
    is not an essay this attempt drew, the candidate left it unanswered, the number of
    points does not match the rubric, a number is not finite, outside 0..its maximum or
    off its step, or the note or name is too long or the name is missing.
    """
    if attempt.state not in FINISHED_STATES:
        raise GradingError("attempt", "not_finished",
                           f"The attempt is {attempt.state.replace('_', ' ')}; only a "
                           "finished attempt can be graded.")
    question = find_question(attempt, question_id)
    if question is None:
        raise GradingError("question", "not_in_layout",
                           f"The attempt has no question {question_id!r}.")
    if not type_of(question).manual_grading:
        raise GradingError("question", "not_essay",
                           f"The question {question_id!r} is scored automatically, "
                           "not by a person.")
    response = next((r for r in attempt.responses if r.question_id == question_id), None)
    if not answered(response):
        raise GradingError("question", "unanswered",
                           f"The candidate did not answer {question_id!r}; it scores 0 "
                           "and there is nothing to grade.")
    has_rubric = bool(type_of(question).rubric(question))
    given = check_points(points, point_maxima(question), has_rubric=has_rubric)
    note = _checked_note(note)
    grader_id, grader_name = _checked_grader(grader)

    assert response is not None  # answered() is false for a missing response
    # Two reviewers saving at once must not each rescore without the other's grade: hold
    # the attempt's row (PostgreSQL; SQLite serializes writers anyway) and rescore from
    # responses read after the lock.
    session.refresh(attempt, with_for_update=True)
    session.expire(attempt, ["responses"])
    response = next(r for r in attempt.responses if r.question_id == question_id)
    if attempt.state not in FINISHED_STATES:  # changed while we waited for the lock
        raise GradingError("attempt", "not_finished", "The attempt changed; try again.")
    total = min(round(math.fsum(given), 6), float(question["points"]))
    criterion_points = given if has_rubric else None
    grade = Grade(points=total, criterion_points=criterion_points, note=note,
                  grader_id=grader_id, grader_name=grader_name, graded_at=now)
    response.grades.append(grade)
    response.manual_points = total
    response.criterion_points = criterion_points
    response.grader_note = note
    response.grader_id = grader_id
    response.grader_name = grader_name
    response.graded_at = now
    rescore_after_grading(session, attempt, now=now)
    return grade


def check_points(points: float | Sequence[float], maxima: Sequence[float], *,
                 has_rubric: bool) -> list[float]:
    """The numbers given, checked against ``maxima`` (see :func:`point_maxima`).

    Raises GradingError naming the first number at fault (``criterion-<n>``, or
    ``points`` for a question's one total or a count that does not match the rubric).
    """
    given = [points] if isinstance(points, (int, float)) else list(points)
    if len(given) != len(maxima):
        raise GradingError("points", "criteria_count",
                           f"Give {len(maxima)} number(s), one per rubric criterion in "
                           f"order, not {len(given)}.", count=len(maxima))
    checked = []
    for index, (value, maximum) in enumerate(zip(given, maxima, strict=True)):
        field = criterion_field(index) if has_rubric else "points"
        checked.append(_checked_number(value, maximum, field))
    return checked


def _checked_number(value: object, maximum: float, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise GradingError(field, "not_a_number", "The points must be a number.",
                           maximum=maximum)
    if not 0.0 <= value <= maximum:
        raise GradingError(field, "out_of_range",
                           f"The points must be between 0 and {maximum:g}, not {value:g}.",
                           maximum=maximum)
    step = points_step(maximum)
    if step is not None and not _multiple_of(value, step):
        raise GradingError(field, "off_step",
                           f"Give the points in steps of {step:g}, not {value:g}.",
                           step=step)
    return float(value)


def _checked_note(note: str | None) -> str | None:
    note = (note or "").strip() or None
    if note is not None and len(note) > MAX_NOTE_LENGTH:
        raise GradingError("note", "note_too_long",
                           f"The note is longer than {MAX_NOTE_LENGTH} characters.",
                           limit=MAX_NOTE_LENGTH)
    return note


def _checked_grader(grader: User | str) -> tuple[int | None, str]:
    """The grader's id (a member's) and the name shown with the grade (their email)."""
    if isinstance(grader, User):
        return grader.id, grader.email[:MAX_GRADER_NAME_LENGTH]
    name = (grader or "").strip()
    if not name:
        raise GradingError("grader_name", "grader_missing", "Say who is grading.")
    if len(name) > MAX_GRADER_NAME_LENGTH:
        raise GradingError("grader_name", "grader_too_long",
                           f"The name is longer than {MAX_GRADER_NAME_LENGTH} characters.",
                           limit=MAX_GRADER_NAME_LENGTH)
    return None, name
