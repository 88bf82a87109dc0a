"""What the public API keeps only for a while: Idempotency-Key answers (a day by default)
and access tokens (until they expire), and the worker job that deletes them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from app.config import ConfigError
from app.extensions import db
from app.jobs import drop_api_leftovers
from app.jobs.registry import JOBS
from app.models import AccessToken, IdempotentResponse, Invitation, utcnow
from tests.api.conftest import numbered_test, seed_body
from tests.conftest import make_app

PATH = "/tests/invitations/candidates?lang=en"
KEY = {"Idempotency-Key": "ats-invite-7"}


@pytest.fixture
def seed_tests(app, organization):  # type: ignore[no-untyped-def]
    return {5: numbered_test(5, "python-basics")}


def _count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def _age_answers(hours: float) -> None:
    db.session.execute(update(IdempotentResponse).values(
        created_at=utcnow() - timedelta(hours=hours)))
    db.session.commit()


def test_a_key_first_used_more_than_a_day_ago_invites_anew(api, seed_tests) -> None:  # type: ignore[no-untyped-def]
    first = api("post", PATH, json=seed_body(testIds=[5]), headers=KEY)
    _age_answers(25)
    again = api("post", PATH, json=seed_body(testIds=[5]), headers=KEY)
    assert again.status_code == 202
    assert "Idempotent-Replayed" not in again.headers
    assert again.get_json()["id"] != first.get_json()["id"]
    assert _count(Invitation) == 2
    assert _count(IdempotentResponse) == 1  # the old answer replaced by the new one


def test_a_key_used_within_the_day_still_replays(api, seed_tests) -> None:  # type: ignore[no-untyped-def]
    first = api("post", PATH, json=seed_body(testIds=[5]), headers=KEY)
    _age_answers(23)
    again = api("post", PATH, json=seed_body(testIds=[5]), headers=KEY)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json()
    assert _count(Invitation) == 1


def test_the_job_deletes_old_answers_and_expired_tokens_and_keeps_the_rest(
        api, seed_tests, token) -> None:  # type: ignore[no-untyped-def]
    api("post", PATH, json=seed_body(testIds=[5]), headers=KEY)
    assert (_count(IdempotentResponse), _count(AccessToken)) == (1, 1)
    now = utcnow()
    assert drop_api_leftovers.run_once(now=now) is False  # a fresh answer, a live token
    assert (_count(IdempotentResponse), _count(AccessToken)) == (1, 1)

    assert drop_api_leftovers.run_once(now=now + timedelta(hours=2)) is True  # token expired
    assert (_count(IdempotentResponse), _count(AccessToken)) == (1, 0)

    assert drop_api_leftovers.run_once(now=now + timedelta(hours=25)) is True
    assert (_count(IdempotentResponse), _count(AccessToken)) == (0, 0)


def test_the_job_runs_in_the_worker() -> None:
    assert "drop_api_leftovers" in {job.name for job in JOBS}


def test_a_keep_time_under_an_hour_is_refused(database_url: str) -> None:
    with pytest.raises(ConfigError, match="ASSAY_IDEMPOTENCY_KEEP_HOURS"):
        make_app(database_url, IDEMPOTENCY_KEEP_HOURS=0)
