"""OAuth 2.0 client credentials (RFC 6749 §4.4) with Authlib's Flask authorization server.

``POST /api/v1/auth/token`` authenticates the client by HTTP Basic or form fields
(``client_secret_basic``, ``client_secret_post``), grants the client's scopes or the
narrower ``scope`` asked for, and answers ``{access_token, token_type, expires_in,
scope}``. Authlib does the protocol (grant dispatch, client authentication, scope
narrowing, errors); we supply the client lookup, the token (prefixed, stored only as a
digest, app.services.api_clients) and the error shape: a problem+json body that also
carries RFC 6749 §5.2's ``error`` and ``error_description``.
"""

from __future__ import annotations

from typing import Any, ClassVar, cast

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import ClientMixin, InvalidClientError
from authlib.oauth2.rfc6749.errors import InvalidScopeError
from authlib.oauth2.rfc6749.grants import ClientCredentialsGrant
from flask import Flask, Response, current_app, json

from app.api import bp
from app.api.problems import Problem, problem_response
from app.extensions import db, limiter
from app.models import ApiClient
from app.services.api_clients import find_client, issue_access_token, secret_matches
from app.web.boundary import body_limit

AUTH_METHODS = ("client_secret_basic", "client_secret_post")
BASIC_CHALLENGE = 'Basic realm="Assay API"'
MAX_TOKEN_REQUEST_BYTES = 8 * 1024


class OAuthClient(ClientMixin):  # type: ignore[misc]  # Authlib is untyped
    """An ApiClient as Authlib's client-credentials grant sees it."""

    def __init__(self, client: ApiClient) -> None:
        self.client = client

    def get_client_id(self) -> str:
        return self.client.client_id

    def get_default_redirect_uri(self) -> None:
        return None

    def get_allowed_scope(self, scope: str | None) -> str:
        """The client's scopes, or those of them asked for (RFC 6749 §3.3)."""
        if not scope:
            return self.client.scope
        asked = set(scope.split())
        return " ".join(s for s in self.client.scopes if s in asked)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return False

    def check_client_secret(self, client_secret: str) -> bool:
        return secret_matches(self.client, client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return endpoint == "token" and method in AUTH_METHODS

    def check_response_type(self, response_type: str) -> bool:
        return False

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "client_credentials"


class ScopedClientCredentialsGrant(ClientCredentialsGrant):  # type: ignore[misc]  # Authlib is untyped
    """Client credentials where asking for a scope the client lacks is ``invalid_scope``
    (Authlib only checks the scopes the server knows)."""

    TOKEN_ENDPOINT_AUTH_METHODS: ClassVar[list[str]] = list(AUTH_METHODS)

    def validate_requested_scope(self) -> None:
        scope = self.request.payload.scope
        client: OAuthClient = self.request.client
        if scope is not None:
            asked = scope.split()
            if not asked or not set(asked) <= set(client.client.scopes):
                raise InvalidScopeError(
                    f"This client may ask only for: {client.client.scope}.")


def _query_client(client_id: str) -> OAuthClient | None:
    client = find_client(db.session, client_id)
    return OAuthClient(client) if client is not None and client.is_active else None


def _generate_token(grant_type: str, client: OAuthClient, user: Any = None,
                    scope: str | None = None, expires_in: int | None = None,
                    include_refresh_token: bool = False) -> dict[str, Any]:
    granted = client.get_allowed_scope(scope)
    issued = issue_access_token(db.session, client.client, granted,
                                lifetime=current_app.config["API_TOKEN_LIFETIME_SECONDS"])
    return {"access_token": issued.value, "token_type": "Bearer",
            "expires_in": issued.expires_in, "scope": issued.scope}


def _save_token(token: dict[str, Any], request: Any) -> None:
    db.session.commit()  # the token row was added by _generate_token


class Server(AuthorizationServer):  # type: ignore[misc]  # Authlib is untyped
    """Authlib's server with our error shape, Bearer spelt as RFC 6750 does."""

    def handle_error_response(self, request: Any, error: OAuth2Error) -> Response:
        db.session.rollback()
        description = {
            "invalid_client": "Client authentication failed: check client_id and "
                              "client_secret (HTTP Basic, or form fields), and that the "
                              "client was not revoked.",
            "unsupported_grant_type": "Only grant_type=client_credentials is supported.",
        }.get(error.error) or error.get_error_description() or error.error
        headers: dict[str, str] = {}
        status = error.status_code
        if isinstance(error, InvalidClientError):
            status = 401
            headers["WWW-Authenticate"] = BASIC_CHALLENGE
        slug = "unauthorized" if status == 401 else "oauth-error"
        return problem_response(Problem(
            status, description, slug=slug,
            extra={"error": error.error, "error_description": description}, headers=headers))

    def handle_response(self, status_code: int, payload: Any, headers: Any) -> Response:
        response = Response(json.dumps(payload), status=status_code, mimetype="application/json")
        response.headers.update(dict(headers))
        return response


server = Server()


@bp.record_once
def _init_server(state: Any) -> None:
    app = cast(Flask, state.app)
    server.init_app(app, query_client=_query_client, save_token=_save_token)
    server.register_token_generator("default", _generate_token)
    server.register_grant(ScopedClientCredentialsGrant)


def _token_endpoint_limit() -> str:
    return str(current_app.config["RATELIMIT_API_TOKEN"])


@bp.post("/auth/token")
@limiter.limit(_token_endpoint_limit)
@body_limit(MAX_TOKEN_REQUEST_BYTES)
def issue_token() -> Response:
    """RFC 6749 §4.4.2 and §5.1; errors §5.2 (as problem+json with ``error``)."""
    response: Response = server.create_token_response()
    return response
