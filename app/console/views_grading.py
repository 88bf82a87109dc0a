"""Grading (admins and reviewers): the queue of answers waiting for a person, and the page
that grades one answer, point by point of its rubric.

Blind by default: neither page names the candidate while their attempt awaits grades. A
reviewer reaches only the invitations assigned to them; an answer outside a member's
scope (another organization's, another reviewer's) is a 404 like one that does not exist.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_decimal
from flask_babel import gettext as _

from app.console import bp
from app.console.access import current_member, member_required
from app.console.grading_form import GradeForm, grade_form
from app.extensions import db
from app.models import Role, utcnow
from app.services.grading import GradingError, grade_response
from app.services.grading_queue import (
    AnswerToGrade,
    answer_to_grade,
    recent_grades,
    waiting_answers,
)

GRADERS = (Role.ADMIN, Role.REVIEWER)


def points_text(value: float | None) -> str:
    """2.5 -> "2.5" (or "2,5"), 3.0 -> "3"; None -> "—"."""
    return "—" if value is None else format_decimal(round(value, 2), format="#,##0.##")


@bp.app_template_filter("grade_points")
def points_filter(value: float | None) -> str:
    return points_text(value)


@bp.get("/grading")
@member_required(*GRADERS)
def grading_queue() -> str:
    member = current_member()
    return render_template("console/grading_queue.html", me=member,
                           waiting=waiting_answers(db.session, member),
                           recent=recent_grades(db.session, member))


def _answer(attempt_id: str, question_id: str) -> AnswerToGrade:
    answer = answer_to_grade(db.session, current_member(), attempt_id, question_id)
    if answer is None:
        abort(404)
    return answer


def _render(answer: AnswerToGrade, form: GradeForm) -> str:
    return render_template("console/grade.html", answer=answer, form=form,
                           invitation=answer.attempt.invitation)


@bp.get("/grading/<id:attempt_id>/<id:question_id>")
@member_required(*GRADERS)
def grade_answer(attempt_id: str, question_id: str) -> str:
    answer = _answer(attempt_id, question_id)
    return _render(answer, grade_form(answer, prefill=True))


@bp.post("/grading/<id:attempt_id>/<id:question_id>")
@member_required(*GRADERS)
def save_grade(attempt_id: str, question_id: str) -> ResponseReturnValue:
    answer = _answer(attempt_id, question_id)
    form = grade_form(answer, prefill=False)
    if form.validate_on_submit():
        try:
            grade_response(db.session, answer.attempt, question_id, form.given_points,
                           form.note.data, current_member(), utcnow())
        except GradingError as error:
            db.session.rollback()
            form.add_service_error(error)
        else:
            db.session.commit()
            return _to_the_next(answer)
    return _render(answer, form), 422


def _to_the_next(graded: AnswerToGrade) -> ResponseReturnValue:
    """After a grade: the oldest answer still waiting for this member, else the queue."""
    saved = _("Grade saved for question %(number)s of candidate #%(code)s.",
              number=graded.number, code=graded.candidate_code)
    waiting = waiting_answers(db.session, current_member())
    if not waiting:
        flash(saved + " " + _("No answer is waiting for a grade."), "success")
        return redirect(url_for("console.grading_queue"))
    flash(saved + " " + _("Here is the next answer in the queue."), "success")
    following = waiting[0]
    return redirect(url_for("console.grade_answer", attempt_id=following.attempt_id,
                            question_id=following.question_id))
