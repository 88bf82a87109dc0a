"""The team page (admins only): members, invitations to join, roles, deactivation.

Every member a URL names is looked up within the admin's own organization; one of another
organization is a 404, exactly like one that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from app.console import bp
from app.console.access import current_member, member_required
from app.console.forms import ActionForm, InviteForm, RoleForm
from app.extensions import db
from app.models import Role, User, utcnow
from app.services import accounts
from app.services.accounts import AccountError


def _reason(error: AccountError) -> str:
    return {
        accounts.EMAIL_INVALID: _("Enter an email address, like name@example.com."),
        accounts.EMAIL_TAKEN: _("This address already belongs to an Assay account, so it "
                                "cannot be invited again."),
        accounts.LAST_ADMIN: _("The team needs at least one active administrator: make "
                               "someone else an administrator first."),
        accounts.SELF: _("You cannot change your own role or deactivate yourself."),
        accounts.NOT_PENDING: _("This member has already chosen a password or is "
                                "deactivated: they can use \"Forgot your password?\"."),
    }[error.reason]


def _member(member_id: str) -> User:
    member = accounts.member_of(db.session, current_member().organization_id, member_id)
    if member is None:
        abort(404)
    return member


def _render(invite_form: InviteForm | None = None) -> str:
    me = current_member()
    return render_template("console/team.html", me=me,
                           team=accounts.team_of(db.session, me.organization_id),
                           invite_form=invite_form or InviteForm(formdata=None),
                           action=ActionForm(), roles=list(Role))


@bp.get("/team")
@member_required(Role.ADMIN)
def team() -> str:
    return _render()


@bp.post("/team/invite")
@member_required(Role.ADMIN)
def invite() -> ResponseReturnValue:
    form = InviteForm()
    if form.validate_on_submit():
        config = current_app.config
        try:
            member = accounts.invite_member(
                db.session, current_member(), email=form.email.data or "",
                role=Role(form.role.data or ""), base_url=config["BASE_URL"], now=utcnow(),
                valid_for=timedelta(days=config["PASSWORD_SET_VALID_DAYS"]))
        except AccountError as error:
            db.session.rollback()
            form.email.errors = [_reason(error)]
        else:
            db.session.commit()
            flash(_("Invitation sent to %(email)s.", email=member.email), "success")
            return redirect(url_for("console.team"))
    return _render(form), 422


@bp.post("/team/<id:member_id>/resend")
@member_required(Role.ADMIN)
def resend_invitation(member_id: str) -> ResponseReturnValue:
    """A new set-password link for a member whose invitation was lost or expired."""
    member = _member(member_id)
    if ActionForm().validate_on_submit():
        config = current_app.config
        _apply(lambda: accounts.resend_invitation(
                   db.session, current_member(), member, base_url=config["BASE_URL"],
                   now=utcnow(), valid_for=timedelta(days=config["PASSWORD_SET_VALID_DAYS"])),
               _("A new invitation is on its way to %(email)s.", email=member.email))
    return redirect(url_for("console.team"))


@bp.post("/team/<id:member_id>/role")
@member_required(Role.ADMIN)
def change_role(member_id: str) -> ResponseReturnValue:
    member = _member(member_id)
    form = RoleForm()
    if form.validate_on_submit():
        _apply(lambda: accounts.change_role(db.session, current_member(), member,
                                            Role(form.role.data or "")),
               _("%(email)s's role is changed.", email=member.email))
    return redirect(url_for("console.team"))


@bp.post("/team/<id:member_id>/deactivate")
@member_required(Role.ADMIN)
def deactivate(member_id: str) -> ResponseReturnValue:
    member = _member(member_id)
    if ActionForm().validate_on_submit():
        _apply(lambda: accounts.deactivate(db.session, current_member(), member),
               _("%(email)s is deactivated and signed out everywhere.", email=member.email))
    return redirect(url_for("console.team"))


@bp.post("/team/<id:member_id>/reactivate")
@member_required(Role.ADMIN)
def reactivate(member_id: str) -> ResponseReturnValue:
    member = _member(member_id)
    if ActionForm().validate_on_submit():
        accounts.reactivate(member)
        db.session.commit()
        flash(_("%(email)s can sign in again.", email=member.email), "success")
    return redirect(url_for("console.team"))


def _apply(change: Callable[[], None], done: str) -> None:
    """Run ``change``; commit and say ``done``, or roll back and say why not."""
    try:
        change()
    except AccountError as error:
        db.session.rollback()
        flash(_reason(error), "error")
    else:
        db.session.commit()
        flash(done, "success")
