"""A candidate invited to one or more tests, reached through one emailed link."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.domain import LANGUAGES, AttemptState, InvitationStatus, invitation_status
from app.models.base import Base, utcnow

if TYPE_CHECKING:
    from app.models.attempt import Attempt
    from app.models.organization import Organization

SOURCES = ("cli", "greenhouse", "api", "console")
GENDERS = ("Male", "Female")  # as the public API takes it; stored, never shown to graders
STATUSES = tuple(status.value for status in InvitationStatus)


EVENT_KINDS = (
    "resent",  # the invitation email sent again
    "extended",  # the expiry moved
    "cancelled",  # the link stopped working
    "reminded",  # the reminder before expiry queued
    "results_link_reissued",  # earlier results links revoked, a new one issued
    "reviewer_assigned",  # a reviewer assigned (or unassigned)
)


class Invitation(Base):
    __tablename__ = "invitation"
    __table_args__ = (
        # Greenhouse may send the same send_test twice; its take-home-test URL is the key.
        UniqueConstraint("organization_id", "source", "external_id"),
        CheckConstraint("extra_time_factor >= 1 AND extra_time_factor <= 4", name="extra_time"),
        CheckConstraint(f"source IN {SOURCES!r}", name="source_known"),
        CheckConstraint(f"language IS NULL OR language IN {LANGUAGES!r}", name="lang_known"),
        Index("ix_invitation_org_created", "organization_id", "created_at"),
        CheckConstraint(f"gender IS NULL OR gender IN {GENDERS!r}", name="gender_known"),
        CheckConstraint(f"status IN {STATUSES!r}", name="status_known"),
        # The public API's list: an organization's invitations by last change.
        Index("ix_invitation_org_updated", "organization_id", "updated_at", "id"),
        # The console's list: filters by status and score within an organization.
        Index("ix_invitation_org_status", "organization_id", "status"),
        Index("ix_invitation_org_score", "organization_id", "score_percent"),
        Index("ix_invitation_reviewer", "reviewer_id"),
        CheckConstraint("results_link_version >= 1", name="results_link_version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(40), unique=True)  # partner_interview_id
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    # The emailed link's token: an indexed public lookup part and an HMAC digest of the whole.
    token_lookup: Mapped[str] = mapped_column(String(24), unique=True)
    token_digest: Mapped[str] = mapped_column(String(64))
    candidate_email: Mapped[str] = mapped_column(String(320))
    first_name: Mapped[str] = mapped_column(String(200))
    last_name: Mapped[str] = mapped_column(String(200))
    preferred_name: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str | None] = mapped_column(String(5))  # None: each test's own language
    extra_time_factor: Mapped[float] = mapped_column(default=1.0)  # accommodations, 1.0..4.0
    source: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str | None] = mapped_column(String(1000))  # caller's idempotency key
    callback_url: Mapped[str | None] = mapped_column(String(2000))  # Greenhouse PATCH target
    greenhouse_profile_url: Mapped[str | None] = mapped_column(String(2000))
    resume_url: Mapped[str | None] = mapped_column(String(2000))  # stored, never fetched
    phone_number: Mapped[str | None] = mapped_column(String(100))
    sent_by: Mapped[str | None] = mapped_column(String(320))  # gets the completion notice
    notes: Mapped[str | None] = mapped_column(Text)
    expires_at: Mapped[datetime]  # the link stops working for tests not yet started
    cancelled_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Given through the public API (Male or Female). Kept for the company's own records:
    # no grader's page, results page, email or score ever reads it.
    gender: Mapped[str | None] = mapped_column(String(10))
    # The public API client that sent it (source "api"); its webhook hears of the outcome.
    api_client_id: Mapped[int | None] = mapped_column(
        ForeignKey("api_client.id", ondelete="SET NULL"))
    # app.domain.invitation_status of the attempts, kept current on every flush (below), so
    # the API can filter and page by it; updated_at moves when it or a test's result does.
    status: Mapped[str] = mapped_column(String(20), default=InvitationStatus.SENT,
                                        server_default=InvitationStatus.SENT.value)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The mean score of the finished tests (kept with ``status``), for the console's filters.
    score_percent: Mapped[float | None]
    # When the candidate first opened the emailed link (the landing page).
    opened_at: Mapped[datetime | None]
    # When the one reminder before expiry was queued (never twice).
    reminder_sent_at: Mapped[datetime | None]
    # Part of what the results link signs: raising it revokes every earlier link.
    results_link_version: Mapped[int] = mapped_column(default=1, server_default="1")
    # The team member who sent it from the console, and the reviewer it is assigned to.
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    reviewer_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))

    organization: Mapped[Organization] = relationship(back_populates="invitations")
    attempts: Mapped[list[Attempt]] = relationship(
        back_populates="invitation", order_by="Attempt.position", cascade="all, delete-orphan"
    )

    @property
    def display_name(self) -> str:
        return self.preferred_name or f"{self.first_name} {self.last_name}".strip()

    def is_usable(self, now: datetime) -> bool:
        """Whether the link still leads somewhere: not cancelled, and not expired unless
        a test is already under way (an expiry never cuts a running attempt short)."""
        if self.cancelled_at is not None:
            return False
        if any(attempt.state == AttemptState.IN_PROGRESS for attempt in self.attempts):
            return True
        if now >= self.expires_at:
            return False
        return any(attempt.state == AttemptState.NOT_STARTED for attempt in self.attempts)

    def cancel(self, now: datetime) -> None:
        self.cancelled_at = self.cancelled_at or now
        for attempt in self.attempts:
            if attempt.state == AttemptState.NOT_STARTED:
                attempt.cancel()

    def derived_status(self) -> InvitationStatus:
        # A new attempt gets its state's default only when inserted.
        return invitation_status([AttemptState(a.state or AttemptState.NOT_STARTED)
                                  for a in self.attempts],
                                 cancelled=self.cancelled_at is not None)

    def note_change(self, now: datetime) -> None:
        """Recompute ``status`` and move ``updated_at`` (called on flush, see below)."""
        self.status = self.derived_status()
        scores = [a.score_percent for a in self.attempts if a.score_percent is not None]
        self.score_percent = round(sum(scores) / len(scores), 4) if scores else None
        self.updated_at = now


class InvitationEvent(Base):
    """Something the team (or the worker) did to an invitation, for its history.

    What the candidate did (opened, started, submitted) and what was delivered (emails,
    the PATCH) is read from the invitation, its attempts, grades and outbox rows instead.
    """

    __tablename__ = "invitation_event"
    __table_args__ = (
        CheckConstraint(f"kind IN {EVENT_KINDS!r}", name="kind_known"),
        Index("ix_invitation_event_invitation_time", "invitation_id", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitation.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Who did it (None: the worker, the CLI, or a member since removed).
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    detail: Mapped[dict[str, Any] | None]
