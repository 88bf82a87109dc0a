"""Who is calling: a bearer token (RFC 6750) from /api/v1/auth/token, with a scope.

``scope_required(scope)`` checks the token with Authlib's resource protector and attaches
``g.api_client`` (the ApiClient: its organization and HR email) or answers 401 (no token,
or one that is malformed, unknown, expired, or whose client was revoked) or 403 (the
token lacks the scope), each with RFC 6750's ``WWW-Authenticate: Bearer ...``. Calls are
then counted against the client's rate limit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from typing import Any, TypeVar, cast

from authlib.integrations.flask_oauth2 import ResourceProtector
from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6750 import BearerTokenValidator, InsufficientScopeError
from flask import current_app, g

from app.api.problems import Problem
from app.extensions import db, limiter
from app.models import AccessToken, ApiClient, utcnow
from app.services.api_clients import find_access_token

REALM = "Assay API"
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class BearerToken:
    """A stored token as Authlib's validator sees it (TokenMixin's methods)."""

    row: AccessToken

    def get_scope(self) -> str:
        return self.row.scope

    def is_expired(self) -> bool:
        return utcnow() >= self.row.expires_at

    def is_revoked(self) -> bool:
        return not self.row.client.is_active

    @property
    def expires_at(self) -> datetime:
        return self.row.expires_at


class Validator(BearerTokenValidator):  # type: ignore[misc]  # Authlib is untyped
    def authenticate_token(self, token_string: str) -> BearerToken | None:
        row = find_access_token(db.session, token_string)
        return BearerToken(row) if row is not None else None


protector = ResourceProtector()
protector.register_token_validator(Validator(realm=REALM))


def _challenge(error: str | None = None, description: str | None = None,
               scope: str | None = None) -> str:
    parts = [f'realm="{REALM}"']
    if error:
        parts.append(f'error="{error}"')
    if description:
        parts.append(f'error_description="{description}"')
    if scope:
        parts.append(f'scope="{scope}"')
    return "Bearer " + ", ".join(parts)


def _refusal(error: OAuth2Error, scope: str) -> Problem:
    if isinstance(error, InsufficientScopeError):
        detail = f"This call needs the {scope} scope; request a token with it."
        return Problem(403, detail, headers={"WWW-Authenticate": _challenge(
            "insufficient_scope", detail, scope)})
    if error.error in ("missing_authorization", "unsupported_token_type"):
        # RFC 6750 §3.1: a request without credentials gets no error code.
        return Problem(401, "Send an access token: Authorization: Bearer <token> (get one "
                            "from POST /api/v1/auth/token).",
                       headers={"WWW-Authenticate": _challenge()})
    detail = "The access token is malformed, unknown, expired or revoked; get a new one."
    return Problem(401, detail, headers={"WWW-Authenticate": _challenge(
        "invalid_token", detail)})


def _client_limit() -> str:
    return str(current_app.config["RATELIMIT_API_CLIENT"])


def _client_key() -> str:
    client: ApiClient | None = g.get("api_client")
    return f"client:{client.client_id}" if client is not None else "client:none"


# Per client, however many addresses it calls from; checked after authentication.
_per_client = limiter.shared_limit(_client_limit, scope="api-client", key_func=_client_key)


def scope_required(scope: str) -> Callable[[F], F]:
    """Let the view run only with a valid token carrying ``scope``; attach
    ``g.api_client``. Raises Problem(401/403) otherwise, or 429 past the client's limit."""

    def decorator(view: F) -> F:
        limited = _per_client(view)

        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                token: BearerToken = protector.acquire_token([scope])
            except OAuth2Error as error:
                raise _refusal(error, scope) from None
            g.api_client = token.row.client
            return limited(*args, **kwargs)

        return cast(F, wrapper)

    return decorator


def current_client() -> ApiClient:
    client: ApiClient = g.api_client
    return client
