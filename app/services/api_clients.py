"""Public API clients: creating, listing and revoking them, and their access tokens.

Secrets are shown once and stored as digests (app.models.api_client says why a keyed
SHA-256 digest, not argon2). Access tokens are prefixed (``asy_at_``) so a leaked one is
recognisable, found by an indexed public part and checked in constant time.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, select

from app.database import DbSession
from app.models import AccessToken, ApiClient, Organization, utcnow
from app.models.api_client import SCOPES
from app.security import tokens
from app.security.callbacks import CallbackPolicy
from app.services.addresses import InvalidEmail, normalize_email
from app.webhooks import new_webhook_secret, webhook_url_problem
from app.webhooks.urls import webhook_policy

# Prefixes, not secrets: they make a leaked secret or token recognisable.
CLIENT_SECRET_PREFIX = "asy_cs"  # noqa: S105
ACCESS_TOKEN_PREFIX = "asy_at"  # noqa: S105
MAX_TOKEN_LENGTH = 200  # ours are about 60 characters; longer is not ours


class ClientError(ValueError):
    """The client cannot be created as asked; the message says why."""


@dataclass(frozen=True)
class CreatedClient:
    client: ApiClient
    client_secret: str  # shown once
    webhook_secret: str | None  # shown once too (the receiver needs it to verify)


def create_client(session: DbSession, organization: Organization, *, hr_email: str,
                  scopes: list[str], name: str | None = None, webhook_url: str | None = None,
                  webhooks: CallbackPolicy | None = None,
                  now: datetime | None = None) -> CreatedClient:
    """Add a client of ``organization`` (not committed). Raises ClientError for a bad
    email, an unknown or missing scope, or a webhook URL that ``webhooks`` (the webhook
    URL policy, app.webhooks.urls.webhook_policy) refuses."""
    try:
        hr_email = normalize_email(hr_email)
    except InvalidEmail as error:
        raise ClientError(f"The HR email {hr_email!r} is not valid: {error}") from None
    unknown = [scope for scope in scopes if scope not in SCOPES]
    if unknown or not scopes:
        raise ClientError(f"Scopes must be some of {', '.join(SCOPES)}; got "
                          f"{', '.join(unknown) if unknown else 'none'}.")
    webhook_secret = None
    if webhook_url is not None:
        problem = webhook_url_problem(webhook_url, webhooks or webhook_policy({
            "CALLBACK_ALLOWED_HOSTS": (), "CALLBACK_ALLOW_HTTP": False,
            "ENV_NAME": "production"}))
        if problem is not None:
            raise ClientError(problem)
        webhook_secret = new_webhook_secret()
    secret = f"{CLIENT_SECRET_PREFIX}_{secrets.token_urlsafe(32)}"
    client = ApiClient(
        organization=organization, client_id=f"cl_{secrets.token_hex(12)}",
        secret_digest=tokens.digest(secret), name=(name or "").strip() or "API client",
        hr_email=hr_email, scope=" ".join(s for s in SCOPES if s in scopes),
        webhook_url=webhook_url, created_at=now or utcnow())
    if webhook_secret is not None:
        client.seal_webhook_secret(webhook_secret)
    session.add(client)
    session.flush()
    return CreatedClient(client=client, client_secret=secret, webhook_secret=webhook_secret)


def find_client(session: DbSession, client_id: str) -> ApiClient | None:
    """The client (revoked or not) with this public id, or None."""
    if not 0 < len(client_id) <= 40:
        return None
    return session.scalar(select(ApiClient).where(ApiClient.client_id == client_id))


def list_clients(session: DbSession, organization: Organization) -> list[ApiClient]:
    return list(session.scalars(select(ApiClient).where(
        ApiClient.organization_id == organization.id).order_by(ApiClient.id)))


def revoke_client(session: DbSession, client: ApiClient, now: datetime | None = None) -> None:
    """Revoke the client and delete its tokens: they stop working with this commit."""
    client.revoke(now or utcnow())
    session.execute(delete(AccessToken).where(AccessToken.api_client_id == client.id))


def secret_matches(client: ApiClient, presented: str) -> bool:
    """Constant-time check of a presented client secret; a revoked client never matches."""
    return tokens.matches(presented, client.secret_digest) and client.is_active


@dataclass(frozen=True)
class IssuedToken:
    value: str  # shown once, in the token response
    expires_in: int
    scope: str


def issue_access_token(session: DbSession, client: ApiClient, scope: str, *, lifetime: int,
                       now: datetime | None = None) -> IssuedToken:
    """A new bearer token for ``client`` (not committed). Expired tokens of the client
    are deleted on the way: nothing else ever reads them."""
    now = now or utcnow()
    session.execute(delete(AccessToken).where(AccessToken.api_client_id == client.id,
                                              AccessToken.expires_at <= now))
    issued = tokens.issue(ACCESS_TOKEN_PREFIX)
    session.add(AccessToken(api_client_id=client.id, lookup_id=issued.lookup_id,
                            digest=issued.digest, scope=scope, issued_at=now,
                            expires_at=now + timedelta(seconds=lifetime)))
    return IssuedToken(value=issued.value, expires_in=lifetime, scope=scope)


# Built once: every API call runs it (constructing and keying it again cost about a tenth
# of the token check; its client and organization come joined, see the models).
_TOKEN_BY_LOOKUP = select(AccessToken).where(AccessToken.lookup_id == bindparam("lookup_id"))


def find_access_token(session: DbSession, presented: str) -> AccessToken | None:
    """The stored token ``presented`` is, expired or not, or None (unknown, malformed, or
    its client revoked). One indexed lookup, then a constant-time digest comparison."""
    lookup_id = (tokens.lookup_id_of(presented, ACCESS_TOKEN_PREFIX)
                 if len(presented) <= MAX_TOKEN_LENGTH else None)
    if lookup_id is None:
        tokens.matches(presented, "0" * 64)  # the same work as a real comparison
        return None
    token = session.scalar(_TOKEN_BY_LOOKUP, {"lookup_id": lookup_id})
    digest = token.digest if token is not None else "0" * 64
    if not tokens.matches(presented, digest) or token is None or not token.client.is_active:
        return None
    return token
