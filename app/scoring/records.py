"""What scoring stores, as models every reader uses: the score (``Attempt.result``,
contracts.md §4) and the drawn layout (``Attempt.layout``, §3).

Scoring writes both (``ScoreResult.to_dict``, ``draw``); the results page, test_status,
grading and the candidate pages read them through :meth:`ScoreRecord.read` and
:func:`read_layout`, which refuse a stored value that does not fit instead of guessing a
default: a mismatch between writer and reader fails the tests, not a hiring manager's page.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, TypeAdapter

QuestionStatus = Literal["correct", "partial", "incorrect", "unanswered", "pending"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class QuestionScoreRecord(_Record):
    points: float
    max_points: float
    status: QuestionStatus


class SectionScoreRecord(_Record):
    id: str
    title: str
    weight: float
    points: float
    max_points: float
    percent: float  # 0..100; 0 for a section with nothing to earn


class ScoreRecord(_Record):
    """An attempt's stored score (provisional while ``awaiting_review``)."""

    percent: float
    passed: bool
    pass_mark: float
    awaiting_review: bool
    points: float
    max_points: float
    sections: tuple[SectionScoreRecord, ...]
    questions: dict[str, QuestionScoreRecord]  # drawn questions, in the layout's order

    @classmethod
    def read(cls, stored: object) -> ScoreRecord | None:
        """The score stored on an attempt (None before it finished). Raises
        pydantic.ValidationError when the stored value does not fit."""
        return None if stored is None else cls.model_validate(stored)

    @property
    def pending_essays(self) -> int:
        return sum(1 for score in self.questions.values() if score.status == "pending")


class DrawnQuestion(_Record):
    id: str
    order: tuple[str, ...] | None  # option, item or answer ids in the order shown


class DrawnSection(_Record):
    section: str
    questions: tuple[DrawnQuestion, ...]


_LAYOUT = TypeAdapter(tuple[DrawnSection, ...])


def read_layout(stored: object) -> tuple[DrawnSection, ...]:
    """An attempt's stored layout (empty before it started). Raises
    pydantic.ValidationError when the stored value does not fit."""
    return () if stored is None else _LAYOUT.validate_python(stored)


def layout_json(layout: tuple[DrawnSection, ...]) -> list[dict[str, Any]]:
    """A layout as it is stored (the shape ``draw`` returns)."""
    return [section.model_dump(mode="json") for section in layout]
