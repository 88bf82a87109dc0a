"""`assay clients create/list/revoke`: the public API's OAuth2 clients."""

from __future__ import annotations

import json

from app.extensions import db
from app.models import ApiClient
from app.services.api_clients import secret_matches


def _create(runner, *extra: str):  # type: ignore[no-untyped-def]
    return runner.invoke(args=["clients", "create", "--org", "acme", "--hr-email",
                               "hr@acme.test", "--scope", "tests.read", "--scope",
                               "tests.write", *extra])


def test_it_prints_the_id_and_secret_once_and_stores_a_digest(runner, organization) -> None:  # type: ignore[no-untyped-def]
    result = _create(runner, "--name", "ATS sync", "--json")
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    client = db.session.scalars(db.select(ApiClient)).one()
    assert printed["client_id"] == client.client_id
    assert printed["scope"] == "tests.read tests.write"
    secret = printed["client_secret"]
    assert secret.startswith("asy_cs_")
    assert secret not in (client.secret_digest, client.client_id)
    assert secret_matches(client, secret)
    assert printed["webhook_secret"] is None


def test_it_prints_plain_text_without_json(runner, organization) -> None:  # type: ignore[no-untyped-def]
    result = _create(runner)
    assert result.exit_code == 0
    assert "client_secret: asy_cs_" in result.output


def test_a_webhook_url_gets_a_sealed_standard_webhooks_secret(runner, organization) -> None:  # type: ignore[no-untyped-def]
    result = _create(runner, "--webhook-url", "https://hooks.example.com/assay", "--json")
    assert result.exit_code == 0, result.output
    secret = json.loads(result.output)["webhook_secret"]
    assert secret.startswith("whsec_")
    client = db.session.scalars(db.select(ApiClient)).one()
    assert secret not in client.webhook_secret_sealed
    assert client.webhook_secret() == secret


def test_a_webhook_url_outside_the_webhook_policy_is_refused(runner, organization) -> None:  # type: ignore[no-untyped-def]
    for url in ("http://hooks.example.com/x", "https://127.0.0.1/x", "https://localhost/x",
                "https://hooks.example.com:8443/x", "https://user@hooks.example.com/x"):
        result = _create(runner, "--webhook-url", url)
        assert result.exit_code == 1
        assert "webhook URL" in result.output
    assert db.session.scalars(db.select(ApiClient)).all() == []


def test_an_unknown_scope_or_org_is_refused(runner, organization) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["clients", "create", "--org", "acme", "--hr-email",
                                 "hr@acme.test", "--scope", "admin"])
    assert result.exit_code == 2
    result = runner.invoke(args=["clients", "create", "--org", "nobody", "--hr-email",
                                 "hr@acme.test", "--scope", "tests.read"])
    assert result.exit_code == 1
    assert "No organization" in result.output


def test_list_shows_clients_without_secrets_and_revoke_marks_them(runner, organization) -> None:  # type: ignore[no-untyped-def]
    created = json.loads(_create(runner, "--json").output)
    listed = json.loads(runner.invoke(args=["clients", "list", "--org", "acme", "--json"]).output)
    assert [c["client_id"] for c in listed] == [created["client_id"]]
    assert created["client_secret"] not in json.dumps(listed)
    assert listed[0]["revoked_at"] is None
    result = runner.invoke(args=["clients", "revoke", created["client_id"]])
    assert result.exit_code == 0
    listed = json.loads(runner.invoke(args=["clients", "list", "--org", "acme", "--json"]).output)
    assert listed[0]["revoked_at"] is not None
    client = db.session.scalars(db.select(ApiClient)).one()
    assert not secret_matches(client, created["client_secret"])
    assert runner.invoke(args=["clients", "revoke", "cl_nothing"]).exit_code == 1
