"""Who is calling: HTTPS only, HTTP Basic with the organization's API key as username.

``org_key_required`` attaches ``g.api_key`` (an AuthenticatedKey: its id and organization
id) or answers 401 with a ``WWW-Authenticate`` challenge; views that need the
Organization itself call ``current_organization()``. Keys are checked by
app.security.api_keys.authenticate (an indexed lookup, then a constant-time digest
comparison).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any, TypeVar, cast

from flask import current_app, g, request
from sqlalchemy import or_, update
from sqlalchemy.engine import Connection

from app.database import autocommit_connection
from app.extensions import db
from app.greenhouse import bp
from app.greenhouse.errors import GreenhouseError, json_error
from app.models import ApiKey, Organization, utcnow
from app.security.api_keys import authenticate
from app.security.key_cache import KeyCache

REALM = 'Basic realm="Assay Greenhouse API"'
# Greenhouse keys are under 171 characters; anything much longer is not ours, and is
# refused before any hashing.
MAX_KEY_LENGTH = 200
# last_used_at is a hint for operators ("is Greenhouse still calling with the old key?"),
# so it is written at most once a minute per key, not on every poll.
TOUCH_INTERVAL = timedelta(minutes=1)

F = TypeVar("F", bound=Callable[..., Any])


@bp.before_request
def refuse_plain_http() -> Any:
    """With REQUIRE_HTTPS, a call that did not arrive over HTTPS (as seen after ProxyFix)
    is refused before its key is even looked at."""
    if current_app.config["REQUIRE_HTTPS"] and not request.is_secure:
        return json_error(403, "HTTPS is required: call this API at its https:// address.")
    return None


def presented_key() -> str | None:
    """The username of the Basic credentials (the password is empty by the spec, and
    ignored), or None when there are none."""
    auth = request.authorization
    if auth is None or auth.type != "basic" or not auth.username:
        return None
    key = auth.username.strip()
    return key if 0 < len(key) <= MAX_KEY_LENGTH else None


def unauthorized() -> GreenhouseError:
    return GreenhouseError(
        401, "Authenticate with HTTP Basic: your Assay Greenhouse API key as the username "
             "and an empty password.", headers={"WWW-Authenticate": REALM})


def org_key_required(view: F) -> F:
    """Let the view run only for a valid, unrevoked Greenhouse key; attach ``g.api_key``.
    Raises GreenhouseError(401) otherwise.

    The key is looked up, and its use noted, on the request's autocommit connection:
    single statements, no transaction round trips on Greenhouse's polling path.
    """

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        key = presented_key()
        if key is None:
            raise unauthorized()
        cache = key_cache()
        api_key = authenticate(autocommit_connection(), key, "greenhouse", cache)
        if api_key is None:
            raise unauthorized()
        g.api_key = api_key
        response = view(*args, **kwargs)
        now = utcnow()
        if note_use(autocommit_connection(), api_key.id, api_key.last_used_at, now):
            cache.note_use(api_key.lookup_id, now)
        return response

    return cast(F, wrapper)


def current_organization() -> Organization:
    """The organization of the request's key, in db.session (loaded on first use)."""
    organization = db.session.get(Organization, g.api_key.organization_id)
    assert organization is not None  # the key's foreign key, checked a moment ago
    return organization


def key_cache() -> KeyCache:
    """The app's cache of recently authenticated keys (API_KEY_CACHE_SECONDS)."""
    extensions = current_app.extensions
    cache: KeyCache | None = extensions.get("assay_key_cache")
    if cache is None:  # first call in this process; setdefault: one cache for all threads
        cache = extensions.setdefault(
            "assay_key_cache", KeyCache(current_app.config["API_KEY_CACHE_SECONDS"]))
    return cache


def note_use(connection: Connection, api_key_id: int, last_used_at: datetime | None,
             now: datetime) -> bool:
    """Record that the key was used, at most once per TOUCH_INTERVAL; True when written.

    Runs after the view, as its own one-statement transaction, so it never holds a row
    lock on the key while the view works (concurrent calls with one key must not queue
    behind it). The WHERE clause keeps concurrent workers from writing the same minute
    twice.
    """
    if last_used_at is not None and now - last_used_at < TOUCH_INTERVAL:
        return False
    connection.execute(
        update(ApiKey.__table__)
        .where(ApiKey.id == api_key_id,
               or_(ApiKey.last_used_at.is_(None), ApiKey.last_used_at < now - TOUCH_INTERVAL))
        .values(last_used_at=now)
    )
    return True
