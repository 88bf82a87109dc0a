"""`assay greenhouse errors`: what Greenhouse reported, readable by an operator."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from app.extensions import db
from app.models import GreenhouseErrorReport, Organization

WHEN = datetime(2026, 3, 26, 10, 15, tzinfo=UTC)


def _report(organization: Organization, api_call: str, minutes: int, **details) -> int:  # type: ignore[no-untyped-def]
    """Store a report; its id (ids are not reused from 1 in each test on PostgreSQL)."""
    report = GreenhouseErrorReport(
        organization_id=organization.id, api_call=api_call,
        errors=details.pop("errors", [f"{api_call} was wrong"]),
        raw_body=json.dumps({"api_call": api_call}), received_at=WHEN + timedelta(minutes=minutes),
        **details)
    db.session.add(report)
    db.session.commit()
    return report.id


def _rival() -> Organization:
    rival = Organization(slug="rival", name="Rival", hr_email="hr@rival.test")
    db.session.add(rival)
    db.session.commit()
    return rival


def test_it_lists_reports_newest_first_with_their_errors(runner, organization) -> None:
    first = _report(organization, "list_tests", 0)
    second = _report(organization, "test_status", 5, partner_interview_id="iv_1",
                     candidate_email="hp@hogwarts.edu",
                     errors=["partner_profile_url is missing", "bad"])
    result = runner.invoke(args=["greenhouse", "errors"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"#{second}  2026-03-26 10:20:00 UTC  acme  test_status",
        "    interview iv_1, candidate hp@hogwarts.edu",
        "    - partner_profile_url is missing",
        "    - bad",
        f"#{first}  2026-03-26 10:15:00 UTC  acme  list_tests",
        "    - list_tests was wrong",
    ]


def test_it_filters_by_organization_and_limits(runner, organization) -> None:
    rival = _rival()
    _report(organization, "list_tests", 0)
    _report(rival, "send_test", 1)
    _report(rival, "test_status", 2)
    result = runner.invoke(args=["greenhouse", "errors", "--org", "rival", "--limit", "1"])
    assert result.exit_code == 0, result.output
    assert "test_status" in result.output
    assert "send_test" not in result.output and "list_tests" not in result.output


def test_it_prints_json_for_scripts(runner, organization) -> None:
    _report(organization, "test_status", 0, partner_test_id="12345")
    result = runner.invoke(args=["greenhouse", "errors", "--json"])
    assert result.exit_code == 0, result.output
    [report] = json.loads(result.output)
    assert report["organization"] == "acme"
    assert report["partner_test_id"] == "12345"
    assert report["errors"] == ["test_status was wrong"]
    assert report["received_at"] == "2026-03-26T10:15:00+00:00"
    assert report["raw_body"] == '{"api_call": "test_status"}'


def test_a_report_stored_with_a_lone_surrogate_is_still_listed(runner, organization) -> None:
    _report(organization, "test_status", 0, errors=["bad \ud800 value"])  # a JSON column
    result = runner.invoke(args=["greenhouse", "errors"])
    assert result.exit_code == 0, result.output
    assert "    - bad \ufffd value" in result.output.splitlines()


def test_it_says_so_when_there_is_nothing(runner, organization) -> None:
    result = runner.invoke(args=["greenhouse", "errors"])
    assert result.exit_code == 0
    assert result.output == "No error reports from Greenhouse.\n"


def test_an_unknown_organization_is_a_clear_error(runner, organization) -> None:
    result = runner.invoke(args=["greenhouse", "errors", "--org", "nope"])
    assert result.exit_code == 1
    assert "No organization 'nope'" in result.output
