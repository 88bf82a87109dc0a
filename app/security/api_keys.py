"""Organization API keys: issuing, rotating, revoking and authenticating them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import ApiKey, Organization, utcnow
from app.security import tokens

# A recognisable prefix per purpose, so a leaked key is identified by secret scanners.
PREFIXES = {"greenhouse": "asy_gh", "public_api": "asy_api"}


def issue_key(session: Session, organization: Organization, purpose: str = "greenhouse",
              now: datetime | None = None) -> str:
    """Add a new key for ``organization`` and return it; it is shown once and never stored."""
    issued = tokens.issue(PREFIXES[purpose])
    session.add(ApiKey(
        organization=organization, purpose=purpose, lookup_id=issued.lookup_id,
        digest=issued.digest, secret_encrypted=tokens.encrypt(issued.value),
        created_at=now or utcnow(),
    ))
    return issued.value


def active_keys(session: Session, organization: Organization, purpose: str) -> list[ApiKey]:
    """The organization's usable keys for ``purpose``, newest first."""
    return list(session.scalars(
        select(ApiKey)
        .where(ApiKey.organization_id == organization.id, ApiKey.purpose == purpose,
               ApiKey.revoked_at.is_(None))
        .order_by(ApiKey.created_at.desc(), ApiKey.id.desc())
    ))


def revoke_older_keys(session: Session, organization: Organization, purpose: str,
                      now: datetime | None = None) -> list[ApiKey]:
    """Revoke every active key but the newest (the end of a rotation); returns the revoked."""
    revoked = active_keys(session, organization, purpose)[1:]
    for key in revoked:
        key.revoked_at = now or utcnow()
    return revoked


def authenticate(session: Session, presented: str, purpose: str) -> ApiKey | None:
    """The active key matching ``presented``, or None.

    One indexed lookup by the key's public part, then a constant-time digest comparison;
    the answer takes the same path for unknown, malformed and revoked keys.
    """
    lookup_id = tokens.lookup_id_of(presented, PREFIXES[purpose])
    if lookup_id is None:
        tokens.matches(presented, "0" * 64)  # same work as a real comparison
        return None
    key = session.scalar(select(ApiKey).where(ApiKey.lookup_id == lookup_id))
    digest = key.digest if key is not None else "0" * 64
    if not tokens.matches(presented, digest) or key is None:
        return None
    if key.purpose != purpose or not key.is_active:
        return None
    return key
