"""Who may open each console route: signed out -> the sign-in page; each role -> its
answer; a member of another organization -> 404, exactly as for an object that does not
exist (never 403, which would confirm it exists). Every console route is in ROUTES; a new
route fails test_every_console_route_is_covered until it is added here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from app.extensions import db
from app.models import (
    ApiClient,
    Attempt,
    Invitation,
    InvitationEvent,
    Organization,
    OutboxMessage,
    Response,
    Role,
    User,
    utcnow,
)
from app.services.api_clients import create_client
from app.services.outbox import enqueue
from tests.console.conftest import MakeMember, sign_in
from tests.console.grading_data import Submit
from tests.console.invitation_factory import make_invitation
from tests.fixtures.definitions import definition
from tests.fixtures.factories import make_test


@dataclass(frozen=True)
class Route:
    method: str
    # {member}: an Acme member's public id (the recruiter); {client}: Acme's API client;
    # {message}: Acme's failed outbox message; {test}: Acme's private test;
    # {attempt}: an Acme candidate's submitted attempt, assigned to the reviewer;
    # {invitation}: an invitation of Acme's, waiting to be started
    path: str
    endpoint: str
    # Status per role; a role left out may not open the route (403).
    allowed: dict[str, int]
    data: dict[str, str] | None = None


ANY_ROLE_PAGE = {"admin": 200, "recruiter": 200, "reviewer": 200}
INVITERS_PAGE = {"admin": 200, "recruiter": 200}
TEAM_PAGE = INVITERS_PAGE
TEAM_POST = {"admin": 302, "recruiter": 302}
ROUTES = [
    Route("GET", "/console", "console.home", ANY_ROLE_PAGE),
    Route("POST", "/console/sign-out-everywhere", "console.sign_out_everywhere",
          {"admin": 302, "recruiter": 302, "reviewer": 302}, {}),
    Route("GET", "/console/account", "console.account", ANY_ROLE_PAGE),
    Route("POST", "/console/account", "console.account",
          {"admin": 422, "recruiter": 422, "reviewer": 422}, {}),
    Route("GET", "/console/team", "console.team", {"admin": 200}),
    Route("POST", "/console/team/invite", "console.invite", {"admin": 302},
          {"email": "new@acme.test", "role": "reviewer"}),
    Route("POST", "/console/team/{member}/role", "console.change_role", {"admin": 302},
          {"role": "reviewer"}),
    Route("POST", "/console/team/{member}/deactivate", "console.deactivate", {"admin": 302},
          {}),
    Route("POST", "/console/team/{member}/reactivate", "console.reactivate", {"admin": 302},
          {}),
    Route("POST", "/console/team/{member}/resend", "console.resend_invitation",
          {"admin": 302}, {}),
    Route("GET", "/console/keys", "console.keys", {"admin": 200}),
    # Inviting candidates. The POSTs carry invalid data: the answer, not the sending, is
    # what is checked here (tests/console/test_invite*.py send).
    Route("GET", "/console/invite", "console.new_invitation", INVITERS_PAGE),
    Route("POST", "/console/invite", "console.new_invitation",
          {"admin": 422, "recruiter": 422}, {"email": "not an address"}),
    Route("GET", "/console/invite/csv", "console.invite_csv", INVITERS_PAGE),
    Route("POST", "/console/invite/csv", "console.invite_csv",
          {"admin": 422, "recruiter": 422}, {}),
    Route("POST", "/console/invite/csv/send", "console.send_invite_csv",
          {"admin": 400, "recruiter": 400}, {"batch": "not.a.signed.batch"}),
    Route("GET", "/console/invite/csv/template", "console.invite_csv_template",
          INVITERS_PAGE),
    Route("POST", "/console/keys/greenhouse/rotate", "console.rotate_greenhouse_key",
          {"admin": 200}, {}),
    Route("POST", "/console/keys/greenhouse/revoke-older",
          "console.revoke_older_greenhouse_keys", {"admin": 302}, {}),
    Route("POST", "/console/keys/clients", "console.create_api_client", {"admin": 200},
          {"name": "CRM", "hr_email": "hr@acme.com", "scopes": "tests.read"}),
    Route("GET", "/console/keys/clients/{client}/revoke", "console.confirm_revoke_client",
          {"admin": 200}),
    Route("POST", "/console/keys/clients/{client}/revoke", "console.revoke_api_client",
          {"admin": 302}, {"confirm": "y"}),
    Route("GET", "/console/settings", "console.settings", {"admin": 200}),
    Route("POST", "/console/settings", "console.settings", {"admin": 302},
          {"valid_days": "14", "max_gap_credit": "5", "gap_unit": "minutes",
           "language": "uk"}),
    Route("GET", "/console/grading", "console.grading_queue", {"admin": 200, "reviewer": 200}),
    Route("GET", "/console/grading/{attempt}/essay", "console.grade_answer",
          {"admin": 200, "reviewer": 200}),
    Route("POST", "/console/grading/{attempt}/essay", "console.save_grade",
          {"admin": 302, "reviewer": 302}, {"criterion-0": "1", "criterion-1": "2"}),
    Route("GET", "/console/outbox", "console.outbox", {"admin": 200}),
    Route("POST", "/console/outbox/{message}/retry", "console.retry_outbox_message",
          {"admin": 302}, {}),
    Route("GET", "/console/greenhouse-reports", "console.greenhouse_reports", {"admin": 200}),
    Route("GET", "/console/tests", "console.tests", INVITERS_PAGE),
    Route("GET", "/console/tests/{test}/statistics", "console.test_statistics",
          INVITERS_PAGE),
    Route("GET", "/console/tests/{test}/preview", "console.test_preview", INVITERS_PAGE),
    Route("GET", "/console/invitations", "console.invitations", TEAM_PAGE),
    Route("GET", "/console/invitations.csv", "console.invitations_csv", TEAM_PAGE),
    Route("GET", "/console/invitations/{invitation}", "console.invitation", TEAM_PAGE),
    Route("POST", "/console/invitations/{invitation}/resend",
          "console.resend_invitation_email", TEAM_POST, {}),
    Route("POST", "/console/invitations/{invitation}/extend", "console.extend_invitation",
          TEAM_POST, {"days": "3"}),
    Route("GET", "/console/invitations/{invitation}/cancel",
          "console.confirm_cancel_invitation", TEAM_PAGE),
    Route("POST", "/console/invitations/{invitation}/cancel", "console.cancel_invitation",
          TEAM_POST, {"confirm": "y"}),
    Route("POST", "/console/invitations/{invitation}/results-link",
          "console.reissue_results_link", TEAM_PAGE, {}),
    Route("POST", "/console/invitations/{invitation}/reviewer", "console.assign_reviewer",
          TEAM_POST, {"reviewer": ""}),
]
# Open to anyone: signing in, asking for a reset, following a link (each tested elsewhere).
PUBLIC = {"console.sign_in", "console.sign_out", "console.forgot_password",
          "console.password_link"}
OBJECT_ROUTES = [route for route in ROUTES if "{member}" in route.path]
CLIENT_ROUTES = [route for route in ROUTES if "{client}" in route.path]
MESSAGE_ROUTES = [route for route in ROUTES if "{message}" in route.path]
TEST_ROUTES = [route for route in ROUTES if "{test}" in route.path]
ATTEMPT_ROUTES = [route for route in ROUTES if "{attempt}" in route.path]
INVITATION_ROUTES = [route for route in ROUTES if "{invitation}" in route.path]
# What the placeholders stand for when a test has no such object of Acme's.
NO_OBJECTS = {"message": "999999", "test": "no-such-test", "attempt": "at_none",
              "invitation": "iv_none"}


@pytest.fixture
def acme_api_client(organization: Organization) -> ApiClient:
    created = create_client(db.session, organization, hr_email="hr@acme.com",
                            scopes=["tests.read"], name="Acme CRM")
    db.session.commit()
    return created.client


@pytest.fixture
def acme_objects(organization: Organization, reviewer: User,
                 submit: Submit) -> dict[str, str]:
    """Acme's failed outbox message (its body kept, so it can be retried), a test of
    Acme's own (not the library's), a candidate's essay waiting for a grade, assigned
    to Acme's reviewer, and an invitation sent an hour ago, not started (every action on
    it is possible): what {message}, {test}, {attempt} and {invitation} stand for."""
    attempt = submit(organization, reviewer=reviewer)
    message = enqueue(db.session, "email", {"to": "olena@example.test", "subject": "Hi"},
                      organization_id=organization.id)
    message.mark_refused("SMTP 550 mailbox unavailable", utcnow())
    test = make_test(definition(slug="acme-private", name="Acme's own test"),
                     organization=organization)
    db.session.commit()
    invitation = make_invitation(organization, [make_test(definition(slug="access",
                                                                     name="Access"))],
                                 created_at=utcnow() - timedelta(hours=1))
    return {"message": str(message.id), "test": test.slug, "attempt": attempt.public_id,
            "invitation": invitation.public_id}


def _call(client, route: Route, member: User,  # type: ignore[no-untyped-def]
          api_client: ApiClient | None = None, objects: dict[str, str] | None = None):
    path = _path(route, member, api_client, objects)
    if route.method == "GET":
        return client.get(path)
    return client.post(path, data=route.data or {})


def _path(route: Route, member: User, api_client: ApiClient | None,
          objects: dict[str, str] | None) -> str:
    return route.path.format(member=member.public_id,
                             client=api_client.client_id if api_client else "cl_none",
                             **(objects or NO_OBJECTS))


def test_every_console_route_is_covered(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()
                 if rule.endpoint.startswith("console.")}
    assert endpoints == {route.endpoint for route in ROUTES} | PUBLIC


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.path}")
def test_signed_out_it_goes_to_the_sign_in_page(client, recruiter, acme_api_client,
                                                acme_objects, route: Route) -> None:
    response = _call(client, route, recruiter, acme_api_client, acme_objects)
    assert response.status_code == 302
    path = _path(route, recruiter, acme_api_client, acme_objects)
    expected = f"/console/sign-in?next={path}" if route.method == "GET" else (
        "/console/sign-in")
    assert response.headers["Location"] == expected


@pytest.mark.parametrize("role", ["admin", "recruiter", "reviewer"])
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.path}")
def test_each_role_gets_its_answer(request, client, recruiter, acme_api_client, acme_objects,
                                   route: Route, role: str) -> None:
    member = request.getfixturevalue(role)
    sign_in(client, member)
    target = request.getfixturevalue("reviewer") if member is recruiter else recruiter
    response = _call(client, route, target, acme_api_client, acme_objects)
    assert response.status_code == route.allowed.get(role, 403)


@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=lambda r: f"{r.method} {r.path}")
def test_another_organizations_member_is_not_found(client, outsider, recruiter,
                                                   route: Route) -> None:
    sign_in(client, outsider)
    before = (recruiter.role, recruiter.active, recruiter.session_generation)
    response = _call(client, route, recruiter)
    assert response.status_code == 404
    db.session.refresh(recruiter)
    assert (recruiter.role, recruiter.active, recruiter.session_generation) == before


@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=lambda r: f"{r.method} {r.path}")
def test_a_member_id_that_does_not_exist_is_not_found_the_same_way(
        client, outsider, recruiter, route: Route) -> None:
    sign_in(client, outsider)
    path = route.path.format(member="usr_" + "0" * 20)
    assert client.post(path, data=route.data or {}).status_code == 404


@pytest.mark.parametrize("route", CLIENT_ROUTES, ids=lambda r: f"{r.method} {r.path}")
def test_another_organizations_api_client_is_not_found(client, outsider, recruiter,
                                                       acme_api_client, route: Route) -> None:
    sign_in(client, outsider)
    assert _call(client, route, recruiter, acme_api_client).status_code == 404
    db.session.refresh(acme_api_client)
    assert acme_api_client.is_active


@pytest.mark.parametrize("route", CLIENT_ROUTES, ids=lambda r: f"{r.method} {r.path}")
def test_an_api_client_id_that_does_not_exist_is_not_found_the_same_way(
        client, outsider, recruiter, route: Route) -> None:
    sign_in(client, outsider)
    assert _call(client, route, recruiter).status_code == 404


@pytest.mark.parametrize("route", MESSAGE_ROUTES, ids=lambda r: f"{r.method} {r.path}")
def test_another_organizations_outbox_message_is_not_found(client, outsider, recruiter,
                                                           acme_objects, route: Route) -> None:
    sign_in(client, outsider)
    assert _call(client, route, recruiter, objects=acme_objects).status_code == 404
    message = db.session.get(OutboxMessage, int(acme_objects["message"]))
    assert message is not None and message.status == "failed"


@pytest.mark.parametrize("route", MESSAGE_ROUTES, ids=lambda r: f"{r.method} {r.path}")
def test_an_outbox_message_that_does_not_exist_is_not_found_the_same_way(
        client, outsider, recruiter, route: Route) -> None:
    sign_in(client, outsider)
    assert _call(client, route, recruiter).status_code == 404


@pytest.mark.parametrize("route", TEST_ROUTES, ids=lambda r: f"{r.method} {r.path}")
def test_another_organizations_private_test_is_not_found(client, outsider, recruiter,
                                                         acme_objects, route: Route) -> None:
    sign_in(client, outsider)
    assert _call(client, route, recruiter, objects=acme_objects).status_code == 404


@pytest.mark.parametrize("route", TEST_ROUTES, ids=lambda r: f"{r.method} {r.path}")
def test_a_test_that_does_not_exist_is_not_found_the_same_way(client, outsider, recruiter,
                                                              route: Route) -> None:
    sign_in(client, outsider)
    assert _call(client, route, recruiter).status_code == 404


@pytest.mark.parametrize("route", ATTEMPT_ROUTES, ids=lambda r: f"{r.method} {r.path}")
def test_another_organizations_attempt_is_not_found(client, outsider, recruiter, acme_objects,
                                                    route: Route) -> None:
    sign_in(client, outsider)
    assert _call(client, route, recruiter, objects=acme_objects).status_code == 404
    assert _essay_points(acme_objects["attempt"]) is None


@pytest.mark.parametrize("route", ATTEMPT_ROUTES, ids=lambda r: f"{r.method} {r.path}")
def test_an_attempt_id_that_does_not_exist_is_not_found_the_same_way(
        client, outsider, recruiter, route: Route) -> None:
    sign_in(client, outsider)
    assert _call(client, route, recruiter).status_code == 404


@pytest.mark.parametrize("route", ATTEMPT_ROUTES, ids=lambda r: f"{r.method} {r.path}")
def test_a_reviewer_not_assigned_to_the_invitation_finds_nothing(
        client, organization, make_member: MakeMember, recruiter, acme_objects,
        route: Route) -> None:
    other_reviewer = make_member(organization, Role.REVIEWER, "rae.reviewer@acme.test")
    sign_in(client, other_reviewer)
    assert _call(client, route, recruiter, objects=acme_objects).status_code == 404
    assert _essay_points(acme_objects["attempt"]) is None


@pytest.mark.parametrize("route", INVITATION_ROUTES, ids=lambda r: f"{r.method} {r.path}")
def test_another_organizations_invitation_is_not_found(client, outsider, recruiter,
                                                       acme_objects, route: Route) -> None:
    sign_in(client, outsider)
    invitation = db.session.scalars(select(Invitation).where(
        Invitation.public_id == acme_objects["invitation"])).one()
    before = (invitation.expires_at, invitation.cancelled_at,
              invitation.results_link_version, invitation.token_digest)
    assert _call(client, route, recruiter, objects=acme_objects).status_code == 404
    db.session.refresh(invitation)
    assert (invitation.expires_at, invitation.cancelled_at,
            invitation.results_link_version, invitation.token_digest) == before
    assert db.session.scalars(select(InvitationEvent)).all() == []


@pytest.mark.parametrize("route", INVITATION_ROUTES, ids=lambda r: f"{r.method} {r.path}")
def test_an_invitation_id_that_does_not_exist_is_not_found_the_same_way(
        client, outsider, recruiter, route: Route) -> None:
    sign_in(client, outsider)
    assert _call(client, route, recruiter).status_code == 404


def _essay_points(attempt_public_id: str) -> float | None:
    db.session.expire_all()
    return db.session.scalars(db.select(Response.manual_points).join(Attempt).where(
        Attempt.public_id == attempt_public_id, Response.question_id == "essay")).one()


def test_a_role_without_access_is_told_so_in_words(client, reviewer) -> None:
    sign_in(client, reviewer)
    page = client.get("/console/team", headers={"Accept-Language": "uk"})
    assert page.status_code == 403
    assert "Ваша роль у команді не дає доступу до цієї сторінки." in page.text


def test_another_organizations_team_page_lists_only_its_own(client, outsider, admin) -> None:
    sign_in(client, outsider)
    page = client.get("/console/team")
    assert outsider.email in page.text and admin.email not in page.text
