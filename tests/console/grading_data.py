"""Grading test data: candidates who submitted the results fixture's test (an essay worth
4 points, graded on Clarity 2 and Correctness 2, answered by every candidate), finished
at chosen times and assigned to chosen reviewers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from flask import Flask

from app.extensions import db
from app.models import Attempt, Invitation, Organization, Test, User
from app.security import tokens
from tests.fixtures.factories import make_test

# tests.results.conftest imports the console's conftest (which imports this module): its
# helpers are imported where they are used.

Submit = Callable[..., Attempt]


@pytest.fixture
def essay_test(app: Flask) -> Test:
    from tests.results.conftest import results_definition

    return make_test(results_definition())


@pytest.fixture
def submit(essay_test: Test) -> Submit:
    """``submit(organization, reviewer=None, name=("Ada", "Lovelace"), after=minutes)``: an
    invitation of ``organization`` whose candidate submitted ``after`` minutes past the
    usual finish, the essay waiting for a grade (unless ``answers`` leave it blank)."""
    def make(organization: Organization, *, reviewer: User | None = None,
             name: tuple[str, str] = ("Ada", "Lovelace"), after: int = 0,
             callback_url: str | None = None,
             answers: dict[str, Any] | None = None, test: Test | None = None) -> Attempt:
        from tests.results.conftest import FINISHED, STARTED, take

        first, last = name
        invitation = Invitation(
            public_id=tokens.public_id("iv"), organization=organization,
            token_lookup=tokens.public_id("lk")[:24], token_digest="0" * 64,
            candidate_email=f"{first.lower()}.{last.lower()}@example.test", first_name=first,
            last_name=last, source="cli", callback_url=callback_url,
            reviewer_id=reviewer.id if reviewer else None,
            expires_at=STARTED + timedelta(days=30), created_at=STARTED - timedelta(days=1))
        invitation.attempts.append(Attempt(public_id=tokens.public_id("at"), position=0,
                                           test=test or essay_test))
        db.session.add(invitation)
        db.session.commit()
        finished: datetime = FINISHED + timedelta(minutes=after)
        return take(invitation.attempts[0], answers, finished=finished)
    return make


def grade_url(attempt: Attempt, question_id: str = "essay") -> str:
    return f"/console/grading/{attempt.public_id}/{question_id}"
