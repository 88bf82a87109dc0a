"""The public REST API's callers: OAuth2 clients, the access tokens they hold, and the
responses remembered for their ``Idempotency-Key`` retries.

No secret is stored in plain text. A client secret and an access token are high-entropy
random strings, so a keyed digest is enough (HMAC-SHA256 under a key derived from
SECRET_KEY, app.security.tokens.digest) and is compared in constant time; a slow password
hash (argon2) would only cost CPU on every token request. The webhook signing secret must
be readable to sign each event, so it is kept Fernet-encrypted (``sealed``).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow
from app.security.tokens import decrypt, encrypt

if TYPE_CHECKING:
    from app.models.organization import Organization

# What a client may be given; a token carries some of them (OAuth2 scope, RFC 6749 §3.3).
SCOPES = ("tests.read", "tests.write")


class ApiClient(Base):
    """An integration of one organization: a CRM, an ATS, a company's own scripts."""

    __tablename__ = "api_client"
    __table_args__ = (Index("ix_api_client_org", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    client_id: Mapped[str] = mapped_column(String(40), unique=True)  # public, e.g. cl_3f9a...
    secret_digest: Mapped[str] = mapped_column(String(64))  # hex HMAC-SHA256 of the secret
    name: Mapped[str] = mapped_column(String(200))  # for people: "Workable sync"
    # The HR address tokens of this client carry: invitations' copies go there.
    hr_email: Mapped[str] = mapped_column(String(320))
    scope: Mapped[str] = mapped_column(String(200))  # space-separated, from SCOPES
    webhook_url: Mapped[str | None] = mapped_column(String(2000))  # app.webhooks.urls decides
    # Fernet token of "whsec_<base64>" (Standard Webhooks); read only to sign events.
    webhook_secret_sealed: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]  # revoked: its tokens stop working at once

    organization: Mapped[Organization] = relationship(lazy="joined")

    @property
    def scopes(self) -> list[str]:
        return self.scope.split()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def revoke(self, now: datetime) -> None:
        self.revoked_at = self.revoked_at or now

    def seal_webhook_secret(self, secret: str) -> None:
        self.webhook_secret_sealed = encrypt(secret)

    def webhook_secret(self) -> str | None:
        """The signing secret, decrypted (needs an app context), or None without a webhook."""
        return None if self.webhook_secret_sealed is None else decrypt(self.webhook_secret_sealed)


class AccessToken(Base):
    """A bearer token issued to a client (client credentials grant); only its digest."""

    __tablename__ = "api_access_token"
    __table_args__ = (Index("ix_api_access_token_client", "api_client_id", "expires_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    api_client_id: Mapped[int] = mapped_column(ForeignKey("api_client.id", ondelete="CASCADE"))
    lookup_id: Mapped[str] = mapped_column(String(24), unique=True)  # public part, indexed
    digest: Mapped[str] = mapped_column(String(64))  # hex HMAC-SHA256 of the whole token
    scope: Mapped[str] = mapped_column(String(200))  # what it was granted (maybe narrower)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]

    client: Mapped[ApiClient] = relationship(lazy="joined")


class IdempotentResponse(Base):
    """The first answer to a POST with an ``Idempotency-Key``, replayed on a retry."""

    __tablename__ = "api_idempotent_response"
    __table_args__ = (
        UniqueConstraint("api_client_id", "key"),
        CheckConstraint("status_code >= 200 AND status_code < 300", name="success_only"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    api_client_id: Mapped[int] = mapped_column(ForeignKey("api_client.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(255))  # as the client sent it
    request_digest: Mapped[str] = mapped_column(String(64))  # sha256 of path, query and body
    status_code: Mapped[int]
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    location: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
