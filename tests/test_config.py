"""Settings come from the environment; a bad value stops start-up with one clear line."""

from __future__ import annotations

import subprocess
import sys

import pytest
from flask import Flask, request

from app import create_app
from app.config import ConfigError


def _app(monkeypatch: pytest.MonkeyPatch, **env: str):  # type: ignore[no-untyped-def]
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return create_app()


def test_it_runs_on_sqlite_in_the_instance_folder_by_default(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = _app(monkeypatch, ASSAY_ENV="development")
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("instance/assay.db")


def test_it_reads_prefixed_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    app = _app(monkeypatch, ASSAY_ENV="development", ASSAY_MAIL_SERVER="smtp.example.org",
               ASSAY_MAIL_PORT="587", ASSAY_MAIL_USE_TLS="true",
               ASSAY_BASE_URL="https://tests.example.org/")
    assert app.config["MAIL_SERVER"] == "smtp.example.org"
    assert app.config["MAIL_PORT"] == 587
    assert app.config["MAIL_USE_TLS"] is True
    assert app.config["BASE_URL"] == "https://tests.example.org"


def test_it_takes_a_postgres_url_through_psycopg3(monkeypatch: pytest.MonkeyPatch) -> None:
    app = _app(monkeypatch, ASSAY_ENV="development", DATABASE_URL="postgres://u@db.internal/assay")
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.internal/assay"


def test_a_postgres_pool_keeps_its_connections_and_opens_as_many_again_for_a_burst(
        monkeypatch: pytest.MonkeyPatch) -> None:
    app = _app(monkeypatch, ASSAY_ENV="development", DATABASE_URL="postgresql://u@db/assay",
               ASSAY_DATABASE_POOL_SIZE="12", ASSAY_DATABASE_POOL_TIMEOUT="5")
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"] == {
        "pool_size": 12, "max_overflow": 12, "pool_timeout": 5}


@pytest.mark.parametrize(("env", "message"), [
    ({"ASSAY_MAIL_PORT": "abc"}, "ASSAY_MAIL_PORT: expected a whole number"),
    ({"ASSAY_MAIL_PORT": "70000"}, "ASSAY_MAIL_PORT: not a TCP port"),
    ({"ASSAY_BASE_URL": "not a url"}, "ASSAY_BASE_URL"),
    ({"ASSAY_BASE_URL": "http://host:99999"}, "ASSAY_BASE_URL: not a valid URL"),
    ({"ASSAY_REQUIRE_HTTPS": "maybe"}, "ASSAY_REQUIRE_HTTPS: expected true or false"),
    ({"DATABASE_URL": "mysql://x/y"}, "DATABASE_URL"),
    ({"ASSAY_ENV": "staging"}, "ASSAY_ENV"),
    ({"DATABASE_URL": "postgresql://u@db/assay", "ASSAY_DATABASE_POOL_SIZE": "0"},
     "ASSAY_DATABASE_POOL_SIZE: at least 1"),
    ({"ASSAY_DATABASE_POOL_SIZE": "many"}, "ASSAY_DATABASE_POOL_SIZE: expected a whole number"),
])
def test_it_names_the_variable_that_is_wrong(monkeypatch: pytest.MonkeyPatch, env: dict[str, str],
                                             message: str) -> None:
    env = {"ASSAY_ENV": "development", **env}
    with pytest.raises(ConfigError, match=message):
        _app(monkeypatch, **env)


def test_production_requires_a_real_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ASSAY_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="ASSAY_SECRET_KEY"):
        _app(monkeypatch, ASSAY_ENV="production")
    with pytest.raises(ConfigError, match="ASSAY_SECRET_KEY"):
        _app(monkeypatch, ASSAY_ENV="production", ASSAY_SECRET_KEY="short")


