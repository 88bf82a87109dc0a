"""Signing in and out, and setting a password through an emailed link.

A wrong password and an unknown address get the same answer (401, one neutral message),
and so does every bad, expired or used link (the neutral 404 page). Failed sign-ins are
limited per client address and per account; reset emails per address and per account.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, logout_user
from werkzeug.wrappers import Response

from app.console import bp
from app.console.access import current_member, member_required, safe_next, start_session
from app.console.forms import ActionForm, ForgotPasswordForm, SetPasswordForm, SignInForm
from app.extensions import db, limiter
from app.models import utcnow
from app.security.passwords import MIN_LENGTH
from app.services.accounts import account_email, authenticate, find_by_email
from app.services.addresses import InvalidEmail
from app.services.password_links import find_link, send_reset_link, set_password
from app.web.rate_limits import failed_lookups

FAILED_SIGN_IN = 401


def _account_key() -> str:
    """The account a sign-in or reset names, as typed when it is not an address."""
    typed = str(request.form.get("email", ""))[:320]
    try:
        return account_email(typed)
    except InvalidEmail:
        return typed.strip().lower()


def _fresh_session() -> None:
    """Forget everything in the session but the person's language and time zone, which
    are theirs, not the account's: the next page stays in the language they chose."""
    kept = {key: session[key] for key in ("lang", "tz") if key in session}
    session.clear()
    session.update(kept)


def _sign_in_failed(response: Response) -> bool:
    return response.status_code == FAILED_SIGN_IN


sign_ins_per_address = limiter.limit(
    lambda: str(current_app.config["RATELIMIT_SIGN_IN_ADDRESS"]), key_func=get_remote_address,
    scope="sign-in-address", methods=["POST"], deduct_when=_sign_in_failed)
sign_ins_per_account = limiter.limit(
    lambda: str(current_app.config["RATELIMIT_SIGN_IN_ACCOUNT"]), key_func=_account_key,
    scope="sign-in-account", methods=["POST"], deduct_when=_sign_in_failed)
resets_per_address = limiter.limit(
    lambda: str(current_app.config["RATELIMIT_PASSWORD_RESET"]), key_func=get_remote_address,
    scope="reset-address", methods=["POST"])
resets_per_account = limiter.limit(
    lambda: str(current_app.config["RATELIMIT_PASSWORD_RESET"]), key_func=_account_key,
    scope="reset-account", methods=["POST"])
link_guesses = failed_lookups("password-link")


@bp.route("/sign-in", methods=["GET", "POST"])
@sign_ins_per_address
@sign_ins_per_account
def sign_in() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = SignInForm()
    if not form.validate_on_submit():
        return render_template("console/sign_in.html", form=form), 422 if form.errors else 200
    member = authenticate(db.session, form.email.data or "", form.password.data or "", utcnow())
    if member is None:
        flash(_("That email and password do not match an account."), "error")
        return render_template("console/sign_in.html", form=form), FAILED_SIGN_IN
    db.session.commit()
    _fresh_session()  # nothing from before signing in carries over into the member's session
    start_session(member)
    return redirect(safe_next(request.args.get("next")))


@bp.post("/sign-out")
def sign_out() -> ResponseReturnValue:
    if ActionForm().validate_on_submit():
        logout_user()
        _fresh_session()
        flash(_("You have signed out."), "success")
    return redirect(url_for("console.sign_in"))


@bp.post("/sign-out-everywhere")
@member_required()
def sign_out_everywhere() -> ResponseReturnValue:
    """Ends every session of the member, on every device, this one included."""
    if ActionForm().validate_on_submit():
        current_member().end_all_sessions()
        db.session.commit()
        logout_user()
        _fresh_session()
        flash(_("You have signed out on every device."), "success")
    return redirect(url_for("console.sign_in"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@resets_per_address
@resets_per_account
def forgot_password() -> ResponseReturnValue:
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        return (render_template("console/forgot_password.html", form=form),
                422 if form.errors else 200)
    member = find_by_email(db.session, form.email.data or "")
    if member is not None and member.active:
        config = current_app.config
        send_reset_link(db.session, member, base_url=config["BASE_URL"], now=utcnow(),
                        valid_for=timedelta(minutes=config["PASSWORD_RESET_VALID_MINUTES"]))
        db.session.commit()
    # The same page whether or not the address has an account.
    return render_template("console/reset_sent.html", email=form.email.data)


@bp.route("/password/<id:token>", methods=["GET", "POST"])
@link_guesses
def password_link(token: str) -> ResponseReturnValue:
    """GET shows the form (mail scanners open links); only the POST uses the link."""
    link = find_link(db.session, token, utcnow())
    if link is None:
        return render_template("console/link_invalid.html"), 404
    form = SetPasswordForm()
    if not form.validate_on_submit():
        return (render_template("console/set_password.html", form=form, link=link,
                                min_length=MIN_LENGTH),
                422 if form.errors else 200)
    set_password(db.session, link, form.password.data or "", utcnow())
    db.session.commit()
    logout_user()
    _fresh_session()
    flash(_("Your password is set. Sign in with it now."), "success")
    return redirect(url_for("console.sign_in"))
