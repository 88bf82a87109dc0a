"""The Greenhouse use cases, with explicit arguments (no request, session globals or g)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from app.greenhouse.schemas import ErrorReport, SendTestRequest
from app.greenhouse.status import AttemptFacts, InvitationFacts, TestFacts
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


def _completed_count(condition: Any = None) -> Any:
    """A scalar subquery counting completed attempts of the outer row's test version
    (meeting ``condition``): index-only on ix_attempt_test_state_score."""
    others = aliased(Attempt)
    query = select(func.count()).select_from(others).where(
        others.test_id == Attempt.test_id, others.state == COMPLETED)
    if condition is not None:
        query = query.where(condition(others))
    return query.correlate(Attempt).scalar_subquery()


def _percentile_counts() -> list[Any]:
    completed = Attempt.state == COMPLETED
    return [
        case((completed, _completed_count()), else_=None).label("completed_total"),
        case((completed, _completed_count(lambda o: o.score_percent < Attempt.score_percent)),
             else_=None).label("scored_lower"),
        case((completed, _completed_count(lambda o: o.score_percent == Attempt.score_percent)),
             else_=None).label("scored_same"),
    ]


# Built once: test_status is Greenhouse's hot path, and a prebuilt Core statement skips
# both the statement building and the ORM's loading machinery on every poll.
_STATUS_QUERY = (
    select(Invitation.public_id, Invitation.expires_at, Invitation.cancelled_at,
           Invitation.extra_time_factor,
           Attempt.id.label("attempt_id"), Attempt.state, Attempt.started_at,
           Attempt.finished_at, Attempt.time_limit_seconds.label("attempt_time_limit"),
           Attempt.score_percent, Attempt.passed, Attempt.result, Attempt.integrity,
           Test.slug, Test.version, Test.name, Test.time_limit_seconds.label("test_time_limit"),
           *_percentile_counts())
    .select_from(Invitation)
    .join(Attempt, Attempt.invitation_id == Invitation.id)
    .join(Test, Test.id == Attempt.test_id)
    .where(Invitation.public_id == bindparam("public_id"),
           Invitation.organization_id == bindparam("organization_id"))
    .order_by(Attempt.position)
)


def load_status_facts(session: Session, organization_id: int, public_id: str,
                      min_candidates: int) -> InvitationFacts | None:
    """What test_status needs about the organization's invitation ``public_id``, in one
    query: its attempts, their tests, and each completed attempt's percentile counts.
    None for an unknown id or another organization's (indistinguishable to the caller).

    The percentile follows app.scoring.percentile_rank (the percent of the other
    completed attempts of the same test version scoring lower, ties counted half); it is
    None while fewer than ``min_candidates`` completed attempts (this one included)
    exist. The counts come from the index, so no score is loaded.
    """
    rows = session.execute(_STATUS_QUERY, {"public_id": public_id,
                                           "organization_id": organization_id}).all()
    if not rows:
        return None
    first = rows[0]
    return InvitationFacts(
        public_id=first.public_id, expires_at=first.expires_at,
        cancelled_at=first.cancelled_at, extra_time_factor=first.extra_time_factor,
        attempts=tuple(AttemptFacts(
            id=row.attempt_id, state=row.state, started_at=row.started_at,
            finished_at=row.finished_at, time_limit_seconds=row.attempt_time_limit,
            score_percent=row.score_percent, passed=row.passed, result=row.result,
            integrity=row.integrity,
            test=TestFacts(slug=row.slug, version=row.version, name=row.name,
                           time_limit_seconds=row.test_time_limit),
            percentile=percentile(row.completed_total, row.scored_lower, row.scored_same,
                                  min_candidates),
        ) for row in rows),
    )


def percentile(total: int | None, lower: int | None, same: int | None,
               min_candidates: int) -> float | None:
    """app.scoring.percentile_rank from counts over the completed attempts of one test,
    this attempt included in ``total`` and ``same``."""
    if total is None or lower is None or same is None:
        return None
    others = total - 1
    if total < min_candidates or others < 1:
        return None
    return round((lower + max(0, same - 1) / 2) / others * 100.0, 2)


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
    "load_status_facts", "percentile", "record_error_report", "recent_error_reports",
    "send_test",
]
