"""Candidate-side fixtures: small test definitions, invitations with their link, and
helpers that drive the pages the way a browser does."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Attempt, Invitation, Organization, Test
from app.security import tokens
from tests.fixtures.factories import make_test

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def option(oid: str, text: str, correct: bool = False) -> dict[str, Any]:
    return {"id": oid, "text": text, "correct": correct, "weight": 100.0 if correct else 0.0,
            "feedback": None}


def single(qid: str, prompt: str = "Pick **one**.") -> dict[str, Any]:
    return {"id": qid, "type": "single_choice", "points": 1.0, "prompt": prompt,
            "explanation": None, "shuffle_options": False, "negative_marking": False,
            "options": [option("a", "Alpha", True), option("b", "Beta"), option("c", "Gamma")]}


def multi(qid: str) -> dict[str, Any]:
    return {"id": qid, "type": "multiple_choice", "points": 1.0, "prompt": "Pick all primes.",
            "explanation": None, "shuffle_options": False, "negative_marking": False,
            "scoring": "all_or_nothing",
            "options": [option("a", "2", True), option("b", "3", True), option("c", "4")]}


def true_false(qid: str) -> dict[str, Any]:
    return {"id": qid, "type": "true_false", "points": 1.0, "prompt": "The sky is blue.",
            "explanation": None, "answer": True}


def numeric(qid: str) -> dict[str, Any]:
    return {"id": qid, "type": "numeric", "points": 1.0, "prompt": "What is √2 (2 decimals)?",
            "explanation": None, "unit": None,
            "answers": [{"min": 1.41, "max": 1.42, "weight": 100.0}]}


def short_text(qid: str) -> dict[str, Any]:
    return {"id": qid, "type": "short_text", "points": 1.0, "prompt": "Capital of France?",
            "explanation": None, "case_sensitive": False, "whitespace": "normalize",
            "max_length": 50, "answers": [{"match": "exact", "value": "Paris", "weight": 100.0}]}


def essay(qid: str) -> dict[str, Any]:
    return {"id": qid, "type": "essay", "points": 5.0, "prompt": "Explain.", "explanation": None,
            "rubric": [{"criterion": "Clarity", "points": 5.0, "description": None}],
            "min_words": None, "max_words": 300}


def ordering(qid: str) -> dict[str, Any]:
    return {"id": qid, "type": "ordering", "points": 1.0, "prompt": "Order by size.",
            "explanation": None, "scoring": "all_or_nothing",
            "items": [{"id": "s", "text": "small"}, {"id": "m", "text": "medium"},
                      {"id": "l", "text": "large"}]}


def section(sid: str, *questions: dict[str, Any], time_limit: int | None = None,
            title: str | None = None) -> dict[str, Any]:
    return {"id": sid, "title": title or sid.title(), "description": None, "weight": 1.0,
            "time_limit_seconds": time_limit, "shuffle_questions": False,
            "items": [{"kind": "question", "question": q} for q in questions]}


def definition(*sections: dict[str, Any], slug: str = "basics", name: str = "Basics",
               time_limit: int = 1800, language: str = "en",
               instructions: str | None = "Read each question *carefully*.") -> dict[str, Any]:
    if not sections:
        sections = (section("first", single("q1"), multi("q2"), true_false("q3")),
                    section("second", numeric("q4"), short_text("q5"), ordering("q6")))
    return {"format": 1, "id": slug, "name": name, "description": None, "language": language,
            "time_limit_seconds": time_limit, "pass_mark": 50.0, "active": True,
            "instructions": instructions, "sections": list(sections)}


def invite(organization: Organization, tests: list[Test], *, now: datetime = NOW,
           language: str | None = None, extra_time: float = 1.0, valid_days: int = 7,
           first_name: str = "Olena", last_name: str = "Kovalenko") -> tuple[Invitation, str]:
    """An invitation as the invitations service makes it (without the email): the row,
    one not-started attempt per test, and the link's path."""
    token = tokens.issue_link_token()
    invitation = Invitation(
        public_id=tokens.public_id("iv"), organization=organization,
        token_lookup=token.lookup_id, token_digest=token.digest,
        candidate_email="olena@example.test", first_name=first_name, last_name=last_name,
        language=language, extra_time_factor=extra_time, source="cli",
        expires_at=now + timedelta(days=valid_days), created_at=now)
    for position, test in enumerate(tests):
        invitation.attempts.append(Attempt(public_id=tokens.public_id("at"), position=position,
                                           test=test, created_at=now))
    db.session.add(invitation)
    db.session.commit()
    return invitation, f"/t/{token.value}"


@pytest.fixture
def basics_test(app: Flask) -> Test:
    """Two untimed sections of three questions: every auto-graded question type."""
    return make_test(definition())


@pytest.fixture
def invited_candidate(organization: Organization, basics_test: Test) -> tuple[Invitation, str]:
    """A candidate invited to the basics test: the invitation and its link's path."""
    return invite(organization, [basics_test])


@dataclass
class Taking:
    """Drives the candidate pages like a browser without JavaScript."""

    client: FlaskClient
    link: str

    def start(self, tz: str = "Europe/Kyiv") -> Any:
        return self.client.post(f"{self.link}/start", data={"tz": tz})

    def follow(self, response: Any) -> Any:
        while response.status_code in (301, 302, 303):
            response = self.client.get(response.headers["Location"])
        return response

    def answer(self, url: str, question_id: str, move: str = "next", **fields: Any) -> Any:
        return self.client.post(url, data={"question_id": question_id, "move": move, **fields})

    def api(self, attempt: Attempt, endpoint: str, payload: dict[str, Any]) -> Any:
        return self.client.post(f"/take/{attempt.public_id}/api/{endpoint}", json=payload,
                                headers={"X-CSRFToken": self.client.csrf_token()})


@pytest.fixture
def taking(client: FlaskClient, invited_candidate: tuple[Invitation, str]) -> Taking:
    return Taking(client=client, link=invited_candidate[1])


@pytest.fixture
def new_browser(app: Flask) -> Callable[[], FlaskClient]:
    """Another browser (its own cookies), e.g. after closing this one or on a phone."""
    from tests.conftest import CSRFClient

    def make() -> FlaskClient:
        app.test_client_class = CSRFClient
        return app.test_client()

    return make


def question_url(attempt: Attempt, section: int, question: int) -> str:
    return f"/take/{attempt.public_id}/{section}/{question}"


def attempt_of(invitation: Invitation, position: int = 0) -> Attempt:
    db.session.expire_all()
    return db.session.get(Invitation, invitation.id).attempts[position]  # type: ignore[union-attr]


def inline_scripts(html: str) -> list[str]:
    """Script elements with a body (executable inline code), JSON data blocks excepted."""
    return [m.group(0) for m in re.finditer(r"<script(?![^>]*type=\"application/json\")[^>]*>"
                                            r"\s*\S[\s\S]*?</script>", html)]
