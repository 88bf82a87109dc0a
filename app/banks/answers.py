"""Typed-answer questions: numeric and short_text.

A numeric answer is written as a number (``42``), a number with a tolerance
(``"1.41 +- 0.01"``, ``"100 +- 5%"``, or ``answer: 3.14`` with ``tolerance: 0.01``),
or a range (``{min: 1, max: 2}``); ``answers:`` lists several with weights. All become
closed ranges ``[{min, max, weight}]``. Arithmetic is decimal, so ``1.41 +- 0.01`` is
exactly 1.4..1.42 rather than 1.3999999999999999..1.42.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, ValidationInfo, field_validator, model_validator

from app.banks.common import BankModel, QuestionBase, Text, bank_error, number_text

_WITH_TOLERANCE = re.compile(r"\s*(\S+?)\s*(?:\+-|±|\+/-)\s*(\S+?)\s*")
TOLERANCE_PATTERN = r"^\s*[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?\s*%?\s*$"
NUMERIC_SHORTHAND_PATTERN = r"^\s*[-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?\s*(?:(?:\+-|±|\+/-)\s*[0-9.]+(?:[eE][-+]?[0-9]+)?%?\s*)?$"

AnswerWeight = Annotated[float, Field(gt=0, le=100, description="Percent of the points this "
                                                                  "answer earns (default 100).")]


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
    amount = _decimal(text[:-1] if percent else text, "the tolerance")  # type: ignore[index]
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
        return self._value_range()

    def _value_range(self) -> tuple[float, float]:
        value, tolerance = self.value, self.tolerance
        if isinstance(value, str):
            match = _WITH_TOLERANCE.fullmatch(value)
            if match is not None:
                if tolerance is not None:
                    raise bank_error(f"{value!r} already has a tolerance; remove 'tolerance'",
                                     ("tolerance",))
                value, tolerance = match.group(1), match.group(2)
        center = _decimal(value, "the answer")  # type: ignore[arg-type]
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


class Numeric(QuestionBase):
    """A number typed by the candidate, accepted within one or more ranges."""

    type: Literal["numeric"]
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
    def _check(self) -> Numeric:
        if (self.answer is None) == (self.answers is None):
            raise bank_error(f"numeric question '{self.id}' needs either 'answer' or 'answers' "
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

    def extra_keys(self) -> dict[str, Any]:
        entries = self.answers if self.answers is not None else [self.answer]
        return {"answers": [entry.normalize() for entry in entries if entry is not None],
                "unit": self.unit}


class TextAnswer(BankModel):
    """One accepted text: exact (after case and whitespace rules) or a regular expression."""

    text: str | None = Field(None, description="Accepted as typed (case and whitespace rules apply).")
    regex: str | None = Field(None, description="A Python regular expression the whole "
                                                "answer must match.", examples=["^paris( city)?$"])
    weight: AnswerWeight = 100.0

    @model_validator(mode="after")
    def _check(self) -> TextAnswer:
        if (self.text is None) == (self.regex is None):
            raise bank_error("give an answer either 'text' or 'regex' (one of them)")
        if self.text is not None and not self.text.strip():
            raise bank_error("an accepted answer cannot be blank", ("text",))
        if self.regex is not None:
            if not self.regex.strip():
                raise bank_error("a regex cannot be blank", ("regex",))
            try:
                re.compile(self.regex)
            except re.error as error:
                raise bank_error(f"the regex does not compile: {error}", ("regex",)) from None
        return self

    def normalize(self) -> dict[str, Any]:
        if self.regex is not None:
            return {"match": "regex", "value": self.regex, "weight": self.weight}
        return {"match": "exact", "value": self.text, "weight": self.weight}


def _text_from_shorthand(value: Any) -> Any:
    if isinstance(value, (bool, int, float)):
        shown = str(value).lower() if isinstance(value, bool) else number_text(value)
        raise bank_error(f"the accepted answer {shown} must be text; put it in quotes: \"{shown}\"")
    return {"text": value} if isinstance(value, str) else value


TextEntry = Annotated[TextAnswer, BeforeValidator(
    _text_from_shorthand, json_schema_input_type=str | TextAnswer)]


class ShortText(QuestionBase):
    """A short text typed by the candidate, compared with the accepted answers."""

    type: Literal["short_text"]
    case_sensitive: bool = False
    whitespace: Literal["normalize", "ignore", "exact"] = Field("normalize", description=(
        "normalize: trim and collapse runs of spaces; ignore: remove all whitespace; "
        "exact: compare as typed."))
    max_length: int = Field(200, ge=1, le=10_000, description="Longest answer the candidate can type.")
    answers: Annotated[list[TextEntry], Field(min_length=1, description=(
        "Accepted answers: texts, or mappings {text, weight} / {regex, weight}."))]

    # A field validator (not a model validator) so it runs even when another key of the
    # question is wrong; 'max_length' is declared first so that it can be read here.
    @field_validator("answers")
    @classmethod
    def _check_answers(cls, answers: list[TextAnswer], info: ValidationInfo) -> list[TextAnswer]:
        max_length = info.data.get("max_length")
        for index, entry in enumerate(answers):
            if entry.text is not None and max_length is not None and len(entry.text) > max_length:
                raise bank_error(f"this answer is {len(entry.text)} characters long but "
                                 f"max_length is {max_length}, so nobody could type it", (index,))
        if max(entry.weight for entry in answers) < 100:
            raise bank_error("no answer is worth 100, so nobody can earn full points; give the "
                             "best answer weight 100")
        return answers

    def extra_keys(self) -> dict[str, Any]:
        return {"answers": [entry.normalize() for entry in self.answers],
                "case_sensitive": self.case_sensitive, "whitespace": self.whitespace,
                "max_length": self.max_length}
