"""The job that deletes what the public API no longer needs: access tokens past their
expiry (they can never be accepted again) and Idempotency-Key answers older than
IDEMPOTENCY_KEEP_HOURS (they name the candidate, and the key is new again by then).

Each kind is one DELETE by time, so two workers running it at once only find nothing
left to delete.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete

from app.database import rowcount
from app.extensions import db
from app.models import AccessToken, IdempotentResponse, utcnow


def run_once(now: datetime | None = None) -> bool:
    """Delete expired tokens and old idempotency answers. Returns whether any was."""
    now = now or utcnow()
    keep = timedelta(hours=current_app.config["IDEMPOTENCY_KEEP_HOURS"])
    session = db.session()
    tokens = rowcount(session.execute(delete(AccessToken).where(AccessToken.expires_at <= now)))
    answers = rowcount(session.execute(
        delete(IdempotentResponse).where(IdempotentResponse.created_at < now - keep)))
    session.commit()
    return tokens + answers > 0
