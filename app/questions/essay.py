"""essay: a free-text answer, graded by a person with the rubric.

Answer (contracts.md §2): the text typed. Never graded automatically: the points are a
reviewer's ``manual_points`` for the question (app.services.grading).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from flask_babel import ngettext
from pydantic import Field, ValidationInfo, field_validator

from app.banks.common import (
    BankModel,
    Markdown,
    Points,
    QuestionBase,
    bank_error,
    number_text,
)
from app.questions.base import (
    N_,
    SUMMARY_CHARS,
    Answer,
    Credit,
    Question,
    QuestionType,
    quoted,
    shortened,
    text_of,
)
from app.questions.text import (
    TextReplay,
    TextView,
    count_words,
    limited_text,
    shown_text,
    typed_text,
)

if TYPE_CHECKING:
    from werkzeug.datastructures import MultiDict


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
    def _check_rubric(cls, rubric: list[RubricCriterion],
                      info: ValidationInfo) -> list[RubricCriterion]:
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


@dataclass
class EssayView(TextView):
    """The essay's field, with the words of the text shown (static/js/take-words.js keeps
    the count up to date while the candidate types)."""

    word_count: int = 0


class EssayType(QuestionType):
    """Credit: none automatically. The points are a reviewer's ``manual_points`` for the
    question, clamped to 0..points; until then an answered essay is "pending" and counts
    0 provisionally. An unanswered essay is "unanswered" (0 points) and needs no review.
    """

    name = "essay"
    label = N_("Essay")
    bank_model = Essay
    schema_help = (
        ("Essay", "Essay question", "A free text, graded by a person with the rubric."),
        ("RubricCriterion", "Rubric criterion", "What the reviewer looks for, and its points."),
    )
    manual_grading = True

    def compile(self, question: Question) -> Credit:
        return _provisional_zero

    def parse_json(self, question: Question, value: Any) -> Answer:
        if value is None:
            return None
        return limited_text(typed_text(value), None)

    def take_view(self, question: Question, order: Sequence[str] | None, answer: Answer,
                  submitted: MultiDict[str, str] | None) -> TextView:
        text = shown_text(answer, submitted)
        return EssayView(text, min_words=question.get("min_words"),
                         max_words=question.get("max_words"), word_count=count_words(text))

    def replay_view(self, question: Question, order: Sequence[str] | None,
                    answer: Answer) -> TextReplay:
        text = text_of(answer)
        return TextReplay(text, [], word_count=count_words(text) if text else 0)

    def answer_summary(self, question: Question, answer: Answer) -> str:
        text = text_of(answer) or ""
        words = count_words(text)
        return ngettext("%(start)s (%(num)d word)", "%(start)s (%(num)d words)", words,
                        start=quoted(shortened(text, SUMMARY_CHARS)))

    def rubric(self, question: Question) -> list[Mapping[str, Any]]:
        return list(question.get("rubric", []))


def _provisional_zero(answer: object) -> float:
    return 0.0
