"""Headers every response carries, where a browser's POST may come from, and trust in the
proxy's forwarded headers.

Why ``Referrer-Policy: same-origin`` (and not ``no-referrer``) on every page, the candidate's
and the results page included: their URLs carry secrets (the emailed token, the results
signature), which must never reach another site, and ``same-origin`` sends no Referer at
all to any other origin. Within the site the browser does send it, and Flask-WTF needs it:
over HTTPS its CSRF check (``WTF_CSRF_SSL_STRICT``) refuses a POST whose Referer is missing
or foreign. Under ``no-referrer`` browsers send neither a Referer nor a usable Origin
(``Origin: null``), so every Start, save, Finish and grade was refused in production. The
CSRF token stays required everywhere; the Referer check stays on; and where the browser
says where a request came from (``Sec-Fetch-Site``, sent by every current browser), a POST
from another site is refused before any view runs.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, request
from flask_wtf.csrf import CSRFError
from werkzeug.middleware.proxy_fix import ProxyFix

from app.web import JSON_PREFIXES

log = logging.getLogger(__name__)

# No inline script or style anywhere: pages load /static files only.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
REFERRER_POLICY = "same-origin"

# Requests that change state. Sec-Fetch-Site "same-origin" is our own page, "none" a
# request the person started themselves (typed, bookmarked); "same-site" (a sibling
# subdomain) and "cross-site" are someone else's page.
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
OWN_ORIGINS = frozenset({"same-origin", "none"})


def init_app(app: Flask) -> None:
    hops = app.config["PROXY_FIX_HOPS"]
    if hops:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]  # Flask's documented way
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    log.info("trusting X-Forwarded-For/Proto/Host from %s", (
        f"the {hops} nearest prox{'y' if hops == 1 else 'ies'}" if hops
        else "no proxy (ASSAY_PROXY_FIX_HOPS=0)"))

    @app.before_request
    def refuse_cross_site_posts() -> None:
        """A browser's state-changing request from another site, refused like a bad CSRF
        token. Machine APIs (no cookies, their own credentials) are not browsers' business."""
        if request.method not in UNSAFE_METHODS:
            return
        site = request.headers.get("Sec-Fetch-Site")
        if site is None or site in OWN_ORIGINS:
            return
        if app.extensions["csrf"]._is_exempt():  # Flask-WTF's own reading of csrf.exempt
            return
        raise CSRFError("The request came from another site.")

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers["Referrer-Policy"] = REFERRER_POLICY
        if request.path.startswith(JSON_PREFIXES):
            # Machine APIs answer with candidates' data and signed results links, errors
            # included: no cache, shared or private, may keep any of it.
            response.headers["Cache-Control"] = "no-store"
        if app.config["SESSION_COOKIE_SECURE"]:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response

