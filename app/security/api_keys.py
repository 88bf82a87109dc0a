"""Organization API keys: issuing, rotating, revoking and authenticating them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, select
from sqlalchemy.engine import Connection

from app.database import DbSession
from app.models import ApiKey, Organization, utcnow
from app.security import tokens

if TYPE_CHECKING:
    from app.security.key_cache import KeyCache

# A recognisable prefix per purpose, so a leaked key is identified by secret scanners.
PREFIXES = {"greenhouse": "asy_gh", "public_api": "asy_api"}


@dataclass(frozen=True)
class AuthenticatedKey:
    """What a request needs to know about the key it was authenticated with."""

    id: int
    organization_id: int
    purpose: str
    lookup_id: str
    last_used_at: datetime | None


# Built once, and plain Core (table columns, no ORM entity): authentication runs on every
# Greenhouse poll, and a row of four values is all it needs.
_KEYS = ApiKey.__table__.c
_KEY_BY_LOOKUP = select(_KEYS.id, _KEYS.organization_id, _KEYS.purpose, _KEYS.digest,
                        _KEYS.revoked_at, _KEYS.last_used_at).where(
    _KEYS.lookup_id == bindparam("lookup_id"))


def issue_key(session: DbSession, organization: Organization, purpose: str = "greenhouse",
              now: datetime | None = None) -> str:
    """Add a new key for ``organization`` and return it; it is shown once and never stored."""
    issued = tokens.issue(PREFIXES[purpose])
    session.add(ApiKey(
        organization=organization, purpose=purpose, lookup_id=issued.lookup_id,
        digest=issued.digest, secret_encrypted=tokens.encrypt(issued.value),
        created_at=now or utcnow(),
    ))
    return issued.value


def active_keys(session: DbSession, organization: Organization, purpose: str) -> list[ApiKey]:
    """The organization's usable keys for ``purpose``, newest first."""
    return list(session.scalars(
        select(ApiKey)
        .where(ApiKey.organization_id == organization.id, ApiKey.purpose == purpose,
               ApiKey.revoked_at.is_(None))
        .order_by(ApiKey.created_at.desc(), ApiKey.id.desc())
    ))


def revoke_older_keys(session: DbSession, organization: Organization, purpose: str,
                      now: datetime | None = None) -> list[ApiKey]:
    """Revoke every active key but the newest (the end of a rotation); returns the revoked."""
    revoked = active_keys(session, organization, purpose)[1:]
    for key in revoked:
        key.revoked_at = now or utcnow()
    return revoked


def authenticate(session: DbSession | Connection, presented: str, purpose: str,
                 cache: KeyCache | None = None) -> AuthenticatedKey | None:
    """The active key matching ``presented``, or None.

    One indexed lookup by the key's public part, then a constant-time digest comparison;
    the answer takes the same path for unknown, malformed and revoked keys. With a
    ``cache``, a key that authenticated moments ago is checked against its remembered
    digest instead of the database (see app.security.key_cache).
    """
    lookup_id = tokens.lookup_id_of(presented, PREFIXES[purpose])
    if lookup_id is None:
        tokens.matches(presented, "0" * 64)  # same work as a real comparison
        return None
    if cache is not None:
        remembered = cache.get(lookup_id, presented)
        if remembered is not None and remembered.purpose == purpose:
            return remembered
    row = session.execute(_KEY_BY_LOOKUP, {"lookup_id": lookup_id}).first()
    digest = row.digest if row is not None else "0" * 64
    if not tokens.matches(presented, digest) or row is None:
        return None
    if row.purpose != purpose or row.revoked_at is not None:
        return None
    key = AuthenticatedKey(id=row.id, organization_id=row.organization_id, purpose=row.purpose,
                           lookup_id=lookup_id, last_used_at=row.last_used_at)
    if cache is not None:
        cache.remember(lookup_id, row.digest, key)
    return key
