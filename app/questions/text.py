"""What the typed-answer types share (numeric, short_text, essay): the author's answer
weights, reading typed text from the page, and the views of a typed answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from flask_babel import gettext as _
from pydantic import Field

from app.questions.base import AnswerError, TakeView

if TYPE_CHECKING:
    from werkzeug.datastructures import MultiDict

MAX_TEXT_LENGTH = 50_000  # an essay of ~8,000 words; bounds one request's work

AnswerWeight = Annotated[float, Field(gt=0, le=100, description="Percent of the points this "
                                                                  "answer earns (default 100).")]


def count_words(text: str) -> int:
    """The words of an essay, as the results page and the reviewers count them: the runs of
    characters between whitespace, where whitespace is what Python's ``str.isspace`` says
    (spaces, tabs, line breaks, no-break and other Unicode spaces; not the zero-width
    space). So "well-known", "don't", "сім'я", "42" and "🙂" are one word each, and "—"
    between spaces is a word too. static/js/take-words.js counts the same way on the
    candidate's page (tests/e2e/test_phone_essay.py runs both on the same texts)."""
    return len(text.split())


def typed_text(value: Any) -> str:
    """The JSON answer of a typed-answer question, which must be text. Raises AnswerError."""
    if not isinstance(value, str):
        raise AnswerError(_("Type your answer as text."))
    return value


def limited_text(value: str, limit: int | None) -> str | None:
    """Typed text within ``limit`` characters (at most MAX_TEXT_LENGTH), or None when it is
    blank. Raises AnswerError when it is longer."""
    limit = min(int(limit or MAX_TEXT_LENGTH), MAX_TEXT_LENGTH)
    if len(value) > limit:
        raise AnswerError(_("Your answer is %(length)d characters long; the limit is "
                            "%(limit)d.", length=len(value), limit=limit))
    return value if value.strip() else None


@dataclass
class TextView(TakeView):
    """A typed answer's field on the candidate's page."""

    text: str
    unit: str | None = None
    max_length: int | None = None
    min_words: int | None = None
    max_words: int | None = None


def shown_text(answer: object, submitted: MultiDict[str, str] | None) -> str:
    """What the field holds: the text just refused, else the saved answer."""
    if submitted is not None:
        return submitted.get("answer", "")
    return str(answer or "")


@dataclass(frozen=True)
class TextReplay:
    """A typed answer on the results page, with the answers the author accepts."""

    answer_text: str | None  # as typed; the template escapes it
    accepted: list[str]  # accepted answers, as plain text
    unit: str | None = None
    word_count: int | None = None
