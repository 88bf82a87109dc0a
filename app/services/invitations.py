"""Inviting a candidate to one or more tests."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from babel import Locale
from sqlalchemy import select

from app.database import DbSession
from app.domain import LANGUAGES, is_language
from app.models import Attempt, Invitation, Organization, Test, utcnow
from app.security import tokens
from app.services.addresses import InvalidEmail, normalize_email
from app.services.mail import queue_email

MAX_EXTRA_TIME = 4.0


class InvitationError(ValueError):
    """The invitation cannot be made; ``problems`` lists every reason, one sentence each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class CandidateDetails:
    email: str
    first_name: str
    last_name: str
    preferred_name: str | None = None
    phone_number: str | None = None


@dataclass
class InvitationRequest:
    organization: Organization
    tests: list[Test]
    candidate: CandidateDetails
    source: str
    language: str | None = None  # None: each test's own language
    extra_time_factor: float = 1.0
    external_id: str | None = None  # the caller's idempotency key
    callback_url: str | None = None
    greenhouse_profile_url: str | None = None
    resume_url: str | None = None
    sent_by: str | None = None
    gender: str | None = None  # public API only; stored, never shown to graders
    api_client_id: int | None = None  # the public API client that sent it
    created_by_id: int | None = None  # the team member who sent it from the console
    extra: dict[str, str] = field(default_factory=dict)


WarningCode = Literal["language_mismatch"]


@dataclass(frozen=True)
class InvitationWarning:
    """Something whoever invites should know, though nothing stops the invitation; in
    English (the CLI and the API speak English; the console words its own)."""

    code: WarningCode
    message: str


def language_mismatches(tests: Iterable[Test], language: str | None) -> list[Test]:
    """The tests whose questions are in another language than the invitation's pages."""
    return [test for test in tests if language is not None and test.language != language]


def _english_name(language: str) -> str:
    return Locale.parse(language).get_display_name("en") or language


def language_warnings(tests: Iterable[Test], language: str | None) -> list[InvitationWarning]:
    """One warning per test whose questions are in another language than the pages and
    emails: the candidate reads Ukrainian pages around English questions (the landing
    page tells them so)."""
    return [InvitationWarning(
        "language_mismatch",
        f"The candidate's pages and emails are in {_english_name(language or test.language)}, "
        f"but the questions of {test.name!r} are in {_english_name(test.language)}.")
        for test in language_mismatches(tests, language)]


@dataclass(frozen=True)
class CreatedInvitation:
    invitation: Invitation
    link: str | None  # None when an existing invitation was returned (the token is not kept)
    created: bool


