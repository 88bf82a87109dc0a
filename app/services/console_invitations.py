"""Inviting candidates from the console: one at a time, or a checked CSV batch.

Both go through :func:`app.services.invitations.create_invitation`, so the email reaches
the outbox exactly as for the CLI and the APIs; the console adds who sent it (they get
the completion notice) and asks before a second open invitation of the same person to
the same test.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import func, or_, select

from app.database import DbSession
from app.domain import InvitationStatus
from app.models import Attempt, Invitation, Organization, Test, User
from app.services.catalog import available_tests
from app.services.invitation_csv import CandidateRow, rows_from_data
from app.services.invitations import (
    CandidateDetails,
    CreatedInvitation,
    InvitationRequest,
    create_invitation,
)

SOURCE = "console"
BATCH_SALT = "assay.console.invite-csv"
BATCH_MAX_AGE_SECONDS = 2 * 60 * 60  # a preview left open over lunch still sends


@dataclass(frozen=True)
class InvitationChoices:
    """What the form chose for every candidate it invites."""

    tests: list[Test]  # taken in this order
    language: str | None  # None: each test's own language
    extra_time_factor: float
    valid_days: int


class DuplicateInvitation(Exception):
    """The candidate already has an open invitation to one of the tests."""

    def __init__(self, open_invitations: list[Invitation]) -> None:
        super().__init__(", ".join(invitation.public_id for invitation in open_invitations))
        self.open_invitations = open_invitations


def offered_tests(session: DbSession, organization: Organization) -> list[Test]:
    """The tests the organization may send: each bank's latest active version, by name."""
    return available_tests(session, organization)


def chosen_tests(session: DbSession, organization: Organization,
                 slugs: Iterable[str]) -> list[Test] | None:
    """The offered tests named by ``slugs``, in that order; None if one is not offered
    (gone inactive since the page was drawn, or never this organization's)."""
    offered = {test.slug: test for test in offered_tests(session, organization)}
    tests = [offered.get(slug) for slug in dict.fromkeys(slugs)]
    return [test for test in tests if test is not None] if all(tests) else None


def open_invitations(session: DbSession, organization: Organization, emails: Iterable[str],
                     tests: Iterable[Test], now: datetime) -> dict[str, list[Invitation]]:
    """Invitations still open (not finished, cancelled or expired) of each address to any
    of ``tests`` (any version of their banks), keyed by the lower-cased address."""
    wanted = sorted({email.lower() for email in emails})
    slugs = sorted({test.slug for test in tests})
    if not wanted or not slugs:
        return {}
    found: dict[str, list[Invitation]] = {}
    for start in range(0, len(wanted), 500):  # bound the number of bound parameters
        invitations = session.scalars(
            select(Invitation).distinct()
            .join(Attempt, Attempt.invitation_id == Invitation.id)
            .join(Test, Test.id == Attempt.test_id)
            .where(Invitation.organization_id == organization.id,
                   func.lower(Invitation.candidate_email).in_(wanted[start:start + 500]),
                   Test.slug.in_(slugs), Invitation.cancelled_at.is_(None),
                   or_(Invitation.status == InvitationStatus.STARTED.value,
                       (Invitation.status == InvitationStatus.SENT.value)
                       & (Invitation.expires_at > now)))
            .order_by(Invitation.created_at))
        for invitation in invitations:
            found.setdefault(invitation.candidate_email.lower(), []).append(invitation)
    return found


def _request(member: User, choices: InvitationChoices,
             candidate: CandidateDetails, language: str | None,
             extra_time_factor: float) -> InvitationRequest:
    return InvitationRequest(
        organization=member.organization, tests=choices.tests, candidate=candidate,
        source=SOURCE, language=language, extra_time_factor=extra_time_factor,
        sent_by=member.email, created_by_id=member.id)


