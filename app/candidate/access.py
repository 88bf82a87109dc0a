"""The binding between a candidate's browser session and their invitation.

The emailed token is exchanged once (the Start button) for a session entry; later pages
carry no token. Every take page loads the invitation from the session and the attempt
from the URL, and answers 404 (the neutral page) when they do not belong together.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeAlias, TypeVar

from flask import Response, abort, g, jsonify, request, session
from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.models import Attempt, Invitation, utcnow
from app.services.taking import Visit

SESSION_KEY = "candidate"

R = TypeVar("R")
JsonNotFound: TypeAlias = tuple[Response, int]  # the JSON 404 of attempt_required(json=True)


def bind(invitation: Invitation) -> str:
    """Remember in the session that this browser holds ``invitation``; returns its device id
    (kept when the same browser presses Start again, new for a new browser)."""
    current = session.get(SESSION_KEY) or {}
    device = current.get("device") if current.get("invitation") == invitation.public_id else None
    device = device or secrets.token_urlsafe(9)
    session[SESSION_KEY] = {"invitation": invitation.public_id, "device": device}
    return device


def device_id() -> str | None:
    return (session.get(SESSION_KEY) or {}).get("device")


def current_visit() -> Visit:
    """The facts about this request the services need, at the server's clock."""
    return Visit(now=utcnow(), ip=request.remote_addr,
                 user_agent=request.headers.get("User-Agent"), device=device_id())


def session_invitation_id() -> str | None:
    """The public id of the invitation this browser pressed Start for, if any."""
    public_id = (session.get(SESSION_KEY) or {}).get("invitation")
    return public_id if isinstance(public_id, str) else None


def _session_invitation() -> Invitation | None:
    public_id = session_invitation_id()
    if public_id is None:
        return None
    invitation = db.session.scalar(select(Invitation).where(Invitation.public_id == public_id))
    if invitation is None or invitation.cancelled_at is not None:
        return None
    return invitation


def use_language_of(invitation: Invitation, attempt: Attempt | None = None) -> None:
    """Pages speak the invitation's language, else the test's (the switcher overrides)."""
    test = (attempt or invitation.attempts[0]).test if invitation.attempts else None
    g.locale = invitation.language or (test.language if test else None)


def candidate_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Attach the session's invitation as ``g.invitation``, or show the neutral 404."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        invitation = _session_invitation()
        if invitation is None:
            abort(404)
        g.invitation = invitation
        use_language_of(invitation)
        return view(*args, **kwargs)

    return wrapper


def attempt_required(
        json: bool = False) -> Callable[[Callable[..., R]], Callable[..., R | JsonNotFound]]:
    """Replace the URL's ``attempt_id`` by the attempt it names, when it belongs to the
    session's invitation; else 404 (a JSON body for the page script's endpoints)."""

    def decorator(view: Callable[..., R]) -> Callable[..., R | JsonNotFound]:
        @wraps(view)
        def wrapper(*args: Any, attempt_id: str, **kwargs: Any) -> R | JsonNotFound:
            invitation = _session_invitation()
            attempt = next((a for a in invitation.attempts if a.public_id == attempt_id),
                           None) if invitation else None
            if attempt is None:
                if json:
                    return jsonify({"error": "not_found", "message": _(
                        "This test is not open in this browser: reload the page.")}), 404
                abort(404)
            assert invitation is not None
            g.invitation = invitation
            use_language_of(invitation, attempt)
            return view(*args, attempt=attempt, **kwargs)

        return wrapper

    return decorator