def test_production_requires_https_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    app = _app(monkeypatch, ASSAY_ENV="production", ASSAY_SECRET_KEY="x" * 40)
    assert app.config["REQUIRE_HTTPS"] is True
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_production_trusts_no_forwarded_header_unless_told(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO", logger="app.web.security_headers")
    app = _app(monkeypatch, ASSAY_ENV="production", ASSAY_SECRET_KEY="x" * 40)
    assert app.config["PROXY_FIX_HOPS"] == 0
    assert "from no proxy (ASSAY_PROXY_FIX_HOPS=0)" in caplog.text
    assert _as_seen_behind_a_proxy(app) == {"secure": False, "address": "127.0.0.1"}


def test_the_hops_setting_trusts_that_many_proxies(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO", logger="app.web.security_headers")
    app = _app(monkeypatch, ASSAY_ENV="production", ASSAY_SECRET_KEY="x" * 40,
               ASSAY_PROXY_FIX_HOPS="1")
    assert "from the 1 nearest proxy" in caplog.text
    assert _as_seen_behind_a_proxy(app) == {"secure": True, "address": "203.0.113.9"}


def _as_seen_behind_a_proxy(app: Flask) -> dict[str, object]:
    """What a view sees of a plain-http request that says it was forwarded from HTTPS."""
    seen: dict[str, object] = {}

    @app.get("/where")
    def where() -> str:
        seen.update(secure=request.is_secure, address=request.remote_addr)
        return ""

    app.test_client().get("/where", headers={"X-Forwarded-Proto": "https",
                                             "X-Forwarded-For": "203.0.113.9"},
                          environ_base={"REMOTE_ADDR": "127.0.0.1"})
    return seen


def test_the_cli_prints_one_line_not_a_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app.cli:_create_app", "routes"],
        capture_output=True, text=True, env={"ASSAY_MAIL_PORT": "abc", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == "Error: ASSAY_MAIL_PORT: expected a whole number, got 'abc'"


# --- the callback guard's ports and networks -------------------------------------------------

def test_callbacks_get_no_extra_ports_or_networks_by_default(
        monkeypatch: pytest.MonkeyPatch) -> None:
    app = _app(monkeypatch, ASSAY_ENV="development")
    assert app.config["CALLBACK_ALLOWED_PORTS"] == []
    assert app.config["CALLBACK_ALLOWED_NETWORKS"] == []


@pytest.mark.parametrize(("ports", "parsed"), [
    ("8443", [8443]),
    ("8443, 9443", [8443, 9443]),
    ("*", ["*"]),
    ("8443,*", ["*"]),
    ("", []),
])
def test_callback_ports_are_read_from_a_comma_separated_list(
        monkeypatch: pytest.MonkeyPatch, ports: str, parsed: list[int | str]) -> None:
    app = _app(monkeypatch, ASSAY_ENV="development", ASSAY_CALLBACK_ALLOWED_PORTS=ports)
    assert app.config["CALLBACK_ALLOWED_PORTS"] == parsed


def test_callback_networks_are_read_and_normalized(monkeypatch: pytest.MonkeyPatch) -> None:
    app = _app(monkeypatch, ASSAY_ENV="development",
               ASSAY_CALLBACK_ALLOWED_NETWORKS="127.0.0.1/8, ::1, 10.20.0.0/16")
    assert app.config["CALLBACK_ALLOWED_NETWORKS"] == ["127.0.0.0/8", "::1/128", "10.20.0.0/16"]


def test_callback_settings_may_be_given_as_lists() -> None:
    app = create_app({"ENV_NAME": "testing", "CALLBACK_ALLOWED_PORTS": [8443, "9443"],
                      "CALLBACK_ALLOWED_NETWORKS": ["192.168.0.0/24"]})
    assert app.config["CALLBACK_ALLOWED_PORTS"] == [8443, 9443]
    assert app.config["CALLBACK_ALLOWED_NETWORKS"] == ["192.168.0.0/24"]


@pytest.mark.parametrize(("env", "message"), [
    ({"ASSAY_CALLBACK_ALLOWED_PORTS": "0"}, "ASSAY_CALLBACK_ALLOWED_PORTS: expected TCP ports"),
    ({"ASSAY_CALLBACK_ALLOWED_PORTS": "65536"}, "ASSAY_CALLBACK_ALLOWED_PORTS: .* got '65536'"),
    ({"ASSAY_CALLBACK_ALLOWED_PORTS": "443,https"}, "ASSAY_CALLBACK_ALLOWED_PORTS: .* got 'https'"),
    ({"ASSAY_CALLBACK_ALLOWED_PORTS": "-1"}, "ASSAY_CALLBACK_ALLOWED_PORTS"),
    ({"ASSAY_CALLBACK_ALLOWED_NETWORKS": "localhost"},
     "ASSAY_CALLBACK_ALLOWED_NETWORKS: expected networks .* got 'localhost'"),
    ({"ASSAY_CALLBACK_ALLOWED_NETWORKS": "10.0.0.0/33"}, "ASSAY_CALLBACK_ALLOWED_NETWORKS"),
])
def test_a_bad_callback_port_or_network_names_the_variable(
        monkeypatch: pytest.MonkeyPatch, env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        _app(monkeypatch, ASSAY_ENV="development", **env)