def invite_candidate(session: DbSession, member: User, choices: InvitationChoices,
                     candidate: CandidateDetails, *, confirm_duplicate: bool, base_url: str,
                     now: datetime) -> CreatedInvitation:
    """Invite one candidate and queue their email (in the caller's transaction).

    Raises DuplicateInvitation when they have an open invitation to one of the tests and
    ``confirm_duplicate`` is false; InvitationError for anything the service refuses.
    """
    if not confirm_duplicate:
        existing = open_invitations(session, member.organization, [candidate.email],
                                    choices.tests, now)
        if existing:
            raise DuplicateInvitation(existing[candidate.email.lower()])
    return create_invitation(
        session, _request(member, choices, candidate, choices.language,
                          choices.extra_time_factor),
        base_url=base_url, valid_days=choices.valid_days, now=now)


@dataclass
class BatchPlan:
    """A CSV batch checked against the database: who gets an invitation, who does not."""

    rows: list[CandidateRow]
    open_invitations: dict[str, list[Invitation]] = field(default_factory=dict)

    def has_open(self, row: CandidateRow) -> bool:
        return row.email.lower() in self.open_invitations

    def to_send(self, include_duplicates: bool) -> list[CandidateRow]:
        return [row for row in self.rows
                if row.valid and (include_duplicates or not self.has_open(row))]

    @property
    def invalid(self) -> list[CandidateRow]:
        return [row for row in self.rows if not row.valid]

    @property
    def duplicates(self) -> list[CandidateRow]:
        return [row for row in self.rows if row.valid and self.has_open(row)]


def plan_batch(session: DbSession, organization: Organization, rows: list[CandidateRow],
               tests: list[Test], now: datetime) -> BatchPlan:
    emails = [row.email for row in rows if row.valid]
    return BatchPlan(rows, open_invitations(session, organization, emails, tests, now))


def invite_batch(session: DbSession, member: User, choices: InvitationChoices,
                 plan: BatchPlan, *, include_duplicates: bool, base_url: str,
                 now: datetime) -> list[Invitation]:
    """Invite every sendable row of ``plan`` (in the caller's transaction: one commit for
    the batch). A row's own language and extra time win over the form's."""
    invitations = []
    for row in plan.to_send(include_duplicates):
        candidate = CandidateDetails(email=row.email, first_name=row.first_name,
                                     last_name=row.last_name,
                                     preferred_name=row.preferred_name or None)
        request = _request(member, choices, candidate, row.language or choices.language,
                           row.extra_time_factor or choices.extra_time_factor)
        invitations.append(create_invitation(session, request, base_url=base_url,
                                             valid_days=choices.valid_days,
                                             now=now).invitation)
    return invitations


# --- the preview, signed ---------------------------------------------------------------

def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=BATCH_SALT)


def sign_batch(secret_key: str, member: User, choices: InvitationChoices,
               rows: list[CandidateRow]) -> str:
    """The previewed batch as a signed token: sending it sends what was previewed, and a
    member of another organization (or a changed byte) cannot reuse it."""
    return _serializer(secret_key).dumps({
        "organization": member.organization_id, "member": member.id,
        "tests": [test.slug for test in choices.tests], "language": choices.language,
        "extra_time_factor": choices.extra_time_factor, "valid_days": choices.valid_days,
        "rows": [row.as_data() for row in rows if row.valid],
        "invalid": sum(1 for row in rows if not row.valid)})


@dataclass(frozen=True)
class SignedBatch:
    test_slugs: list[str]
    language: str | None
    extra_time_factor: float
    valid_days: int
    rows: list[CandidateRow]  # checked again
    invalid_count: int  # rows the preview showed with problems (not carried)


def open_batch(secret_key: str, member: User, token: str,
               max_age: int = BATCH_MAX_AGE_SECONDS) -> SignedBatch | None:
    """The batch a preview signed for ``member``, or None if it is altered, too old, or
    someone else's."""
    try:
        data: dict[str, Any] = _serializer(secret_key).loads(token, max_age=max_age)
    except BadSignature:  # SignatureExpired is one
        return None
    if data.get("organization") != member.organization_id or data.get("member") != member.id:
        return None
    return SignedBatch(test_slugs=list(data["tests"]), language=data["language"],
                       extra_time_factor=float(data["extra_time_factor"]),
                       valid_days=int(data["valid_days"]), rows=rows_from_data(data["rows"]),
                       invalid_count=int(data.get("invalid", 0)))
