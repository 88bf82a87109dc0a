"""The hiring team's results page: ``/results/<invitation_public_id>?sig=...``.

Opened from Greenhouse (``partner_profile_url``) and the completion email. Every way of
failing the access check (unknown invitation, missing or wrong signature) gives the same
neutral 404 page. Essays are graded in the console (app.console.views_grading), by
signed-in reviewers; this page shows their grades and links there.
"""

from __future__ import annotations

from flask import Response, abort, current_app, render_template, request

from app.extensions import db
from app.results import bp
from app.results.access import ResultsAccess, results_access
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


def _access(invitation_id: str) -> ResultsAccess:
    access = results_access(db.session, invitation_id, signature=request.args.get("sig"))
    if access is None:
        abort(404)
    return access


@bp.get("/<id:invitation_id>")
@link_guesses
def show(invitation_id: str) -> str:
    access = _access(invitation_id)
    return _render(access)


def _render(access: ResultsAccess) -> str:
    report = invitation_report(db.session, access.invitation,
                               percentile_minimum=current_app.config["PERCENTILE_MIN_CANDIDATES"])
    return render_template("results/show.html", report=report, access=access)
