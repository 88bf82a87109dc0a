"""`assay orgs ...`: organizations and their Greenhouse keys from the command line."""

from __future__ import annotations

import json

from app.extensions import db
from app.models import ApiKey, Organization
from app.security.api_keys import authenticate


def _create(runner, *extra: str):  # type: ignore[no-untyped-def]
    return runner.invoke(args=["orgs", "create", "Acme Corp", "--hr-email", "hr@acme.test", *extra])


def test_it_creates_an_organization_and_prints_its_key_once(runner) -> None:  # type: ignore[no-untyped-def]
    result = _create(runner, "--json")
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert set(printed) >= {"org_id", "greenhouse_api_key"}
    assert printed["slug"] == "acme-corp"
    key = printed["greenhouse_api_key"]
    assert key.startswith("asy_gh_") and len(key) < 171
    assert authenticate(db.session, key, "greenhouse").organization_id == printed["org_id"]


def test_the_key_is_never_stored_in_plain_text(runner) -> None:  # type: ignore[no-untyped-def]
    key = json.loads(_create(runner, "--json").output)["greenhouse_api_key"]
    row = db.session.scalars(db.select(ApiKey)).one()
    assert key not in (row.digest, row.secret_encrypted, row.lookup_id)


def test_a_taken_slug_or_a_bad_email_is_one_clear_line(runner) -> None:  # type: ignore[no-untyped-def]
    assert _create(runner).exit_code == 0
    again = _create(runner)
    assert again.exit_code == 1
    assert "already exists" in again.output
    bad = runner.invoke(args=["orgs", "create", "Beta", "--hr-email", "not-an-email"])
    assert bad.exit_code == 1
    assert "not valid" in bad.output
    assert "Traceback" not in again.output + bad.output


def test_the_team_language_is_kept(runner) -> None:  # type: ignore[no-untyped-def]
    assert _create(runner, "--lang", "uk").exit_code == 0
    assert db.session.scalars(db.select(Organization)).one().language == "uk"


def test_a_rotated_key_works_beside_the_old_one_until_revoked(runner) -> None:  # type: ignore[no-untyped-def]
    old = json.loads(_create(runner, "--json").output)["greenhouse_api_key"]
    rotated = runner.invoke(args=["orgs", "rotate-key", "acme-corp", "--json"])
    new = json.loads(rotated.output)["greenhouse_api_key"]
    assert authenticate(db.session, old, "greenhouse") is not None
    assert authenticate(db.session, new, "greenhouse") is not None
    revoked = runner.invoke(args=["orgs", "revoke-key", "acme-corp"])
    assert "Revoked 1 older key" in revoked.output
    assert authenticate(db.session, old, "greenhouse") is None
    assert authenticate(db.session, new, "greenhouse") is not None


def test_an_unknown_organization_is_named(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["orgs", "rotate-key", "nobody"])
    assert result.exit_code == 1
    assert "No organization 'nobody'" in result.output
