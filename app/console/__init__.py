"""The hiring team's signed-in console (blueprint ``console``): accounts and access today;
invitations, results and settings build on it."""

from flask import Blueprint, Response
from flask_login import current_user

from app.results.formatting import formatting_helpers

bp = Blueprint("console", __name__, url_prefix="/console")


@bp.context_processor
def signed_in_member() -> dict[str, object]:
    return {"current_user": current_user}


# Numbers, percents, times and durations as the results pages write them (one way).
bp.context_processor(formatting_helpers)


@bp.after_request
def private_page_headers(response: Response) -> Response:
    """Console pages show a team's data to its members: never kept by a shared cache, nor
    by the browser's back button after signing out, nor indexed."""
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


# The modules import bp, so they come after it; importing them registers routes.
from app.console import (  # noqa: E402, F401
    access,
    navigation,
    views_account,
    views_grading,
    views_home,
    views_invitation_actions,
    views_invitations,
    views_invite,
    views_invite_csv,
    views_keys,
    views_outbox,
    views_preview,
    views_profile,
    views_settings,
    views_team,
    views_tests,
)
