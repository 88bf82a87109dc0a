"""The worker jobs of app/jobs/finalize_attempts.py: abandoned attempts are finalized past
deadline + grace with what was saved; not-started attempts of expired invitations expire."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from app.extensions import db
from app.jobs import finalize_attempts
from app.jobs.registry import JOBS
from tests.candidate.conftest import NOW, Taking, attempt_of, question_url

DEADLINE = NOW + timedelta(minutes=30)


@pytest.fixture
def abandoned(taking: Taking, invited_candidate):
    """A candidate who answered one question and closed the page."""
    with time_machine.travel(NOW, tick=False):
        taking.start()
        attempt = attempt_of(invited_candidate[0])
        taking.answer(question_url(attempt, 0, 0), "q1", answer="a")
    return attempt


def test_both_jobs_are_registered() -> None:
    names = {job.name: job.run_once for job in JOBS}
    assert names["finalize_attempts"] is finalize_attempts.run_once
    assert names["expire_attempts"] is finalize_attempts.expire_once


def test_it_waits_for_the_grace(abandoned) -> None:
    assert finalize_attempts.run_once(now=DEADLINE + timedelta(seconds=10)) is False
    assert attempt_of(abandoned.invitation).state == "in_progress"


def test_it_finalizes_and_scores_what_was_saved(abandoned) -> None:
    assert finalize_attempts.run_once(now=DEADLINE + timedelta(seconds=11)) is True
    attempt = attempt_of(abandoned.invitation)
    assert attempt.state == "completed"
    assert attempt.finish_reason == "timed_out"
    assert attempt.finished_at == DEADLINE + timedelta(seconds=11)
    assert attempt.result["questions"]["q1"]["status"] == "correct"
    assert attempt.result["questions"]["q2"]["status"] == "unanswered"
    assert finalize_attempts.run_once(now=DEADLINE + timedelta(seconds=12)) is False


def test_it_waits_for_a_creditable_gap_when_the_organization_credits_them(
        abandoned, organization) -> None:
    organization.credit_connection_gaps = True
    organization.max_gap_credit_seconds = 120
    db.session.commit()
    assert finalize_attempts.run_once(now=DEADLINE + timedelta(seconds=130)) is False
    assert finalize_attempts.run_once(now=DEADLINE + timedelta(seconds=131)) is True


def test_it_leaves_running_attempts_alone(abandoned) -> None:
    assert finalize_attempts.run_once(now=NOW + timedelta(minutes=20)) is False


def test_it_expires_not_started_attempts_of_expired_invitations(invited_candidate) -> None:
    invitation, _ = invited_candidate
    assert finalize_attempts.expire_once(now=invitation.expires_at - timedelta(seconds=1)) is False
    assert finalize_attempts.expire_once(now=invitation.expires_at) is True
    assert attempt_of(invitation).state == "expired"
    assert finalize_attempts.expire_once(now=invitation.expires_at) is False


def test_it_does_not_expire_cancelled_invitations(invited_candidate) -> None:
    invitation, _ = invited_candidate
    invitation.cancelled_at = NOW
    db.session.commit()
    assert finalize_attempts.expire_once(now=invitation.expires_at) is False
    assert attempt_of(invitation).state == "not_started"
