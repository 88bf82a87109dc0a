"""Single-use links that set a member's password: the invitation a new member gets (or the
CLI prints), and the reset link for one who forgot theirs.

The token travels only in the link; the database keeps its lookup prefix and an HMAC
digest. Every bad, expired or used token is the same ``None`` to callers, so a page can
answer all of them alike.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update

from app.database import DbSession
from app.models import LinkPurpose, PasswordLink, User
from app.security import passwords, tokens
from app.services.mail import queue_email

LINK_PATH = "/console/password/"


def issue_link(session: DbSession, user: User, purpose: LinkPurpose, *, base_url: str,
               now: datetime, valid_for: timedelta) -> str:
    """Add a link for ``user`` (not committed) and return its URL, which is never stored.

    An earlier unused link of the member stops working: only the newest one counts.
    """
    _retire_links(session, user, now)
    issued = tokens.issue_link_token()
    session.add(PasswordLink(user=user, purpose=purpose.value, lookup_id=issued.lookup_id,
                             digest=issued.digest, created_at=now, expires_at=now + valid_for))
    return f"{base_url.rstrip('/')}{LINK_PATH}{issued.value}"


def find_link(session: DbSession, token: str, now: datetime) -> PasswordLink | None:
    """The usable link ``token`` belongs to, or None (unknown, altered, expired, used, or
    its member deactivated). The digest is compared in constant time."""
    lookup_id = token[:tokens.LOOKUP_LENGTH]
    link = session.scalar(select(PasswordLink).where(PasswordLink.lookup_id == lookup_id))
    if not tokens.matches(token, link.digest if link is not None else "0" * 64):
        return None
    if link is None or not link.usable_at(now) or not link.user.active:
        return None
    return link


def set_password(session: DbSession, link: PasswordLink, password: str, now: datetime) -> User:
    """Give the link's member ``password`` (not committed). The link is used up, every
    other open link of theirs too, and every session they had ends."""
    user = link.user
    user.password_hash = passwords.hash_password(password)
    user.end_all_sessions()
    _retire_links(session, user, now)
    return user


def change_password(session: DbSession, user: User, current: str, new: str,
                    now: datetime) -> bool:
    """Give a signed-in member ``new`` once ``current`` is their password (not
    committed). False, with nothing changed, when it is not. Every other session of
    theirs ends, and every open set-password link stops working."""
    if not passwords.verify(user.password_hash, current).ok:
        return False
    user.password_hash = passwords.hash_password(new)
    user.end_all_sessions()
    _retire_links(session, user, now)
    return True


def send_reset_link(session: DbSession, user: User, *, base_url: str, now: datetime,
                    valid_for: timedelta) -> None:
    """Queue a reset email with a new link for an active member (not committed)."""
    link = issue_link(session, user, LinkPurpose.RESET, base_url=base_url, now=now,
                      valid_for=valid_for)
    organization = user.organization
    queue_email(session, template="password_reset", to=user.email,
                language=organization.language, organization_id=organization.id,
                context={"organization_name": organization.name, "link": link,
                         "expires_at": now + valid_for})


def _retire_links(session: DbSession, user: User, now: datetime) -> None:
    session.execute(update(PasswordLink)
                    .where(PasswordLink.user_id == user.id, PasswordLink.used_at.is_(None))
                    .values(used_at=now))
