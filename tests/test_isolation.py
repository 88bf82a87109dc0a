"""What one test does never reaches the next (tests/fixtures/isolation.py).

The tests here come in pairs that run in file order: the first leaves something behind
if isolation is broken, the second looks for it. Each second test first checks that its
first one ran, so running one alone fails instead of proving nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import Engine, create_engine, func, select, text

from app.extensions import db
from app.models import Organization
from tests.fixtures.isolation import SECOND_CONNECTION, rolled_back

LEAK_SLUG = "leaky-co"
COMMITTED_SLUG = "committed-co"
# What the first test of each pair saw, for the second.
seen: dict[str, Any] = {}


@pytest.fixture
def outside(database_url: str) -> Iterator[Engine]:
    """A connection of no app: it sees only what was committed to the database."""
    engine = create_engine(database_url)
    yield engine
    engine.dispose()


def _stored_slugs(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.scalars(text("SELECT slug FROM organization")))


def test_a_commit_inside_the_test_is_kept_until_the_test_ends(app: Flask, runner) -> None:  # type: ignore[no-untyped-def]
    created = runner.invoke(args=["orgs", "create", "Leaky Co", "--hr-email", "hr@leaky.test",
                                  "--slug", LEAK_SLUG])
    assert created.exit_code == 0, created.output
    db.session.rollback()  # the command's commit released its savepoint: the row stays
    assert db.session.scalar(select(Organization.slug).filter_by(slug=LEAK_SLUG)) == LEAK_SLUG
    seen["rolled back"] = True


def test_rows_committed_in_the_previous_test_are_gone(app: Flask, outside: Engine) -> None:
    assert seen.pop("rolled back", False), "run after the test above"
    assert db.session.scalar(select(func.count()).select_from(Organization)) == 0
    assert LEAK_SLUG not in _stored_slugs(outside)


@pytest.mark.committing
def test_a_committing_test_commits_for_real(app: Flask, outside: Engine, organization) -> None:  # type: ignore[no-untyped-def]
    organization.slug = COMMITTED_SLUG
    db.session.commit()
    assert _stored_slugs(outside) == {COMMITTED_SLUG}
    seen["committed"] = True


def test_a_committing_tests_rows_are_gone_after_it(app: Flask, outside: Engine) -> None:
    assert seen.pop("committed", False), "run after the test above"
    assert _stored_slugs(outside) == set()


def test_a_config_change_stays_in_its_test(app: Flask) -> None:
    app.config["BASE_URL"] = "http://changed.test"
    app.config["CALLBACK_ALLOWED_HOSTS"].append("changed.test")
    seen["app"] = app


def test_the_next_test_gets_the_config_as_built(app: Flask) -> None:
    assert seen.pop("app", None) is app, "run after the test above (same app_config)"
    assert app.config["BASE_URL"] == "http://assay.test"
    assert "changed.test" not in app.config["CALLBACK_ALLOWED_HOSTS"]


class TestRateLimitCounters:
    @pytest.fixture
    def app_config(self) -> dict[str, Any]:
        return {"RATELIMIT_FAILED_LOOKUPS": "2 per minute"}

    def test_an_address_that_failed_too_often_is_limited(self, client) -> None:  # type: ignore[no-untyped-def]
        codes = [client.get("/t/" + "w" * 43).status_code for _ in range(3)]
        assert codes == [404, 404, 429]
        seen["limited"] = True

    def test_the_next_test_starts_with_no_failures_counted(self, client) -> None:  # type: ignore[no-untyped-def]
        assert seen.pop("limited", False), "run after the test above"
        assert client.get("/t/" + "w" * 43).status_code == 404


def _open_a_second_connection(app: Flask) -> None:
    with rolled_back(app), pytest.raises(RuntimeError, match="second database connection"):
        db.engine.connect()


@pytest.mark.committing  # it runs the per-test transaction itself
def test_a_second_connection_inside_the_transaction_fails_the_test(app: Flask) -> None:
    with pytest.raises(AssertionError) as failed:
        _open_a_second_connection(app)
    assert str(failed.value) == SECOND_CONNECTION
    assert "mark it @pytest.mark.committing" in SECOND_CONNECTION
