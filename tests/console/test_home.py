"""The console's home page: the organization's invitations by status, what waits for
grading, and the latest results — never another organization's."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Organization, Test, User
from app.services.console_overview import overview
from tests.console.conftest import sign_in
from tests.fixtures.attempts import finished
from tests.fixtures.definitions import definition, essay, invite, section
from tests.fixtures.factories import make_test


def _essay_test() -> Test:
    return make_test(definition(section("s1", essay("e1")), slug="writing", name="Writing"))


def test_it_counts_the_organizations_invitations_by_status(
        organization: Organization, other_org: Organization, basics_test: Test,
        admin: User) -> None:
    invite(organization, [basics_test])
    invite(organization, [basics_test])
    finished(organization, basics_test, {})
    invite(other_org, [basics_test])  # never counted for Acme

    figures = overview(db.session, admin)

    assert figures.by_status["sent"] == 2
    assert figures.by_status["completed"] == 1
    assert figures.total == 3
    assert [result.test_name for result in figures.recent] == ["Basics"]


def test_it_counts_for_a_reviewer_only_the_grading_assigned_to_them(
        organization: Organization, admin: User, reviewer: User) -> None:
    writing = _essay_test()
    mine = finished(organization, writing, {"e1": "An answer."})
    finished(organization, writing, {"e1": "Another answer."})
    mine.invitation.reviewer_id = reviewer.id
    db.session.commit()

    assert overview(db.session, admin).awaiting_grading == 2
    assert overview(db.session, reviewer).awaiting_grading == 1
    assert overview(db.session, reviewer).recent == []  # blind: no names for reviewers


def test_the_home_page_shows_the_latest_results_with_their_links(
        app: Flask, client: FlaskClient, organization: Organization, basics_test: Test,
        recruiter: User) -> None:
    attempt = finished(organization, basics_test, {})
    sign_in(client, recruiter)

    page = client.get("/console").get_data(as_text=True)

    assert "Latest results" in page
    assert f"/results/{attempt.invitation.public_id}" in page
    assert "Olena Kovalenko" in page


def test_a_reviewers_home_page_names_no_candidate(
        client: FlaskClient, organization: Organization, basics_test: Test,
        reviewer: User) -> None:
    finished(organization, basics_test, {})
    sign_in(client, reviewer)

    page = client.get("/console").get_data(as_text=True)

    assert "Olena" not in page
    assert "Latest results" not in page
