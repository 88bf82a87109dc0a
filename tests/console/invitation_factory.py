"""Invitations in any state for the console's list and page tests, written as the app
writes them (status and score follow the attempts on flush)."""

from __future__ import annotations

from datetime import datetime, timedelta

from app.domain import AttemptState
from app.extensions import db
from app.models import Attempt, Invitation, Organization, Test
from app.security import tokens
from tests.fixtures.definitions import NOW


def make_invitation(organization: Organization, tests: list[Test], *,
                    first_name: str = "Olena", last_name: str = "Kovalenko",
                    email: str | None = None, preferred_name: str | None = None,
                    state: AttemptState = AttemptState.NOT_STARTED,
                    score: float | None = None, source: str = "cli",
                    created_at: datetime = NOW, valid_days: int = 7) -> Invitation:
    token = tokens.issue_link_token()
    invitation = Invitation(
        public_id=tokens.public_id("iv"), organization=organization,
        token_lookup=token.lookup_id, token_digest=token.digest,
        candidate_email=email or f"{first_name}.{last_name}@example.test".lower(),
        first_name=first_name, last_name=last_name, preferred_name=preferred_name,
        source=source, expires_at=created_at + timedelta(days=valid_days),
        created_at=created_at)
    for position, test in enumerate(tests):
        attempt = Attempt(public_id=tokens.public_id("at"), position=position, test=test,
                          created_at=created_at, state=state.value)
        if state.started:
            attempt.seed = 7
            attempt.started_at = created_at + timedelta(hours=1)
        if state.finished:
            attempt.finished_at = created_at + timedelta(hours=2)
            attempt.finish_reason = "submitted"
            attempt.score_percent = score
        if state == AttemptState.COMPLETED:
            attempt.completed_at = attempt.finished_at
        invitation.attempts.append(attempt)
    db.session.add(invitation)
    db.session.commit()
    return invitation
