"""/console/settings: an admin sets the organization's link lifetime, reminders, results
sign-in, lost-connection credit and email language. (Who may open it: test_access.py.)"""

from __future__ import annotations

import re
from typing import Any

import pytest

from app.extensions import db
from app.models import Organization
from app.services.organization_settings import (
    OrganizationSettings,
    SettingsError,
    apply_settings,
    invitation_valid_days,
)
from tests.console.conftest import sign_in
from tests.results.html import Page

GOOD = {"valid_days": "14", "reminders": "y", "reminder_hours": "48",
        "results_sign_in_required": "y", "credit_connection_gaps": "y",
        "max_gap_credit": "5", "gap_unit": "minutes", "language": "uk"}


def _post(client, **changes: str | None) -> Any:  # type: ignore[no-untyped-def]
    data = {key: value for key, value in {**GOOD, **changes}.items() if value is not None}
    return client.post("/console/settings", data=data)


def _stored(organization: Organization) -> OrganizationSettings:
    db.session.refresh(organization)
    return OrganizationSettings.of(organization)


def _error_of(page: str, field_id: str) -> str:
    """The error tied to the field: named by its aria-describedby, and marked invalid."""
    html = Page(page)
    field = html.by_id(field_id)
    assert field.attrs.get("aria-invalid") == "true"
    assert f"{field_id}-error" in (field.attrs.get("aria-describedby") or "").split()
    return html.by_id(f"{field_id}-error").squashed()


def _value(html: Page, field_id: str) -> str | None:
    return html.by_id(field_id).attrs.get("value")


def _ticked(html: Page, field_id: str) -> bool:
    return "checked" in html.by_id(field_id).attrs


def _chosen(html: Page, select_id: str) -> str | None:
    [chosen] = [option for option in html.all("option", within=html.by_id(select_id))
                if "selected" in option.attrs]
    return chosen.attrs.get("value")


def test_it_shows_the_stored_settings(client, admin, organization) -> None:
    organization.invitation_valid_days = 10
    organization.reminder_hours_before = 24
    organization.max_gap_credit_seconds = 90
    db.session.commit()
    sign_in(client, admin)
    page = client.get("/console/settings")
    assert page.status_code == 200
    html = Page(page.text)
    assert _value(html, "valid_days") == "10"
    assert _ticked(html, "reminders")
    assert _value(html, "reminder_hours") == "24"
    assert not _ticked(html, "results_sign_in_required")
    # 90 seconds is no whole number of minutes: shown in seconds.
    assert _value(html, "max_gap_credit") == "90"
    assert _chosen(html, "gap_unit") == "seconds"
    assert _chosen(html, "language") == "en"
    assert "default, 30 days" in page.text  # INVITATION_VALID_DAYS


def test_it_saves_every_setting_in_one_go(client, admin, organization) -> None:
    sign_in(client, admin)
    response = _post(client)
    assert response.status_code == 302 and response.headers["Location"] == "/console/settings"
    assert _stored(organization) == OrganizationSettings(
        invitation_valid_days=14, reminder_hours_before=48, results_sign_in_required=True,
        credit_connection_gaps=True, max_gap_credit_seconds=300, language="uk")
    assert "Settings saved." in client.get("/console/settings").text


def test_unticked_boxes_and_an_empty_lifetime_mean_off_and_the_default(
        client, admin, organization) -> None:
    organization.invitation_valid_days = 10
    organization.reminder_hours_before = 24
    organization.results_sign_in_required = True
    db.session.commit()
    sign_in(client, admin)
    response = _post(client, valid_days="", reminders=None, results_sign_in_required=None,
                     credit_connection_gaps=None, max_gap_credit="45", gap_unit="seconds",
                     language="en")
    assert response.status_code == 302
    assert _stored(organization) == OrganizationSettings(
        invitation_valid_days=None, reminder_hours_before=None, results_sign_in_required=False,
        credit_connection_gaps=False, max_gap_credit_seconds=45, language="en")


def test_saving_the_same_values_says_nothing_changed(client, admin) -> None:
    sign_in(client, admin)
    _post(client)
    client.get("/console/settings")  # the first flash
    _post(client)
    assert "Nothing changed." in client.get("/console/settings").text


