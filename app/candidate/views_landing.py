"""The emailed link: a landing page that changes nothing the candidate depends on (it
records the first opening), "submitted on" once every test is finished, and the Start
button."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, session
from flask_babel import get_locale
from werkzeug.wrappers import Response

from app.candidate import bp
from app.candidate.access import bind, current_visit, use_language_of
from app.candidate.presenters import landing_tests
from app.candidate.views_take import entered
from app.domain import AttemptState
from app.extensions import db
from app.models import Invitation, utcnow
from app.services import taking
from app.services.invitations import find_by_token
from app.services.openings import open_link
from app.web.i18n import valid_timezone
from app.web.rate_limits import failed_lookups

# Wrong or unknown links (the neutral 404) from one address, counted for both views.
link_guesses = failed_lookups("candidate-link")


def _usable_invitation(token: str) -> Invitation:
    """The invitation behind a link, or the one neutral 404 page for every bad link
    (unknown, expired, cancelled, finished: the page never says which; the landing
    page tells a candidate who finished, since they hold the link)."""
    invitation = find_by_token(db.session, token)
    if invitation is None or not invitation.is_usable(utcnow()):
        abort(404)
    return invitation


@bp.get("/t/<id:token>")
@link_guesses
def landing(token: str) -> str:
    opened = open_link(db.session, token, utcnow())
    if opened is None:
        abort(404)
    db.session.commit()  # the first opening, if this was it
    invitation = opened.invitation
    use_language_of(invitation)
    if opened.submitted_at is not None:
        return render_template("candidate/submitted.html", invitation=invitation,
                               submitted_at=opened.submitted_at,
                               finished=[a for a in invitation.attempts if a.is_finished])
    running = taking.running_attempt(invitation)
    started_any = any(a.state != AttemptState.NOT_STARTED for a in invitation.attempts)
    return render_template(
        "candidate/landing.html", invitation=invitation, token=token,
        tests=landing_tests(invitation, str(get_locale())), running=running,
        upcoming=taking.next_attempt(invitation), started_any=started_any)


@bp.post("/t/<id:token>/start")
@link_guesses
def start(token: str) -> Response:
    invitation = _usable_invitation(token)
    bind(invitation)
    timezone = valid_timezone(request.form.get("tz"))
    if timezone:
        session["tz"] = timezone
    location = entered(taking.enter(db.session, invitation, current_visit()))
    db.session.commit()
    return redirect(location)
