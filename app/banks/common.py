"""What every part of the author format shares: the base model, field types, errors.

The models are strict on purpose: ``points: "2"`` is an error rather than a guess, and
``answer: yes`` is not a boolean (YAML 1.2, see ``app.banks.source``). Every problem a
validator finds is raised as :func:`bank_error`, which carries a sentence for a person
and, in ``at``, the path (below the failing model) of the value it is about.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from app.banks.durations import DurationError, parse_duration

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{1,98}[a-z0-9]$"
OPTION_ID_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$"
NOT_BLANK_PATTERN = r"\S"  # pydantic searches, so this means "has a visible character"


class BankModel(BaseModel):
    """A mapping of the author format: unknown keys are errors, no type coercion."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


def bank_error(message: str, at: tuple[str | int, ...] = ()) -> PydanticCustomError:
    """A validation problem with a finished sentence; ``at`` points below the model."""
    return PydanticCustomError("bank", "{message}", {"message": message, "at": at})


Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN), Field(
    description="Lowercase letters, digits and hyphens, 3 to 100 characters, starting and "
                "ending with a letter or digit.",
)]
Text = Annotated[str, StringConstraints(pattern=NOT_BLANK_PATTERN)]
Markdown = Annotated[str, StringConstraints(pattern=NOT_BLANK_PATTERN), Field(
    description="Markdown (CommonMark with tables and ~~strikethrough~~); fenced code "
                "blocks with a language are highlighted.",
)]
Points = Annotated[float, Field(gt=0, description="Points the question is worth (more than 0).")]
Weight = Annotated[float, Field(
    ge=-100, le=100,
    description="Percent of the question's points earned by choosing this option (GIFT "
                "style), -100..100. Single choice: only on wrong options, negative only with "
                "negative_marking: true. Multiple choice: only with scoring: weighted.",
    examples=[50, -25],
)]


def _to_seconds(value: Any) -> int:
    try:
        return parse_duration(value)
    except DurationError as error:
        raise bank_error(str(error)) from None


Duration = Annotated[int, BeforeValidator(_to_seconds, json_schema_input_type=str | float), Field(
    description='A duration: "45m", "1h30m", "1h 30m", "90s", or a number of minutes. '
                "More than zero.",
    examples=["30m", "1h30m", 45],
)]


class QuestionBase(BankModel):
    """The keys every question type has."""

    id: Slug = Field(description="Unique across the whole test, pools included. "
                                 "Lowercase letters, digits and hyphens.",
                     examples=["len-of-list"])
    type: str = Field(description="The question type.")  # each type narrows it to a Literal
    points: Points = 1.0
    prompt: Markdown = Field(description="The question, in Markdown.")
    explanation: Markdown | None = Field(
        None, description="Shown on the results page after the test, in Markdown.")

    def normalize(self) -> dict[str, Any]:
        """The normalized question of contracts.md §1 (every key present)."""
        return {"id": self.id, "type": self.type, "points": self.points,
                "prompt": self.prompt, "explanation": self.explanation, **self.extra_keys()}

    def extra_keys(self) -> dict[str, Any]:
        raise NotImplementedError


Scoring = Literal["all_or_nothing", "partial", "weighted"]


@lru_cache(maxsize=64)
def default_ids(count: int) -> tuple[str, ...]:
    """a, b, ..., z, aa, ab, ... : the ids of options by position."""
    ids = []
    for position in range(1, count + 1):
        label, remaining = "", position
        while remaining:
            remaining, rest = divmod(remaining - 1, 26)
            label = chr(ord("a") + rest) + label
        ids.append(label)
    return tuple(ids)


def number_text(value: float) -> str:
    """A number as an author would write it: 10.0 -> "10", 2.5 -> "2.5"."""
    return str(int(value)) if float(value).is_integer() else repr(value)
