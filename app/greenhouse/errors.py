"""The Greenhouse API's one error shape: ``{"error", "message"[, "problems"]}`` as JSON.

``error`` is the HTTP reason phrase, ``message`` one sentence for a person, ``problems``
(validation errors only) every problem found, each a sentence naming its field. The app's
own handler (app.web) answers routing 404/405 under /api/ in the same shape.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Response, current_app, jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from app.extensions import db
from app.greenhouse import bp
from app.web.rate_limits import retry_after_seconds


class GreenhouseError(Exception):
    """An answer other than success, raised by views and turned into JSON here."""

    def __init__(self, status: int, message: str, problems: list[str] | None = None,
                 headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.problems = problems
        self.headers = dict(headers or {})


def json_error(status: int, message: str, problems: list[str] | None = None,
               headers: Mapping[str, str] | None = None) -> Response:
    body: dict[str, object] = {"error": HTTP_STATUS_CODES.get(status, "Error"), "message": message}
    if problems is not None:
        body["problems"] = problems
    response = jsonify(body)
    response.status_code = status
    response.headers.update(headers or {})
    return response


def bad_request(problems: list[str]) -> GreenhouseError:
    return GreenhouseError(400, "The request is not valid: " + " ".join(
        p if p.endswith(".") else p + "." for p in problems), problems)


NOT_FOUND_INTERVIEW = "No test with this partner_interview_id exists for this API key."


@bp.errorhandler(GreenhouseError)
def greenhouse_error(error: GreenhouseError) -> Response:
    return json_error(error.status, error.message, error.problems, error.headers)


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException) -> Response:
    headers = {name: value for name, value in error.get_headers()
               if name.lower() in ("allow", "www-authenticate", "retry-after")}
    message = error.description or error.name
    if error.code == 413:
        limit = request.max_content_length or 0
        message = f"The request body is larger than {limit // 1024} KB."
    elif error.code == 429:
        seconds = retry_after_seconds()
        headers["Retry-After"] = str(seconds)
        message = (f"Too many failed attempts to authenticate from this address; try again "
                   f"in {seconds} s.")
    return json_error(error.code or 500, message, headers=headers)


@bp.errorhandler(Exception)
def unexpected_error(error: Exception) -> Response:
    db.session.rollback()
    current_app.logger.exception("unhandled error in the Greenhouse API")
    return json_error(500, "An unexpected error occurred; it has been logged.")
