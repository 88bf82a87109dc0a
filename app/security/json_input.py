"""JSON from outside, parsed with limits: one parser for every body Assay reads.

Python's ``json`` accepts what the rest of the stack cannot handle: nesting thousands deep
(a RecursionError in the parser or in whatever walks the value next), integers of
thousands of digits (slow to convert, a ValueError past 4,300), ``NaN`` and ``Infinity``
(not JSON, and not storable), and strings with NUL or lone surrogates (see
app.security.text). :func:`strict_loads` refuses all of them with a
:class:`JSONInputError` naming where the problem is (``candidate.first_name``,
``answer[2]``), so every API can answer one 400 that says what to fix.

The app's JSON provider uses it too (:class:`StrictJSONProvider`), so ``request.get_json``
in any view gets the same limits.
"""

from __future__ import annotations

import json
from typing import Any

from flask.json.provider import DefaultJSONProvider

from app.security.text import text_problem

MAX_DEPTH = 32  # no body of ours nests more than a few levels
MAX_NUMBER_LENGTH = 40  # characters of one number literal (int64 is 20 with its sign)


class JSONInputError(ValueError):
    """A body that is not usable JSON; ``field`` is where (``body`` for the whole)."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


def _integer(text: str) -> int:
    if len(text) > MAX_NUMBER_LENGTH:
        raise JSONInputError("body", f"has a number longer than {MAX_NUMBER_LENGTH} digits")
    return int(text)


def _decimal(text: str) -> float:
    if len(text) > MAX_NUMBER_LENGTH:
        raise JSONInputError("body", f"has a number longer than {MAX_NUMBER_LENGTH} characters")
    number = float(text)
    if number in (float("inf"), float("-inf")):
        raise JSONInputError("body", "has a number too large to represent")
    return number


def _constant(name: str) -> Any:
    raise JSONInputError("body", f"is not valid JSON ({name} is not a JSON value)")


def strict_loads(data: str | bytes) -> Any:
    """``data`` parsed as JSON within the limits above. Raises :class:`JSONInputError`."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise JSONInputError("body", "is not UTF-8 text") from None
    try:
        value = json.loads(data, parse_int=_integer, parse_float=_decimal,
                           parse_constant=_constant)
    except RecursionError:
        raise JSONInputError("body", f"nests deeper than {MAX_DEPTH} levels") from None
    except json.JSONDecodeError as error:
        raise JSONInputError(
            "body", f"is not valid JSON ({error.msg} at line {error.lineno}, column "
                    f"{error.colno})") from None
    check_value(value)
    return value


def check_value(value: Any) -> None:
    """Walk a decoded value (without recursion): depth, and text that can be stored.
    Raises :class:`JSONInputError` at the first problem, naming its path."""
    stack: list[tuple[Any, str, int]] = [(value, "", 0)]
    while stack:
        item, path, depth = stack.pop()
        if isinstance(item, str):
            problem = text_problem(item)
            if problem is not None:
                raise JSONInputError(path or "body", problem)
        elif isinstance(item, (dict, list)):
            if depth >= MAX_DEPTH:
                raise JSONInputError("body", f"nests deeper than {MAX_DEPTH} levels")
            if isinstance(item, dict):
                for key, child in item.items():
                    where = f"{path}.{key}" if path else str(key)
                    problem = text_problem(key)
                    if problem is not None:
                        raise JSONInputError(path or "body", f"has a property name that {problem}")
                    stack.append((child, where, depth + 1))
            else:
                stack.extend((child, f"{path or 'body'}[{index}]", depth + 1)
                             for index, child in enumerate(item))


class StrictJSONProvider(DefaultJSONProvider):
    """Flask's JSON, reading with :func:`strict_loads` (``request.get_json`` answers 400
    on a body that breaks a limit; the view's error handler words it)."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        return strict_loads(s)
