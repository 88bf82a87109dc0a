"""The cookie session, for browsers only.

Machine callers under ``/api/`` authenticate on every request (HTTP Basic) and never get
or send the session cookie, so their requests skip opening, verifying and re-signing
it: they see Flask's read-only null session (empty; writing to it raises).
"""

from __future__ import annotations

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface

from app.web import JSON_PREFIXES


class BrowserSessionInterface(SecureCookieSessionInterface):
    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if request.path.startswith(JSON_PREFIXES):
            return None  # Flask substitutes its null session
        return super().open_session(app, request)


def init_app(app: Flask) -> None:
    app.session_interface = BrowserSessionInterface()
