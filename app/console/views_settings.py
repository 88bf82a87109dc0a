"""The organization's settings page (admins only): invitation links, reminders, the
results page, lost-connection credit and the team's email language."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from app.console import bp
from app.console.access import current_member, member_required
from app.console.forms import SettingsForm
from app.domain import LANGUAGE_NAMES, LANGUAGES
from app.extensions import db
from app.models import Role
from app.services.organization_settings import OrganizationSettings, apply_settings


def _render(form: SettingsForm) -> str:
    return render_template("console/settings.html", form=form,
                           organization=current_member().organization,
                           languages=[(code, LANGUAGE_NAMES[code]) for code in LANGUAGES])


@bp.route("/settings", methods=["GET", "POST"])
@member_required(Role.ADMIN)
def settings() -> ResponseReturnValue:
    organization = current_member().organization
    default_days = int(current_app.config["INVITATION_VALID_DAYS"])
    form = SettingsForm(default_valid_days=default_days)
    if not form.is_submitted():
        return _render(SettingsForm.of(OrganizationSettings.of(organization), default_days))
    if not form.validate():
        return _render(form), 422
    changed = apply_settings(organization, form.settings())
    db.session.commit()
    flash(_("Settings saved.") if changed else _("Nothing changed."), "success")
    return redirect(url_for("console.settings"))
