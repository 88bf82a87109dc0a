"""The hiring team's accounts: adding members, inviting them, signing in, roles, and
deactivation. Every function takes the session and the time; none commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.database import DbSession
from app.models import LinkPurpose, Organization, Role, User
from app.security import passwords, tokens
from app.services.addresses import InvalidEmail, normalize_email
from app.services.mail import queue_email
from app.services.password_links import issue_link


class AccountError(ValueError):
    """The change cannot be made; ``reason`` is a code a page or the CLI words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# Reasons an AccountError gives.
EMAIL_INVALID = "email_invalid"
EMAIL_TAKEN = "email_taken"
LAST_ADMIN = "last_admin"
SELF = "self"
NOT_PENDING = "not_pending"  # the member already set a password, or is deactivated


@dataclass(frozen=True)
class NewMember:
    user: User
    link: str  # the set-password link, shown or emailed once


def account_email(value: str) -> str:
    """The form an address is stored and looked up in; InvalidEmail when it is none."""
    return normalize_email(value).lower()


def find_by_email(session: DbSession, email: str) -> User | None:
    try:
        normalized = account_email(email)
    except InvalidEmail:
        return None
    return session.scalar(select(User).where(User.email == normalized))


def add_member(session: DbSession, organization: Organization, *, email: str, role: Role,
               base_url: str, now: datetime, valid_for: timedelta) -> NewMember:
    """A new member without a password, and the link that sets it (not committed).

    Raises AccountError(EMAIL_INVALID or EMAIL_TAKEN).
    """
    try:
        normalized = account_email(email)
    except InvalidEmail:
        raise AccountError(EMAIL_INVALID) from None
    if session.scalar(select(User.id).where(User.email == normalized)) is not None:
        raise AccountError(EMAIL_TAKEN)
    user = User(public_id=tokens.public_id("usr"), organization=organization, email=normalized,
                role=role.value, created_at=now)
    try:
        # The unique address decides between two admins adding it at once.
        with session.begin_nested():
            session.add(user)
    except IntegrityError:
        raise AccountError(EMAIL_TAKEN) from None
    link = issue_link(session, user, LinkPurpose.INVITE, base_url=base_url, now=now,
                      valid_for=valid_for)
    return NewMember(user=user, link=link)


def invite_member(session: DbSession, inviter: User, *, email: str, role: Role, base_url: str,
                  now: datetime, valid_for: timedelta) -> User:
    """:func:`add_member` to the inviter's organization, with the link emailed (queued in
    the outbox, so it is sent only if the caller commits). Raises AccountError."""
    member = add_member(session, inviter.organization, email=email, role=role,
                        base_url=base_url, now=now, valid_for=valid_for)
    _email_invitation(session, inviter, member.user, member.link, now + valid_for)
    return member.user


def resend_invitation(session: DbSession, inviter: User, member: User, *, base_url: str,
                      now: datetime, valid_for: timedelta) -> None:
    """Email a member who has not set a password yet a new link (the older one stops
    working). Raises AccountError(NOT_PENDING) for one who has, or is deactivated."""
    if member.password_hash is not None or not member.active:
        raise AccountError(NOT_PENDING)
    link = issue_link(session, member, LinkPurpose.INVITE, base_url=base_url, now=now,
                      valid_for=valid_for)
    _email_invitation(session, inviter, member, link, now + valid_for)


def _email_invitation(session: DbSession, inviter: User, member: User, link: str,
                      expires_at: datetime) -> None:
    organization = inviter.organization
    queue_email(session, template="team_invitation", to=member.email,
                language=organization.language, organization_id=organization.id,
                context={"organization_name": organization.name, "link": link,
                         "expires_at": expires_at, "role": member.role,
                         "inviter_email": inviter.email})


def authenticate(session: DbSession, email: str, password: str, now: datetime) -> User | None:
    """The active member with this address and password, or None for every other case
    (unknown address, wrong password, no password set yet, deactivated), taking the same
    time. A hash made with older parameters is replaced."""
    user = find_by_email(session, email)
    stored = user.password_hash if user is not None and user.active else None
    verified = passwords.verify(stored, password)
    if not verified.ok or user is None:
        return None
    if verified.new_hash is not None:
        user.password_hash = verified.new_hash
    user.last_sign_in_at = now
    return user


def team_of(session: DbSession, organization_id: int) -> list[User]:
    """The organization's members: active ones first, then by address."""
    return list(session.scalars(select(User).where(User.organization_id == organization_id)
                                .order_by(User.active.desc(), User.email)))


def member_of(session: DbSession, organization_id: int, public_id: str) -> User | None:
    """The member ``public_id`` if they belong to ``organization_id``; else None, whether
    or not they exist elsewhere."""
    return session.scalar(select(User).where(User.public_id == public_id,
                                             User.organization_id == organization_id))


def change_role(session: DbSession, actor: User, member: User, role: Role) -> None:
    """Raises AccountError(SELF) for the actor's own role (an admin cannot demote
    themselves by accident), LAST_ADMIN if no active admin would be left."""
    if member.id == actor.id:
        raise AccountError(SELF)
    if member.role == Role.ADMIN and role != Role.ADMIN:
        _keep_an_admin(session, member)
    member.role = role.value


def deactivate(session: DbSession, actor: User, member: User) -> None:
    """The member can no longer sign in and their sessions end. Raises AccountError(SELF),
    or LAST_ADMIN."""
    if member.id == actor.id:
        raise AccountError(SELF)
    if member.role == Role.ADMIN:
        _keep_an_admin(session, member)
    member.active = False
    member.end_all_sessions()


def reactivate(member: User) -> None:
    member.active = True


def _keep_an_admin(session: DbSession, leaving: User) -> None:
    others = session.scalar(select(func.count()).select_from(User).where(
        User.organization_id == leaving.organization_id, User.role == Role.ADMIN.value,
        User.active.is_(True), User.id != leaving.id))
    if not others:
        raise AccountError(LAST_ADMIN)
