"""Finishing an attempt: score what was saved, record the result, tell who must know.

The single place where an attempt's result becomes final, so the Greenhouse PATCH and the
completion emails are queued (through the outbox, in the same transaction) exactly when
the committed result is complete.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app

from app.database import DbSession
from app.domain import AttemptState
from app.models import Attempt, Invitation
from app.models.attempt import COMPLETED
from app.scoring import score_attempt
from app.security.results_links import results_url as signed_results_url
from app.services import api_events
from app.services.clock import time_used
from app.services.mail import queue_email
from app.services.outbox import enqueue
from app.services.receipts import queue_receipt_if_done

GREENHOUSE_PATCH = "greenhouse_patch"


def _score(attempt: Attempt) -> dict[str, Any]:
    answers = {response.question_id: response.answer for response in attempt.responses}
    manual = {response.question_id: response.manual_points for response in attempt.responses
              if response.manual_points is not None}
    return score_attempt(attempt.test.definition, attempt.layout or [], answers, manual).to_dict()


def finalize_attempt(session: DbSession, attempt: Attempt, *, now: datetime, reason: str) -> None:
    """Score the saved answers and finish ``attempt`` (submitted or timed out); the
    candidate's receipt goes out when it was their last test.

    Raises InvalidTransition when the attempt is not in progress.
    """
    result = _score(attempt)
    attempt.finish(now=now, reason=reason, result=result, score_percent=result["percent"],
                   passed=result["passed"], awaiting_review=result["awaiting_review"])
    queue_receipt_if_done(session, attempt.invitation)
    if attempt.state == COMPLETED:
        _attempt_completed(session, attempt, now)
    else:
        _queue_team_email(session, attempt, "review_needed")


def rescore_after_grading(session: DbSession, attempt: Attempt, *, now: datetime) -> None:
    """Recompute the score after a reviewer graded an essay; completes the attempt once
    nothing awaits a person any more."""
    result = _score(attempt)
    if result["awaiting_review"]:
        attempt.result = result
        attempt.score_percent = result["percent"]
        attempt.passed = result["passed"]
        return
    was_completed = attempt.state == COMPLETED
    if was_completed:
        attempt.result, attempt.score_percent, attempt.passed = (
            result, result["percent"], result["passed"])
    else:
        attempt.complete_review(now=now, result=result, score_percent=result["percent"],
                                passed=result["passed"])
    _attempt_completed(session, attempt, now, newly=not was_completed)


def invitation_complete(invitation: Invitation) -> bool:
    """Every test of the invitation has a final result (cancelled ones aside)."""
    attempts = [a for a in invitation.attempts if a.state != AttemptState.CANCELLED]
    return bool(attempts) and all(a.state == COMPLETED for a in attempts)


def _attempt_completed(session: DbSession, attempt: Attempt, now: datetime, *,
                       newly: bool = True) -> None:
    invitation = attempt.invitation
    if not invitation_complete(invitation):
        return
    _queue_team_email(session, attempt, "completion_notice")
    if newly:  # a regrade of a completed test is no news: the invitation completed once
        session.flush()  # the invitation's status becomes completed (app.models.changes)
        api_events.invitation_ended(session, invitation, "invitation.completed", now=now)
    if invitation.callback_url:
        enqueue(session, GREENHOUSE_PATCH,
                {"url": invitation.callback_url, "organization_id": invitation.organization_id,
                 "invitation_id": invitation.public_id},
                organization_id=invitation.organization_id, now=now, invitation=invitation)


def results_url(attempt: Attempt) -> str:
    invitation = attempt.invitation
    return signed_results_url(current_app.config["BASE_URL"], invitation.public_id,
                              invitation.results_link_version)


def _time_used(attempt: Attempt) -> dict[str, Any]:
    """Time used of time allowed for the team's emails, capped as on the results page
    (the grace period for the last answer in flight is not the candidate's time)."""
    if attempt.started_at is None or attempt.finished_at is None:
        return {}
    base = attempt.test.time_limit_seconds
    limit = attempt.time_limit_seconds or base
    used = time_used(max((attempt.finished_at - attempt.started_at).total_seconds(), 0.0),
                     limit_seconds=limit, extra_seconds=max(limit - base, 0),
                     credited_seconds=attempt.credited_seconds or 0)
    return {"time_used_seconds": used.used_seconds, "time_allowed_seconds": used.allowed_seconds}


def _queue_team_email(session: DbSession, attempt: Attempt, template: str) -> None:
    invitation = attempt.invitation
    organization = invitation.organization
    pending = [q for q in (attempt.result or {}).get("questions", {}).values()
               if q.get("status") == "pending"]
    queue_email(
        session, template=template, to=invitation.sent_by or organization.hr_email,
        language=organization.language, organization_id=organization.id,
        invitation=invitation,
        context={
            "candidate_name": invitation.display_name,
            "candidate_email": invitation.candidate_email,
            "organization_name": organization.name,
            "test_name": attempt.test.name,
            "score_percent": attempt.score_percent,
            "passed": attempt.passed,
            "pass_mark": attempt.test.pass_mark,
            "completed_at": attempt.completed_at or attempt.finished_at,
            "essay_count": len(pending),
            "results_url": results_url(attempt),
            "timed_out": attempt.finish_reason == "timed_out",
            **_time_used(attempt),
        },
    )
