"""Background saves and heartbeats on the quick path (app.services.quick_contact).

Each function answers None when the full path must serve the request: no candidate in
the session, an attempt not theirs, an answer the full path
would refuse or report, or anything beyond a quiet contact. Nothing is written then.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, g

from app.candidate.access import current_visit, session_invitation_id
from app.database import autocommit_connection
from app.extensions import db
from app.models import Attempt, Response
from app.questions import AnswerError, type_of
from app.services import quick_contact
from app.services.definitions import questions_of


def _snapshot(attempt_id: str, question_id: str = "") -> quick_contact.Snapshot | None:
    invitation_id = session_invitation_id()
    if invitation_id is None:
        return None
    snapshot = quick_contact.load(autocommit_connection(), invitation_id, attempt_id,
                                  question_id)
    if snapshot is not None:
        g.locale = snapshot.language  # as access.use_language_of
    return snapshot


def save(attempt_id: str, question_id: str, raw_answer: Any, flagged: bool | None,
         offline_ms: int) -> Attempt | None:
    """The attempt as saved (detached), or None for the full path."""
    snapshot = _snapshot(attempt_id, question_id)
    if snapshot is None:
        return None
    attempt = snapshot.attempt
    question = questions_of(autocommit_connection(), attempt.test_id,
                            snapshot.content_hash).get(question_id)
    if question is None:
        return None
    try:
        answer = type_of(question).parse_json(question, raw_answer)
    except AnswerError:
        return None
    result = quick_contact.save(
        autocommit_connection(), snapshot, question_id=question_id, answer=answer,
        flagged=flagged, visit=current_visit(), grace=current_app.config["ANSWER_GRACE_SECONDS"],
        offline_ms=offline_ms)
    if result is None:
        return None
    _forget_session_copies(attempt.id)
    return attempt


def heartbeat(attempt_id: str, offline_ms: int, events: list[Any]) -> Attempt | None:
    """The attempt after the heartbeat (detached), or None for the full path."""
    snapshot = _snapshot(attempt_id)
    if snapshot is None:
        return None
    done = quick_contact.heartbeat(
        autocommit_connection(), snapshot, visit=current_visit(),
        grace=current_app.config["ANSWER_GRACE_SECONDS"], offline_ms=offline_ms, events=events)
    if not done:
        return None
    _forget_session_copies(snapshot.attempt.id)
    return snapshot.attempt


def _forget_session_copies(attempt_id: int) -> None:
    """The quick path writes around the ORM: a session that outlives the request (the
    tests' app context, a CLI command) must read the attempt and its answers again
    rather than keep what it loaded before. A request's own session is new and empty."""
    if not db.session.registry.has():
        return
    session = db.session()
    for instance in list(session.identity_map.values()):
        if (isinstance(instance, Attempt) and instance.id == attempt_id) or (
                isinstance(instance, Response) and instance.attempt_id == attempt_id):
            session.expire(instance)
