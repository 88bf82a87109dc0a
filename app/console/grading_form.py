"""The grading form (Flask-WTF): one points input per rubric criterion (or one total for a
question without a rubric) and a note.

Inputs keep their text as typed, so a page shown again after an error loses nothing.
Messages are worded when the form validates (inside the request, in its language); the
grading service's own refusals arrive as reason codes, worded by ``service_error_message``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import Field, StringField, TextAreaField
from wtforms.validators import StopValidation, ValidationError

from app.services.grading import MAX_NOTE_LENGTH, GradingError, criterion_field
from app.services.grading_queue import AnswerToGrade


def parse_number(text: str) -> float | None:
    """A decimal as typed, with a point or a comma (Ukrainian and Russian write 2,5);
    None for anything else, "nan" and "inf" included."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if not cleaned:
        return None
    try:
        number = float(cleaned)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


class PointsField(StringField):
    """Points as typed: ``data`` stays the text, ``number`` is its value (None when empty
    or not a number). Not a DecimalField, which knows only the point."""

    @property
    def number(self) -> float | None:
        return parse_number(self.data or "")


def _points_within(maximum: float, step: float | None,
                   missing: Callable[[], str]) -> Callable[[Any, PointsField], None]:
    """A validator: a number from 0 to ``maximum`` in ``step``s."""
    def check(form: Any, field: PointsField) -> None:
        if not (field.data or "").strip():
            raise StopValidation(missing())
        number = field.number
        if number is None:
            raise ValidationError(_("Enter a number, for example 1.5."))
        if not 0 <= number <= maximum:
            raise ValidationError(_("Enter between 0 and %(max)s.", max=format_decimal(maximum)))
        if step is not None and not math.isclose(number / step, round(number / step),
                                                 abs_tol=1e-6):
            raise ValidationError(_("Use steps of %(step)s.", step=format_decimal(step)))
    return check


def _note_length(form: Any, field: Field) -> None:
    if len((field.data or "").strip()) > MAX_NOTE_LENGTH:
        raise ValidationError(_("The note is too long (at most %(limit)s characters).",
                                limit=MAX_NOTE_LENGTH))


class GradeForm(FlaskForm):
    """Build it with :func:`grade_form`, which adds the points inputs."""

    note = TextAreaField(default="", validators=[_note_length])
    points_fields: list[PointsField]

    @property
    def given_points(self) -> list[float]:
        """The numbers to record, in rubric order (once the form is valid)."""
        return [field.number or 0.0 for field in self.points_fields]

    def add_service_error(self, error: GradingError) -> None:
        """Show a GradingError next to the input it names, else above the form."""
        message = service_error_message(error)
        if error.field in self._fields and error.field != "csrf_token":
            errors = self[error.field].errors
            assert isinstance(errors, list)  # a list once validate() ran
            errors.append(message)
        else:
            self.form_errors.append(message)


def grade_form(answer: AnswerToGrade, *, prefill: bool) -> GradeForm:
    """The form of ``answer``: ``criterion-<n>`` per rubric criterion, or ``points``.

    On a POST it reads what was sent, and an input left out is missing (never the old
    value); with ``prefill`` (a GET) it starts from the latest grade, so a change begins
    with the points given.
    """
    class AnswerGradeForm(GradeForm):
        pass

    initial: dict[str, str] = {}
    if answer.criteria:
        for index, criterion in enumerate(answer.criteria):
            name = criterion_field(index)
            setattr(AnswerGradeForm, name, PointsField(validators=[_points_within(
                criterion.points, criterion.step, _missing(criterion.name))]))
            initial[name] = _typed(criterion.given)
    else:
        total = "points"  # the one input of a question without a rubric
        setattr(AnswerGradeForm, total, PointsField(
            validators=[_points_within(answer.max_points, answer.step,
                                       lambda: _("Enter the points you give this answer."))]))
        initial[total] = _typed(answer.response.manual_points)
    initial["note"] = answer.response.grader_note or ""
    form = AnswerGradeForm(**initial) if prefill else AnswerGradeForm()
    form.points_fields = []
    for name in initial:
        field = form[name]
        if isinstance(field, PointsField):
            form.points_fields.append(field)
    return form


def _missing(criterion: str) -> Callable[[], str]:
    return lambda: _("Enter the points for “%(criterion)s”.", criterion=criterion)


def _typed(points: float | None) -> str:
    return "" if points is None else f"{points:g}"


def service_error_message(error: GradingError) -> str:
    """The page's words for a GradingError raised by the grading service."""
    if error.reason == "out_of_range":
        return _("Enter between 0 and %(max)s.",
                 max=format_decimal(error.params.get("maximum", 0)))
    if error.reason == "off_step":
        return _("Use steps of %(step)s.", step=format_decimal(error.params.get("step", 1)))
    messages = {
        "not_finished": _("This attempt is not finished; it can be graded once the "
                          "candidate submits."),
        "not_in_layout": _("This question is not part of the attempt."),
        "not_essay": _("This question is scored automatically."),
        "unanswered": _("The candidate did not answer this question; there is nothing to grade."),
        "not_a_number": _("Enter a number, for example 1.5."),
        "criteria_count": _("Give the points of every criterion."),
        "note_too_long": _("The note is too long (at most %(limit)s characters).",
                           limit=error.params.get("limit", "")),
    }
    return messages.get(error.reason, str(error))
