"""Text that can be stored and sent: one check at every boundary, one repair for output.

Two kinds of character get past Python but not past the rest of the stack:

- NUL (U+0000): PostgreSQL refuses it in any text value (the request would end in a 500
  on PostgreSQL and succeed on SQLite);
- lone surrogates (U+D800-U+DFFF outside a pair): JSON's ``"\\ud800"`` decodes to one,
  SQLite stores it, and every page or email that later shows it fails to encode as UTF-8.

Input is refused with :func:`text_problem` (forms, query strings, JSON bodies, bank files);
output goes through :func:`printable` so text stored before this check cannot break a page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pydantic_core import PydanticCustomError

# NUL, or a surrogate code point: in a Python str every surrogate is a lone one (a valid
# pair decodes to a single astral code point).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class UnstorableText(ValueError):
    """Text holds a character that cannot be stored or encoded; ``field`` names where."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored or sent as text, in a sentence; None when it can."""
    found = _UNSTORABLE.search(value)
    if found is None:
        return None
    if found.group() == "\x00":
        return "contains a NUL character, which cannot be stored"
    return "contains an unpaired surrogate (not valid Unicode text)"


def check_text(field: str, value: str) -> str:
    """``value`` itself, or raises :class:`UnstorableText` naming ``field``."""
    problem = text_problem(value)
    if problem is not None:
        raise UnstorableText(field, problem)
    return value


def printable(value: str) -> str:
    """``value`` with NUL and lone surrogates replaced by U+FFFD, ready to encode as UTF-8.
    Costs one scan of ASCII-only text (the common case) and nothing more."""
    if value.isascii() and "\x00" not in value:
        return value
    return _UNSTORABLE.sub("\ufffd", value)


def required_text(max_length: int, error_type: str) -> Callable[[Any], str]:
    """A pydantic "before" check for an API's required text field: a string, trimmed, not
    blank, at most ``max_length`` characters; each failure is a ``PydanticCustomError``
    of ``error_type`` (the API's name) whose message the API shows for the field."""

    def check(value: Any) -> str:
        if value is None:
            raise PydanticCustomError(error_type, "is required")
        if not isinstance(value, str):
            raise PydanticCustomError(error_type, "must be a string")
        text = value.strip()
        if not text:
            raise PydanticCustomError(error_type, "must not be empty")
        if len(text) > max_length:
            raise PydanticCustomError(error_type, f"must be at most {max_length} characters")
        return text
    return check


def field_path(loc: tuple[int | str, ...]) -> str:
    """Where a pydantic error points, as an API names a field: ``candidate.email``,
    ``testIds[2]``; ``body`` for the body as a whole."""
    where = ""
    for part in loc:
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
    return where or "body"
