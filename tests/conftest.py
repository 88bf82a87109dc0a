"""Fixtures every test shares: a migrated database, the app, clients, a CLI runner.

Every database test runs on SQLite; with TEST_DATABASE_URL (a PostgreSQL URL) set, the
same tests run on a fresh PostgreSQL database created here and dropped at the end.

Apps are built once per session for each distinct ``app_config`` and handed to each test
as new (its config as built, empty rate-limit counters, no remembered keys). A test runs
inside one transaction that is rolled back after it: the services' commits only release
savepoints. A test that needs real commits (threads, servers, subprocesses, its own
connections) is marked ``committing`` and has every table emptied after it; a test that
needs the mark and lacks it fails saying so. The details: tests/fixtures/isolation.py.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import create_engine, make_url, text

from app import create_app
from app.extensions import db as _db
from tests.fixtures.isolation import AppCache, empty_tables, fresh_state, rolled_back

pytest_plugins = ["tests.fixtures.factories", "tests.fixtures.servers",
                  "tests.fixtures.production_server"]

DB_FIXTURES = {"app", "db", "client", "runner", "live_server"}
# A server thread has its own connection: it can only see rows the test committed.
COMMITTING_FIXTURES = {"live_server"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if DB_FIXTURES & fixtures:
            item.add_marker(pytest.mark.db)
        if COMMITTING_FIXTURES & fixtures:
            item.add_marker(pytest.mark.committing)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated, empty database for this test session."""
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        path = tmp_path_factory.mktemp("db") / "assay-test.db"
        url = f"sqlite:///{path}"
        _migrate(url)
        yield url
        return
    server = make_url(server_url).set(drivername="postgresql+psycopg")
    name = f"assay_test_{os.getpid()}_{secrets.token_hex(3)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = server.set(database=name).render_as_string(hide_password=False)
    try:
        _migrate(url)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _migrate(url: str) -> None:
    from flask_migrate import upgrade

    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        _db.engine.dispose()


def make_app(database_url: str, **overrides: Any) -> Flask:
    config = {
        "ENV_NAME": "testing",
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "BASE_URL": "http://assay.test",
        "SERVER_NAME": None,
        "MAIL_SERVER": None,
        "DEV_MAIL": True,
        "REQUIRE_HTTPS": False,
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture
def app_config() -> dict[str, Any]:
    """Override in a test module to change settings for its app."""
    return {}


@pytest.fixture(scope="session")
def app_cache(database_url: str) -> Iterator[AppCache]:
    cache = AppCache(make_app, database_url)
    yield cache
    cache.dispose()


@pytest.fixture
def app(request: pytest.FixtureRequest, app_cache: AppCache,
        app_config: dict[str, Any]) -> Iterator[Flask]:
    """The session's app for this test's ``app_config``, as new; its rows are gone after."""
    app = app_cache.get(app_config)
    try:
        with app.app_context():
            fresh_state(app)
            if request.node.get_closest_marker("committing"):
                try:
                    yield app
                finally:
                    _db.session.remove()
                    empty_tables()
            else:
                with rolled_back(app):
                    yield app
    finally:
        app_cache.restore_config(app)


@pytest.fixture
def db(app: Flask):  # type: ignore[no-untyped-def]
    return _db


class CSRFClient(FlaskClient):
    """A test client that fills in a valid CSRF token on form posts, so CSRF stays on in
    tests (as in production) without every test scraping the token from a page."""

    def csrf_token(self) -> str:
        with self.session_transaction() as session:
            raw = session.setdefault("csrf_token", secrets.token_hex(20))
        return URLSafeTimedSerializer(self.application.secret_key, salt="wtf-csrf-token").dumps(raw)

    def open(self, *args: Any, no_csrf: bool = False, **kwargs: Any):  # type: ignore[no-untyped-def]
        data = kwargs.get("data")
        if isinstance(data, dict) and "csrf_token" not in data and not no_csrf:
            kwargs["data"] = {**data, "csrf_token": self.csrf_token()}
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    app.test_client_class = CSRFClient
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def project_root() -> Path:
    return Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def compiled_translations(project_root: Path) -> None:
    """The .mo catalogues the app reads (built by `make translations`, never committed):
    compiled here when missing or older than their .po, so the uk and ru pages and emails
    can be checked by a bare `pytest` too."""
    from babel.messages.frontend import CommandLineInterface

    translations = project_root / "translations"
    for po in translations.glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            CommandLineInterface().run(["pybabel", "-q", "compile", "-d", str(translations)])
            return
