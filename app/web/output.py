"""Every page and email can be encoded, whatever text was stored before input was checked.

Input refuses NUL and lone surrogates (app.web.boundary, app.security.json_input), but a
row stored before those checks (or by a future path that forgets them) must not turn a
candidate's question page or the results page into a permanent 500: each ``{{ value }}``
in a template passes through :func:`app.security.text.printable`.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from markupsafe import Markup

from app.domain import AttemptState
from app.security.text import printable


def finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return Markup(printable(str(value)))  # noqa: S704  (was Markup; printable strips only control characters)
    if isinstance(value, str):
        return printable(value)
    return value


def init_app(app: Flask) -> None:
    app.jinja_options = {**app.jinja_options, "finalize": finalize}
    # Templates name states by the domain's words, never by string literals.
    app.jinja_env.globals["AttemptState"] = AttemptState
