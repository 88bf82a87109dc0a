"""A member of a hiring team who signs in to the console, and the emailed links that set
their password.

A password is stored only as an argon2 hash (``app.security.passwords``); a set-password
link only as an HMAC digest of its token (``app.security.tokens``).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow

if TYPE_CHECKING:
    from app.models.organization import Organization


class Role(StrEnum):
    """What a member may do (stored as its value)."""

    ADMIN = "admin"  # everything in the organization: team, keys, settings
    RECRUITER = "recruiter"  # invitations and results
    REVIEWER = "reviewer"  # the grading queue and the results assigned to them


ROLES: tuple[str, ...] = tuple(role.value for role in Role)


class LinkPurpose(StrEnum):
    INVITE = "invite"  # a new member sets a first password
    RESET = "reset"  # a member who forgot theirs


class User(Base):
    __tablename__ = "user_account"  # "user" is a reserved word in PostgreSQL
    __table_args__ = (
        CheckConstraint(f"role IN {ROLES!r}", name="role_known"),
        CheckConstraint("session_generation >= 1", name="session_generation_positive"),
        Index("ix_user_account_org", "organization_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)  # in URLs: usr_...
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    # Normalized (app.services.addresses); one account per address across organizations,
    # since signing in asks for the address only.
    email: Mapped[str] = mapped_column(String(320), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    # argon2 hash; None until the member follows their set-password link.
    password_hash: Mapped[str | None] = mapped_column(String(200))
    # A deactivated member cannot sign in, and their sessions end at their next request.
    active: Mapped[bool] = mapped_column(default=True)
    # Part of the id a session stores: raising it ends every session made before.
    session_generation: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_sign_in_at: Mapped[datetime | None]

    organization: Mapped[Organization] = relationship(lazy="joined")

    # What Flask-Login asks of a signed-in user.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        """What the session stores: the member and their session generation, so raising the
        generation makes every stored id stale (app.console.access.load_member)."""
        return f"{self.public_id}.{self.session_generation}"

    def end_all_sessions(self) -> None:
        """Every session signed in before (on any device) stops working."""
        self.session_generation += 1

    def __repr__(self) -> str:
        return f"<User {self.public_id} {self.role}>"


class PasswordLink(Base):
    """A single-use link that sets a member's password, emailed or printed once."""

    __tablename__ = "password_link"
    __table_args__ = (
        CheckConstraint("purpose IN ('invite', 'reset')", name="purpose_known"),
        CheckConstraint("expires_at > created_at", name="expires_after_creation"),
        Index("ix_password_link_user", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    purpose: Mapped[str] = mapped_column(String(10))
    lookup_id: Mapped[str] = mapped_column(String(24), unique=True)  # the token's first characters
    digest: Mapped[str] = mapped_column(String(64))  # hex HMAC-SHA256 of the whole token
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]  # set when followed, or when a newer password made it moot

    user: Mapped[User] = relationship(lazy="joined")

    def usable_at(self, now: datetime) -> bool:
        return self.used_at is None and now < self.expires_at
