"""numeric: a number typed by the candidate, accepted within one or more ranges.

An author writes a numeric answer as a number (``42``), a number with a tolerance
(``"1.41 +- 0.01"``, ``"100 +- 5%"``, or ``answer: 3.14`` with ``tolerance: 0.01``),
or a range (``{min: 1, max: 2}``); ``answers:`` lists several with weights. All become
closed ranges ``[{min, max, weight}]``. Arithmetic is decimal, so ``1.41 +- 0.01`` is
exactly 1.4..1.42 rather than 1.3999999999999999..1.42.

Answer (contracts.md §2): the text the candidate typed, e.g. ``"1,41"``; the grader reads
it with ``app.questions.numbers.parse_number``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Annotated, Any, Literal

from flask_babel import gettext as _
from pydantic import BeforeValidator, Field, model_validator

from app.banks.common import BankModel, QuestionBase, Text, bank_error, number_text
from app.questions.base import (
    N_,
    SUMMARY_CHARS,
    Answer,
    AnswerError,
    Credit,
    Question,
    QuestionType,
    clamp,
    shortened,
    text_of,
)
from app.questions.numbers import MAX_NUMBER_LENGTH, parse_number
from app.questions.text import (
    AnswerWeight,
    TextReplay,
    TextView,
    shown_text,
    typed_text,
)

if TYPE_CHECKING:
    from werkzeug.datastructures import MultiDict

# Range ends computed as value ± tolerance carry binary rounding (0.06 + 0.01 is
# 0.06999999999999999), so each end is widened by this fraction of itself.
RANGE_SLACK = 1e-9

_WITH_TOLERANCE = re.compile(r"\s*(\S+?)\s*(?:\+-|±|\+/-)\s*(\S+?)\s*")
TOLERANCE_PATTERN = r"^\s*[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?\s*%?\s*$"
NUMERIC_SHORTHAND_PATTERN = (r"^\s*[-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?\s*"
                             r"(?:(?:\+-|±|\+/-)\s*[0-9.]+(?:[eE][-+]?[0-9]+)?%?\s*)?$")


def _number_or_text(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise bank_error('expected a number or a text like "1.41 +- 0.01"')
    return value


NumberOrText = Annotated[float | str, BeforeValidator(
    _number_or_text,
    json_schema_input_type=float | Annotated[str, Field(pattern=NUMERIC_SHORTHAND_PATTERN)],
), Field(
    description='A number, or a text "value +- tolerance" (tolerance may be a percent).',
    examples=[42, "1.41 +- 0.01", "100 +- 5%"])]
Tolerance = Annotated[float | str, BeforeValidator(
    _number_or_text,
    json_schema_input_type=float | Annotated[str, Field(pattern=TOLERANCE_PATTERN)],
), Field(description='Accepted distance from the value: a number, or a percent of it ("5%").',
         examples=[0.01, "5%"])]


def _decimal(value: float | str, what: str) -> Decimal:
    try:
        number = Decimal(value.strip()) if isinstance(value, str) else Decimal(repr(value))
    except InvalidOperation:
        raise bank_error(f"{value!r} is not a number ({what})") from None
    if not number.is_finite():
        raise bank_error(f"{what} must be a finite number")
    return number


def _tolerance(value: float | str) -> tuple[Decimal, bool]:
    """(amount, is_percent) of a tolerance such as 0.01 or "5%"."""
    text = value.strip() if isinstance(value, str) else value
    percent = isinstance(text, str) and text.endswith("%")
    amount = _decimal(text[:-1] if isinstance(text, str) and percent else text, "the tolerance")
    if amount < 0:
        raise bank_error("a tolerance cannot be negative")
    return amount, percent


class NumericAnswer(BankModel):
    """One accepted number or range, with the percent of the points it earns."""

    value: NumberOrText | None = Field(None, description="The expected number, optionally "
                                                         'with "+- tolerance".')
    tolerance: Tolerance | None = None
    min: float | None = Field(None, description="Lowest accepted number (with max).")
    max: float | None = Field(None, description="Highest accepted number (with min).")
    weight: AnswerWeight = 100.0

    @model_validator(mode="after")
    def _check(self) -> NumericAnswer:
        self.range()  # raises on a bad combination
        return self

    def range(self) -> tuple[float, float]:
        if self.value is None:
            if self.min is None or self.max is None:
                raise bank_error("give the answer as 'value' (optionally with 'tolerance') "
                                 "or as both 'min' and 'max'")
            if self.tolerance is not None:
                raise bank_error("'tolerance' goes with 'value', not with 'min' and 'max'",
                                 ("tolerance",))
            if self.min > self.max:
                raise bank_error(f"min {number_text(self.min)} is greater than max "
                                 f"{number_text(self.max)}", ("min",))
            return self.min, self.max
        if self.min is not None or self.max is not None:
            raise bank_error("give either 'value' or 'min' and 'max', not both",
                             ("min" if self.min is not None else "max",))
        return self._value_range(self.value)

    def _value_range(self, value: float | str) -> tuple[float, float]:
        tolerance = self.tolerance
        if isinstance(value, str):
            match = _WITH_TOLERANCE.fullmatch(value)
            if match is not None:
                if tolerance is not None:
                    raise bank_error(f"{value!r} already has a tolerance; remove 'tolerance'",
                                     ("tolerance",))
                value, tolerance = match.group(1), match.group(2)
        center = _decimal(value, "the answer")
        if tolerance is None:
            return float(center), float(center)
        amount, percent = _tolerance(tolerance)
        spread = abs(center) * amount / 100 if percent else amount
        return float(center - spread), float(center + spread)

    def normalize(self) -> dict[str, float]:
        low, high = self.range()
        return {"min": low, "max": high, "weight": self.weight}


def _numeric_from_shorthand(value: Any) -> Any:
    if isinstance(value, dict):
        return value
    return {"value": _number_or_text(value)}


NumericEntry = Annotated[NumericAnswer, BeforeValidator(
    _numeric_from_shorthand, json_schema_input_type=NumberOrText | NumericAnswer)]


class NumericRules(BankModel):
    """How one typed number is judged: a numeric question's keys besides the common ones,
    and a cloze blank's ``numeric:`` (app.questions.cloze)."""

    answer: NumericEntry | None = Field(None, description='The correct number: 42, '
                                        '"1.41 +- 0.01", or {min: 1, max: 2}.')
    tolerance: Tolerance | None = Field(None, description="With a one-number 'answer': the "
                                        'accepted distance, a number or a percent ("5%").')
    answers: Annotated[list[NumericEntry], Field(min_length=1)] | None = Field(
        None, description="Several accepted answers with weights, e.g. exact 100, close 50.")
    unit: Text | None = Field(None, description='Shown next to the input, e.g. "ms".')

    @model_validator(mode="before")
    @classmethod
    def _tolerance_into_answer(cls, data: Any) -> Any:
        # 'tolerance' sits beside a one-number 'answer' for readability; it belongs to it.
        # Any 'tolerance' left after this is misplaced, and the after-validator says so.
        if isinstance(data, dict) and data.get("tolerance") is not None \
                and isinstance(data.get("answer"), (int, float, str)) \
                and not isinstance(data.get("answer"), bool):
            data = dict(data)
            data["answer"] = {"value": data["answer"], "tolerance": data.pop("tolerance")}
        return data

    @model_validator(mode="after")
    def _check(self) -> NumericRules:
        if (self.answer is None) == (self.answers is None):
            raise bank_error(f"{self.described()} needs either 'answer' or 'answers' "
                             "(not both)", ("answers",) if self.answers else ())
        if self.tolerance is not None:
            where = "put a tolerance in each of 'answers'" if self.answers is not None \
                else "write the range with min and max only"
            raise bank_error(f"'tolerance' goes with a one-number 'answer'; {where}",
                             ("tolerance",))
        entries = self.answers or []
        if entries and max(entry.weight for entry in entries) < 100:
            raise bank_error("no answer is worth 100, so nobody can earn full points; give the "
                             "best answer weight 100", ("answers",))
        return self

    def described(self) -> str:
        """What the messages call the owner of these keys."""
        return "a numeric blank"

    def rule_keys(self) -> dict[str, Any]:
        """The normalized keys (contracts.md §1) that ``NumericType.compile`` reads."""
        entries = self.answers if self.answers is not None else [self.answer]
        return {"answers": [entry.normalize() for entry in entries if entry is not None],
                "unit": self.unit}


