"""Question types: one module per type, each owning its bank format, grading, answer
parsing, candidate partial and results replay; ``registry.QUESTION_TYPES`` lists them.

See ``base.QuestionType`` for what a type owns and docs/design/question-types.md for how
to add one.
"""

from __future__ import annotations

from app.questions.base import AnswerError, QuestionType
from app.questions.registry import QUESTION_TYPES, by_model, type_of

__all__ = ["QUESTION_TYPES", "AnswerError", "QuestionType", "by_model", "type_of"]
