"""Checks every request passes before any view (or CSRF check) reads it.

- Body size: ``MAX_CONTENT_LENGTH`` for the whole app, and a smaller limit per view
  (:func:`body_limit`), enforced while reading: a chunked body (no Content-Length) over
  the limit is a 413 too, never read whole into memory. The limit must be set before
  anything touches ``request.stream``, which is why this hook is registered before
  Flask-WTF's (it reads the form, and so creates the stream, for every POST).
- Text: a NUL or lone surrogate in a query string or form field is a 400 naming the field
  (see app.security.text), never a database error later.
- Paths: converters with bounds (``<id:...>``, ``<index:...>``, ``<rowid:...>``), so a NUL
  or a 5,000-digit number in a URL is a 404 and never reaches a query.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, request
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge
from werkzeug.routing import BaseConverter, IntegerConverter

from app.security.text import text_problem

F = TypeVar("F", bound=Callable[..., Any])
_LIMIT_ATTRIBUTE = "_assay_body_limit"

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
INT64_MAX = 2**63 - 1
MAX_INDEX = 10_000  # of a section or question in a test


def body_limit(max_bytes: int) -> Callable[[F], F]:
    """Mark a view: its request body may be at most ``max_bytes`` (413 beyond). Without
    a mark, ``MAX_CONTENT_LENGTH`` applies."""

    def mark(view: F) -> F:
        setattr(view, _LIMIT_ATTRIBUTE, max_bytes)
        return view

    return mark


class BadText(BadRequest):
    """A query string or form field holds text that cannot be stored."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}.")
        self.field = field


class PublicIdConverter(BaseConverter):
    """Tokens and public ids: URL-safe characters, bounded length."""

    regex = r"[A-Za-z0-9_\-]{1,128}"


class IndexConverter(IntegerConverter):
    """A position in a test (section, question): a small whole number."""

    def __init__(self, map: Any) -> None:
        super().__init__(map, max=MAX_INDEX)


class RowIdConverter(IntegerConverter):
    """A database row id: fits a 64-bit integer column."""

    def __init__(self, map: Any) -> None:
        super().__init__(map, min=1, max=INT64_MAX)


def init_app(app: Flask) -> None:
    """Register the converters and the checks; call before ``csrf.init_app``."""
    app.url_map.converters.update(id=PublicIdConverter, index=IndexConverter,
                                  rowid=RowIdConverter)

    @app.before_request
    def check_request() -> None:
        _read_body_within_limit(app)
        for name, value in request.args.items(multi=True):
            _check_field(name, value)
        if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            for name, value in request.form.items(multi=True):
                _check_field(name, value)


def _read_body_within_limit(app: Flask) -> None:
    """Read the body now, up to its limit, or raise 413.

    Werkzeug stops a body without Content-Length (chunked) at ``max_content_length`` but
    returns what it read so far, silently cut. So the stream may carry one byte more than
    the limit, and a body that fills it is refused: the view and the form parser then
    read the cached bytes, never a truncated body.
    """
    view = app.view_functions.get(request.endpoint or "")
    limit = getattr(view, _LIMIT_ATTRIBUTE, None) or app.config["MAX_CONTENT_LENGTH"]
    if not limit:
        return
    request.max_content_length = limit + 1
    if (request.method in _BODY_METHODS and request.mimetype != "multipart/form-data"
            and len(request.get_data(cache=True)) > limit):
        raise RequestEntityTooLarge()


def _check_field(name: str, value: str) -> None:
    problem = text_problem(name) or text_problem(value)
    if problem is not None:
        raise BadText(name if text_problem(name) is None else "a field name", problem)


def whole_number(text: str, maximum: int = INT64_MAX) -> int | None:
    """``text`` as a non-negative whole number up to ``maximum``, or None. ASCII digits
    only: ``str.isdigit`` also accepts superscripts ("²") that ``int`` refuses."""
    text = text.strip()
    if not text or len(text) > len(str(maximum)) or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if number <= maximum else None
