"""The essay grading form (Flask-WTF): what the reviewer typed, and what is wrong next to it.

Fields keep their text as typed, so a page shown again after an error loses nothing.
Messages are worded when the form validates (inside the request, in its language); the
grading service's own errors arrive as reason codes and are worded by
``service_error_message``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import Field, StringField, TextAreaField
from wtforms.validators import ValidationError

from app.results.replay import Criterion
from app.services.grading import GradingError

FORM_ERROR = "form"  # the key of messages about the whole form, not one field


def criterion_field(index: int) -> str:
    return f"criterion-{index}"


def parse_number(text: str) -> float | None:
    """A decimal as typed, with a point or a comma (Ukrainian and Russian write 2,5)."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if not cleaned:
        return None
    try:
        number = float(cleaned)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _add_error(field: Field, message: str) -> None:
    """Show ``message`` under ``field``, after the form's validate() made its errors a list."""
    errors = field.errors
    assert isinstance(errors, list)  # a tuple only before validation
    errors.append(message)


class PointsField(StringField):
    """Points as typed: ``data`` stays the text, ``number`` is its value (None when empty
    or not a number). Not a DecimalField, which knows only the point."""

    @property
    def typed(self) -> bool:
        return bool((self.data or "").strip())

    @property
    def number(self) -> float | None:
        return parse_number(self.data or "")


def _number_within(maximum: float) -> Callable[[Any, PointsField], None]:
    """A validator of a PointsField: empty, or a number from 0 to ``maximum``."""
    def check(form: Any, field: PointsField) -> None:
        if not field.typed:
            return
        if field.number is None:
            raise ValidationError(_("Enter a number, for example 1.5."))
        if not 0 <= field.number <= maximum:
            raise ValidationError(_("Enter between 0 and %(max)s.", max=format_decimal(maximum)))
    return check


class GradeForm(FlaskForm):
    """One essay's grade: points (or per-criterion points that add up to them), a note and
    the grader's name. Build it with :func:`grade_form`, which adds the criteria."""

    points = PointsField(default="")
    note = TextAreaField(default="")
    grader_name = StringField(default="")

    attempt_id: str
    question_id: str
    criteria: list[PointsField]
    max_points: float
    grade_points: float | None = None  # the points to record, once valid

    def validate(self, extra_validators: Any = None) -> bool:
        """Check every field, then the total against the criteria; set ``grade_points``.

        Per-criterion points are optional; when given, each must lie within its
        criterion's points, and the total, if typed too, must equal their sum (when left
        empty, the sum becomes the total).
        """
        super().validate(extra_validators)
        total = self._total()
        if total is not None and not self.points.errors and not 0 <= total <= self.max_points:
            _add_error(self.points, _("Enter between 0 and %(max)s.",
                                      max=format_decimal(self.max_points)))
        if not (self.grader_name.data or "").strip():
            _add_error(self.grader_name, _("Enter your name, so the team knows who graded."))
        valid = not self.form_errors and not any(field.errors for field in self)
        self.grade_points = total if valid else None
        return valid

    def _total(self) -> float | None:
        typed = [field for field in self.criteria if field.typed]
        criteria_valid = not any(field.errors for field in self.criteria)
        criterion_sum = round(sum(field.number or 0.0 for field in typed), 4)
        total = self.points.number
        if self.points.typed and total is None:
            _add_error(self.points, _("Enter a number, for example 1.5."))
            return None
        if total is None:  # left empty: the criteria's sum, if any were given
            if not typed:
                _add_error(self.points, _("Enter the points you give this answer."))
                return None
            return criterion_sum if criteria_valid else None
        if typed and criteria_valid and not math.isclose(total, criterion_sum, abs_tol=1e-9):
            _add_error(self.points, _(
                "The criteria add up to %(sum)s, not %(total)s. Correct one of them.",
                sum=format_decimal(criterion_sum), total=format_decimal(total)))
        return total

    def add_service_error(self, error: GradingError) -> None:
        """Show a GradingError next to the field it names, else above the form."""
        message = service_error_message(error)
        if error.field in self._fields and error.field != "csrf_token":
            _add_error(self[error.field], message)
        else:
            self.form_errors.append(message)

    @property
    def typed(self) -> dict[str, str]:
        """Each input's text as typed, by input name, to show the form again."""
        return {field.name: field.data or "" for field in self if field.name != "csrf_token"}

    @property
    def messages(self) -> dict[str, str]:
        """The first error of each input, by input name (``form``: the whole form's)."""
        found = {field.name: str(field.errors[0]) for field in self if field.errors}
        if self.form_errors:
            found[FORM_ERROR] = str(self.form_errors[0])
        return found


def grade_form(attempt_id: str, question_id: str, rubric: Sequence[Criterion],
               max_points: float) -> GradeForm:
    """The grading form of one essay, filled from the request's form data.

    Each rubric criterion gets an input ``criterion-<index>`` checked against its points.
    """
    class EssayGradeForm(GradeForm):
        pass

    for index, criterion in enumerate(rubric):
        setattr(EssayGradeForm, criterion_field(index),
                PointsField(default="", validators=[_number_within(criterion.points)]))
    form = EssayGradeForm()
    form.attempt_id, form.question_id, form.max_points = attempt_id, question_id, max_points
    form.criteria = []
    for index in range(len(rubric)):
        field = form[criterion_field(index)]
        assert isinstance(field, PointsField)  # set on the class just above
        form.criteria.append(field)
    return form


def service_error_message(error: GradingError) -> str:
    """The page's words for a GradingError raised by the grading service."""
    messages = {
        "not_finished": _("This attempt is not finished; it can be graded once the "
                          "candidate submits."),
        "not_in_layout": _("This question is not part of the attempt."),
        "not_essay": _("This question is scored automatically."),
        "unanswered": _("The candidate did not answer this question; there is nothing to grade."),
        "not_a_number": _("Enter a number, for example 1.5."),
        "note_too_long": _("The note is too long (at most %(limit)s characters).",
                           limit=error.params.get("limit", "")),
        "grader_missing": _("Enter your name, so the team knows who graded."),
        "grader_too_long": _("The name is too long (at most %(limit)s characters).",
                             limit=error.params.get("limit", "")),
    }
    if error.reason == "out_of_range":
        return _("Enter between 0 and %(max)s.",
                 max=format_decimal(error.params.get("maximum", 0)))
    return messages.get(error.reason, str(error))
