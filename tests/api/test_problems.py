"""Every error of /api/v1 is application/problem+json (RFC 9457), with X-Request-ID."""

from __future__ import annotations

import logging

import pytest

from app import create_app
from tests.api.conftest import assert_problem
from tests.fixtures.servers import free_port


def test_an_unknown_path_is_a_404_problem(api) -> None:  # type: ignore[no-untyped-def]
    body = assert_problem(api("get", "/nothing/here"), 404, "not-found")
    assert body["title"] == "Not Found"
    assert body["instance"] == "/api/v1/nothing/here"


def test_a_wrong_method_is_a_405_problem_with_allow(api) -> None:  # type: ignore[no-untyped-def]
    response = api("put", "/tests")
    assert_problem(response, 405, "method-not-allowed")
    assert "GET" in response.headers["Allow"]


def test_a_body_over_the_limit_is_a_413_problem(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/api/v1/auth/token", data={"grant_type": "x" * 20_000})
    assert_problem(response, 413, "payload-too-large")


def test_the_request_id_is_echoed_or_generated(api) -> None:  # type: ignore[no-untyped-def]
    given = api("get", "/tests", headers={"X-Request-ID": "ats-42.retry-1"})
    assert given.headers["X-Request-ID"] == "ats-42.retry-1"
    made = api("get", "/tests")
    assert len(made.headers["X-Request-ID"]) == 32
    odd = api("get", "/nothing", headers={"X-Request-ID": "bad id <script>"})
    assert odd.headers["X-Request-ID"] != "bad id <script>"
    assert assert_problem(odd, 404)["requestId"] == odd.headers["X-Request-ID"]


def test_an_unexpected_error_is_a_500_without_internals_logged_with_the_request_id(
        api, monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    def explode(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("secret internals: /srv/assay/app.py line 7")

    monkeypatch.setattr("app.api.views_tests.catalogue_page", explode)
    with caplog.at_level(logging.ERROR):
        response = api("get", "/tests", headers={"X-Request-ID": "req-500"})
    body = assert_problem(response, 500, "server-error")
    assert "secret" not in response.get_data(as_text=True)
    assert "req-500" in body["detail"]
    assert any("req-500" in record.getMessage() and record.exc_info for record in caplog.records)


def test_calls_over_plain_http_are_refused_when_https_is_required(app, api) -> None:  # type: ignore[no-untyped-def]
    app.config["REQUIRE_HTTPS"] = True
    assert_problem(api("get", "/tests"), 403, "forbidden")
    assert api("get", "/tests", base_url="https://assay.test").status_code == 200


def test_the_greenhouse_api_keeps_its_own_error_shape(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/greenhouse/list_tests")
    assert response.status_code == 401
    assert response.mimetype == "application/json"
    assert set(response.get_json()) == {"error", "message"}


@pytest.mark.parametrize("path", ["/api/v1/tests", "/api/v1/auth/token"])
def test_an_unreachable_database_is_a_503_with_retry_after(path: str) -> None:
    closed = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/assay"
    app = create_app({"ENV_NAME": "testing", "TESTING": True, "SQLALCHEMY_DATABASE_URI": closed,
                      "BASE_URL": "http://assay.test", "REQUIRE_HTTPS": False})
    client = app.test_client()
    if path.endswith("token"):
        response = client.post(path, data={"grant_type": "client_credentials",
                                           "client_id": "cl_x", "client_secret": "y"})
    else:
        response = client.get(path, headers={"Authorization": "Bearer asy_at_abcdefghijkl_x"})
    body = assert_problem(response, 503, "unavailable")
    assert response.headers["Retry-After"] == "5"
    assert "psycopg" not in body["detail"] and "5432" not in response.get_data(as_text=True)
