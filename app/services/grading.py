"""A person grades an essay answer; the attempt's score follows.

Grading writes the reviewer's points onto the candidate's response and rescores the
attempt through ``completion.rescore_after_grading``, which completes the attempt once no
essay awaits a person and then queues the completion notice and, for Greenhouse
invitations, the PATCH of the final result (all in the caller's transaction).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from app.database import DbSession
from app.domain import FINISHED_STATES, is_answered
from app.models import Attempt, Response
from app.questions import type_of
from app.scoring.compiled import iter_questions
from app.services.completion import rescore_after_grading

MAX_NOTE_LENGTH = 5000
MAX_GRADER_NAME_LENGTH = 200


class GradingError(ValueError):
    """The grade cannot be recorded.

    ``field`` names the input at fault (``points``, ``note``, ``grader_name``, ``question``
    or ``attempt``) so a form can show the message next to it; ``reason`` is a stable code
    a page translates; ``str(error)`` is an English sentence for the command line.
    """

    def __init__(self, field: str, reason: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.field = field
        self.reason = reason
        self.params = params


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


def grade_response(session: DbSession, attempt: Attempt, question_id: str, points: float,
                   note: str | None, grader_name: str, now: datetime) -> None:
    """Record ``points`` (0..the question's points) for the essay ``question_id`` of a
    finished ``attempt``, then rescore it (not committed here: the caller's one commit).

    Regrading is allowed, on an attempt still awaiting review and on a completed one. On
    a completed attempt the new score replaces the final result, and
    ``rescore_after_grading`` queues the completion notice and the Greenhouse PATCH
    again, so Greenhouse receives the corrected score (its partner_status stays
    "complete"; only the score and pass/fail can change).

    Raises GradingError (nothing changed) when the attempt is not finished, the question
    is not an essay this attempt drew, the candidate left it unanswered, the points are
    not a number within 0..max, or the note or name is too long or the name is missing.
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
    maximum = float(question["points"])
    _check_points(points, maximum)
    note = (note or "").strip() or None
    if note is not None and len(note) > MAX_NOTE_LENGTH:
        raise GradingError("note", "note_too_long",
                           f"The note is longer than {MAX_NOTE_LENGTH} characters.",
                           limit=MAX_NOTE_LENGTH)
    grader_name = (grader_name or "").strip()
    if not grader_name:
        raise GradingError("grader_name", "grader_missing", "Say who is grading.")
    if len(grader_name) > MAX_GRADER_NAME_LENGTH:
        raise GradingError("grader_name", "grader_too_long",
                           f"The name is longer than {MAX_GRADER_NAME_LENGTH} characters.",
                           limit=MAX_GRADER_NAME_LENGTH)

    assert response is not None  # answered() is false for a missing response
    # Two reviewers saving at once must not each rescore without the other's grade: hold
    # the attempt's row (PostgreSQL; SQLite serializes writers anyway) and rescore from
    # responses read after the lock.
    session.refresh(attempt, with_for_update=True)
    session.expire(attempt, ["responses"])
    response = next(r for r in attempt.responses if r.question_id == question_id)
    if attempt.state not in FINISHED_STATES:  # changed while we waited for the lock
        raise GradingError("attempt", "not_finished", "The attempt changed; try again.")
    response.manual_points = float(points)
    response.grader_note = note
    response.grader_name = grader_name
    response.graded_at = now
    rescore_after_grading(session, attempt, now=now)


def _check_points(points: object, maximum: float) -> None:
    if (isinstance(points, bool) or not isinstance(points, (int, float))
            or not math.isfinite(points)):
        raise GradingError("points", "not_a_number", "The points must be a number.",
                           maximum=maximum)
    if not 0.0 <= points <= maximum:
        raise GradingError("points", "out_of_range",
                           f"The points must be between 0 and {maximum:g}, not {points:g}.",
                           maximum=maximum)
