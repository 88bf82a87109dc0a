"""The keys page: Greenhouse keys masked, rotation shown once, API clients created and
revoked (with a confirmation), nothing of another organization."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.extensions import db
from app.models import AccessToken, ApiClient, ApiKey, Organization, User, utcnow
from app.security.api_keys import authenticate, issue_key
from app.services.api_clients import create_client, issue_access_token
from tests.console.conftest import sign_in

KEY_RE = re.compile(r"asy_gh_[A-Za-z0-9_\-]{30,}")


def _greenhouse_key(organization: Organization) -> str:
    key = issue_key(db.session, organization, "greenhouse")
    db.session.commit()
    return key


def _api_client(organization: Organization, name: str = "Workable sync") -> ApiClient:
    created = create_client(db.session, organization, hr_email="hr@acme.com", name=name,
                            scopes=["tests.read"], webhook_url="https://hooks.acme.com/a/b?c=d")
    db.session.commit()
    return created.client


def test_it_shows_the_greenhouse_key_masked(client, admin, organization) -> None:
    key = _greenhouse_key(organization)
    sign_in(client, admin)
    page = client.get("/console/keys")
    assert page.status_code == 200
    assert key not in page.text
    lookup_id = db.session.scalars(select(ApiKey)).one().lookup_id
    assert f"asy_gh_{lookup_id}_…" in page.text  # the public part only
    assert "Never" in page.text  # never used yet


def test_it_shows_when_the_key_was_last_used(client, admin, organization) -> None:
    _greenhouse_key(organization)
    db.session.scalars(select(ApiKey)).one().last_used_at = utcnow().replace(year=2025)
    db.session.commit()
    sign_in(client, admin)
    assert "2025" in client.get("/console/keys").text


def test_it_rotates_the_key_showing_the_new_one_once(client, admin, organization) -> None:
    old = _greenhouse_key(organization)
    sign_in(client, admin)
    answer = client.post("/console/keys/greenhouse/rotate", data={})
    assert answer.status_code == 200
    assert "no-store" in answer.headers["Cache-Control"]
    new = KEY_RE.search(answer.text)
    assert new is not None and new.group(0) != old
    assert "Copy it now" in answer.text
    assert authenticate(db.session, old, "greenhouse") is not None  # until revoked below
    assert authenticate(db.session, new.group(0), "greenhouse") is not None
    assert new.group(0) not in client.get("/console/keys").text


def test_revoking_the_older_keys_keeps_only_the_newest(client, admin, organization) -> None:
    old = _greenhouse_key(organization)
    sign_in(client, admin)
    assert "Revoke the older Greenhouse keys" not in client.get("/console/keys").text
    new = KEY_RE.search(client.post("/console/keys/greenhouse/rotate", data={}).text)
    assert new is not None
    assert "Revoke the older Greenhouse keys" in client.get("/console/keys").text
    answer = client.post("/console/keys/greenhouse/revoke-older", data={})
    assert answer.headers["Location"] == "/console/keys"
    assert authenticate(db.session, old, "greenhouse") is None
    assert authenticate(db.session, new.group(0), "greenhouse") is not None
    page = client.get("/console/keys").text
    assert "1 older key is revoked." in page
    assert "Revoke the older Greenhouse keys" not in page


def test_the_older_keys_are_not_revoked_without_the_csrf_token(client, admin,
                                                               organization) -> None:
    old = _greenhouse_key(organization)
    sign_in(client, admin)
    client.post("/console/keys/greenhouse/rotate", data={})
    client.post("/console/keys/greenhouse/revoke-older", data={}, no_csrf=True)
    assert authenticate(db.session, old, "greenhouse") is not None


def test_it_does_not_rotate_without_the_csrf_token(client, admin, organization) -> None:
    old = _greenhouse_key(organization)
    sign_in(client, admin)
    answer = client.post("/console/keys/greenhouse/rotate", data={}, no_csrf=True)
    assert answer.status_code in (302, 400)
    assert authenticate(db.session, old, "greenhouse") is not None
    assert len(db.session.scalars(select(ApiKey)).all()) == 1


def test_it_lists_clients_with_the_webhook_host_not_its_path(client, admin,
                                                            organization) -> None:
    api_client = _api_client(organization)
    sign_in(client, admin)
    page = client.get("/console/keys").text
    assert api_client.client_id in page and "Workable sync" in page
    assert "hooks.acme.com" in page and "/a/b" not in page
    assert "tests.read" in page and "hr@acme.com" in page


def test_it_creates_a_client_showing_its_secrets_once(client, admin, organization) -> None:
    sign_in(client, admin)
    answer = client.post("/console/keys/clients", data={
        "name": "CRM", "hr_email": "hr@acme.com",
        "scopes": ["tests.read", "tests.write"], "webhook_url": "https://hooks.acme.com/x"})
    assert answer.status_code == 200
    assert "no-store" in answer.headers["Cache-Control"]
    created = db.session.scalars(select(ApiClient)).one()
    assert created.organization_id == organization.id
    assert created.scopes == ["tests.read", "tests.write"]
    secret = re.search(r"asy_cs_[A-Za-z0-9_\-]+", answer.text)
    assert secret is not None
    assert 'id="webhook-secret"' in answer.text
    assert secret.group(0) not in client.get("/console/keys").text


def test_it_creates_a_client_without_a_webhook(client, admin) -> None:
    sign_in(client, admin)
    answer = client.post("/console/keys/clients", data={
        "name": "Scripts", "hr_email": "hr@acme.com",
        "scopes": ["tests.read"], "webhook_url": ""})
    assert answer.status_code == 200
    assert 'id="webhook-secret"' not in answer.text
    assert db.session.scalars(select(ApiClient)).one().webhook_url is None


def test_it_refuses_a_webhook_url_the_policy_refuses(client, admin) -> None:
    sign_in(client, admin)
    answer = client.post("/console/keys/clients", data={
        "name": "CRM", "hr_email": "hr@acme.com",
        "scopes": ["tests.read"], "webhook_url": "http://localhost/hook"})
    assert answer.status_code == 422
    assert "This webhook URL cannot be used" in answer.text
    assert db.session.scalars(select(ApiClient)).all() == []


def test_it_lists_every_problem_of_the_client_form(client, admin) -> None:
    sign_in(client, admin)
    answer = client.post("/console/keys/clients", data={
        "name": "", "hr_email": "nope", "webhook_url": ""})
    assert answer.status_code == 422
    for message in ("Give the client a name.", "Enter an email address",
                    "Choose at least one scope."):
        assert message in answer.text
    assert db.session.scalars(select(ApiClient)).all() == []


def test_it_asks_before_revoking_a_client(client, admin, organization) -> None:
    api_client = _api_client(organization)
    sign_in(client, admin)
    page = client.get(f"/console/keys/clients/{api_client.client_id}/revoke")
    assert page.status_code == 200
    assert "Yes, revoke this client" in page.text
    path = f"/console/keys/clients/{api_client.client_id}/revoke"
    unticked = client.post(path, data={})
    assert unticked.status_code == 422
    assert "Tick the box to confirm." in unticked.text
    db.session.refresh(api_client)
    assert api_client.is_active


def test_it_revokes_a_client_and_its_tokens(client, admin, organization) -> None:
    api_client = _api_client(organization)
    issue_access_token(db.session, api_client, "tests.read", lifetime=600)
    db.session.commit()
    sign_in(client, admin)
    path = f"/console/keys/clients/{api_client.client_id}/revoke"
    answer = client.post(path, data={"confirm": "y"})
    assert answer.status_code == 302
    db.session.refresh(api_client)
    assert not api_client.is_active
    assert db.session.scalars(select(AccessToken)).all() == []
    assert "is revoked" in client.get("/console/keys").text


def test_it_shows_nothing_of_another_organization(client, outsider: User, admin,
                                                  organization) -> None:
    _greenhouse_key(organization)
    lookup_id = db.session.scalars(select(ApiKey)).one().lookup_id
    api_client = _api_client(organization)
    sign_in(client, outsider)
    page = client.get("/console/keys").text
    assert lookup_id not in page and api_client.client_id not in page


def test_it_is_linked_from_the_console_for_admins_only(client, admin, recruiter) -> None:
    sign_in(client, admin)
    assert 'href="/console/keys"' in client.get("/console").text
    sign_in(client, recruiter)
    assert 'href="/console/keys"' not in client.get("/console").text


def test_it_speaks_ukrainian(client, admin) -> None:
    sign_in(client, admin)
    page = client.get("/console/keys", headers={"Accept-Language": "uk"})
    assert "Створити клієнта API" in page.text
