"""The question types, as one registry, plus the types graded by people or by order.

``QUESTION_TYPES`` maps each ``type:`` to its model; ``Question`` is the union of them,
chosen by ``type`` (so a mistake inside a question is reported against that type only).
"""

from __future__ import annotations

import hashlib
from typing import Annotated, Any, Literal, Union

from pydantic import Discriminator, Field, Tag, ValidationInfo, field_validator

from app.banks.answers import Numeric, ShortText
from app.banks.choices import MultipleChoice, SingleChoice, TrueFalse
from app.banks.common import BankModel, Markdown, Points, QuestionBase, bank_error, number_text


class RubricCriterion(BankModel):
    """One line of an essay's marking guide."""

    criterion: Markdown = Field(description="What the reviewer looks for.")
    points: Points = Field(description="Points for this criterion.")
    description: Markdown | None = None


class Essay(QuestionBase):
    """A free-text answer, graded by a person; ``points`` is the maximum."""

    type: Literal["essay"]
    rubric: list[RubricCriterion] = Field(
        default_factory=list, description="Criteria whose points add up to the question's points.")
    min_words: int | None = Field(None, ge=1)
    max_words: int | None = Field(None, ge=1)

    # Field validators rather than a model validator: they run even when another key of
    # the question is wrong, so every problem is reported at once.
    @field_validator("rubric")
    @classmethod
    def _check_rubric(cls, rubric: list[RubricCriterion], info: ValidationInfo) -> list[RubricCriterion]:
        points = info.data.get("points")
        total = round(sum(criterion.points for criterion in rubric), 6)
        if rubric and points is not None and total != round(points, 6):
            raise bank_error(f"the rubric's points add up to {number_text(total)}, but the "
                             f"question is worth {number_text(points)} points")
        return rubric

    @field_validator("max_words")
    @classmethod
    def _check_words(cls, max_words: int | None, info: ValidationInfo) -> int | None:
        min_words = info.data.get("min_words")
        if max_words is not None and min_words is not None and min_words > max_words:
            raise bank_error(f"min_words ({min_words}) is more than max_words ({max_words})")
        return max_words

    def extra_keys(self) -> dict[str, Any]:
        return {"rubric": [criterion.model_dump() for criterion in self.rubric],
                "min_words": self.min_words, "max_words": self.max_words}


class Ordering(QuestionBase):
    """Items the candidate puts in order; ``items`` lists them in the correct order."""

    type: Literal["ordering"]
    items: Annotated[list[Markdown], Field(
        min_length=2, description="The items in the correct order (at least 2, all different).")]
    scoring: Literal["all_or_nothing", "partial"] = Field("partial", description=(
        "partial: the share of item pairs in the correct relative order; all_or_nothing: "
        "full points only for the exact order."))

    @field_validator("items")
    @classmethod
    def _check_items(cls, items: list[str]) -> list[str]:
        seen: dict[str, int] = {}
        for index, text in enumerate(items):
            if text in seen:
                raise bank_error(f"item {index + 1} repeats item {seen[text] + 1}; a candidate "
                                 "could not tell them apart", (index,))
            seen[text] = index
        return items

    def item_ids(self) -> list[str]:
        # Ids come from the text, not the position: ids "a, b, c" in the correct order
        # would give the answer away to anyone reading the page source.
        ids, taken = [], set()
        for text in self.items:
            digest = hashlib.sha256(f"{self.id}\0{text}".encode()).hexdigest()
            size = 8
            while digest[:size] in taken:
                size += 1
            ids.append(digest[:size])
            taken.add(digest[:size])
        return ids

    def extra_keys(self) -> dict[str, Any]:
        return {"items": [{"id": item_id, "text": text}
                          for item_id, text in zip(self.item_ids(), self.items)],
                "scoring": self.scoring}


QUESTION_TYPES: dict[str, type[QuestionBase]] = {
    "single_choice": SingleChoice,
    "multiple_choice": MultipleChoice,
    "true_false": TrueFalse,
    "numeric": Numeric,
    "short_text": ShortText,
    "essay": Essay,
    "ordering": Ordering,
}


def item_kind(value: Any) -> str | None:
    """The union tag of a section entry: "pool", or the question's type (None if absent)."""
    if not isinstance(value, dict):
        return None
    if "pool" in value:
        return "pool"
    kind = value.get("type")
    return None if kind is None else str(kind)


# The members are listed again (not built from QUESTION_TYPES) so type checkers see them;
# tests check that both list the same types.
Question = Annotated[
    Union[
        Annotated[SingleChoice, Tag("single_choice")],
        Annotated[MultipleChoice, Tag("multiple_choice")],
        Annotated[TrueFalse, Tag("true_false")],
        Annotated[Numeric, Tag("numeric")],
        Annotated[ShortText, Tag("short_text")],
        Annotated[Essay, Tag("essay")],
        Annotated[Ordering, Tag("ordering")],
    ],
    Discriminator(item_kind),
]
