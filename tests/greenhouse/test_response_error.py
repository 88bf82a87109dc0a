"""POST /api/greenhouse/response_error: keep what Greenhouse says we answered wrong."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import GreenhouseErrorReport

REPORT = {
    "api_call": "test_status",
    "errors": ["partner_status is 'complete' but partner_profile url is missing"],
    "partner_test_id": "12345",
    "partner_test_name": "Personality Test",
    "partner_interview_id": "299506",
    "candidate_email": "hpotter@hogwarts.edu",
}


def _reports() -> list[GreenhouseErrorReport]:
    db.session.expire_all()
    return list(db.session.scalars(
        select(GreenhouseErrorReport).order_by(GreenhouseErrorReport.id)))


def test_a_full_report_is_stored_and_acknowledged(greenhouse, organization) -> None:
    raw = json.dumps(REPORT)
    response = greenhouse("post", "response_error", data=raw, content_type="application/json")
    assert response.status_code == 200
    assert response.get_json() == {"status": 200}
    [report] = _reports()
    assert report.organization_id == organization.id
    assert report.api_call == "test_status"
    assert report.errors == REPORT["errors"]
    assert report.partner_test_id == "12345"
    assert report.partner_test_name == "Personality Test"
    assert report.partner_interview_id == "299506"
    assert report.candidate_email == "hpotter@hogwarts.edu"
    assert report.raw_body == raw
    assert report.received_at is not None


def test_the_minimal_report_of_a_list_tests_failure_is_stored(greenhouse) -> None:
    body = {"api_call": "list_tests", "errors": ["missing key partner_test_name"]}
    assert greenhouse("post", "response_error", json=body).status_code == 200
    [report] = _reports()
    assert (report.partner_test_id, report.partner_interview_id, report.candidate_email) == (
        None, None, None)


def test_null_details_unknown_properties_and_numeric_ids_are_kept_as_sent(greenhouse) -> None:
    body = {**REPORT, "partner_test_id": 12345, "partner_interview_id": None,
            "candidate_email": None, "new_property": {"added": "later"}}
    assert greenhouse("post", "response_error", json=body).status_code == 200
    [report] = _reports()
    assert report.partner_test_id == "12345"
    assert report.partner_interview_id is None
    assert "new_property" in report.raw_body


def test_an_empty_errors_array_is_still_a_report(greenhouse) -> None:
    assert greenhouse("post", "response_error",
                      json={"api_call": "send_test", "errors": []}).status_code == 200
    assert len(_reports()) == 1


@pytest.mark.parametrize(("body", "problems"), [
    ({}, ["api_call: is required", "errors: is required"]),
    ({"api_call": "list_tests"}, ["errors: is required"]),
    ({"errors": ["x"]}, ["api_call: is required"]),
    ({"api_call": 5, "errors": "boom"}, ["api_call: must be a string", "errors: must be an array"]),
    ({"api_call": "list_tests", "errors": ["ok", 3, None]},
     ["errors[1]: must be a string", "errors[2]: must be a string"]),
])
def test_a_body_without_api_call_and_errors_gets_a_json_400(greenhouse, body, problems) -> None:
    response = greenhouse("post", "response_error", json=body)
    assert response.status_code == 400
    assert response.is_json
    assert response.get_json()["problems"] == problems
    assert _reports() == []


def test_malformed_json_gets_a_json_400(greenhouse) -> None:
    response = greenhouse("post", "response_error", data="{oops",
                          content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["problems"][0].startswith("body: is not valid JSON")


def test_it_needs_the_organizations_key(client) -> None:
    response = client.post("/api/greenhouse/response_error", json=REPORT)
    assert response.status_code == 401
    assert _reports() == []


def test_over_long_details_are_cut_to_fit_not_refused(greenhouse) -> None:
    body = {**REPORT, "partner_test_name": "N" * 2000}
    assert greenhouse("post", "response_error", json=body).status_code == 200
    [report] = _reports()
    assert report.partner_test_name == "N" * 500
    assert "N" * 2000 in report.raw_body
