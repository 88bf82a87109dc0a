"""The Greenhouse reports page (admins): what Greenhouse said was wrong with our answers,
newest first, printed safely."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from app.extensions import db
from app.models import GreenhouseErrorReport, Organization, User, utcnow
from tests.console.conftest import sign_in


def report(organization: Organization, *, age_minutes: int = 0,
           **fields: Any) -> GreenhouseErrorReport:
    values: dict[str, Any] = {
        "api_call": "test_status", "errors": ["partner_status is missing"],
        "partner_test_id": "basics", "partner_test_name": "Basics",
        "partner_interview_id": "iv_123", "candidate_email": "olena@example.test",
        "raw_body": '{"api_call": "test_status"}'}
    values.update(fields)
    row = GreenhouseErrorReport(organization_id=organization.id,
                                received_at=utcnow() - timedelta(minutes=age_minutes), **values)
    db.session.add(row)
    db.session.commit()
    return row


@pytest.fixture
def signed_in_admin(client: FlaskClient, admin: User) -> FlaskClient:
    sign_in(client, admin)
    return client


def test_it_shows_each_report_with_what_greenhouse_found(
        signed_in_admin: FlaskClient, organization: Organization) -> None:
    report(organization, errors=["partner_status is missing", "score is not a number"])
    page = signed_in_admin.get("/console/greenhouse-reports").text
    for shown in ("test_status", "<li>partner_status is missing</li>",
                  "<li>score is not a number</li>", "<code>basics</code> (Basics)",
                  "<code>iv_123</code>", "olena@example.test",
                  "{&#34;api_call&#34;: &#34;test_status&#34;}"):
        assert shown in page


def test_newest_first_and_only_the_organizations_own(
        signed_in_admin: FlaskClient, organization: Organization,
        other_org: Organization) -> None:
    report(organization, api_call="send_test", age_minutes=10)
    report(organization, api_call="test_status", age_minutes=1)
    report(other_org, api_call="list_tests", candidate_email="globex@example.test")
    page = signed_in_admin.get("/console/greenhouse-reports").text
    assert page.index("test_status") < page.index("send_test")
    assert "list_tests" not in page and "globex@example.test" not in page


def test_another_organizations_admin_does_not_see_them(
        client: FlaskClient, outsider: User, organization: Organization) -> None:
    report(organization)
    sign_in(client, outsider)
    page = client.get("/console/greenhouse-reports").text
    assert "olena@example.test" not in page and "Greenhouse has reported no problem." in page


def test_the_raw_body_is_escaped_and_cut_with_a_note(signed_in_admin: FlaskClient,
                                                     organization: Organization) -> None:
    report(organization, raw_body="<b>bold</b>" + "y" * 20_000 + "THE-END")
    page = signed_in_admin.get("/console/greenhouse-reports").text
    assert "&lt;b&gt;bold&lt;/b&gt;" in page and "<b>bold</b>" not in page
    assert "THE-END" not in page
    assert "The first 10,000 of 20,018 characters." in page


def test_errors_that_are_not_text_are_shown_as_json(signed_in_admin: FlaskClient,
                                                    organization: Organization) -> None:
    report(organization, errors=[{"field": "score"}, 3])
    page = signed_in_admin.get("/console/greenhouse-reports").text
    assert "<li>{&#34;field&#34;: &#34;score&#34;}</li>" in page and "<li>3</li>" in page


def test_it_pages_twenty_reports_at_a_time(signed_in_admin: FlaskClient,
                                           organization: Organization) -> None:
    for n in range(21):
        report(organization, candidate_email=f"c{n}@example.test", age_minutes=n)
    first = signed_in_admin.get("/console/greenhouse-reports").text
    assert "c19@example.test" in first and "c20@example.test" not in first
    second = signed_in_admin.get("/console/greenhouse-reports?page=2").text
    assert "c20@example.test" in second and "c0@example.test" not in second
