"""The Greenhouse use cases, with explicit arguments (no request, session globals or g)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.database import DbSession
from app.greenhouse.schemas import ErrorReport, SendTestRequest
from app.greenhouse.status_query import load_status_facts
from app.models import GreenhouseErrorReport, Invitation, Organization, utcnow
from app.security.callbacks import CallbackPolicy
from app.services.catalog import find_test
from app.services.invitations import (
    CandidateDetails,
    InvitationError,
    InvitationRequest,
    create_invitation,
    find_by_external_id,
)
from app.services.organization_settings import invitation_valid_days

SOURCE = "greenhouse"


class UnknownTest(LookupError):
    """The partner_test_id names no active test this organization may use."""


class CallbackRefused(ValueError):
    """The callback ``url`` is not one we would ever PATCH; the message says why."""


@dataclass(frozen=True)
class SendTestSettings:
    base_url: str
    valid_days: int
    callbacks: CallbackPolicy  # which callback urls we would ever PATCH

    @classmethod
    def from_config(cls, config: Any) -> SendTestSettings:
        return cls(base_url=config["BASE_URL"], valid_days=config["INVITATION_VALID_DAYS"],
                   callbacks=CallbackPolicy.from_config(config))


@dataclass(frozen=True)
class SentTest:
    invitation: Invitation
    created: bool  # False: the same url came before, nothing new was sent


def send_test(session: DbSession, organization: Organization, body: SendTestRequest,
              settings: SendTestSettings, now: datetime | None = None) -> SentTest:
    """Invite the candidate to the test and queue the invitation email; commits.

    The callback ``url`` is the idempotency key: the same url again (even concurrently)
    returns the invitation it created and sends nothing. Without a url (polling-only
    integrations) every call invites anew and nothing is ever PATCHed.

    Raises CallbackRefused (url not allowed by the callback policy), UnknownTest (no such
    active test) or InvitationError (the candidate's details are unusable).
    """
    url = body.callback_url
    if url is not None:
        problem = settings.callbacks.problem(url)
        if problem is not None:
            raise CallbackRefused(problem)
        existing = find_by_external_id(session, organization, SOURCE, url)
        if existing is not None:
            return SentTest(existing, created=False)
    test = find_test(session, organization, body.partner_test_id)
    if test is None or not test.active:
        raise UnknownTest(body.partner_test_id)
    candidate = body.candidate
    request = InvitationRequest(
        organization=organization, tests=[test], source=SOURCE,
        candidate=CandidateDetails(
            email=candidate.email, first_name=candidate.first_name,
            last_name=candidate.last_name, preferred_name=candidate.preferred_name,
            phone_number=candidate.phone_number),
        external_id=url, callback_url=url,
        greenhouse_profile_url=candidate.greenhouse_profile_url,
        resume_url=candidate.resume_url, sent_by=body.sent_by,
    )
    try:
        valid_days = invitation_valid_days(organization, settings.valid_days)
        created = create_invitation(session, request, base_url=settings.base_url,
                                    valid_days=valid_days, now=now)
        session.commit()
    except IntegrityError:
        # Two identical send_tests raced past the lookup above; the unique constraint on
        # (organization, source, external_id) let one win. Answer with the winner.
        session.rollback()
        if url is None:
            raise
        winner = find_by_external_id(session, organization, SOURCE, url)
        if winner is None:
            raise
        return SentTest(winner, created=False)
    return SentTest(created.invitation, created=created.created)


def record_error_report(session: DbSession, organization: Organization, report: ErrorReport,
                        raw_body: bytes, now: datetime | None = None) -> GreenhouseErrorReport:
    """Keep what Greenhouse says was wrong with one of our answers (not committed here)."""
    row = GreenhouseErrorReport(
        organization_id=organization.id, api_call=report.api_call, errors=list(report.errors),
        partner_test_id=report.partner_test_id, partner_test_name=report.partner_test_name,
        partner_interview_id=report.partner_interview_id,
        candidate_email=report.candidate_email,
        raw_body=raw_body.decode("utf-8", errors="replace"), received_at=now or utcnow())
    session.add(row)
    return row


def recent_error_reports(session: DbSession, organization: Organization | None = None,
                         limit: int = 20) -> list[GreenhouseErrorReport]:
    """The newest reports first, of one organization or all."""
    query = select(GreenhouseErrorReport).order_by(
        GreenhouseErrorReport.received_at.desc(), GreenhouseErrorReport.id.desc()).limit(limit)
    if organization is not None:
        query = query.where(GreenhouseErrorReport.organization_id == organization.id)
    return list(session.scalars(query))


__all__ = [
    "CallbackRefused",
    "InvitationError",
    "SendTestSettings",
    "SentTest",
    "UnknownTest",
    "load_status_facts",
    "recent_error_reports",
    "record_error_report",
    "send_test",
]
