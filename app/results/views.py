"""The hiring team's results page: ``/results/<invitation_public_id>[?sig=...]``.

Opened from Greenhouse (``partner_profile_url``), the completion email (both signed) and
the console (a signed-in member, no signature). app.results.access decides; every way of
failing it (unknown invitation, missing or wrong signature, a member without the right)
gives the same neutral 404 page, and an organization requiring sign-in sends a signed-out
visitor to the console's sign-in page first. Essays are graded in the console
(app.console.views_grading) by signed-in reviewers; this page shows their grades and
links there.
"""

from __future__ import annotations

from flask import Response, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from app.extensions import db
from app.models import User
from app.results import bp
from app.results.access import SIGN_IN_REQUIRED, ResultsAccess, results_access
from app.results.queries import invitation_report
from app.web.rate_limits import failed_lookups

# Wrong signatures or unknown invitations (the neutral 404) from one address.
link_guesses = failed_lookups("results-link")


@bp.after_request
def private_page_headers(response: Response) -> Response:
    """Results are personal data reached by a secret link: keep the page out of shared
    caches and search engines (the Referer policy is app.web.security_headers'). Error
    pages too, so a 404 looks the same whatever caused it."""
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _signed_in_member() -> User | None:
    return current_user._get_current_object() if current_user.is_authenticated else None


def _access(invitation_id: str) -> ResultsAccess:
    decision = results_access(db.session, invitation_id, signature=request.args.get("sig"),
                              member=_signed_in_member())
    if decision is SIGN_IN_REQUIRED:
        # Back here after signing in (app.console.access.safe_next accepts results pages).
        back = url_for("results.show", invitation_id=invitation_id, sig=request.args.get("sig"))
        abort(redirect(url_for("console.sign_in", next=back)))
    if decision is None:
        abort(404)
    return decision


@bp.get("/<id:invitation_id>")
@link_guesses
def show(invitation_id: str) -> str:
    access = _access(invitation_id)
    return _render(access)


def _render(access: ResultsAccess) -> str:
    report = invitation_report(db.session, access.invitation, blind=access.blind,
                               percentile_minimum=current_app.config["PERCENTILE_MIN_CANDIDATES"])
    return render_template("results/show.html", report=report, access=access)
