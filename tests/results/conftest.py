"""Results test data: one candidate who took a two-section test with every question type.

The attempt's layout is written out (not drawn) so the tests know the order the
candidate saw; answers are saved as the candidate pages save them, then the attempt is
finished through ``completion.finalize_attempt`` like a real submission.

Expected figures of the finished attempt (pass mark 70):
- basics (weight 1): choice 1/1, multi 1/2 (one of two right options), truth 1/1,
  number 0/1 -> 3 of 5 = 60 %
- writing (weight 2): word 1/1, order 0/1, essay pending 0/4 -> 1 of 6 = 16.67 %
- total (60 + 2 × 16.67) / 3 = 31.11 %, awaiting review
After the essay gets 3.5 of 4: writing 4.5 of 6 = 75 %, total (60 + 150) / 3 = 70 % -> pass.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask

from app.extensions import db
from app.models import Attempt, AttemptEvent, Invitation, Organization, Response, Test
from app.security.results_links import results_url
from app.services.completion import finalize_attempt
from tests.console.conftest import (  # noqa: F401  (the console's members, as fixtures here)
    admin,
    make_member,
    other_org,
    outsider,
    password_hash,
    recruiter,
    reviewer,
)
from tests.fixtures.factories import make_test
from tests.scoring.builders import (
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

STARTED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
FINISHED = STARTED + timedelta(minutes=23, seconds=10)
CALLBACK_URL = "https://app.greenhouse.io/integrations/testing_partners/take_home_tests/42"

# The order the candidate saw: options and items shuffled, questions as listed.
LAYOUT = [
    {"section": "basics", "questions": [
        {"id": "choice", "order": ["c", "a", "b"]},
        {"id": "multi", "order": ["b", "c", "a"]},
        {"id": "truth", "order": None},
        {"id": "number", "order": None},
    ]},
    {"section": "writing", "questions": [
        {"id": "word", "order": None},
        {"id": "order", "order": ["c", "a", "b"]},
        {"id": "essay", "order": None},
    ]},
]
ANSWERS: dict[str, Any] = {
    "choice": "a", "multi": ["a"], "truth": True, "number": "5", "word": "Dict",
    "order": ["b", "a", "c"],
    "essay": "First line <b>bold?</b>\n\n    indented & kept",
}


def results_definition() -> dict[str, Any]:
    test = definition(
        section("basics", single_choice("choice", ids="abc"),
                multiple_choice("multi", ids="abc", correct="ab", scoring="partial", points=2.0),
                true_false("truth"), numeric("number", ranges=((4.0, 4.0, 100.0),))),
        section("writing", short_text("word", answers=(("exact", "dict", 100.0),)),
                ordering("order", ids="abc", scoring="all_or_nothing"),
                essay("essay", points=4.0), weight=2.0),
        pass_mark=70.0, test_id="python-review")
    test["name"] = "Python review"
    test["sections"][0]["title"] = "Basics"
    test["sections"][1]["title"] = "Writing"
    questions = {item["question"]["id"]: item["question"]
                 for sec in test["sections"] for item in sec["items"]}
    questions["choice"]["prompt"] = "Which type is **immutable**?\n\n```python\nx = (1, 2)\n```"
    questions["choice"]["explanation"] = "A *tuple* cannot change."
    for option_id, text in zip("abc", ("`tuple`", "`list`", "`dict`"), strict=True):
        questions["choice"]["options"]["abc".index(option_id)]["text"] = text
    questions["essay"]["rubric"] = [
        {"criterion": "Clarity", "points": 2.0, "description": "Says it *plainly*."},
        {"criterion": "Correctness", "points": 2.0, "description": None},
    ]
    return test


@pytest.fixture
def review_test(app: Flask) -> Test:
    return make_test(results_definition())


@pytest.fixture
def make_invitation(organization: Organization) -> Callable[..., Invitation]:
    """An invitation to ``tests`` (rows written directly: no email needed here)."""
    counter = iter(range(1, 1000))

    def make(*tests: Test, first_name: str = "Ada", last_name: str = "Lovelace",
             callback_url: str | None = None, extra_time: float = 1.0) -> Invitation:
        n = next(counter)
        invitation = Invitation(
            public_id=f"iv_results{n:04d}", organization=organization,
            token_lookup=f"lookup{n:06d}", token_digest="0" * 64,
            candidate_email=f"candidate{n}@example.test", first_name=first_name,
            last_name=last_name, source="greenhouse" if callback_url else "cli",
            callback_url=callback_url, extra_time_factor=extra_time,
            expires_at=STARTED + timedelta(days=30), created_at=STARTED - timedelta(days=1))
        for position, test in enumerate(tests):
            invitation.attempts.append(Attempt(public_id=f"at_results{n:04d}{position}",
                                               position=position, test=test))
        db.session.add(invitation)
        db.session.commit()
        return invitation

    return make


def take(attempt: Attempt, answers: dict[str, Any] | None = None, *,
         layout: list[dict[str, Any]] | None = None, finished: datetime = FINISHED,
         reason: str = "submitted") -> Attempt:
    """Start, answer and finish ``attempt`` as the candidate pages do."""
    factor = attempt.invitation.extra_time_factor
    attempt.start(now=STARTED, seed=7, layout=layout or LAYOUT,
                  time_limit_seconds=round(attempt.test.time_limit_seconds * factor))
    for n, (question_id, answer) in enumerate((ANSWERS if answers is None else answers).items()):
        attempt.responses.append(Response(
            question_id=question_id, answer=answer, time_spent_ms=(n + 1) * 30_000,
            flagged=question_id == "number", saved_at=STARTED + timedelta(minutes=n + 1)))
    finalize_attempt(db.session, attempt, now=finished, reason=reason)
    db.session.commit()
    return attempt


@pytest.fixture
def finished_attempt(make_invitation: Callable[..., Invitation], review_test: Test) -> Attempt:
    """The candidate submitted; the essay waits for a person (a Greenhouse invitation)."""
    invitation = make_invitation(review_test, callback_url=CALLBACK_URL)
    return take(invitation.attempts[0])


def add_events(attempt: Attempt) -> None:
    """Integrity signals shaped as app.services.integrity records them."""
    attempt.integrity = {
        "focus_lost": {"count": 2, "total_ms": 95_000}, "paste": {"count": 1, "chars": 120},
        "copy": {"count": 0, "chars": 0}, "ip_changes": 1, "user_agent_changes": 0,
        "device_switches": 1,
        "connection_gaps": {"count": 1, "total_seconds": 40, "credited_seconds": 30},
        "events_stored": 6, "events_dropped": 0, "events_rejected": 0,
        "seen": {"ip": "203.0.113.9", "user_agent": "Firefox", "device": "d2"},
    }
    attempt.credited_seconds = 30
    for minutes, kind, data in (
            (2, "focus_lost", {"duration_ms": 60_000, "question_id": "choice"}),
            (5, "paste", {"chars": 120, "question_id": "essay"}),
            (7, "focus_lost", {"duration_ms": 35_000}),
            (9, "ip_changed", {"from": "198.51.100.7", "to": "203.0.113.9"}),
            (11, "device_switched", {"user_agent": "<img src=x onerror=alert(1)>", "ip": None}),
            (14, "connection_gap", {"seconds": 40, "client_offline_seconds": 38,
                                    "credited_seconds": 30, "policy": "credit"})):
        db.session.add(AttemptEvent(attempt_id=attempt.id, kind=kind, data=data,
                                    occurred_at=STARTED + timedelta(minutes=minutes)))
    db.session.commit()


def link(invitation: Invitation) -> str:
    """The signed results URL, as a path the test client can open."""
    return results_url("", invitation.public_id)
