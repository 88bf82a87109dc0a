"""The hiring team's results page: ``/results/<invitation_public_id>[?sig=...]``.

Opened from Greenhouse (``partner_profile_url``), the completion email (both signed) and
the console (a signed-in member, no signature). app.results.access decides; every way of
failing it (unknown invitation, missing or wrong signature, a member without the right)
gives the same neutral 404 page, and an organization requiring sign-in sends a signed-out
visitor to the console's sign-in page first. The page also carries the essay grading
forms, which post back here.
"""

from __future__ import annotations

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.models import User, utcnow
from app.questions import type_of
from app.results import bp
from app.results.access import SIGN_IN_REQUIRED, ResultsAccess, results_access
from app.results.grading_form import GradeForm, grade_form
from app.results.queries import invitation_report
from app.results.replay import rubric_of
from app.services.grading import (
    GradingError,
    drawn_question_ids,
    find_question,
    grade_response,
)
from app.web.rate_limits import failed_lookups

# Wrong signatures or unknown invitations (the neutral 404) from one address.
link_guesses = failed_lookups("results-link")

GRADER_NAME_KEY = "results_grader_name"  # remembered between grades, in the signed session


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


@bp.post("/<id:invitation_id>/attempts/<id:attempt_id>/questions/<id:question_id>/grade")
@link_guesses
def grade(invitation_id: str, attempt_id: str, question_id: str) -> ResponseReturnValue:
    access = _access(invitation_id)
    attempt = next((a for a in access.invitation.attempts if a.public_id == attempt_id), None)
    if attempt is None:
        abort(404)
    question = find_question(attempt, question_id)
    if question is None or not type_of(question).manual_grading:
        abort(404)
    form = grade_form(attempt_id, question_id, rubric_of(question), float(question["points"]))
    session[GRADER_NAME_KEY] = (form.grader_name.data or "").strip()[:200]
    if form.validate():
        assert form.grade_points is not None
        try:
            grade_response(db.session, attempt, question_id, form.grade_points,
                           form.note.data, form.grader_name.data or "", utcnow())
        except GradingError as error:
            db.session.rollback()
            form.add_service_error(error)
        else:
            db.session.commit()
            number = drawn_question_ids(attempt).index(question_id) + 1
            flash(_("Grade saved for question %(number)s.", number=number), "success")
            return redirect(url_for("results.show", invitation_id=invitation_id,
                                    sig=access.signature, _anchor=f"q-{attempt_id}-{question_id}"))
    return _render(access, form), 422


def _render(access: ResultsAccess, form: GradeForm | None = None) -> str:
    report = invitation_report(db.session, access.invitation, blind=access.blind,
                               percentile_minimum=current_app.config["PERCENTILE_MIN_CANDIDATES"])
    return render_template("results/show.html", report=report, access=access, failed_form=form,
                           grader_name=session.get(GRADER_NAME_KEY, ""))
