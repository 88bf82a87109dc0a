"""An organization (a hiring company) and the API keys it authenticates with."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.domain import LANGUAGES
from app.models.base import Base, utcnow

if TYPE_CHECKING:
    from app.models.invitation import Invitation


class Organization(Base):
    __tablename__ = "organization"
    __table_args__ = (
        CheckConstraint("max_gap_credit_seconds >= 0", name="gap_credit_not_negative"),
        CheckConstraint(f"language IN {LANGUAGES!r}", name="language_known"),
        CheckConstraint("invitation_valid_days IS NULL OR "
                        "(invitation_valid_days >= 1 AND invitation_valid_days <= 365)",
                        name="valid_days_range"),
        CheckConstraint("reminder_hours_before IS NULL OR "
                        "(reminder_hours_before >= 1 AND reminder_hours_before <= 720)",
                        name="reminder_hours_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)  # used on the CLI: --org acme
    name: Mapped[str] = mapped_column(String(200))
    hr_email: Mapped[str] = mapped_column(String(320))  # gets completion notices by default
    # The language of the team's emails.
    language: Mapped[str] = mapped_column(String(5), default="en", server_default="en")
    # Whether heartbeat gaps (lost connection) are credited back to candidates, and up to what.
    credit_connection_gaps: Mapped[bool] = mapped_column(default=False)
    max_gap_credit_seconds: Mapped[int] = mapped_column(default=300)
    # How long a new invitation's link works; None: the INVITATION_VALID_DAYS setting.
    invitation_valid_days: Mapped[int | None]
    # One reminder email this many hours before an unstarted invitation expires; None: off.
    reminder_hours_before: Mapped[int | None]
    # Whether the results page asks for a signed-in team member even with a signed link.
    results_sign_in_required: Mapped[bool] = mapped_column(default=False,
                                                           server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    api_keys: Mapped[list[ApiKey]] = relationship(back_populates="organization")
    invitations: Mapped[list[Invitation]] = relationship(back_populates="organization")

    def __repr__(self) -> str:
        return f"<Organization {self.slug}>"


class ApiKey(Base):
    """A secret an organization hands to a machine caller (Greenhouse today).

    The key itself is never stored: ``lookup_id`` (a public part of the key) finds the row
    through an index, ``digest`` (HMAC-SHA256) verifies it in constant time, and
    ``secret_encrypted`` (Fernet) lets the worker send it back to Greenhouse in the PATCH.
    """

    __tablename__ = "api_key"
    __table_args__ = (
        Index("ix_api_key_org_purpose", "organization_id", "purpose"),
        CheckConstraint("purpose IN ('greenhouse', 'public_api')", name="purpose_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    purpose: Mapped[str] = mapped_column(String(20))
    lookup_id: Mapped[str] = mapped_column(String(24), unique=True)  # indexed by the constraint
    digest: Mapped[str] = mapped_column(String(64))  # hex HMAC-SHA256 of the whole key
    secret_encrypted: Mapped[str] = mapped_column(String(500))  # Fernet token of the whole key
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    # Joined: whoever authenticates a key needs its organization next (one query, not two).
    organization: Mapped[Organization] = relationship(back_populates="api_keys", lazy="joined")

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = utcnow()
