"""POST /api/v1/auth/token (OAuth 2.0 client credentials) and bearer tokens on the API."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest

from app.extensions import db
from app.models import AccessToken, utcnow
from app.services.api_clients import revoke_client
from tests.api.conftest import Credentials, assert_problem, get_token, make_client


def _token(client, credentials: Credentials, **data):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/auth/token", data={"grant_type": "client_credentials", **data},
                       headers=credentials.basic)


def test_it_issues_a_bearer_token_for_basic_client_authentication(client, acme_client) -> None:  # type: ignore[no-untyped-def]
    response = _token(client, acme_client)
    assert response.status_code == 200
    body = response.get_json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert body["scope"] == "tests.read tests.write"
    assert body["access_token"].startswith("asy_at_")
    assert response.headers["Cache-Control"] == "no-store"


def test_it_accepts_client_credentials_as_form_fields(client, acme_client) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/api/v1/auth/token", data={
        "grant_type": "client_credentials", "client_id": acme_client.client.client_id,
        "client_secret": acme_client.secret})
    assert response.status_code == 200
    assert response.get_json()["scope"] == "tests.read tests.write"


def test_a_narrower_scope_gives_a_narrower_token(client, acme_client) -> None:  # type: ignore[no-untyped-def]
    response = _token(client, acme_client, scope="tests.read")
    assert response.status_code == 200
    assert response.get_json()["scope"] == "tests.read"


def test_a_scope_the_client_lacks_is_invalid_scope(client, organization) -> None:  # type: ignore[no-untyped-def]
    reader = make_client(organization, scopes=("tests.read",))
    for scope in ("tests.write", "tests.read admin"):
        body = assert_problem(_token(client, reader, scope=scope), 400, "oauth-error")
        assert body["error"] == "invalid_scope"


@pytest.mark.parametrize("secret", ["asy_cs_wrong", ""])
def test_a_wrong_secret_is_invalid_client_with_a_challenge(client, acme_client, secret) -> None:  # type: ignore[no-untyped-def]
    wrong = Credentials(acme_client.client, secret)
    response = _token(client, wrong)
    body = assert_problem(response, 401, "unauthorized")
    assert body["error"] == "invalid_client"
    assert response.headers["WWW-Authenticate"].startswith("Basic ")


def test_an_unknown_client_or_no_credentials_is_invalid_client(client) -> None:  # type: ignore[no-untyped-def]
    pair = base64.b64encode(b"cl_unknown:asy_cs_x").decode()
    for headers in ({"Authorization": f"Basic {pair}"}, {}):
        response = client.post("/api/v1/auth/token", data={"grant_type": "client_credentials"},
                               headers=headers)
        assert assert_problem(response, 401)["error"] == "invalid_client"


def test_another_grant_type_is_unsupported_grant_type(client, acme_client) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/api/v1/auth/token", data={"grant_type": "password"},
                           headers=acme_client.basic)
    assert assert_problem(response, 400)["error"] == "unsupported_grant_type"


def test_the_token_is_stored_only_as_a_digest(client, acme_client) -> None:  # type: ignore[no-untyped-def]
    value = get_token(client, acme_client)
    row = db.session.scalars(db.select(AccessToken)).one()
    assert value not in (row.digest, row.lookup_id)
    assert row.expires_at - row.issued_at == timedelta(hours=1)


def test_the_lifetime_is_a_setting(app, client, acme_client) -> None:  # type: ignore[no-untyped-def]
    app.config["API_TOKEN_LIFETIME_SECONDS"] = 600
    assert _token(client, acme_client).get_json()["expires_in"] == 600


def test_no_token_is_401_with_a_bearer_challenge_without_error(api) -> None:  # type: ignore[no-untyped-def]
    response = api("get", "/tests", headers={"Authorization": ""})
    assert_problem(response, 401, "unauthorized")
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="Assay API"'


@pytest.mark.parametrize("bearer", ["nonsense", "asy_at_abcdefghijkl_forged", "asy_at_x" * 40])
def test_a_malformed_or_unknown_token_is_invalid_token(api, bearer) -> None:  # type: ignore[no-untyped-def]
    response = api("get", "/tests", bearer=bearer)
    assert_problem(response, 401, "unauthorized")
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_an_expired_token_is_invalid_token(api) -> None:  # type: ignore[no-untyped-def]
    row = db.session.scalars(db.select(AccessToken)).one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = api("get", "/tests")
    assert_problem(response, 401)
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_revoking_the_client_invalidates_its_tokens_at_once(api, client, acme_client) -> None:  # type: ignore[no-untyped-def]
    assert api("get", "/tests").status_code == 200
    revoke_client(db.session, acme_client.client)
    db.session.commit()
    response = api("get", "/tests")
    assert_problem(response, 401)
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    assert assert_problem(_token(client, acme_client), 401)["error"] == "invalid_client"


def test_a_token_without_the_scope_is_403_insufficient_scope(api, client, acme_client) -> None:  # type: ignore[no-untyped-def]
    writer = get_token(client, acme_client, scope="tests.write")
    response = api("get", "/tests", bearer=writer)
    assert_problem(response, 403, "forbidden")
    challenge = response.headers["WWW-Authenticate"]
    assert 'error="insufficient_scope"' in challenge and 'scope="tests.read"' in challenge


def test_tokens_and_secrets_are_redacted_from_log_lines(client, acme_client) -> None:  # type: ignore[no-untyped-def]
    from app.security.redaction import redact

    value = get_token(client, acme_client)
    line = f"GET /api/v1/tests Authorization: Bearer {value} secret={acme_client.secret}"
    cleaned = redact(line)
    assert value not in cleaned and acme_client.secret not in cleaned
