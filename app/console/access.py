"""Who is signed in to the console, and what they may open.

A session stores the member's public id and session generation (``User.get_id``) and when
they signed in; the loader accepts it only while both still match an active member and
for CONSOLE_SESSION_MAX_HOURS after signing in, so deactivating a member, "sign out
everywhere" or the time limit ends a session at its next request. ``member_required``
attaches the signed-in member (``g.member``) and checks their role.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, cast
from urllib.parse import urlsplit

from flask import abort, current_app, g, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_user
from sqlalchemy import select

from app.console import bp
from app.extensions import db, login_manager
from app.models import Role, User

P = ParamSpec("P")
View = Callable[P, ResponseReturnValue]


@bp.before_app_request
def forget_the_member_of_an_earlier_request() -> None:
    """Flask-Login keeps the loaded member in ``g``, which outlives a request whenever an
    app context was pushed before it (a CLI command, the tests): load them afresh."""
    g.pop("_login_user", None)


SIGNED_IN_AT = "signed_in_at"  # in the session: when the member signed in (epoch seconds)


def start_session(member: User) -> None:
    """Sign ``member`` in on this browser, from now."""
    login_user(member)
    session[SIGNED_IN_AT] = int(time.time())


def _session_expired() -> bool:
    started = session.get(SIGNED_IN_AT)
    limit = current_app.config["CONSOLE_SESSION_MAX_HOURS"] * 3600
    return not isinstance(started, int) or time.time() - started > limit


@login_manager.user_loader
def load_member(session_id: str) -> User | None:
    if _session_expired():
        return None
    public_id, _, generation = session_id.rpartition(".")
    member = db.session.scalar(select(User).where(User.public_id == public_id))
    if member is None or not member.active or str(member.session_generation) != generation:
        return None
    return member


@login_manager.unauthorized_handler
def sign_in_first() -> ResponseReturnValue:
    """To the sign-in page, and back to the page asked for (a POST's target is no page)."""
    if request.method != "GET":
        return redirect(url_for("console.sign_in"))
    return redirect(url_for("console.sign_in", next=request.full_path.rstrip("?")))


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a console or results page path from ``next`` (an
    organization may require sign-in for its results links), else the console home.
    Anything else (another site, ``//host``, a backslash trick) is ignored."""
    if target and target.startswith(("/console", "/results/")) and "\\" not in target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("console.home")


def member_required(*roles: Role) -> Callable[[View[P]], View[P]]:
    """A view decorator: a signed-out visitor goes to the sign-in page (and comes back);
    a member whose role is not in ``roles`` (any role when none are given) gets 403.
    The member is ``g.member`` (:func:`current_member`) inside the view.

    Objects a view looks up must belong to ``current_member().organization_id``; one of
    another organization answers 404, as if it did not exist.
    """
    allowed = {role.value for role in roles}

    def decorate(view: View[P]) -> View[P]:
        @wraps(view)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> ResponseReturnValue:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            member = cast(User, current_user._get_current_object())
            if allowed and member.role not in allowed:
                abort(403, _("Your role in the team does not include this page."))
            g.member = member
            return view(*args, **kwargs)
        return wrapper
    return decorate


def current_member() -> User:
    """The member :func:`member_required` attached to this request."""
    return cast(User, g.member)
