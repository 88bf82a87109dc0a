"""The page script's JSON endpoints: background saves and heartbeats (CSRF header)."""

from __future__ import annotations

from typing import Any, TypeVar

from flask import current_app, jsonify, request, url_for
from flask_babel import gettext as _
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from werkzeug.wrappers import Response

from app.candidate import bp, quick
from app.candidate.access import attempt_required, current_visit
from app.candidate.presenters import clock_view, question_answered
from app.extensions import db
from app.models import Attempt
from app.questions import AnswerError, type_of
from app.security.json_input import JSONInputError, strict_loads
from app.services import answering
from app.services.attempt_layout import position_of, questions_by_id
from app.web.boundary import body_limit

Body = TypeVar("Body", bound=BaseModel)

MAX_ANSWER_BODY = 256 * 1024
MAX_HEARTBEAT_BODY = 64 * 1024


class SaveRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    question_id: str = Field(max_length=100)
    answer: Any = None
    flagged: bool | None = None
    offline_ms: int = Field(default=0, ge=0, le=86_400_000)


class HeartbeatRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    events: list[Any] = Field(default_factory=list)
    offline_ms: int = Field(default=0, ge=0, le=86_400_000)


def state_payload(attempt: Attempt) -> dict[str, Any]:
    """What the page needs to stay in step with the server: the clock and where we are."""
    view = clock_view(attempt, current_visit().now)
    return {"state": attempt.state, "remaining_seconds": view.remaining_seconds,
            "section": attempt.current_section, "take_url": url_for("candidate.take")}


def _refused(reason: str) -> str:
    if reason == "too_late":
        return _("Time is up: this answer arrived after the time limit and was not saved. "
                 "Your earlier answers are kept and will be scored.")
    if reason == "section_closed":
        return _("This section is closed: this answer was not saved. Your earlier answers "
                 "are kept and will be scored.")
    return _("This test has ended: this answer was not saved. Your earlier answers are kept "
             "and will be scored.")


def _body(model: type[Body]) -> Body | tuple[Response, int]:
    """The request's JSON as ``model``, or a 400 naming what is wrong. The size limit is
    the view's (``body_limit``), enforced while reading: 413 beyond it."""
    try:
        return model.model_validate(strict_loads(request.get_data()))
    except JSONInputError as error:
        return jsonify({"error": "bad_request", "field": error.field, "problem": error.problem,
                        "message": _("The request was malformed.")}), 400
    except ValidationError as error:
        fields = [".".join(map(str, problem["loc"])) for problem in error.errors()]
        return jsonify({"error": "bad_request", "fields": fields,
                        "message": _("The request was malformed.")}), 400


@bp.post("/take/<id:attempt_id>/api/answer")
@body_limit(MAX_ANSWER_BODY)
def api_answer(attempt_id: str) -> tuple[Response, int]:
    body = _body(SaveRequest)
    if isinstance(body, SaveRequest):  # most saves: two statements (app.candidate.quick)
        saved = quick.save(attempt_id, body.question_id, body.answer, body.flagged,
                           body.offline_ms)
        if saved is not None:
            return jsonify({"saved": True, "answered": question_answered(saved, body.question_id),
                            **state_payload(saved)}), 200
    return _save_answer(attempt_id=attempt_id)


@attempt_required(json=True)
def _save_answer(attempt: Attempt) -> tuple[Response, int]:
    body = _body(SaveRequest)
    if not isinstance(body, SaveRequest):
        return body
    if position_of(attempt.drawn, body.question_id) is None:
        return jsonify({"error": "not_found", "message": _("This question is not part of "
                                                            "your test.")}), 404
    question = questions_by_id(attempt.test.definition)[body.question_id]
    try:
        answer = type_of(question).parse_json(question, body.answer)
    except AnswerError as error:
        return jsonify({"error": "invalid_answer", "message": error.message}), 422
    result = answering.save_answer(
        db.session, attempt, question_id=body.question_id, answer=answer, flagged=body.flagged,
        visit=current_visit(), grace=current_app.config["ANSWER_GRACE_SECONDS"],
        offline_ms=body.offline_ms)
    answered = result.saved and question_answered(attempt, body.question_id)  # before commit
    db.session.commit()
    if not result.saved:
        assert result.reason is not None
        return jsonify({"error": result.reason, "message": _refused(result.reason),
                        **state_payload(attempt)}), 409
    return jsonify({"saved": True, "answered": answered, **state_payload(attempt)}), 200


@bp.post("/take/<id:attempt_id>/api/heartbeat")
@body_limit(MAX_HEARTBEAT_BODY)
def api_heartbeat(attempt_id: str) -> tuple[Response, int]:
    body = _body(HeartbeatRequest)
    if isinstance(body, HeartbeatRequest):  # most heartbeats: two statements
        alive = quick.heartbeat(attempt_id, body.offline_ms, body.events)
        if alive is not None:
            return jsonify(state_payload(alive)), 200
    return _heartbeat(attempt_id=attempt_id)


@attempt_required(json=True)
def _heartbeat(attempt: Attempt) -> tuple[Response, int]:
    body = _body(HeartbeatRequest)
    if not isinstance(body, HeartbeatRequest):
        return body
    answering.heartbeat(db.session, attempt, visit=current_visit(),
                        grace=current_app.config["ANSWER_GRACE_SECONDS"],
                        offline_ms=body.offline_ms, events=body.events)
    db.session.commit()
    return jsonify(state_payload(attempt)), 200