def candidate_link(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/t/{token}"


def _problems(request: InvitationRequest) -> list[str]:
    problems = []
    if not request.tests:
        problems.append("At least one test is needed.")
    for test in request.tests:
        if not test.active:
            problems.append(f"The test {test.slug!r} is not active.")
        if test.organization_id not in (None, request.organization.id):
            problems.append(f"The test {test.slug!r} does not belong to this organization.")
    try:
        request.candidate.email = normalize_email(request.candidate.email)
    except InvalidEmail:
        problems.append(f"The email address {request.candidate.email!r} is not valid.")
    if not request.candidate.first_name.strip():
        problems.append("The candidate's first name is missing.")
    if not request.candidate.last_name.strip():
        problems.append("The candidate's last name is missing.")
    if request.language is not None and not is_language(request.language):
        problems.append(f"The language must be one of {', '.join(LANGUAGES)}, "
                        f"not {request.language!r}.")
    if not 1.0 <= request.extra_time_factor <= MAX_EXTRA_TIME:
        problems.append(f"Extra time must be a factor from 1 to {MAX_EXTRA_TIME:g}, "
                        f"not {request.extra_time_factor:g}.")
    return problems


def find_by_external_id(session: DbSession, organization: Organization, source: str,
                        external_id: str) -> Invitation | None:
    return session.scalar(select(Invitation).where(
        Invitation.organization_id == organization.id, Invitation.source == source,
        Invitation.external_id == external_id))


def create_invitation(session: DbSession, request: InvitationRequest, *, base_url: str,
                      valid_days: int, now: datetime | None = None) -> CreatedInvitation:
    """Add the invitation, one not-started attempt per test, and the invitation email to
    the outbox (all in the caller's transaction).

    The same ``external_id`` again returns the existing invitation and queues no email.
    Raises InvitationError listing every problem with the request.
    """
    now = now or utcnow()
    if request.external_id:
        existing = find_by_external_id(session, request.organization, request.source,
                                       request.external_id)
        if existing is not None:
            return CreatedInvitation(invitation=existing, link=None, created=False)
    problems = _problems(request)
    if problems:
        raise InvitationError(problems)
    token = tokens.issue_link_token()
    candidate = request.candidate
    invitation = Invitation(
        public_id=tokens.public_id("iv"), organization=request.organization,
        token_lookup=token.lookup_id, token_digest=token.digest,
        candidate_email=candidate.email, first_name=candidate.first_name.strip(),
        last_name=candidate.last_name.strip(), preferred_name=candidate.preferred_name,
        phone_number=candidate.phone_number, language=request.language,
        extra_time_factor=request.extra_time_factor, source=request.source,
        external_id=request.external_id, callback_url=request.callback_url,
        greenhouse_profile_url=request.greenhouse_profile_url, resume_url=request.resume_url,
        sent_by=request.sent_by, expires_at=now + timedelta(days=valid_days), created_at=now,
        gender=request.gender, api_client_id=request.api_client_id,
        created_by_id=request.created_by_id,
    )
    for position, test in enumerate(request.tests):
        invitation.attempts.append(Attempt(
            public_id=tokens.public_id("at"), position=position, test=test, created_at=now))
    session.add(invitation)
    link = candidate_link(base_url, token.value)
    queue_invitation_email(session, invitation, link)
    # One flush for the invitation, its attempts and its email (a flush before queueing
    # the email cost a second round of the unit of work on every invitation).
    session.flush()
    return CreatedInvitation(invitation=invitation, link=link, created=True)


def invitation_language(invitation: Invitation) -> str:
    """The language of the invitation's email and pages: its own, else its first test's."""
    return invitation.language or invitation.attempts[0].test.language


def _tests_context(invitation: Invitation) -> list[dict[str, object]]:
    return [{"name": attempt.test.name,
             "minutes": round(attempt.test.time_limit_seconds * invitation.extra_time_factor / 60),
             "question_count": attempt.test.question_count} for attempt in invitation.attempts]


def queue_candidate_email(session: DbSession, invitation: Invitation, template: str,
                          context: dict[str, object]) -> None:
    """An email to the invitation's candidate, in their language, answered by the hiring
    team, with their name and the organization's in ``context`` (not committed)."""
    organization = invitation.organization
    queue_email(
        session, template=template, to=invitation.candidate_email,
        # The organization's id, not invitation.organization_id: a new invitation is not
        # flushed yet.
        language=invitation_language(invitation), organization_id=organization.id,
        reply_to=organization.hr_email, invitation=invitation,
        context={"candidate_name": invitation.display_name,
                 "organization_name": organization.name, **context})


def queue_invitation_email(session: DbSession, invitation: Invitation, link: str) -> None:
    queue_candidate_email(
        session, invitation, "invitation",
        {
            "tests": _tests_context(invitation),
            "extra_time_factor": invitation.extra_time_factor,
            "link": link,
            "expires_at": invitation.expires_at.isoformat(),
        })


def queue_invitation_copy(session: DbSession, invitation: Invitation, to: str) -> None:
    """HR's copy of the invitation, in the candidate's language, without the link (a copy
    that could start the candidate's test would let HR use up their attempt)."""
    queue_email(
        session, template="invitation_copy", to=to, language=invitation_language(invitation),
        organization_id=invitation.organization_id, invitation=invitation,
        context={
            "candidate_name": invitation.display_name,
            "candidate_email": invitation.candidate_email,
            "organization_name": invitation.organization.name,
            "tests": _tests_context(invitation),
            "expires_at": invitation.expires_at.isoformat(),
        },
    )


def token_lookup_of(token: str) -> str:
    return token[:tokens.LOOKUP_LENGTH]


def find_by_token(session: DbSession, token: str) -> Invitation | None:
    """The invitation an emailed link's token opens, or None (constant-time check)."""
    if not 20 <= len(token) <= 100:
        return None
    invitation = session.scalar(
        select(Invitation).where(Invitation.token_lookup == token_lookup_of(token)))
    digest = invitation.token_digest if invitation is not None else "0" * 64
    if not tokens.matches(token, digest) or invitation is None:
        return None
    return invitation
