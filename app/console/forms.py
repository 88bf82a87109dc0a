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

from app.domain import is_language
from app.models import ROLES
from app.models.api_client import SCOPES
from app.security.passwords import MAX_LENGTH, MIN_LENGTH
from app.services.accounts import account_email
from app.services.addresses import InvalidEmail
from app.services.organization_settings import (
    MAX_GAP_CREDIT_SECONDS,
    REMINDER_HOURS_RANGE,
    VALID_DAYS_RANGE,
    OrganizationSettings,
)
from app.web.boundary import whole_number


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


class ChangePasswordForm(FlaskForm):
    current = PasswordField(validators=[
        _required(lambda: _("Enter your current password."))])
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
        if text and not 1 <= (whole_number(text) or 0) <= 365:
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


def _whole_number(text: str | None) -> int | None:
    """A whole number as typed (spaces around it allowed), else None."""
    text = (text or "").strip()
    return whole_number(text, maximum=999_999_999)


class SettingsForm(FlaskForm):
    """The organization's settings page. Numbers are text fields, parsed here, so a
    mistyped value comes back as typed with a sentence next to it."""

    valid_days = StringField()
    reminders = BooleanField()
    reminder_hours = StringField(default="48")
    results_sign_in_required = BooleanField()
    credit_connection_gaps = BooleanField()
    max_gap_credit = StringField()
    gap_unit = StringField(default="minutes")
    language = StringField(default="en")

    def __init__(self, *args: Any, default_valid_days: int = 30, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default_valid_days = default_valid_days

    @classmethod
    def of(cls, settings: OrganizationSettings, default_valid_days: int) -> SettingsForm:
        """The form showing the stored settings (nothing submitted)."""
        seconds = settings.max_gap_credit_seconds
        in_minutes = seconds % 60 == 0
        return cls(formdata=None, default_valid_days=default_valid_days, data={
            "valid_days": "" if settings.invitation_valid_days is None
            else str(settings.invitation_valid_days),
            "reminders": settings.reminder_hours_before is not None,
            "reminder_hours": str(settings.reminder_hours_before or 48),
            "results_sign_in_required": settings.results_sign_in_required,
            "credit_connection_gaps": settings.credit_connection_gaps,
            "max_gap_credit": str(seconds // 60 if in_minutes else seconds),
            "gap_unit": "minutes" if in_minutes else "seconds",
            "language": settings.language,
        })

    def validate_valid_days(self, field: Field) -> None:
        low, high = VALID_DAYS_RANGE
        if (field.data or "").strip() and not low <= (_whole_number(field.data) or 0) <= high:
            raise ValidationError(_(
                "Enter a whole number of days from %(low)s to %(high)s, or leave it empty "
                "for the default (%(days)s days).", low=low, high=high,
                days=self.default_valid_days))

    def validate_reminder_hours(self, field: Field) -> None:
        if not self.reminders.data:
            return  # kept as typed, not used
        if not (field.data or "").strip():
            raise ValidationError(_("Enter how many hours before the link expires the "
                                    "reminder goes out."))
        low, high = REMINDER_HOURS_RANGE
        hours = _whole_number(field.data) or 0
        if not low <= hours <= high:
            raise ValidationError(_("Enter a whole number of hours from %(low)s to %(high)s.",
                                    low=low, high=high))
        days = _whole_number(self.valid_days.data) or self.default_valid_days
        if hours >= days * 24:
            raise ValidationError(_(
                "Links work for %(days)s days (%(hours)s hours): choose fewer hours, or the "
                "reminder would go out with the invitation.", days=days, hours=days * 24))

    def validate_gap_unit(self, field: Field) -> None:
        if field.data not in ("seconds", "minutes"):
            raise ValidationError(_("Choose seconds or minutes."))

    def validate_max_gap_credit(self, field: Field) -> None:
        amount = _whole_number(field.data)
        factor = 60 if self.gap_unit.data == "minutes" else 1
        lowest = 1 if self.credit_connection_gaps.data else 0
        if amount is None or not lowest <= amount * factor <= MAX_GAP_CREDIT_SECONDS:
            raise ValidationError(_(
                "Enter a whole number from %(low)s to %(seconds)s seconds (%(minutes)s "
                "minutes).", low=lowest, seconds=MAX_GAP_CREDIT_SECONDS,
                minutes=MAX_GAP_CREDIT_SECONDS // 60))

    def validate_language(self, field: Field) -> None:
        if not is_language(field.data):
            raise ValidationError(_("Choose one of the languages."))

    def settings(self) -> OrganizationSettings:
        """The validated values, as the service takes them."""
        factor = 60 if self.gap_unit.data == "minutes" else 1
        return OrganizationSettings(
            invitation_valid_days=_whole_number(self.valid_days.data),
            reminder_hours_before=(_whole_number(self.reminder_hours.data)
                                   if self.reminders.data else None),
            results_sign_in_required=bool(self.results_sign_in_required.data),
            credit_connection_gaps=bool(self.credit_connection_gaps.data),
            max_gap_credit_seconds=(_whole_number(self.max_gap_credit.data) or 0) * factor,
            language=str(self.language.data))
