"""The actions on an invitation's console page (admins and recruiters): send the email
again with a new link, move the expiry, cancel (after a confirmation step), reissue the
results link, assign a reviewer. Each is one service call and one commit; a refusal
changes nothing and says why on the invitation's page.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from flask import current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from app.console import bp
from app.console.access import current_member, member_required
from app.console.forms import ActionForm, ConfirmForm, ExtendForm, ReviewerForm
from app.console.views_invitations import TEAM, organization_invitation, render_invitation
from app.extensions import db
from app.models import utcnow
from app.services import invitation_actions
from app.services.invitation_actions import ActionRefused


def refusal_text(error: ActionRefused) -> str:
    return {
        "not_usable": _("The invitation is cancelled, expired or already taken, so its "
                        "email cannot be sent again."),
        "not_extendable": _("Only an invitation with a test still waiting to be started "
                            "can be extended."),
        "expired_attempts": _("This invitation has already expired and cannot be revived: "
                              "send the candidate a new invitation."),
        "not_in_future": _("Choose a new expiry in the future."),
        "too_far": _("Choose a new expiry within %(days)s days from today.",
                     days=invitation_actions.MAX_EXTENSION_DAYS),
        "not_cancellable": _("The invitation is already taken, expired or cancelled, so it "
                             "cannot be cancelled."),
        "not_a_reviewer": _("Choose an active reviewer or administrator of your team."),
    }[error.reason]


def _back(public_id: str) -> ResponseReturnValue:
    return redirect(url_for("console.invitation", public_id=public_id))


@bp.post("/invitations/<id:public_id>/resend")
@member_required(*TEAM)
def resend_invitation_email(public_id: str) -> ResponseReturnValue:
    invitation = organization_invitation(public_id)
    if ActionForm().validate_on_submit():
        try:
            invitation_actions.resend_invitation(
                db.session, invitation, actor=current_member(),
                base_url=current_app.config["BASE_URL"], now=utcnow())
        except ActionRefused as error:
            flash(refusal_text(error), "error")
        else:
            db.session.commit()
            flash(_("The invitation email is on its way to %(email)s with a new link; the "
                    "earlier link no longer works.", email=invitation.candidate_email),
                  "success")
    return _back(public_id)


def _new_expiry(form: ExtendForm, current: datetime) -> datetime:
    """The date wins (the end of that UTC day); else the days count from now, or from the
    current expiry while it is still ahead."""
    until = (form.until.data or "").strip()
    if until:
        return datetime.combine(date.fromisoformat(until), time(23, 59), tzinfo=UTC)
    start = max(utcnow(), current)
    return start + timedelta(days=int((form.days.data or "0").strip()))


@bp.post("/invitations/<id:public_id>/extend")
@member_required(*TEAM)
def extend_invitation(public_id: str) -> ResponseReturnValue:
    invitation = organization_invitation(public_id)
    form = ExtendForm()
    if not form.validate_on_submit():
        return render_invitation(invitation, extend_form=form), 422
    try:
        invitation_actions.extend_expiry(
            db.session, invitation, expires_at=_new_expiry(form, invitation.expires_at),
            actor=current_member(), now=utcnow())
    except ActionRefused as error:
        db.session.rollback()
        if error.reason in ("not_in_future", "too_far"):
            form.until.errors = [refusal_text(error)]
            return render_invitation(invitation, extend_form=form), 422
        flash(refusal_text(error), "error")
        return _back(public_id)
    db.session.commit()
    flash(_("The invitation now expires on %(date)s (UTC).",
            date=invitation.expires_at.strftime("%Y-%m-%d %H:%M")), "success")
    return _back(public_id)


@bp.get("/invitations/<id:public_id>/cancel")
@member_required(*TEAM)
def confirm_cancel_invitation(public_id: str) -> ResponseReturnValue:
    """The confirmation step: nothing changes on GET."""
    invitation = organization_invitation(public_id)
    if not invitation_actions.can_cancel(invitation):
        return _back(public_id)
    return render_template("console/cancel_invitation.html", invitation=invitation,
                           form=ConfirmForm(formdata=None))


@bp.post("/invitations/<id:public_id>/cancel")
@member_required(*TEAM)
def cancel_invitation(public_id: str) -> ResponseReturnValue:
    invitation = organization_invitation(public_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("console/cancel_invitation.html", invitation=invitation,
                               form=form), 422
    try:
        invitation_actions.cancel(db.session, invitation, actor=current_member(), now=utcnow())
    except ActionRefused as error:
        db.session.rollback()
        flash(refusal_text(error), "error")
    else:
        db.session.commit()
        flash(_("The invitation of %(name)s is cancelled: the link no longer works.",
                name=invitation.display_name), "success")
    return _back(public_id)


@bp.post("/invitations/<id:public_id>/results-link")
@member_required(*TEAM)
def reissue_results_link(public_id: str) -> ResponseReturnValue:
    invitation = organization_invitation(public_id)
    if not ActionForm().validate_on_submit():
        return _back(public_id)
    link = invitation_actions.reissue_results_link(
        db.session, invitation, actor=current_member(),
        base_url=current_app.config["BASE_URL"], now=utcnow())
    db.session.commit()
    # Shown in this answer only (never flashed into the session).
    return render_template("console/results_link_issued.html", invitation=invitation,
                           link=link)


@bp.post("/invitations/<id:public_id>/reviewer")
@member_required(*TEAM)
def assign_reviewer(public_id: str) -> ResponseReturnValue:
    invitation = organization_invitation(public_id)
    form = ReviewerForm()
    if not form.validate_on_submit():
        return _back(public_id)
    chosen = (form.reviewer.data or "").strip()
    reviewer = next((member for member in invitation_actions.reviewer_choices(
        db.session, invitation.organization_id) if member.public_id == chosen), None)
    if chosen and reviewer is None:
        form.reviewer.errors = [refusal_text(ActionRefused("not_a_reviewer"))]
        return render_invitation(invitation, reviewer_form=form), 422
    invitation_actions.assign_reviewer(db.session, invitation, reviewer,
                                       actor=current_member(), now=utcnow())
    db.session.commit()
    if reviewer is None:
        flash(_("No reviewer is assigned now."), "success")
    else:
        flash(_("%(email)s is assigned to review.", email=reviewer.email), "success")
    return _back(public_id)
