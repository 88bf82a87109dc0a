"""GET /results/<id>: the signed link (of the current link version) or a signed-in member
of the invitation's organization who may see it; an organization may require both."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Attempt, Organization, User
from app.security.results_links import results_url, signature
from tests.console.conftest import sign_in
from tests.results.conftest import link


def _path(attempt: Attempt) -> str:
    return f"/results/{attempt.invitation.public_id}"


def _neutral_404(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert "This link is not available" in response.text
    assert "Ada" not in response.text


def test_the_signed_link_of_the_current_version_opens_it(
        client: FlaskClient, finished_attempt: Attempt) -> None:
    invitation = finished_attempt.invitation
    invitation.results_link_version = 3
    db.session.commit()
    response = client.get(results_url("", invitation.public_id, 3))
    assert response.status_code == 200
    assert "Ada Lovelace" in response.text


def test_a_link_of_an_earlier_version_is_refused_once_revoked(
        client: FlaskClient, finished_attempt: Attempt) -> None:
    invitation = finished_attempt.invitation
    first = link(invitation)
    assert client.get(first).status_code == 200
    invitation.results_link_version = 2
    db.session.commit()
    _neutral_404(client, first)
    assert client.get(results_url("", invitation.public_id, 2)).status_code == 200


@pytest.mark.parametrize("role", ["admin", "recruiter"])
def test_an_admin_or_recruiter_of_the_organization_opens_it_without_the_link(
        client: FlaskClient, finished_attempt: Attempt, role: str,
        request: pytest.FixtureRequest) -> None:
    sign_in(client, request.getfixturevalue(role))
    response = client.get(_path(finished_attempt))
    assert response.status_code == 200
    assert "Ada Lovelace" in response.text
    # The page's own links carry no signature it was not given.
    assert "sig=" not in response.text


def test_a_reviewer_opens_only_the_invitations_assigned_to_them(
        client: FlaskClient, finished_attempt: Attempt, reviewer: User) -> None:
    sign_in(client, reviewer)
    _neutral_404(client, _path(finished_attempt))
    finished_attempt.invitation.reviewer_id = reviewer.id
    db.session.commit()
    assert client.get(_path(finished_attempt)).status_code == 200


def test_a_member_of_another_organization_gets_the_neutral_404(
        client: FlaskClient, finished_attempt: Attempt, outsider: User) -> None:
    sign_in(client, outsider)
    _neutral_404(client, _path(finished_attempt))


def test_without_the_link_or_a_member_it_is_the_neutral_404(
        client: FlaskClient, finished_attempt: Attempt) -> None:
    _neutral_404(client, _path(finished_attempt))


def test_a_member_with_a_revoked_link_still_opens_it_as_a_member(
        client: FlaskClient, finished_attempt: Attempt, recruiter: User) -> None:
    invitation = finished_attempt.invitation
    old = link(invitation)
    invitation.results_link_version = 2
    db.session.commit()
    sign_in(client, recruiter)
    page = client.get(old)
    assert page.status_code == 200
    assert f"sig={signature(invitation.public_id)}" not in page.text  # not passed on


@pytest.fixture
def sign_in_required(organization: Organization) -> Organization:
    organization.results_sign_in_required = True
    db.session.commit()
    return organization


def test_when_sign_in_is_required_the_link_alone_sends_to_the_sign_in_page(
        client: FlaskClient, finished_attempt: Attempt, sign_in_required: Organization) -> None:
    response = client.get(link(finished_attempt.invitation))
    assert response.status_code == 302
    target = urlsplit(response.headers["Location"])
    assert target.path == "/console/sign-in"
    back = parse_qs(target.query)["next"][0]
    assert back == link(finished_attempt.invitation)


def test_after_signing_in_the_member_comes_back_to_the_results_page(
        client: FlaskClient, finished_attempt: Attempt, sign_in_required: Organization,
        recruiter: User) -> None:
    from app.console.access import safe_next

    back = link(finished_attempt.invitation)
    with client.application.test_request_context():
        assert safe_next(back) == back
        assert safe_next("//evil.test/results/x") != "//evil.test/results/x"
    sign_in(client, recruiter)
    assert client.get(back).status_code == 200


def test_when_sign_in_is_required_a_member_of_another_organization_gets_404(
        client: FlaskClient, finished_attempt: Attempt, sign_in_required: Organization,
        outsider: User) -> None:
    sign_in(client, outsider)
    _neutral_404(client, link(finished_attempt.invitation))


def test_when_sign_in_is_required_a_bad_link_is_still_the_neutral_404(
        client: FlaskClient, finished_attempt: Attempt, sign_in_required: Organization) -> None:
    _neutral_404(client, f"{_path(finished_attempt)}?sig={'0' * 32}")


def test_without_sign_in_required_a_member_of_another_organization_with_the_link_reads_it(
        client: FlaskClient, finished_attempt: Attempt, outsider: User) -> None:
    sign_in(client, outsider)
    assert client.get(link(finished_attempt.invitation)).status_code == 200


def test_a_reviewer_reads_it_blind_while_an_answer_awaits_grading(
        client: FlaskClient, finished_attempt: Attempt, reviewer: User) -> None:
    invitation = finished_attempt.invitation
    invitation.reviewer_id = reviewer.id
    db.session.commit()
    sign_in(client, reviewer)
    page = client.get(_path(finished_attempt)).text
    short = invitation.public_id[-6:].upper()
    assert f"Results: candidate {short}" in page
    assert "Ada" not in page and "Lovelace" not in page
    assert invitation.candidate_email not in page
    assert "greenhouse.io" not in page  # a link back would name them too


def test_a_recruiter_is_never_blind(client: FlaskClient, finished_attempt: Attempt,
                                    recruiter: User) -> None:
    sign_in(client, recruiter)
    page = client.get(_path(finished_attempt)).text
    assert "Results: Ada Lovelace" in page
    assert finished_attempt.invitation.candidate_email in page


def test_a_reviewer_sees_the_name_once_the_grades_are_in(
        client: FlaskClient, finished_attempt: Attempt, reviewer: User) -> None:
    from app.models import utcnow
    from app.services.grading import grade_response

    finished_attempt.invitation.reviewer_id = reviewer.id
    grade_response(db.session, finished_attempt, "essay", [1.5, 2], None, "Rob", utcnow())
    db.session.commit()
    sign_in(client, reviewer)
    assert "Results: Ada Lovelace" in client.get(_path(finished_attempt)).text


def test_failed_member_lookups_count_towards_the_rate_limit(
        client: FlaskClient, finished_attempt: Attempt, outsider: User) -> None:
    limit = int(str(client.application.config["RATELIMIT_FAILED_LOOKUPS"]).split()[0])
    sign_in(client, outsider)
    for _ in range(limit):
        assert client.get(_path(finished_attempt)).status_code == 404
    assert client.get(_path(finished_attempt)).status_code == 429
