"""The candidate's blueprint: the emailed link, taking a test, submitting it.

Registered through ``app.web.BLUEPRINT_MODULES``. Pages carry no token in their URLs
(only the landing page does) and never let a browser or a proxy cache them.
"""

from __future__ import annotations

from flask import Blueprint, Response
from flask_babel import format_datetime, format_time, get_timezone

bp = Blueprint("candidate", __name__)


@bp.context_processor
def time_helpers() -> dict[str, object]:
    """Times on candidate pages are in the candidate's own zone (from their browser)."""
    return {"format_time": format_time, "format_datetime": format_datetime,
            "timezone_name": str(get_timezone())}


@bp.after_request
def private_pages(response: Response) -> Response:
    # The landing URL holds the token and take URLs name the attempt: never keep these pages
    # in a shared cache or the back-forward cache. (Referer: app.web.security_headers.)
    response.headers["Cache-Control"] = "no-store"
    return response


# The views import bp, so they come after it; importing them registers their routes.
from app.candidate import views_api, views_landing, views_take  # noqa: E402, F401  (see above)
