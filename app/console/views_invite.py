"""Inviting one candidate (admins and recruiters).

The form posts to itself. A candidate with an invitation still open to one of the tests
gets a confirmation step first (the same data posted again with ``confirm_duplicate``);
a sent invitation redirects back to the form, which then confirms it with a link.
"""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from app.console import bp
from app.console.access import current_member, member_required
from app.console.forms_invite import EXTRA_TIME_CHOICES, InvitationChoicesForm, InviteCandidateForm
from app.domain import LANGUAGE_NAMES
from app.extensions import db
from app.models import Invitation, Organization, Role, Test, utcnow
from app.services.console_invitations import (
    DuplicateInvitation,
    InvitationChoices,
    invite_candidate,
    offered_tests,
)
from app.services.invitations import CandidateDetails, InvitationError, language_mismatches
from app.services.organization_settings import invitation_valid_days


def invitation_path(public_id: str) -> str:
    """The console's page of one invitation."""
    return url_for("console.invitation", public_id=public_id)


def default_valid_days(organization: Organization) -> int:
    return invitation_valid_days(organization, int(current_app.config["INVITATION_VALID_DAYS"]))


def choice_context(form: InvitationChoicesForm, tests: list[Test]) -> dict[str, object]:
    """What the shared part of both invitation forms draws."""
    return {"offered": tests, "languages": LANGUAGE_NAMES, "extra_times": EXTRA_TIME_CHOICES,
            "chosen_slugs": form.test_slugs, "invitation_path": invitation_path}


def choices_of(form: InvitationChoicesForm, tests: list[Test]) -> InvitationChoices:
    by_slug = {test.slug: test for test in tests}
    return InvitationChoices(tests=[by_slug[slug] for slug in form.test_slugs],
                             language=form.language_code,
                             extra_time_factor=form.extra_time_factor, valid_days=form.days)


def _sent(public_id: str | None) -> Invitation | None:
    if not public_id:
        return None
    return db.session.scalar(select(Invitation).where(
        Invitation.public_id == public_id,
        Invitation.organization_id == current_member().organization_id))


def _render(form: InviteCandidateForm, tests: list[Test], *,
            problems: list[str] | None = None, sent: Invitation | None = None) -> str:
    mismatched = (language_mismatches([a.test for a in sent.attempts], sent.language)
                  if sent else [])
    return render_template("console/invite.html", form=form, problems=problems or [],
                           sent=sent, mismatched=mismatched, **choice_context(form, tests))


@bp.route("/invite", methods=["GET", "POST"])
@member_required(Role.ADMIN, Role.RECRUITER)
def new_invitation() -> ResponseReturnValue:
    member = current_member()
    tests = offered_tests(db.session, member.organization)
    if request.method == "GET":
        form = InviteCandidateForm(formdata=None,
                                   valid_days=str(default_valid_days(member.organization)))
        return _render(form, tests, sent=_sent(request.args.get("sent")))
    form = InviteCandidateForm()
    form.offered_slugs = {test.slug for test in tests}
    if request.form.get("edit"):  # back from the confirmation step, everything kept
        return _render(form, tests)
    if not form.validate_on_submit():
        return _render(form, tests), 422
    choices = choices_of(form, tests)
    candidate = CandidateDetails(
        email=form.email.data or "", first_name=form.first_name.data or "",
        last_name=form.last_name.data or "", preferred_name=(form.preferred_name.data
                                                             or "").strip() or None)
    try:
        created = invite_candidate(
            db.session, member, choices, candidate,
            confirm_duplicate=bool(form.confirm_duplicate.data),
            base_url=current_app.config["BASE_URL"], now=utcnow())
    except DuplicateInvitation as duplicate:
        return render_template(
            "console/invite_duplicate.html", form=form, choices=choices,
            open_invitations=duplicate.open_invitations, invitation_path=invitation_path,
            mismatched=language_mismatches(choices.tests, choices.language),
            languages=LANGUAGE_NAMES)
    except InvitationError as error:
        db.session.rollback()
        return _render(form, tests, problems=error.problems), 422
    db.session.commit()
    return redirect(url_for("console.new_invitation", sent=created.invitation.public_id))
