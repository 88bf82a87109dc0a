"""Choice questions: single_choice, multiple_choice and true_false.

Options are written QuizML style, one string each with an inline mark (``"[x] 3"`` is
correct, ``"[ ] 2"`` is not), or as a mapping when they need a weight, feedback or id.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BeforeValidator, Field, StringConstraints, ValidationInfo, field_validator

from app.banks.common import (
    OPTION_ID_PATTERN, BankModel, Markdown, QuestionBase, Scoring, Weight, bank_error,
    default_ids, number_text,
)

MARKED_OPTION = re.compile(r"\s*\[([ xX])\]\s?(.*)", re.DOTALL)
OPTION_SHORTHAND_PATTERN = r"^\s*\[[ xX]\]"


class Option(BankModel):
    """One answer option of a choice question."""

    text: Markdown = Field(description="The option as the candidate sees it (inline Markdown).")
    correct: bool = Field(description="Whether choosing this option is right.")
    weight: Weight | None = None
    feedback: Markdown | None = Field(None, description="Shown with the results when chosen.")
    id: Annotated[str, StringConstraints(pattern=OPTION_ID_PATTERN)] | None = Field(
        None, description="Optional; by default a, b, c, ... by position.")


def _option_from_text(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    match = MARKED_OPTION.fullmatch(value)
    if match is None:
        raise bank_error(f"option {value!r} is not marked: start it with \"[x] \" if it is "
                         "correct or \"[ ] \" if it is not")
    return {"text": match.group(2), "correct": match.group(1) != " "}


OptionEntry = Annotated[Option, BeforeValidator(
    _option_from_text,
    json_schema_input_type=Annotated[str, Field(
        pattern=OPTION_SHORTHAND_PATTERN,
        description='"[x] text" for a correct option, "[ ] text" for a wrong one.',
        examples=["[x] 3", "[ ] 2"])] | Option,
)]
Options = Annotated[list[OptionEntry], Field(
    min_length=2, description='At least two options: "[x] right", "[ ] wrong", or mappings.')]


class _ChoiceQuestion(QuestionBase):
    shuffle_options: bool = Field(True, description="Show the options in a random order "
                                                    "for each candidate.")
    negative_marking: bool = Field(False, description="Let the question's score fall below "
                                                      "zero (down to minus its points).")
    # Each type declares ``options`` itself, last, so that its checks (field validators,
    # not model validators, to run even when another key of the question is wrong) can
    # read the keys declared before it in ``info.data`` (the ones that were valid).
    if TYPE_CHECKING:
        options: list[Option]

    def option_ids(self) -> list[str]:
        return option_ids(self.options)

    def normalized_options(self, weights: list[float]) -> list[dict[str, Any]]:
        return [
            {"id": option_id, "text": option.text, "correct": option.correct,
             "weight": weight, "feedback": option.feedback}
            for option, option_id, weight in zip(self.options, self.option_ids(), weights)
        ]


def option_ids(options: list[Option]) -> list[str]:
    """The options' ids: the given ones, else a, b, c, ... by position."""
    return [option.id or default for option, default in zip(options, default_ids(len(options)))]


def _check_distinct_ids(options: list[Option]) -> None:
    seen: dict[str, int] = {}
    for index, option_id in enumerate(option_ids(options)):
        if option_id in seen:
            given = "" if options[index].id else " (by its position)"
            raise bank_error(f"option id '{option_id}'{given} is already used by option "
                             f"{seen[option_id] + 1}; give the options distinct ids",
                             (index,))
        seen[option_id] = index


