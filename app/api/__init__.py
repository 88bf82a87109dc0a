"""The public REST API v1 (docs/public-api.md): OAuth2 client credentials, the test
catalogue, candidate invitations and their status.

Callers authenticate with bearer tokens from /api/v1/auth/token, so the blueprint is
exempt from CSRF. Every error is ``application/problem+json`` (app.api.problems); every
answer echoes the request's ``X-Request-ID``.
"""

from __future__ import annotations

from typing import Any, cast

from flask import Blueprint, Flask, Response, current_app, request
from flask.blueprints import BlueprintSetupState
from werkzeug.routing import BaseConverter

from app.api.problems import (
    INVITATION_ID_PATTERN,
    PREFIX,
    Problem,
    error_response,
    in_public_api,
    request_id,
)
from app.extensions import csrf
from app.web.rate_limits import rate_limit_headers

bp = Blueprint("api", __name__, url_prefix=PREFIX)
csrf.exempt(bp)  # token-authenticated machine API: no cookies, no forms

class InvitationIdConverter(BaseConverter):
    """An invitation's public id (``iv_`` and hex), so ``/tests/invitations/candidates``
    never reads as an invitation id."""

    regex = INVITATION_ID_PATTERN


# The app-wide error handlers (app.web) answer errors of paths under these prefixes with
# the function given: routing's 404 and 405 reach no blueprint's handler.
PROBLEM_PATHS = "assay_problem_paths"


@bp.record_once
def _register(state: BlueprintSetupState) -> None:
    app = cast(Flask, state.app)
    app.url_map.converters["invitation"] = InvitationIdConverter
    app.extensions.setdefault(PROBLEM_PATHS, {})[PREFIX] = error_response

    @app.before_request
    def refuse_plain_http() -> Any:
        """With REQUIRE_HTTPS, a call that did not arrive over HTTPS is refused before its
        token is looked at."""
        if (in_public_api(request.path) and current_app.config["REQUIRE_HTTPS"]
                and not request.is_secure):
            raise Problem(403, "HTTPS is required: call this API at its https:// address.")
        return None

    @app.after_request
    def echo_request_id(response: Response) -> Response:
        if in_public_api(request.path):
            response.headers["X-Request-ID"] = request_id()
            response.headers.update(rate_limit_headers())
        return response


@bp.errorhandler(Exception)
def api_error(error: Exception) -> Response:
    return error_response(error)


from app.api import oauth, views_invitations, views_tests  # noqa: E402, F401  (they register on bp)

__all__ = ["bp"]
