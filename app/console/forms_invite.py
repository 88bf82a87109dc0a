"""The forms that invite candidates: one person, or a CSV file of many. Both share the
choices every candidate gets (tests, language, extra time, expiry)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import EmailField, Field, FileField, HiddenField, StringField
from wtforms.validators import ValidationError

from app.console.forms import _an_address, _required, _Values
from app.domain import LANGUAGES
from app.services.invitation_csv import MAX_NAME_LENGTH, parse_extra_time
from app.web.boundary import whole_number

# (factor as the form sends it, percent of time added): the accommodations usually asked.
EXTRA_TIME_CHOICES = (("1", 0), ("1.25", 25), ("1.5", 50), ("2", 100), ("3", 200))
MAX_VALID_DAYS = 365  # the organization's setting allows the same


def _short(form: Any, field: Field) -> None:
    if len((field.data or "").strip()) > MAX_NAME_LENGTH:
        raise ValidationError(_("Use at most %(max)s characters.", max=MAX_NAME_LENGTH))


def _some_test(form: Any, field: Field) -> None:
    offered: set[str] = getattr(form, "offered_slugs", set())
    if not field.data:
        raise ValidationError(_("Choose at least one test."))
    if any(slug not in offered for slug in field.data):
        raise ValidationError(_("A chosen test is no longer offered: choose again."))


def _a_language(form: Any, field: Field) -> None:
    if field.data and field.data not in LANGUAGES:
        raise ValidationError(_("Choose one of the languages."))


def _an_extra_time(form: Any, field: Field) -> None:
    if parse_extra_time(field.data or "") is None:
        raise ValidationError(_("Choose the extra time from the list."))


def _valid_days(form: Any, field: Field) -> None:
    text = (field.data or "").strip()
    if not 1 <= (whole_number(text) or 0) <= MAX_VALID_DAYS:
        raise ValidationError(_("Enter a whole number of days from 1 to %(max)s.",
                                max=MAX_VALID_DAYS))


class InvitationChoicesForm(FlaskForm):
    """What every candidate of the form gets. Set ``offered_slugs`` before validating."""

    tests = _Values(validators=[_some_test])
    language = StringField(default="", validators=[_a_language])
    extra_time = StringField(default="1", validators=[_an_extra_time])
    valid_days = StringField(validators=[_valid_days])

    offered_slugs: set[str]

    @property
    def test_slugs(self) -> list[str]:
        return list(dict.fromkeys(self.tests.data or []))

    @property
    def language_code(self) -> str | None:
        return self.language.data or None

    @property
    def extra_time_factor(self) -> float:
        return parse_extra_time(self.extra_time.data or "") or 1.0

    @property
    def days(self) -> int:
        return int((self.valid_days.data or "").strip())


class InviteCandidateForm(InvitationChoicesForm):
    first_name = StringField(validators=[
        _required(lambda: _("Enter the candidate's first name.")), _short])
    last_name = StringField(validators=[
        _required(lambda: _("Enter the candidate's last name.")), _short])
    preferred_name = StringField(validators=[_short])
    email = EmailField(validators=[
        _required(lambda: _("Enter the candidate's email address.")), _an_address])
    # Set by the confirmation step: send although an invitation is still open.
    confirm_duplicate = HiddenField()


def _a_file(form: Any, field: Field) -> None:
    if not field.data or not getattr(field.data, "filename", ""):
        raise ValidationError(_("Choose a CSV file to upload."))


class UploadCandidatesForm(InvitationChoicesForm):
    # Flask-WTF hands WTForms the uploaded files with the fields: ``data`` is the upload.
    file = FileField(validators=[_a_file])


class SendBatchForm(FlaskForm):
    """The preview's "Send" button: the signed batch, and whether to include candidates
    who already have an open invitation."""

    batch = HiddenField()
    include_duplicates = StringField()
