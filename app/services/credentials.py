"""What the console's keys page shows and does: the organization's Greenhouse API keys
(rotation) and its public API clients (lookup within the organization)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from app.database import DbSession
from app.models import ApiClient, ApiKey, Organization, utcnow
from app.security.api_keys import PREFIXES, issue_key, revoke_older_keys


def greenhouse_keys(session: DbSession, organization: Organization) -> list[ApiKey]:
    """Every Greenhouse key of ``organization``, active or revoked, newest first."""
    return list(session.scalars(
        select(ApiKey)
        .where(ApiKey.organization_id == organization.id, ApiKey.purpose == "greenhouse")
        .order_by(ApiKey.created_at.desc(), ApiKey.id.desc())))


def masked(key: ApiKey) -> str:
    """The key's public part only (prefix and lookup id): enough to tell keys apart."""
    return f"{PREFIXES[key.purpose]}_{key.lookup_id}_…"


def rotate_greenhouse_key(session: DbSession, organization: Organization,
                          now: datetime | None = None) -> str:
    """Issue a new Greenhouse key (not committed); returns it, to be shown once. The older
    keys keep working until :func:`revoke_older_greenhouse_keys`, so Greenhouse's calls
    are never refused while an admin pastes the new key in (as ``assay orgs rotate-key``)."""
    return issue_key(session, organization, "greenhouse", now=now or utcnow())


def revoke_older_greenhouse_keys(session: DbSession, organization: Organization,
                                 now: datetime | None = None) -> int:
    """Revoke every Greenhouse key but the newest (not committed); returns how many. They
    stop with the commit (each worker may still accept one for API_KEY_CACHE_SECONDS)."""
    return len(revoke_older_keys(session, organization, "greenhouse", now=now or utcnow()))


def client_of(session: DbSession, organization_id: int, client_id: str) -> ApiClient | None:
    """The API client with this public id if it belongs to the organization, else None
    (another organization's client is indistinguishable from one that does not exist)."""
    if not 0 < len(client_id) <= 40:
        return None
    return session.scalar(select(ApiClient).where(
        ApiClient.client_id == client_id, ApiClient.organization_id == organization_id))
