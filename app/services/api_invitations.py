"""The public API's invitation use cases: invite a candidate, find, list and cancel.

Explicit arguments only (the API client, the settings); each function leaves the commit to
its caller, so the invitation, its emails and the remembered idempotent response are
written in one transaction or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import and_, or_, select

from app.database import DbSession
from app.domain import DEFAULT_LANGUAGE, InvitationStatus, is_language
from app.models import ApiClient, Invitation, utcnow
from app.services import api_events
from app.services.api_catalogue import catalogue_tests
from app.services.invitations import (
    CandidateDetails,
    InvitationRequest,
    InvitationWarning,
    create_invitation,
    language_warnings,
    queue_invitation_copy,
)

SOURCE = "api"
TestIdProblem = Literal["does_not_exist", "inactive"]
# An invitation in these is finished (the candidate has taken every test, or it ended):
# cancelling it would change nothing.
NOT_CANCELLABLE = frozenset({InvitationStatus.AWAITING_REVIEW, InvitationStatus.COMPLETED,
                             InvitationStatus.EXPIRED, InvitationStatus.CANCELLED})


class InvalidTestIds(ValueError):
    """Some testIds cannot be used; ``problems`` lists each, in the order given."""

    def __init__(self, problems: list[tuple[int, TestIdProblem]]) -> None:
        self.problems = problems
        words = {"does_not_exist": "does not exist", "inactive": "is inactive"}
        super().__init__("Candidate invitation contains invalid testIds: " + "; ".join(
            f"testId {test_id} {words[problem]}" for test_id, problem in problems) + ".")


class NotCancellable(ValueError):
    """The invitation is already finished (taken, expired or cancelled)."""


@dataclass(frozen=True)
class CandidateInvitation:
    name: str
    surname: str
    email: str
    gender: str
    test_ids: list[int]  # distinct, in the caller's order
    send_copy_to_hr: bool
    lang: str | None  # as given; anything but uk, ru or en means en


def invitation_lang(lang: str | None) -> str:
    """The seed's rule: uk, ru or en; missing or anything else is en, never an error."""
    return lang if is_language(lang) else DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Invited:
    invitation: Invitation
    test_numbers: dict[str, int]  # the catalogue id of each of its tests, by slug
    warnings: list[InvitationWarning]  # e.g. questions in another language than the pages


def invite_candidate(session: DbSession, client: ApiClient, request: CandidateInvitation, *,
                     base_url: str, valid_days: int, now: datetime | None = None) -> Invited:
    """One invitation (a battery when several tests), one email with one link, and HR's
    copy when asked; added to ``session``, not committed.

    Raises InvalidTestIds listing every test id that does not exist for this company or
    is inactive, in the order given.
    """
    organization = client.organization
    found = catalogue_tests(session, organization, request.test_ids)
    problems: list[tuple[int, TestIdProblem]] = []
    for test_id in request.test_ids:
        test = found.get(test_id)
        if test is None:
            problems.append((test_id, "does_not_exist"))
        elif not test.active:
            problems.append((test_id, "inactive"))
    if problems:
        raise InvalidTestIds(problems)
    created = create_invitation(session, InvitationRequest(
        organization=organization, tests=[found[test_id] for test_id in request.test_ids],
        candidate=CandidateDetails(email=request.email, first_name=request.name,
                                   last_name=request.surname),
        source=SOURCE, language=invitation_lang(request.lang), sent_by=client.hr_email,
        gender=request.gender, api_client_id=client.id), base_url=base_url,
        valid_days=valid_days, now=now)
    invitation = created.invitation
    if request.send_copy_to_hr:
        queue_invitation_copy(session, invitation, client.hr_email)
    return Invited(invitation, {test.slug: number for number, test in found.items()},
                   language_warnings([a.test for a in invitation.attempts], invitation.language))


def find_invitation(session: DbSession, client: ApiClient, public_id: str) -> Invitation | None:
    """The invitation if it belongs to the client's company; else None (another company's
    looks exactly like one that does not exist)."""
    if not 0 < len(public_id) <= 40:
        return None
    return session.scalar(select(Invitation).where(
        Invitation.public_id == public_id,
        Invitation.organization_id == client.organization_id))


def invitation_page(session: DbSession, client: ApiClient, *, status: InvitationStatus | None,
                    updated_since: datetime | None, after: tuple[datetime, int] | None,
                    limit: int) -> list[Invitation]:
    """The company's invitations by last change then id (a keyset page after ``after``)."""
    query = select(Invitation).where(Invitation.organization_id == client.organization_id)
    if status is not None:
        query = query.where(Invitation.status == status.value)
    if updated_since is not None:
        query = query.where(Invitation.updated_at >= updated_since)
    if after is not None:
        moment, last_id = after
        query = query.where(or_(Invitation.updated_at > moment,
                                and_(Invitation.updated_at == moment, Invitation.id > last_id)))
    return list(session.scalars(query.order_by(Invitation.updated_at, Invitation.id)
                                .limit(limit)))


def cancel_invitation(session: DbSession, invitation: Invitation,
                      now: datetime | None = None) -> None:
    """Cancel an invitation that is not over: its link stops working at once, and the
    ``invitation.cancelled`` event is queued. Raises NotCancellable otherwise."""
    status = invitation.derived_status()
    if status in NOT_CANCELLABLE:
        raise NotCancellable(f"The invitation is already {status.value}; only an invitation "
                             "whose tests are not all taken can be cancelled.")
    now = now or utcnow()
    invitation.cancel(now)
    session.flush()  # status and updated_at move with the flush
    api_events.invitation_ended(session, invitation, "invitation.cancelled", now=now)