class SingleChoice(_ChoiceQuestion):
    """One correct option. Wrong options may earn partial (or negative) credit by weight.

    The number of correct options is checked on the raw data (``app.banks.checks``).
    """

    type: Literal["single_choice"]
    options: Options

    @field_validator("options")
    @classmethod
    def _check_options(cls, options: list[Option], info: ValidationInfo) -> list[Option]:
        _check_distinct_ids(options)
        # A chosen option is the whole answer, so a negative weight is a negative score.
        negative_allowed = info.data.get("negative_marking", True)
        for index, option in enumerate(options):
            if option.weight is None:
                continue
            if option.correct and option.weight != 100:
                raise bank_error("the correct option of a single-choice question is always "
                                 "worth 100; put partial credit on the wrong options instead",
                                 (index, "weight"))
            if not option.correct and option.weight >= 100:
                raise bank_error("a wrong option must be worth less than 100; mark it [x] "
                                 "if it is correct", (index, "weight"))
            if option.weight < 0 and not negative_allowed:
                raise bank_error(f"option weight {number_text(option.weight)} is negative, "
                                 "which needs 'negative_marking: true' on the question",
                                 (index, "weight"))
        return options

    def extra_keys(self) -> dict[str, Any]:
        weights = [100.0 if option.correct else option.weight or 0.0 for option in self.options]
        return {"options": self.normalized_options(weights),
                "shuffle_options": self.shuffle_options,
                "negative_marking": self.negative_marking}


class MultipleChoice(_ChoiceQuestion):
    """One or more correct options, scored all_or_nothing, partial or weighted."""

    type: Literal["multiple_choice"]
    scoring: Scoring = Field("all_or_nothing", description=(
        "all_or_nothing: full points only for exactly the correct set. partial: +1/C per "
        "correct option chosen, -1/W per wrong one. weighted: the chosen options' weights "
        "added up, capped at 100."))
    options: Options

    @field_validator("options")
    @classmethod
    def _check_options(cls, options: list[Option], info: ValidationInfo) -> list[Option]:
        _check_distinct_ids(options)
        scoring = info.data.get("scoring")
        weighted = [index for index, option in enumerate(options) if option.weight is not None]
        if scoring in ("all_or_nothing", "partial") and weighted:
            raise bank_error(f"option weights only count with 'scoring: weighted' (this "
                             f"question has scoring: {scoring})", (weighted[0], "weight"))
        if scoring != "weighted" or not any(option.correct for option in options):
            return options
        if weighted and len(weighted) != len(options):
            missing = next(i for i in range(len(options)) if i not in set(weighted))
            raise bank_error("give every option a weight, or none (then the correct options "
                             "share 100 equally)", (missing,))
        _check_weights(options, _weights(options, "weighted"))
        return options

    def extra_keys(self) -> dict[str, Any]:
        return {"options": self.normalized_options(_weights(self.options, self.scoring)),
                "shuffle_options": self.shuffle_options, "scoring": self.scoring,
                "negative_marking": self.negative_marking}


def _weights(options: list[Option], scoring: str) -> list[float]:
    if scoring != "weighted":
        return [100.0 if option.correct else 0.0 for option in options]
    if all(option.weight is None for option in options):
        share = 100.0 / sum(1 for option in options if option.correct)
        return [share if option.correct else 0.0 for option in options]
    return [float(option.weight or 0.0) for option in options]


def _check_weights(options: list[Option], weights: list[float]) -> None:
    # Negative weights need no negative_marking here: they are penalties inside the
    # question, whose total is floored at 0 unless negative_marking is on.
    total = 0.0
    for index, (option, weight) in enumerate(zip(options, weights)):
        if option.correct and weight <= 0:
            raise bank_error("a correct option needs a weight above 0", (index, "weight"))
        if not option.correct and weight > 0:
            raise bank_error("a wrong option cannot earn credit; give it weight 0 or a "
                             "negative weight, or mark it [x]", (index, "weight"))
        total += weight if option.correct else 0.0
    if round(total, 6) < 100:
        raise bank_error(f"the correct options' weights add up to {number_text(round(total, 6))}, "
                         "so no answer can earn full points; they must add up to at least 100")


class TrueFalse(QuestionBase):
    """A statement that is true or false."""

    type: Literal["true_false"]
    answer: bool = Field(description="Whether the statement in the prompt is true.")

    def extra_keys(self) -> dict[str, Any]:
        return {"answer": self.answer}
