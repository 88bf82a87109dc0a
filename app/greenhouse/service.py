"""The Greenhouse use cases, with explicit arguments (no request, session globals or g)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload, load_only

from app.greenhouse.schemas import ErrorReport, SendTestRequest
from app.models import Attempt, GreenhouseErrorReport, Invitation, Organization, Test, utcnow
from app.models.attempt import COMPLETED
from app.services.catalog import find_test
from app.services.invitations import (
    CandidateDetails, InvitationError, InvitationRequest, create_invitation, find_by_external_id,
)

SOURCE = "greenhouse"


class UnknownTest(LookupError):
    """The partner_test_id names no active test this organization may use."""


class CallbackRefused(ValueError):
    """The callback ``url`` is not one we would ever PATCH; the message says why."""


@dataclass(frozen=True)
class SendTestSettings:
    base_url: str
    valid_days: int
    allowed_hosts: list[str]
    allow_http: bool

    @classmethod
    def from_config(cls, config: Any) -> SendTestSettings:
        return cls(base_url=config["BASE_URL"], valid_days=config["INVITATION_VALID_DAYS"],
                   allowed_hosts=list(config["CALLBACK_ALLOWED_HOSTS"]),
                   allow_http=bool(config["CALLBACK_ALLOW_HTTP"]))


@dataclass(frozen=True)
class SentTest:
    invitation: Invitation
    created: bool  # False: the same url came before, nothing new was sent


def send_test(session: Session, organization: Organization, body: SendTestRequest,
              settings: SendTestSettings, now: datetime | None = None) -> SentTest:
    """Invite the candidate to the test and queue the invitation email; commits.

    The callback ``url`` is the idempotency key: the same url again (even concurrently)
    returns the invitation it created and sends nothing. Without a url (polling-only
    integrations) every call invites anew and nothing is ever PATCHed.

    Raises CallbackRefused (url not https on an allowed host), UnknownTest (no such
    active test) or InvitationError (the candidate's details are unusable).
    """
    from app.security.callbacks import callback_url_problem

    url = body.callback_url
    if url is not None:
        problem = callback_url_problem(url, settings.allowed_hosts, settings.allow_http)
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
        created = create_invitation(session, request, base_url=settings.base_url,
                                    valid_days=settings.valid_days, now=now)
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


def load_invitation(session: Session, organization_id: int, public_id: str) -> Invitation | None:
    """The organization's invitation with its attempts and their tests, in one query;
    None for an unknown id or another organization's (indistinguishable to the caller).

    Only the columns test_status reads are loaded: the test definition and the drawn
    layout are large JSON documents it never needs (they stay loadable on access).
    """
    return session.scalars(
        select(Invitation)
        .where(Invitation.public_id == public_id, Invitation.organization_id == organization_id)
        .options(
            joinedload(Invitation.attempts).options(
                load_only(Attempt.id, Attempt.position, Attempt.state, Attempt.started_at,
                          Attempt.finished_at, Attempt.completed_at, Attempt.time_limit_seconds,
                          Attempt.score_percent, Attempt.passed, Attempt.result,
                          Attempt.integrity, Attempt.test_id),
                joinedload(Attempt.test).load_only(
                    Test.id, Test.slug, Test.version, Test.name, Test.time_limit_seconds),
            ),
        )
    ).unique().one_or_none()


def percentile_ranks(session: Session, attempts: Iterable[Attempt],
                     min_candidates: int) -> dict[int, float | None]:
    """Each completed attempt's percentile rank among the other completed attempts of the
    same test version, as app.scoring.percentile_rank defines it (the percent scoring
    lower, ties counted half), or None while fewer than ``min_candidates`` completed
    attempts (this one included) exist.

    One aggregate query per completed test, answered from the attempt index; no scores
    are loaded (percentile_rank would need them all).
    """
    ranks: dict[int, float | None] = {}
    for attempt in attempts:
        if attempt.state != COMPLETED or attempt.score_percent is None:
            continue
        score = attempt.score_percent
        total, below, tied = session.execute(
            select(func.count(),
                   func.coalesce(func.sum(case((Attempt.score_percent < score, 1), else_=0)), 0),
                   func.coalesce(func.sum(case((Attempt.score_percent == score, 1), else_=0)), 0))
            .where(Attempt.test_id == attempt.test_id, Attempt.state == COMPLETED)
        ).one()
        others, tied_others = total - 1, max(0, tied - 1)  # this attempt is among them
        ranks[attempt.id] = (round((below + tied_others / 2) / others * 100.0, 2)
                             if total >= min_candidates and others > 0 else None)
    return ranks


def record_error_report(session: Session, organization: Organization, report: ErrorReport,
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


def recent_error_reports(session: Session, organization: Organization | None = None,
                         limit: int = 20) -> list[GreenhouseErrorReport]:
    """The newest reports first, of one organization or all."""
    query = select(GreenhouseErrorReport).order_by(
        GreenhouseErrorReport.received_at.desc(), GreenhouseErrorReport.id.desc()).limit(limit)
    if organization is not None:
        query = query.where(GreenhouseErrorReport.organization_id == organization.id)
    return list(session.scalars(query))


__all__ = [
    "CallbackRefused", "InvitationError", "SendTestSettings", "SentTest", "UnknownTest",
    "load_invitation", "percentile_ranks", "record_error_report", "recent_error_reports",
    "send_test",
]
