"""Wiring shared by every web page: the blueprint list and the error pages."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import cast

from flask import Flask, Response, jsonify, make_response, render_template, request
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app.extensions import db
from app.web.home import bp as home_bp
from app.web.rate_limits import retry_after_seconds

# Paths whose errors are JSON for machines, never HTML pages: the machine APIs, and the
# candidate page script's own endpoints (/take/<attempt>/api/...).
JSON_PREFIXES = ("/api/",)
_PAGE_SCRIPT_API = re.compile(r"^/take/[^/]+/api/")


def wants_json(path: str) -> bool:
    return path.startswith(JSON_PREFIXES) or _PAGE_SCRIPT_API.match(path) is not None


def register_blueprints(app: Flask) -> None:
    app.register_blueprint(home_bp)
    for module in BLUEPRINT_MODULES:
        bp = __import__(module, fromlist=["bp"]).bp
        app.register_blueprint(bp)


# Feature blueprints, each a package owning its views (see ../shared/STYLE.md layout).
BLUEPRINT_MODULES: list[str] = [
    "app.results",
    "app.greenhouse",
    "app.api",
    "app.api.docs",
    "app.web.devmail",
    "app.candidate",
    "app.console",
]

# The page script's error codes (static/js/take.js reads ``error``; ``message`` is shown).
_SCRIPT_ERROR_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed",
                       413: "too_large", 429: "too_many_requests", 500: "server_error",
                       503: "unavailable"}


def _script_error(status: int, error: HTTPException | None) -> Response:
    """An error of the candidate page's JSON endpoints, in their shape."""
    if isinstance(error, CSRFError):
        code, message = "csrf_failed", _("Your session has expired: reload the page to go on. "
                                         "Your saved answers are kept.")
    elif status == 413:
        code, message = "too_large", _("This answer is too long.")
    elif status >= 500:
        code, message = _SCRIPT_ERROR_CODES.get(status, "server_error"), _(
            "An unexpected error occurred. Your saved answers are safe; please try again "
            "in a moment.")
    else:
        code = _SCRIPT_ERROR_CODES.get(status, "bad_request")
        message = (error.description if error is not None and error.description
                   else _("The request was malformed."))
    response = jsonify({"error": code, "message": message})
    response.status_code = status
    return response


def _machine_error(status: int, error: HTTPException | None) -> Response:
    body: dict[str, str | None]
    if error is None:
        body = {"error": "Internal Server Error",
                "message": "An unexpected error occurred; it has been logged."}
    else:
        body = {"error": error.name, "message": error.description}
    response = jsonify(body)
    response.status_code = status
    return response


def _problem_maker(app: Flask) -> Callable[[BaseException], Response] | None:
    """The error answer of an API with its own shape (app.api registers the public API's
    problem+json for /api/v1), for this request's path; None for the others."""
    for prefix, maker in app.extensions.get("assay_problem_paths", {}).items():
        if request.path == prefix or request.path.startswith(prefix + "/"):
            return cast(Callable[[BaseException], Response], maker)
    return None


def register_error_pages(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response | tuple[Response, int]:
        own_shape = _problem_maker(app)
        if own_shape is not None:
            return own_shape(error)
        status = error.code or 500
        headers = {name: value for name, value in error.get_headers()
                   if name.lower() in ("allow", "retry-after", "www-authenticate")}
        message = None
        if status == 429:
            seconds = retry_after_seconds()
            headers["Retry-After"] = str(seconds)
            wait = format_timedelta(timedelta(seconds=seconds))
            if request.blueprint == "console":
                # Console sign-ins are also limited per account, from any network.
                message = _("Too many failed attempts. Please wait %(minutes)s and try "
                            "again.", minutes=wait)
            else:
                message = _("Too many failed attempts from your network. Please wait "
                            "%(minutes)s and try again.", minutes=wait)
        if wants_json(request.path):
            maker = _machine_error if request.path.startswith(JSON_PREFIXES) else _script_error
            response = maker(status, error)
        else:
            template = "errors/gone.html" if status in (404, 410) else "errors/error.html"
            response = make_response(render_template(template, error=error, message=message))
            response.status_code = status
        response.headers.update(headers)
        return response

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> Response | tuple[str, int]:
        own_shape = _problem_maker(app)
        if own_shape is not None:
            return own_shape(error)
        db.session.rollback()
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        if wants_json(request.path):
            maker = _machine_error if request.path.startswith(JSON_PREFIXES) else _script_error
            return maker(500, None)
        return render_template("errors/error.html", error=None), 500
