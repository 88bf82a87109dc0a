"""The Greenhouse Assessment Partner API: the four endpoints Greenhouse calls.

Greenhouse is configured with one absolute URL per endpoint, so these paths never change:

    GET  /api/greenhouse/list_tests
    POST /api/greenhouse/send_test
    GET  /api/greenhouse/test_status?partner_interview_id=...
    POST /api/greenhouse/response_error

Callers authenticate with HTTP Basic (the organization's API key as the username), so the
blueprint is exempt from CSRF; every answer, errors included, is JSON.
"""

from __future__ import annotations

from flask import Blueprint

from app.extensions import csrf

bp = Blueprint("greenhouse", __name__, url_prefix="/api/greenhouse")
csrf.exempt(bp)  # token-authenticated machine API: no cookies, no forms

from app.greenhouse import auth, errors, views  # noqa: E402, F401  (they register on bp)

__all__ = ["bp"]
