"""Turn what a candidate sent (a page form, or the page script's JSON) into the answer
shapes of contracts.md §2, with one clear message per problem.

Empty input means unanswered and is stored as None.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from app.scoring.text_graders import parse_number

MAX_TEXT_LENGTH = 50_000  # an essay of ~8,000 words; bounds one request's work
MAX_NUMBER_LENGTH = 100


class AnswerError(ValueError):
    """The input cannot be an answer to the question; ``message`` is shown to the candidate."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def option_ids(question: Mapping[str, Any]) -> list[str]:
    return [option["id"] for option in question.get("options", [])]


def item_ids(question: Mapping[str, Any]) -> list[str]:
    return [item["id"] for item in question.get("items", [])]


def parse_form(question: Mapping[str, Any], form: MultiDict[str, str]) -> Any:
    """The answer in a submitted question page. Raises AnswerError."""
    kind = question["type"]
    if kind == "multiple_choice":
        return _choices(question, form.getlist("answer"))
    if kind == "ordering":
        return _positions(question, {item: form.get(f"position-{item}", "")
                                     for item in item_ids(question)})
    value = form.get("answer")
    if kind == "true_false":
        if value in (None, ""):
            return None
        if value not in ("true", "false"):
            raise AnswerError(_("Choose True or False."))
        return value == "true"
    return parse_json(question, value)


def parse_json(question: Mapping[str, Any], value: Any) -> Any:
    """An answer the page script sent, already in the §2 shape. Raises AnswerError."""
    kind = question["type"]
    if value is None:
        return None
    if kind == "single_choice":
        if not isinstance(value, str):
            raise AnswerError(_("Choose one of the options shown."))
        if value == "":
            return None
        if value not in option_ids(question):
            raise AnswerError(_("Choose one of the options shown."))
        return value
    if kind == "multiple_choice":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise AnswerError(_("Choose any of the options shown."))
        return _choices(question, value)
    if kind == "true_false":
        if not isinstance(value, bool):
            raise AnswerError(_("Choose True or False."))
        return value
    if kind == "ordering":
        return _order(question, value)
    if not isinstance(value, str):
        raise AnswerError(_("Type your answer as text."))
    return _text(question, value)


def _choices(question: Mapping[str, Any], chosen: list[str]) -> list[str] | None:
    known = option_ids(question)
    if any(choice not in known for choice in chosen):
        raise AnswerError(_("Choose any of the options shown."))
    picked = [option for option in known if option in set(chosen)]  # definition order, no dups
    return picked or None


def _text(question: Mapping[str, Any], value: str) -> str | None:
    kind = question["type"]
    if kind == "numeric":
        text = value.strip()
        if not text:
            return None
        if len(text) > MAX_NUMBER_LENGTH or parse_number(text, question.get("unit")) is None:
            raise AnswerError(_("Enter a number, for example 42, -3.5 or 3,5."))
        return text
    limit = question.get("max_length") if kind == "short_text" else MAX_TEXT_LENGTH
    limit = min(int(limit or MAX_TEXT_LENGTH), MAX_TEXT_LENGTH)
    if len(value) > limit:
        raise AnswerError(_("Your answer is %(length)d characters long; the limit is "
                            "%(limit)d.", length=len(value), limit=limit))
    return value if value.strip() else None


def _order(question: Mapping[str, Any], value: Any) -> list[str] | None:
    items = item_ids(question)
    if value == []:
        return None
    if (not isinstance(value, list) or sorted(map(str, value)) != sorted(items)
            or not all(isinstance(v, str) for v in value)):
        raise AnswerError(_("Put every item in a position, each position once."))
    return list(value)


def _positions(question: Mapping[str, Any], positions: dict[str, str]) -> list[str] | None:
    """Ordering without JavaScript: one position menu per item; all empty is unanswered."""
    if all(not position for position in positions.values()):
        return None
    try:
        numbers = {item: int(position) for item, position in positions.items()}
    except ValueError:
        raise AnswerError(_("Put every item in a position, each position once.")) from None
    if sorted(numbers.values()) != list(range(1, len(numbers) + 1)):
        raise AnswerError(_("Put every item in a position, each position once."))
    return sorted(numbers, key=lambda item: numbers[item])
