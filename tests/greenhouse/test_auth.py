"""Authentication: HTTPS only, HTTP Basic with the organization's key as the username."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import timedelta

import pytest
import time_machine

from app.extensions import db
from app.models import ApiKey, utcnow
from app.security.key_cache import KeyCache
from tests.fixtures.factories import make_api_key
from tests.greenhouse.conftest import basic

REALM = 'Basic realm="Assay Greenhouse API"'


@dataclass
class SteppedClock:
    """A monotonic clock that moves only when the test moves it."""

    seconds: float = 1000.0

    def __call__(self) -> float:
        return self.seconds


def _assert_401(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 401
    assert response.is_json
    assert response.headers["WWW-Authenticate"] == REALM
    body = response.get_json()
    assert body["error"] == "Unauthorized"
    assert "API key" in body["message"]


def test_the_key_as_username_with_an_empty_password_is_accepted(client, greenhouse_key) -> None:
    response = client.get("/api/greenhouse/list_tests", headers=basic(greenhouse_key.value))
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["list_tests", "test_status?partner_interview_id=iv_1"])
def test_no_credentials_get_a_json_401_with_a_basic_challenge(client, path) -> None:
    _assert_401(client.get(f"/api/greenhouse/{path}"))


@pytest.mark.parametrize("path", ["send_test", "response_error"])
def test_posts_without_credentials_get_401_before_the_body_is_read(client, path) -> None:
    _assert_401(client.post(f"/api/greenhouse/{path}", data="not json"))


def test_a_wrong_key_gets_401(client, greenhouse_key) -> None:
    ending = "AAAA" if not greenhouse_key.value.endswith("AAAA") else "BBBB"
    tampered = greenhouse_key.value[:-4] + ending
    _assert_401(client.get("/api/greenhouse/list_tests", headers=basic(tampered)))


@pytest.mark.parametrize("key", ["nonsense", "asy_gh_", "asy_gh_short_x", "x" * 500, " "])
def test_keys_not_shaped_like_ours_get_401(client, greenhouse_key, key) -> None:
    _assert_401(client.get("/api/greenhouse/list_tests", headers=basic(key)))


def test_a_bearer_token_is_not_basic_auth(client, greenhouse_key) -> None:
    _assert_401(client.get("/api/greenhouse/list_tests",
                           headers={"Authorization": f"Bearer {greenhouse_key.value}"}))


def test_the_key_in_the_password_field_is_not_accepted(client, greenhouse_key) -> None:
    credentials = base64.b64encode(f":{greenhouse_key.value}".encode()).decode()
    _assert_401(client.get("/api/greenhouse/list_tests",
                           headers={"Authorization": f"Basic {credentials}"}))


def test_a_public_api_key_does_not_open_the_greenhouse_api(client, organization) -> None:
    key = make_api_key(organization, purpose="public_api")
    _assert_401(client.get("/api/greenhouse/list_tests", headers=basic(key.value)))


def test_a_revoked_key_gets_401(client, greenhouse_key) -> None:
    greenhouse_key.row.revoke()
    db.session.commit()
    _assert_401(client.get("/api/greenhouse/list_tests", headers=basic(greenhouse_key.value)))


class TestWithoutTheKeyCache:
    @pytest.fixture
    def app_config(self):  # type: ignore[no-untyped-def]
        return {"API_KEY_CACHE_SECONDS": 0}

    def test_after_rotation_both_keys_work_until_the_old_one_is_revoked(
            self, client, runner, greenhouse_key) -> None:
        old = greenhouse_key.value
        rotated = runner.invoke(args=["orgs", "rotate-key", "acme", "--json"])
        assert rotated.exit_code == 0, rotated.output
        new = json.loads(rotated.output)["greenhouse_api_key"]
        assert new.startswith("asy_gh_") and len(new) < 171
        for key in (old, new):
            assert client.get("/api/greenhouse/list_tests", headers=basic(key)).status_code == 200

        revoked = runner.invoke(args=["orgs", "revoke-key", "acme"])
        assert revoked.exit_code == 0, revoked.output
        db.session.expire_all()
        _assert_401(client.get("/api/greenhouse/list_tests", headers=basic(old)))
        assert client.get("/api/greenhouse/list_tests", headers=basic(new)).status_code == 200


class TestWithTheKeyCache:
    """Each worker remembers a key that authenticated for API_KEY_CACHE_SECONDS."""

    @pytest.fixture
    def app_config(self):  # type: ignore[no-untyped-def]
        return {"API_KEY_CACHE_SECONDS": 1}

    def test_a_revoked_key_is_refused_once_the_cache_forgets_it(
            self, app, client, runner, greenhouse_key) -> None:
        clock = SteppedClock()
        # The app's cache, as key_cache() would make it, reading a clock the test moves.
        app.extensions["assay_key_cache"] = KeyCache(
            app.config["API_KEY_CACHE_SECONDS"], clock=clock)
        headers = basic(greenhouse_key.value)
        assert client.get("/api/greenhouse/list_tests", headers=headers).status_code == 200
        greenhouse_key.row.revoke()
        db.session.commit()
        # Within the lifetime: still remembered (the documented delay of a revocation).
        clock.seconds += 0.95
        assert client.get("/api/greenhouse/list_tests", headers=headers).status_code == 200
        clock.seconds += 0.1
        _assert_401(client.get("/api/greenhouse/list_tests", headers=headers))

    def test_a_wrong_key_with_a_remembered_lookup_part_is_refused(
            self, client, greenhouse_key) -> None:
        assert client.get("/api/greenhouse/list_tests",
                          headers=basic(greenhouse_key.value)).status_code == 200
        tampered = greenhouse_key.value[:-4] + (
            "AAAA" if not greenhouse_key.value.endswith("AAAA") else "BBBB")
        _assert_401(client.get("/api/greenhouse/list_tests", headers=basic(tampered)))

    def test_a_refused_key_is_not_remembered(self, client, greenhouse_key) -> None:
        greenhouse_key.row.revoke()
        db.session.commit()
        _assert_401(client.get("/api/greenhouse/list_tests",
                               headers=basic(greenhouse_key.value)))
        greenhouse_key.row.revoked_at = None
        db.session.commit()
        assert client.get("/api/greenhouse/list_tests",
                          headers=basic(greenhouse_key.value)).status_code == 200

    def test_use_is_still_recorded_once_a_minute(self, client, greenhouse_key) -> None:
        headers = basic(greenhouse_key.value)
        start = utcnow()
        with time_machine.travel(start, tick=False):
            client.get("/api/greenhouse/list_tests", headers=headers)
        with time_machine.travel(start + timedelta(seconds=61), tick=False):
            client.get("/api/greenhouse/list_tests", headers=headers)  # served from the cache
        assert _last_used(greenhouse_key.row.id) == start + timedelta(seconds=61)


def _last_used(key_id: int):  # type: ignore[no-untyped-def]
    db.session.expire_all()
    return db.session.get(ApiKey, key_id).last_used_at


def test_use_is_recorded_at_most_once_a_minute(client, greenhouse_key) -> None:
    headers = basic(greenhouse_key.value)
    assert _last_used(greenhouse_key.row.id) is None
    start = utcnow()
    with time_machine.travel(start, tick=False):
        client.get("/api/greenhouse/list_tests", headers=headers)
    assert _last_used(greenhouse_key.row.id) == start
    with time_machine.travel(start + timedelta(seconds=50), tick=False):
        client.get("/api/greenhouse/list_tests", headers=headers)
    assert _last_used(greenhouse_key.row.id) == start
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        client.get("/api/greenhouse/list_tests", headers=headers)
    assert _last_used(greenhouse_key.row.id) == start + timedelta(seconds=61)


def test_a_failed_authentication_records_no_use(client, greenhouse_key) -> None:
    client.get("/api/greenhouse/list_tests", headers=basic(greenhouse_key.value + "x"))
    assert _last_used(greenhouse_key.row.id) is None


class TestWhenHttpsIsRequired:
    @pytest.fixture
    def app_config(self):  # type: ignore[no-untyped-def]
        return {"REQUIRE_HTTPS": True, "PROXY_FIX_HOPS": 1}

    def test_a_call_forwarded_as_plain_http_is_refused_with_json_403(
            self, client, greenhouse_key) -> None:
        response = client.get("/api/greenhouse/list_tests", headers={
            **basic(greenhouse_key.value), "X-Forwarded-Proto": "http"})
        assert response.status_code == 403
        assert response.is_json
        assert "HTTPS is required" in response.get_json()["message"]

    def test_a_direct_plain_http_call_is_refused_even_without_a_key(self, client) -> None:
        response = client.post("/api/greenhouse/send_test", json={})
        assert response.status_code == 403
        assert "HTTPS is required" in response.get_json()["message"]

    def test_a_call_forwarded_as_https_is_served(self, client, greenhouse_key) -> None:
        response = client.get("/api/greenhouse/list_tests", headers={
            **basic(greenhouse_key.value), "X-Forwarded-Proto": "https"})
        assert response.status_code == 200

    def test_a_refused_plain_http_call_does_not_record_the_keys_use(
            self, client, greenhouse_key) -> None:
        client.get("/api/greenhouse/list_tests", headers={
            **basic(greenhouse_key.value), "X-Forwarded-Proto": "http"})
        assert _last_used(greenhouse_key.row.id) is None


def test_the_api_is_exempt_from_csrf_as_basic_auth_carries_no_cookie(
        app, greenhouse_key) -> None:
    assert app.config.get("WTF_CSRF_ENABLED", True)  # on for the rest of Assay
    client = app.test_client()  # a plain client: no CSRF token anywhere
    response = client.post("/api/greenhouse/response_error", headers=basic(greenhouse_key.value),
                           data='{"api_call": "list_tests", "errors": []}',
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