@pytest.mark.parametrize(("field", "value", "message"), [
    ("valid_days", "0", "from 1 to 365, or leave it empty for the default (30 days)"),
    ("valid_days", "366", "from 1 to 365"),
    ("valid_days", "two weeks", "from 1 to 365"),
    ("valid_days", "-5", "from 1 to 365"),
    ("valid_days", "7.5", "from 1 to 365"),
    ("reminder_hours", "", "how many hours before the link expires"),
    ("reminder_hours", "0", "from 1 to 720"),
    ("reminder_hours", "721", "from 1 to 720"),
    ("reminder_hours", "soon", "from 1 to 720"),
    ("reminder_hours", "336", "Links work for 14 days (336 hours): choose fewer hours"),
    ("max_gap_credit", "", "from 1 to 3600 seconds (60 minutes)"),
    ("max_gap_credit", "0", "from 1 to 3600 seconds"),
    ("max_gap_credit", "61", "from 1 to 3600 seconds"),
    ("max_gap_credit", "lots", "from 1 to 3600 seconds"),
    ("gap_unit", "hours", "Choose seconds or minutes."),
    ("language", "de", "Choose one of the languages."),
])
def test_a_bad_value_is_explained_next_to_its_field_and_nothing_is_saved(
        client, admin, organization, field: str, value: str, message: str) -> None:
    sign_in(client, admin)
    before = _stored(organization)
    page = _post(client, **{field: value})
    assert page.status_code == 422
    assert message in _error_of(page.text, field)
    assert "Nothing was saved." in page.text
    assert _stored(organization) == before
    # What was typed comes back as typed, for every field.
    html = Page(page.text)
    if field in ("valid_days", "reminder_hours", "max_gap_credit"):
        assert _value(html, field) == value
    assert _ticked(html, "reminders") and _ticked(html, "credit_connection_gaps")
    if field != "gap_unit":
        assert _chosen(html, "gap_unit") == "minutes"


def test_the_lifetime_bound_on_reminders_uses_the_default_when_the_field_is_empty(
        client, admin) -> None:
    sign_in(client, admin)
    page = _post(client, valid_days="", reminder_hours="720")
    assert "Links work for 30 days (720 hours)" in _error_of(page.text, "reminder_hours")


def test_reminder_hours_are_not_checked_while_reminders_are_off(
        client, admin, organization) -> None:
    sign_in(client, admin)
    assert _post(client, reminders=None, reminder_hours="whenever").status_code == 302
    assert _stored(organization).reminder_hours_before is None


def test_no_credit_may_be_zero_but_credit_needs_at_least_a_second(
        client, admin, organization) -> None:
    sign_in(client, admin)
    assert _post(client, credit_connection_gaps=None, max_gap_credit="0").status_code == 302
    assert _stored(organization).max_gap_credit_seconds == 0
    assert _post(client, max_gap_credit="60", gap_unit="minutes").status_code == 302
    assert _stored(organization).max_gap_credit_seconds == 3600


def test_a_post_without_its_csrf_token_is_refused(client, admin, organization) -> None:
    sign_in(client, admin)
    before = _stored(organization)
    response = client.post("/console/settings", data=GOOD, no_csrf=True)
    assert response.status_code == 400
    assert _stored(organization) == before


def test_only_the_admins_own_organization_changes(client, admin, organization,
                                                  other_org) -> None:
    sign_in(client, admin)
    _post(client)
    db.session.refresh(other_org)
    assert OrganizationSettings.of(other_org) == OrganizationSettings(
        invitation_valid_days=None, reminder_hours_before=None, results_sign_in_required=False,
        credit_connection_gaps=False, max_gap_credit_seconds=300, language="en")


def test_the_page_is_in_the_console_navigation_for_admins_only(client, admin, recruiter) -> None:
    sign_in(client, admin)
    assert 'href="/console/settings"' in client.get("/console").text
    sign_in(client, recruiter)
    assert 'href="/console/settings"' not in client.get("/console").text


def test_the_service_refuses_values_out_of_bounds_and_changes_nothing(organization) -> None:
    bad = OrganizationSettings(invitation_valid_days=400, reminder_hours_before=0,
                               results_sign_in_required=True, credit_connection_gaps=True,
                               max_gap_credit_seconds=-1, language="fr")
    with pytest.raises(SettingsError) as raised:
        apply_settings(organization, bad)
    assert re.findall(r"(\w+) must be", str(raised.value)) == [
        "invitation_valid_days", "reminder_hours_before", "max_gap_credit_seconds", "language"]
    assert organization.results_sign_in_required is False


def test_a_new_invitation_lasts_the_organizations_days_else_the_setting(organization) -> None:
    assert invitation_valid_days(organization, 30) == 30
    organization.invitation_valid_days = 3
    assert invitation_valid_days(organization, 30) == 3

