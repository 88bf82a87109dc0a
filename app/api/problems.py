"""The public API's one error shape: ``application/problem+json`` (RFC 9457).

Every error under /api/v1, whatever raised it (a view, Authlib, routing's 404 and 405, a
body over its limit, the rate limiter, an unexpected exception, a database that cannot be
reached), is a problem object::

    {"type": "<BASE_URL>/problems/<slug>", "title": "Bad Request", "status": 400,
     "detail": "<one sentence>", "instance": "/api/v1/...", "requestId": "..."}

plus extension members where they help a program (``errors`` on validation failures;
``error`` and ``error_description`` on the token endpoint, as RFC 6749 §5.2 names them).
``type`` URLs are listed in PROBLEM_TYPES, documented in docs/public-api.md, and each
leads to its entry of the reference page (/problems/<slug> redirects to /api/docs).
Texts are English on purpose: they are for the integrator's developers and logs.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Mapping
from typing import Any

import psycopg
from flask import Response, current_app, request
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from app.extensions import db
from app.web.rate_limits import retry_after_seconds

log = logging.getLogger(__name__)

PREFIX = "/api/v1"
INVITATION_ID_PATTERN = r"iv_[0-9a-f]{1,37}"  # app.security.tokens.public_id("iv")
PROBLEM_JSON = "application/problem+json"
# Seconds a client should wait before retrying when the database cannot be reached.
UNAVAILABLE_RETRY_SECONDS = 5
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:\-]{1,128}")
_REQUEST_ID_KEY = "assay.request_id"

# slug -> what it means; the reference page and docs/public-api.md list the same.
PROBLEM_TYPES: dict[str, str] = {
    "invalid-request": "The request is malformed: a missing or wrongly typed field, a bad "
                       "query parameter, or a body that is not valid JSON.",
    "invalid-test-ids": "testIds names tests that do not exist (for this company) or are "
                        "inactive; errors lists each.",
    "unauthorized": "No valid bearer token (missing, malformed, expired or revoked), or the "
                    "client's credentials are wrong at the token endpoint.",
    "oauth-error": "The token request was refused (RFC 6749 §5.2; see error).",
    "forbidden": "The token lacks the scope this call needs, or the call was not made over "
                 "HTTPS.",
    "not-found": "Nothing with this id exists for your company, or the path is unknown.",
    "method-not-allowed": "The path exists but not with this method; see Allow.",
    "conflict": "The resource is in a state that does not allow this change.",
    "payload-too-large": "The request body is larger than this endpoint accepts.",
    "unsupported-media-type": "The body must be sent as application/json.",
    "idempotency-key-reused": "This Idempotency-Key was used with a different request.",
    "rate-limited": "Too many requests; wait Retry-After seconds.",
    "server-error": "An unexpected error; it was logged with the requestId.",
    "unavailable": "The service cannot reach its database; retry after Retry-After seconds.",
}

_SLUG_BY_STATUS = {400: "invalid-request", 401: "unauthorized", 403: "forbidden",
                   404: "not-found", 405: "method-not-allowed", 409: "conflict",
                   413: "payload-too-large", 415: "unsupported-media-type",
                   422: "idempotency-key-reused", 429: "rate-limited", 500: "server-error",
                   503: "unavailable"}


class Problem(Exception):
    """An error answer of the public API, raised by views and decorators."""

    def __init__(self, status: int, detail: str, *, slug: str | None = None,
                 extra: Mapping[str, Any] | None = None,
                 headers: Mapping[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.slug = slug or _SLUG_BY_STATUS.get(status, "invalid-request")
        self.extra = dict(extra or {})
        self.headers = dict(headers or {})


def in_public_api(path: str) -> bool:
    return path == PREFIX or path.startswith(PREFIX + "/")


def type_url(slug: str) -> str:
    return f"{current_app.config['BASE_URL']}/problems/{slug}"


def request_id() -> str:
    """This request's id: the caller's X-Request-ID when it is a sane token, else ours."""
    # Kept in the WSGI environ, which lives exactly as long as the request (g belongs to
    # the app context, which a test or a CLI command may keep across requests).
    found: str | None = request.environ.get(_REQUEST_ID_KEY)
    if found is None:
        given = request.headers.get("X-Request-ID", "")
        found = given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        request.environ[_REQUEST_ID_KEY] = found
    return found


def problem_response(problem: Problem) -> Response:
    body: dict[str, Any] = {
        "type": type_url(problem.slug), "title": HTTP_STATUS_CODES.get(problem.status, "Error"),
        "status": problem.status, "detail": problem.detail, "instance": request.path,
        **problem.extra, "requestId": request_id()}
    # In this order (type, title, status, detail, instance), as RFC 9457 writes them.
    response = Response(current_app.json.dumps(body, sort_keys=False), status=problem.status,
                        mimetype=PROBLEM_JSON)
    response.headers.update(problem.headers)
    return response


def http_problem(error: HTTPException) -> Problem:
    """A werkzeug/Flask HTTP error (routing, body limits, the rate limiter) as a problem."""
    status = error.code or 500
    headers = {name: value for name, value in error.get_headers()
               if name.lower() in ("allow", "retry-after", "www-authenticate")}
    detail = {
        404: "No such resource: check the path and the id.",
        405: f"{request.method} is not allowed here; allowed: {headers.get('Allow', 'none')}.",
        413: f"The request body is larger than {(request.max_content_length or 1) - 1} bytes.",
        415: "Send the body as JSON with Content-Type: application/json.",
    }.get(status) or error.description or HTTP_STATUS_CODES.get(status, "Error")
    if status == 429:
        seconds = retry_after_seconds()
        headers["Retry-After"] = str(seconds)
        detail = f"Too many requests; try again in {seconds} s."
    return Problem(status, detail, headers=headers)


def database_unreachable(error: BaseException) -> bool:
    """Whether ``error`` means the database cannot be reached (down, refusing, pool empty)."""
    return isinstance(error, (sa_exc.OperationalError, sa_exc.InterfaceError,
                              sa_exc.TimeoutError, psycopg.OperationalError))


def unexpected_problem(error: Exception) -> Problem:
    """A 503 when the database is out of reach, else a 500; logged with the request id,
    and the answer says nothing of the cause."""
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001  (the connection may be gone; the answer matters more)
        log.warning("rollback failed after an error [request %s]", request_id())
    if database_unreachable(error):
        log.error("database unreachable on %s %s [request %s]: %s", request.method,
                  request.path, request_id(), type(error).__name__)
        return Problem(503, "The service is temporarily unavailable; retry shortly.",
                       headers={"Retry-After": str(UNAVAILABLE_RETRY_SECONDS)})
    log.exception("unhandled error on %s %s [request %s]", request.method, request.path,
                  request_id())
    return Problem(500, f"An unexpected error occurred; it was logged as request "
                        f"{request_id()}.")


def error_response(error: BaseException) -> Response:
    """Any error raised while serving /api/v1, as its problem response."""
    if isinstance(error, Problem):
        return problem_response(error)
    if isinstance(error, HTTPException):
        return problem_response(http_problem(error))
    assert isinstance(error, Exception)
    return problem_response(unexpected_problem(error))
