"""The console's forms (Flask-WTF, so each carries its CSRF token). Messages are worded
when the form validates, inside the request and in its language."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    Field,
    PasswordField,
    StringField,
)
from wtforms.validators import StopValidation, ValidationError

from app.models import ROLES
from app.models.api_client import SCOPES
from app.security.passwords import MAX_LENGTH, MIN_LENGTH
from app.services.accounts import account_email
from app.services.addresses import InvalidEmail


def _required(message: Callable[[], str]) -> Callable[[Any, Field], None]:
    def check(form: Any, field: Field) -> None:
        if not (field.data or "").strip():
            raise StopValidation(message())
    return check


def _an_address(form: Any, field: Field) -> None:
    try:
        account_email(field.data or "")
    except InvalidEmail:
        raise ValidationError(_("Enter an email address, like name@example.com.")) from None


def _password_length(form: Any, field: Field) -> None:
    if not MIN_LENGTH <= len(field.data or "") <= MAX_LENGTH:
        raise ValidationError(_("Use %(min)s to %(max)s characters.", min=MIN_LENGTH,
                                max=MAX_LENGTH))


def _same_as_password(form: Any, field: Field) -> None:
    if field.data != form.password.data:
        raise ValidationError(_("The two passwords differ: type the same one twice."))


def _a_role(form: Any, field: Field) -> None:
    # The page offers a <select>; anything else was not typed by a person.
    if field.data not in ROLES:
        raise ValidationError(_("Choose one of the roles."))


def _some_scope(form: Any, field: Field) -> None:
    if not field.data or any(scope not in SCOPES for scope in field.data):
        raise ValidationError(_("Choose at least one scope."))


def _ticked(form: Any, field: Field) -> None:
    if not field.data:
        raise ValidationError(_("Tick the box to confirm."))


def _enter_email() -> str:
    return _("Enter your email address.")


class SignInForm(FlaskForm):
    email = EmailField(validators=[_required(_enter_email)])
    password = PasswordField(validators=[_required(lambda: _("Enter your password."))])


class ForgotPasswordForm(FlaskForm):
    email = EmailField(validators=[_required(_enter_email), _an_address])


class SetPasswordForm(FlaskForm):
    password = PasswordField(validators=[_required(lambda: _("Choose a password.")),
                                         _password_length])
    confirm = PasswordField(validators=[_required(lambda: _("Type the password again.")),
                                        _same_as_password])


class InviteForm(FlaskForm):
    email = EmailField(validators=[
        _required(lambda: _("Enter the new member's email address.")), _an_address])
    role = StringField(default="recruiter", validators=[_a_role])


class RoleForm(FlaskForm):
    role = StringField(validators=[_a_role])


class ActionForm(FlaskForm):
    """A button that changes state: nothing but its CSRF token."""


class _Values(Field):
    """Every value sent under the field's name (a group of checkboxes)."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = [str(value) for value in valuelist]


class CreateClientForm(FlaskForm):
    """A public API client; the service checks the email, scopes and webhook URL."""

    name = StringField(validators=[_required(lambda: _("Give the client a name."))])
    hr_email = EmailField(validators=[
        _required(lambda: _("Enter the HR email address.")), _an_address])
    scopes = _Values(validators=[_some_scope])
    webhook_url = StringField()


class ConfirmForm(FlaskForm):
    """A step that cannot be undone: the box must be ticked."""

    confirm = BooleanField(validators=[_ticked])


class ExtendForm(FlaskForm):
    """Move an invitation's expiry: by a number of days from now, or to a date (the date
    wins when both are given). The service checks it is in the future."""

    days = StringField()
    until = StringField()

    def validate_days(self, field: Field) -> None:
        text = (field.data or "").strip()
        if not text and not (self.until.data or "").strip():
            raise ValidationError(_("Enter a number of days or a date."))
        if text and not (text.isdigit() and 1 <= int(text) <= 365):
            raise ValidationError(_("Enter a whole number of days from 1 to 365."))

    def validate_until(self, field: Field) -> None:
        text = (field.data or "").strip()
        if not text:
            return
        try:
            date.fromisoformat(text)
        except ValueError:
            raise ValidationError(_("Enter a date like 2026-03-31.")) from None


class ReviewerForm(FlaskForm):
    """The reviewer's public id, or empty for nobody (the view checks it is a reviewer)."""

    reviewer = StringField()
