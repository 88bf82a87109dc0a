"""The public API's test data: companies, their API clients, tokens, catalogue tests.

A company is played by the test client with a bearer token from the real token endpoint;
``rival`` is another company whose data ``acme``'s client must never see.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import ApiClient, Organization, Test
from app.services.api_clients import create_client
from app.services.catalog import ensure_test_number
from tests.fixtures.factories import make_test
from tests.greenhouse.conftest import quiz_definition


@dataclass(frozen=True)
class Credentials:
    client: ApiClient
    secret: str

    @property
    def basic(self) -> dict[str, str]:
        pair = f"{self.client.client_id}:{self.secret}".encode()
        return {"Authorization": "Basic " + base64.b64encode(pair).decode()}


def make_client(organization: Organization, scopes: tuple[str, ...] = ("tests.read", "tests.write"),
                hr_email: str | None = None, webhook_url: str | None = None) -> Credentials:
    from flask import current_app

    from app.webhooks.urls import webhook_policy

    created = create_client(db.session, organization, hr_email=hr_email or organization.hr_email,
                            scopes=list(scopes), name="ATS", webhook_url=webhook_url,
                            webhooks=webhook_policy(current_app.config))
    db.session.commit()
    return Credentials(created.client, created.client_secret)


@pytest.fixture
def acme_client(organization: Organization) -> Credentials:
    """Acme's integration, with both scopes."""
    return make_client(organization, hr_email="recruiting@acme.test")


@pytest.fixture
def rival(app: Flask) -> Organization:
    """Another company on the same Assay."""
    org = Organization(slug="rival", name="Rival Inc", hr_email="hr@rival.test")
    db.session.add(org)
    db.session.commit()
    return org


@pytest.fixture
def rival_client(rival: Organization) -> Credentials:
    return make_client(rival)


def get_token(client: FlaskClient, credentials: Credentials, scope: str | None = None) -> str:
    data = {"grant_type": "client_credentials"}
    if scope is not None:
        data["scope"] = scope
    response = client.post("/api/v1/auth/token", data=data, headers=credentials.basic)
    assert response.status_code == 200, response.get_json()
    token: str = response.get_json()["access_token"]
    return token


@pytest.fixture
def token(client: FlaskClient, acme_client: Credentials) -> str:
    """A token of Acme's client with both scopes."""
    return get_token(client, acme_client)


@pytest.fixture
def api(client: FlaskClient, token: str) -> Callable[..., Any]:
    """Call the API as Acme's integration: ``api("get", "/tests")``."""

    def call(method: str, path: str, *, bearer: str | None = None, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {bearer or token}", "Accept": "application/json",
                   **kwargs.pop("headers", {})}
        return client.open(f"/api/v1{path}", method=method.upper(), headers=headers, **kwargs)

    return call


def catalogue_test(slug: str, *, name: str | None = None, organization: Organization | None = None,
                   active: bool = True, language: str = "en") -> Test:
    """A loaded bank with its public id, as `assay banks load` leaves it."""
    test = make_test(quiz_definition(slug=slug, name=name or slug.title(), language=language),
                     organization=organization, active=active)
    ensure_test_number(db.session, slug)
    db.session.commit()
    return test


def public_id(test: Test) -> int:
    return ensure_test_number(db.session, test.slug)


def assert_problem(response: Any, status: int, slug: str | None = None) -> dict[str, Any]:
    """The response is an RFC 9457 problem with ``status``; returns its body."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body: dict[str, Any] = response.get_json(force=True)
    assert {"type", "title", "status", "detail", "instance"} <= body.keys()
    assert body["status"] == status
    assert body["type"].startswith("http://assay.test/problems/")
    if slug is not None:
        assert body["type"] == f"http://assay.test/problems/{slug}"
    assert response.headers["X-Request-ID"] == body["requestId"]
    return body


def numbered_test(number: int, slug: str, *, active: bool = True, language: str = "en",
                  organization: Organization | None = None) -> Test:
    """A catalogue test whose public id is ``number`` (the seed's ids: 5, 200001, 3...)."""
    from app.models import TestNumber

    db.session.add(TestNumber(id=number, slug=slug))
    db.session.commit()
    return catalogue_test(slug, active=active, language=language, organization=organization)


def seed_body(**changes: Any) -> dict[str, Any]:
    """The seed's curl example body."""
    body: dict[str, Any] = {"name": "Ivan", "surname": "Petrenko",
                            "email": "candidate@company.test", "gender": "Male",
                            "testIds": [5, 200001], "sendCopyToHr": True}
    body.update(changes)
    return {k: v for k, v in body.items() if v is not ...}


def outbox_emails(template: str | None = None) -> list[dict[str, Any]]:
    """The emails queued so far (decrypted payloads), oldest first."""
    from app.models import OutboxMessage

    rows = db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)).all()
    payloads = [row.open_payload() for row in rows if row.kind == "email"]
    return [p for p in payloads if template is None or p["template"] == template]


def basic_header(username: str, password: str = "") -> dict[str, str]:
    pair = f"{username}:{password}".encode()
    return {"Authorization": "Basic " + base64.b64encode(pair).decode()}
