"""Greenhouse test data: an organization's key, tests to send, candidates who take them.

Greenhouse is played by the test client with Basic credentials; candidates' attempts are
started, answered and finished through the same services the candidate pages use.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Attempt, Invitation, Organization, Test, utcnow
from app.scoring import draw
from app.services.completion import finalize_attempt
from app.services.invitations import CandidateDetails, InvitationRequest, create_invitation
from tests.fixtures.factories import make_test
from tests.scoring.builders import (
    correct_answer,
    definition,
    essay,
    multiple_choice,
    numeric,
    ordering,
    section,
    short_text,
    single_choice,
    true_false,
)

CALLBACK_URL = "https://app.greenhouse.io/integrations/testing_partners/take_home_tests/12345"


def basic(key: str) -> dict[str, str]:
    """Greenhouse's Authorization header: the key as username, an empty password."""
    return {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}


def quiz_definition(slug: str = "python-basics", name: str = "Python basics",
                    language: str = "en") -> dict[str, Any]:
    """Two sections, every automatically graded question type, no essay."""
    test = definition(
        section("basics", single_choice("q1"), true_false("q2"), numeric("q3")),
        section("advanced", multiple_choice("q4"), short_text("q5"), ordering("q6")),
        pass_mark=70.0, test_id=slug)
    test["name"] = name
    test["language"] = language
    test["sections"][0]["title"] = "Basics"
    test["sections"][1]["title"] = "Advanced"
    return test


def essay_definition(slug: str = "design-essay", name: str = "System design") -> dict[str, Any]:
    test = definition(section("writing", single_choice("e1"), essay("e2")), test_id=slug)
    test["name"] = name
    test["sections"][0]["title"] = "Writing"
    return test


@pytest.fixture
def quiz(app: Flask) -> Test:
    """A library test without essays (every organization may send it)."""
    return make_test(quiz_definition())


@pytest.fixture
def essay_test(app: Flask) -> Test:
    return make_test(essay_definition())


@pytest.fixture
def greenhouse(client: FlaskClient, greenhouse_key: Any) -> Callable[..., Any]:
    """Call the API as Greenhouse does for the organization: ``greenhouse("get", path)``."""

    def call(method: str, path: str, *, key: str | None = None, **kwargs: Any) -> Any:
        headers = {**basic(key or greenhouse_key.value), **kwargs.pop("headers", {})}
        return client.open(f"/api/greenhouse/{path}", method=method.upper(), headers=headers,
                           **kwargs)

    return call


def send_test_body(test_id: str = "python-basics", url: str | None = CALLBACK_URL,
                   **candidate: Any) -> dict[str, Any]:
    """The current send_test payload (docs: shared/docs/greenhouse.md)."""
    return {
        "partner_test_id": test_id,
        "candidate": {
            "first_name": "Harry", "last_name": "Potter", "preferred_name": "The Chosen One",
            "resume_url": "https://hogwarts.com/resume", "phone_number": "123-456-7890",
            "email": "hpotter@hogwarts.edu",
            "greenhouse_profile_url": "https://app.greenhouse.io/people/17681532?application_id=26234709",
            **candidate,
        },
        "sent_by": "test_sender@example.org",
        "url": url,
    }


def invite(organization: Organization, *tests: Test, url: str | None = CALLBACK_URL,
           extra_time: float = 1.0, now: datetime | None = None) -> Invitation:
    """An invitation as send_test makes it (source greenhouse), committed."""
    created = create_invitation(db.session, InvitationRequest(
        organization=organization, tests=list(tests), source="greenhouse",
        candidate=CandidateDetails(email="hpotter@hogwarts.edu", first_name="Harry",
                                   last_name="Potter"),
        external_id=url, callback_url=url, extra_time_factor=extra_time,
        sent_by="recruiter@acme.test"), base_url="http://assay.test", valid_days=30, now=now)
    db.session.commit()
    return created.invitation


START = datetime(2026, 3, 26, 10, 15, tzinfo=utcnow().tzinfo)


def start(attempt: Attempt, now: datetime = START, seed: int = 7) -> Attempt:
    attempt.start(now=now, seed=seed, layout=draw(attempt.test.definition, seed),
                  time_limit_seconds=round(attempt.test.time_limit_seconds
                                           * attempt.invitation.extra_time_factor))
    db.session.commit()
    return attempt


def finish(attempt: Attempt, answers: dict[str, Any] | None = None, *,
           now: datetime | None = None, integrity: dict[str, Any] | None = None) -> Attempt:
    """Save ``answers`` (default: every question right) and submit, as the candidate
    pages do; the completion service scores it and queues what must follow."""
    from app.models import Response

    if attempt.state == "not_started":
        start(attempt)
    if answers is None:
        answers = {q["id"]: correct_answer(q) for q in _questions(attempt.test.definition)}
    for question_id, answer in answers.items():
        attempt.responses.append(Response(question_id=question_id, answer=answer))
    attempt.integrity = integrity
    finalize_attempt(db.session, attempt, now=now or START + timedelta(minutes=23, seconds=10),
                     reason="submitted")
    db.session.commit()
    return attempt


def _questions(test_definition: dict[str, Any]) -> list[dict[str, Any]]:
    from tests.scoring.builders import all_questions

    return list(all_questions(test_definition).values())
