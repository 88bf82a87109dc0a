"""The essay grading form: read what the reviewer typed, say what is wrong next to it.

Parsing keeps every value as typed, so a page shown again after an error loses nothing.
Messages are translated here (this runs inside a request); the service's own errors
arrive as reason codes and are worded by ``service_error_message``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from flask_babel import format_decimal
from flask_babel import gettext as _

from app.results.replay import Criterion
from app.services.grading import GradingError


@dataclass
class GradeForm:
    """One essay's form as submitted (or to be shown again)."""

    attempt_id: str
    question_id: str
    values: dict[str, str] = field(default_factory=dict)  # input name -> text as typed
    errors: dict[str, str] = field(default_factory=dict)  # input name -> message
    points: float | None = None  # parsed, when valid

    @property
    def valid(self) -> bool:
        return not self.errors


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


def parse_grade_form(attempt_id: str, question_id: str, form: Mapping[str, str],
                     rubric: Sequence[Criterion], max_points: float) -> GradeForm:
    """Read points (or per-criterion points that add up to them), note and grader name.

    Per-criterion points are optional; when given, each must lie within its criterion's
    points, and the total, if typed too, must equal their sum (when left empty, the sum
    becomes the total).
    """
    names = ["points", "note", "grader_name"] + [criterion_field(i) for i in range(len(rubric))]
    result = GradeForm(attempt_id, question_id,
                       values={name: str(form.get(name, "")) for name in names})
    values, errors = result.values, result.errors

    criterion_sum, any_criterion = 0.0, False
    for index, criterion in enumerate(rubric):
        name = criterion_field(index)
        if not values[name].strip():
            continue
        any_criterion = True
        number = parse_number(values[name])
        if number is None:
            errors[name] = _("Enter a number, for example 1.5.")
        elif not 0 <= number <= criterion.points:
            errors[name] = _("Enter between 0 and %(max)s.", max=format_decimal(criterion.points))
        else:
            criterion_sum += number

    total = parse_number(values["points"]) if values["points"].strip() else None
    if values["points"].strip() and total is None:
        errors["points"] = _("Enter a number, for example 1.5.")
    elif total is None and not any_criterion:
        errors["points"] = _("Enter the points you give this answer.")
    elif total is None and not errors:
        total = round(criterion_sum, 4)
    elif total is not None and any_criterion and not errors and not math.isclose(
            total, criterion_sum, abs_tol=1e-9):
        errors["points"] = _("The criteria add up to %(sum)s, not %(total)s. Correct one of them.",
                             sum=format_decimal(round(criterion_sum, 4)),
                             total=format_decimal(total))
    if total is not None and "points" not in errors and not 0 <= total <= max_points:
        errors["points"] = _("Enter between 0 and %(max)s.", max=format_decimal(max_points))
    if not values["grader_name"].strip():
        errors["grader_name"] = _("Enter your name, so the team knows who graded.")
    result.points = total if not errors else None
    return result


def service_error_message(error: GradingError) -> str:
    """The page's words for a GradingError raised by the grading service."""
    messages = {
        "not_finished": _("This attempt is not finished; it can be graded once the candidate submits."),
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
