"""The one registry of question types: everything else looks types up here.

The order is the order authors see them in (the JSON Schema, error messages, the docs).
Registering a type is one line below; docs/design/question-types.md has the checklist.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.questions.base import QuestionType
from app.questions.cloze import ClozeType
from app.questions.essay import EssayType
from app.questions.matching import MatchingType
from app.questions.multiple_choice import MultipleChoiceType
from app.questions.numeric import NumericType
from app.questions.ordering import OrderingType
from app.questions.short_text import ShortTextType
from app.questions.single_choice import SingleChoiceType
from app.questions.true_false import TrueFalseType

QUESTION_TYPES: Mapping[str, QuestionType] = {
    question_type.name: question_type
    for question_type in (
        SingleChoiceType(),
        MultipleChoiceType(),
        TrueFalseType(),
        NumericType(),
        ShortTextType(),
        EssayType(),
        OrderingType(),
        ClozeType(),
        MatchingType(),
    )
}


def type_of(question: Mapping[str, Any]) -> QuestionType:
    """The type of a normalized question; raises ValueError for a type Assay does not know."""
    found = QUESTION_TYPES.get(question["type"])
    if found is None:
        raise ValueError(f"question {question.get('id')!r}: unknown type {question['type']!r}")
    return found


def by_model(model: Any) -> QuestionType | None:
    """The type whose bank model is ``model`` (a class), or None."""
    return next((t for t in QUESTION_TYPES.values() if t.bank_model is model), None)
