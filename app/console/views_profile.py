"""A member's own account: changing their password while signed in.

A wrong current password counts against the same per-account limit as a failed sign-in,
so a session left open on a shared computer cannot be used to guess the password.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.console import bp
from app.console.access import current_member, member_required, start_session
from app.console.forms import ChangePasswordForm
from app.extensions import db, limiter
from app.models import User, utcnow
from app.security.passwords import MIN_LENGTH
from app.services.password_links import change_password

WRONG_PASSWORD = 401


def _member_key() -> str:
    return f"member:{current_user.get_id().rpartition('.')[0]}"


def _refused(response: Response) -> bool:
    return response.status_code == WRONG_PASSWORD


password_guesses = limiter.limit(
    lambda: str(current_app.config["RATELIMIT_SIGN_IN_ACCOUNT"]), key_func=_member_key,
    scope="change-password", methods=["POST"], deduct_when=_refused)


@bp.route("/account", methods=["GET", "POST"])
@member_required()
@password_guesses
def account() -> ResponseReturnValue:
    member = current_member()
    form = ChangePasswordForm()
    if not form.validate_on_submit():
        return _page(member, form), 422 if form.errors else 200
    if not change_password(db.session, member, form.current.data or "",
                           form.password.data or "", utcnow()):
        form.current.errors = [_("That is not your current password.")]
        return _page(member, form), WRONG_PASSWORD
    db.session.commit()
    start_session(member)  # this browser stays signed in; every other session has ended
    flash(_("Your password is changed. Every other device you were signed in on is signed "
            "out."), "success")
    return redirect(url_for("console.account"))


def _page(member: User, form: ChangePasswordForm) -> str:
    return render_template("console/account.html", member=member, form=form,
                           min_length=MIN_LENGTH)
