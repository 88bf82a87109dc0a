"""Demo candidates who have taken the sample tests, so a newcomer's console has a list to
filter, results pages with charts, essays waiting in the grading queue and item
statistics to read — made the way candidates make them (invited, started, answered,
submitted and scored by the same services), from a fixed random seed.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from app.database import DbSession
from app.models import Attempt, Invitation, Organization, Response, Test
from app.questions import AnswerError, type_of
from app.scoring import draw
from app.services.completion import finalize_attempt
from app.services.grading import iter_layout_questions
from app.services.invitations import CandidateDetails, InvitationRequest, create_invitation

CANDIDATES = (
    ("Amara", "Okafor"), ("Bohdan", "Shevchenko"), ("Chen", "Wei"), ("Daria", "Ivanova"),
    ("Elif", "Yılmaz"), ("Farid", "Haddad"), ("Grace", "Murphy"), ("Hiroshi", "Tanaka"),
    ("Iryna", "Kovalchuk"), ("José", "García"), ("Kateryna", "Melnyk"), ("Liam", "O'Brien"),
    ("Mariam", "Nasser"), ("Nikolai", "Petrov"), ("Olivia", "Smith"), ("Priya", "Sharma"),
)
ESSAY = ("Thank you for telling us about the delay. I have checked your order: it left our "
         "warehouse yesterday and should reach you within two working days. I have added a "
         "refund of the delivery fee to your account, and I will write again tomorrow with "
         "the tracking details so you know exactly where it is.")


def seed_results(session: DbSession, organization: Organization, tests: list[Test], *,
                 base_url: str, now: datetime) -> int:
    """Candidates who took ``tests`` over the last weeks (not committed). Nothing when the
    organization already has a finished test, so a second ``assay demo`` adds none."""
    finished = session.scalar(
        select(func.count()).select_from(Attempt)
        .join(Invitation, Invitation.id == Attempt.invitation_id)
        .where(Invitation.organization_id == organization.id,
               Attempt.finished_at.is_not(None)))
    if finished:
        return 0
    rng = random.Random(2026)  # noqa: S311  (demo data, not a secret)
    made = 0
    for number, (first_name, last_name) in enumerate(CANDIDATES):
        test = tests[number % len(tests)]
        skill = rng.uniform(0.25, 0.95)
        sent = now - timedelta(days=rng.randint(2, 30), hours=rng.randint(0, 23))
        created = create_invitation(session, InvitationRequest(
            organization=organization, tests=[test], source="cli",
            candidate=CandidateDetails(email=f"{first_name.lower()}@demo.example.com",
                                       first_name=first_name, last_name=last_name)),
            base_url=base_url, valid_days=30, now=sent)
        _take(session, created.invitation.attempts[0], test, skill, rng,
              started=sent + timedelta(hours=5))
        made += 1
    return made


def _take(session: DbSession, attempt: Attempt, test: Test, skill: float,
          rng: random.Random, *, started: datetime) -> None:
    seed = rng.randrange(1, 2**31)
    attempt.start(now=started, seed=seed, layout=draw(test.definition, seed),
                  time_limit_seconds=test.time_limit_seconds)
    drawn = {question.id for entry in attempt.drawn for question in entry.questions}
    for question in iter_layout_questions(test.definition):
        if question["id"] not in drawn or rng.random() < 0.05:  # now and then one is skipped
            continue
        answer = _answer(question, rng.random() < skill, rng)
        if answer is not None:
            attempt.responses.append(Response(
                question_id=question["id"], answer=answer, saved_at=started,
                time_spent_ms=rng.randint(15_000, 150_000)))
    used = min(test.time_limit_seconds, rng.randint(600, 1500))
    finalize_attempt(session, attempt, now=started + timedelta(seconds=used), reason="submitted")


def _answer(question: Mapping[str, Any], right: bool, rng: random.Random) -> Any:
    """An answer of the question's own shape, right or wrong; None when the demo has no
    way to answer this type (the question is left unanswered)."""
    kind = question["type"]
    value: Any = None
    if kind in ("single_choice", "multiple_choice"):
        options = question["options"]
        correct = [option["id"] for option in options if option["correct"]]
        wrong = [option["id"] for option in options if not option["correct"]] or correct
        chosen = correct if right else [rng.choice(wrong)]
        value = chosen[0] if kind == "single_choice" else chosen
    elif kind == "true_false":
        value = question["answer"] if right else not question["answer"]
    elif kind == "numeric":
        first = question["answers"][0]
        value = str((first["min"] + first["max"]) / 2 if right else first["max"] * 2 + 7)
    elif kind == "short_text":
        value = question["answers"][0]["value"] if right else "not sure"
    elif kind == "ordering":
        items = [item["id"] if isinstance(item, Mapping) else item for item in question["items"]]
        value = items if right else list(reversed(items))
    elif kind == "essay":
        value = ESSAY
    try:
        return type_of(question).parse_json(question, value)
    except (AnswerError, KeyError, TypeError):
        return None
