"""Answers made of parts: a mapping from a part's key to the candidate's text or choice.

For types whose answer is ``{key: value}`` (matching: prompt id -> answer id; cloze: blank
number -> text or option id), scored part by part:

- the take partial gives each part one field named ``<prefix><key>``, a ``<select>`` or a
  text input, so the page works without JavaScript; each field also carries
  ``data-part="<key>"``, and the type's ``script_answer`` is "parts", so the page script
  sends ``{key: value}`` for autosave;
- ``parse_parts`` reads both (``parts_from_form`` turns the form into the same mapping);
  a part left blank is not in the answer, and with no part answered the answer is None,
  so an empty mapping is never stored (contracts.md §2's "unanswered" needs no new rule);
- ``credit_by_parts`` scores the mapping: the mean of the parts' credits, or
  all-or-nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from app.questions.base import AnswerError, Credit

if TYPE_CHECKING:
    from werkzeug.datastructures import MultiDict

# Checks one part's value (key, value) and returns it as stored; raises AnswerError.
PartCheck = Callable[[str, str], str]


def parts_from_form(form: MultiDict[str, str], prefix: str, keys: Sequence[str]) -> dict[str, str]:
    """The value of each part's field (``<prefix><key>``) as sent; "" when missing."""
    return {key: form.get(prefix + key, "") for key in keys}


def parse_parts(value: Any, keys: Sequence[str], message: str,
                check: PartCheck | None = None) -> dict[str, str] | None:
    """A ``{key: text}`` answer with known keys, in the order of ``keys``; blank parts
    dropped; None when no part is answered. Raises AnswerError(``message``) when
    ``value`` is not such a mapping, and whatever ``check`` raises for one part."""
    if value is None:
        return None
    if not isinstance(value, dict) or not all(
            isinstance(key, str) and isinstance(text, str) for key, text in value.items()):
        raise AnswerError(message)
    if not set(value) <= set(keys):
        raise AnswerError(message)
    answer = {}
    for key in keys:
        text = value.get(key, "")
        if text.strip():
            answer[key] = check(key, text) if check is not None else text
    return answer or None


def credit_by_parts(parts: Mapping[str, Credit], *, all_or_nothing: bool = False) -> Credit:
    """The credit function of a parts answer, given each part's own credit function.

    Partial: the mean of the parts' credits, a missing part earning 0 (so each part is
    worth an equal share). All or nothing: 1 only when every part earns full credit.
    An answer that is not a mapping earns 0; keys the question does not have are ignored.
    """
    items = tuple(parts.items())
    count = len(items) or 1

    def credit(answer: object) -> float:
        if not isinstance(answer, dict):
            return 0.0
        total = 0.0
        for key, part_credit in items:
            value = answer.get(key)
            earned = 0.0 if value is None else part_credit(value)
            if all_or_nothing and earned < 1.0:
                return 0.0
            total += earned
        return 1.0 if all_or_nothing else total / count

    return credit