class Numeric(NumericRules, QuestionBase):
    """A number typed by the candidate, accepted within one or more ranges."""

    type: Literal["numeric"]

    def described(self) -> str:
        return f"numeric question '{self.id}'"

    def extra_keys(self) -> dict[str, Any]:
        return self.rule_keys()


class NumericType(QuestionType):
    """Credit: the typed text is read with ``parse_number`` (the question's ``unit`` allowed).

    Each entry of ``answers`` is a closed range ``min <= value <= max`` (an exact value
    has min == max) with a ``weight`` percent; the best weight among the ranges that
    contain the value is the credit, kept within 0..100%. No range matching earns 0.
    Each end is widened by one part in a billion of itself, so that a range written as
    "0.06 ± 0.01" contains a typed "0.07" despite binary rounding.
    Text that is not a number earns 0 and is "incorrect", not "unanswered". A JSON
    number (not a boolean) is accepted as the value itself.
    """

    name = "numeric"
    label = N_("Number")
    bank_model = Numeric
    schema_help = (
        ("Numeric", "Numeric question",
         "The candidate types a number; give 'answer' or 'answers'."),
        ("NumericAnswer", "Numeric answer",
         "A 'value' (with optional 'tolerance') or a 'min' and 'max', with a weight."),
    )

    def compile(self, question: Question) -> Credit:
        unit = question.get("unit")
        # Best weight first, so the first range that contains the value decides.
        ranges = sorted(
            ((_widen(a["min"], -1.0), _widen(a["max"], 1.0), clamp(a["weight"] / 100.0, 0.0, 1.0))
             for a in question["answers"]),
            key=lambda entry: entry[2],
            reverse=True,
        )

        def credit(answer: object) -> float:
            if isinstance(answer, str):
                value = parse_number(answer, unit)
                if value is None:
                    return 0.0
            elif isinstance(answer, float):
                value = answer
            elif isinstance(answer, int) and not isinstance(answer, bool):
                try:
                    value = float(answer)
                except OverflowError:  # a JSON integer beyond any float
                    return 0.0
            else:
                return 0.0
            for low, high, earned in ranges:
                if low <= value <= high:  # false for NaN, so NaN earns 0
                    return earned
            return 0.0

        return credit

    def parse_json(self, question: Question, value: Any) -> Answer:
        if value is None:
            return None
        text = typed_text(value).strip()
        if not text:
            return None
        if len(text) > MAX_NUMBER_LENGTH or parse_number(text, question.get("unit")) is None:
            raise AnswerError(_("Enter a number, for example 42, -3.5 or 3,5."))
        return text

    def take_view(self, question: Question, order: Sequence[str] | None, answer: Answer,
                  submitted: MultiDict[str, str] | None) -> TextView:
        return TextView(shown_text(answer, submitted), unit=question.get("unit"))

    def replay_view(self, question: Question, order: Sequence[str] | None,
                    answer: Answer) -> TextReplay:
        return TextReplay(text_of(answer), [_range(a) for a in question.get("answers", [])],
                          unit=question.get("unit"))

    def answer_summary(self, question: Question, answer: Answer) -> str:
        text = shortened(text_of(answer) or "", SUMMARY_CHARS)
        unit = question.get("unit")
        return f"{text} {unit}" if unit else text


def _widen(end: float, direction: float) -> float:
    end = float(end)
    return end + direction * abs(end) * RANGE_SLACK


def _range(answer: dict[str, Any]) -> str:
    low, high = answer.get("min"), answer.get("max")
    if low == high:
        return f"{low:g}" if isinstance(low, (int, float)) else str(low)
    return f"{low:g} … {high:g}" if isinstance(low, (int, float)) and isinstance(
        high, (int, float)) else f"{low} … {high}"
