"""An invitation as the public API shows it: GET /api/v1/tests/invitations/{id}, the
lists, the 202 of a new invitation, and the ``data`` of webhook events (one model, so an
event and a GET never disagree).

Never in it: the candidate's gender (stored for the company's records, shown to nobody
who grades) and the candidate's link (only the candidate gets it).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from pydantic import BaseModel, Field
from sqlalchemy import select

from app.database import DbSession
from app.domain import TEST_STATUS, AttemptState, InvitationStatus
from app.models import Invitation, TestNumber
from app.security.results_links import results_url
from app.services.invitations import invitation_language


class TestResultOut(BaseModel):
    testId: int | None = Field(description="The test's catalogue id")  # noqa: N815
    name: str
    status: InvitationStatus
    scorePercent: float | None  # noqa: N815
    passed: bool | None
    completedAt: datetime | None  # noqa: N815
    resultsUrl: str | None = Field(  # noqa: N815
        description="The results page, once the test is complete")


class CandidateOut(BaseModel):
    name: str
    surname: str
    email: str


class InvitationOut(BaseModel):
    """One invitation: one candidate, one link, one or more tests (a battery)."""

    id: str
    status: InvitationStatus
    candidate: CandidateOut
    language: str
    createdAt: datetime  # noqa: N815
    updatedAt: datetime  # noqa: N815
    expiresAt: datetime  # noqa: N815
    cancelledAt: datetime | None  # noqa: N815
    tests: list[TestResultOut]


class InvitationWarningOut(BaseModel):
    """Something the inviter should know; the invitation was made all the same."""

    # Text, not an enum: a client must ignore codes it does not know, so new ones can come.
    code: str = Field(
        description="language_mismatch: a test's questions are in another language than "
        "the candidate's pages and emails (the candidate's landing page says so). Ignore "
        "codes you do not know.", examples=["language_mismatch"])
    message: str = Field(description="The same in a sentence, in English")


class InvitationAcceptedOut(InvitationOut):
    """The 202 of a new invitation: the invitation, and what the inviter should know."""

    warnings: list[InvitationWarningOut] = Field(
        default_factory=list, description="Empty when there is nothing to say")


def test_numbers(session: DbSession, invitations: Iterable[Invitation]) -> dict[str, int]:
    """The catalogue ids of the invitations' tests, by slug (one query for a page)."""
    slugs = {attempt.test.slug for invitation in invitations for attempt in invitation.attempts}
    if not slugs:
        return {}
    rows = session.execute(select(TestNumber.slug, TestNumber.id)
                           .where(TestNumber.slug.in_(slugs)))
    return {slug: number for slug, number in rows}  # noqa: C416  (rows are Row objects)


def invitation_out(invitation: Invitation, numbers: dict[str, int], base_url: str) -> InvitationOut:
    """The representation of ``invitation``; ``numbers`` from :func:`test_numbers`."""
    results = results_url(base_url, invitation.public_id, invitation.results_link_version)
    tests = []
    for attempt in invitation.attempts:
        state = AttemptState(attempt.state or AttemptState.NOT_STARTED)
        done = state == AttemptState.COMPLETED
        tests.append(TestResultOut(
            testId=numbers.get(attempt.test.slug), name=attempt.test.name,
            status=TEST_STATUS[state], scorePercent=attempt.score_percent if done else None,
            passed=attempt.passed if done else None, completedAt=attempt.completed_at,
            resultsUrl=results if done else None))
    return InvitationOut(
        id=invitation.public_id, status=InvitationStatus(invitation.status),
        candidate=CandidateOut(name=invitation.first_name, surname=invitation.last_name,
                               email=invitation.candidate_email),
        language=invitation_language(invitation), createdAt=invitation.created_at,
        updatedAt=invitation.updated_at, expiresAt=invitation.expires_at,
        cancelledAt=invitation.cancelled_at, tests=tests)
