"""An invitation's history: every source (the invitation, its attempts, grades, outbox
rows, team events) in time order, each entry worded."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask

from app.domain import AttemptState
from app.extensions import db
from app.models import Grade, InvitationEvent, Organization, Response, Role, Test
from app.services.completion import GREENHOUSE_PATCH
from app.services.invitation_history import invitation_history
from app.services.outbox import enqueue
from app.webhooks import WEBHOOK
from tests.console.conftest import MakeMember, make_member, password_hash  # noqa: F401
from tests.console.invitation_factory import make_invitation
from tests.fixtures.definitions import NOW


@pytest.fixture(autouse=True)
def in_a_request(app: Flask) -> Iterator[None]:
    """Labels are worded in the request's language (English here)."""
    with app.test_request_context():
        yield


def at(hours: float):  # type: ignore[no-untyped-def]
    return NOW + timedelta(hours=hours)


def test_it_tells_the_whole_story_in_time_order(organization: Organization, basics_test: Test,
                                                make_member: MakeMember) -> None:  # noqa: F811
    ada = make_member(organization, Role.ADMIN, "ada@acme.test")
    rob = make_member(organization, Role.REVIEWER, "rob@acme.test")
    invitation = make_invitation(organization, [basics_test], state=AttemptState.COMPLETED,
                                 score=80.0, source="console", created_at=NOW)
    invitation.created_by_id = ada.id
    invitation.opened_at = at(0.5)
    attempt = invitation.attempts[0]
    attempt.started_at, attempt.finished_at, attempt.finish_reason = at(1), at(2), "timed_out"
    attempt.completed_at = at(5)
    response = Response(attempt_id=attempt.id, question_id="q7", answer="essay")
    db.session.add(response)
    db.session.flush()
    db.session.add(Grade(response_id=response.id, points=1.0, grader_id=rob.id,
                         grader_name="Rob R.", graded_at=at(4)))
    email = enqueue(db.session, "email", {"to": "olena@example.test"}, now=at(0),
                    invitation=invitation)
    email.status, email.sent_at = "sent", at(0.1)
    hook = enqueue(db.session, WEBHOOK, {"url": "https://hooks.example.com/x"}, now=at(6),
                   invitation=invitation)
    hook.status, hook.failed_at, hook.last_error = "failed", at(7), "HTTP 500"
    patch = enqueue(db.session, GREENHOUSE_PATCH, {"url": "https://gh.example.com/p"},
                    now=at(5), invitation=invitation)
    patch.status, patch.sent_at = "sent", at(5.5)
    db.session.add_all([
        InvitationEvent(invitation_id=invitation.id, kind="extended", occurred_at=at(0.2),
                        actor_id=ada.id, detail={"expires_at": "2026-04-01T23:59:00+00:00"}),
        InvitationEvent(invitation_id=invitation.id, kind="reviewer_assigned",
                        occurred_at=at(3), actor_id=ada.id, detail={"reviewer_id": rob.id}),
        InvitationEvent(invitation_id=invitation.id, kind="reminded", occurred_at=at(0.3)),
    ])
    db.session.commit()

    history = invitation_history(db.session, invitation)

    assert [(entry.at, entry.label) for entry in history] == [
        (at(0), "Invitation sent by ada@acme.test"),
        (at(0), "Email to olena@example.test queued"),
        (at(0.1), "Email to olena@example.test delivered"),
        (at(0.2), "Expiry moved to 2026-04-01 by ada@acme.test"),
        (at(0.3), "Reminder before expiry queued"),
        (at(0.5), "The candidate opened the link"),
        (at(1), "Started Basics"),
        (at(2), "Time ran out on Basics"),
        (at(3), "rob@acme.test assigned to review by ada@acme.test"),
        (at(4), "Question q7 of Basics graded by Rob R."),
        (at(5), "Result of Basics is final"),
        (at(5), "Result for Greenhouse queued"),
        (at(5.5), "Result delivered to Greenhouse"),
        (at(6), "Webhook to hooks.example.com queued"),
        (at(7), "Webhook to hooks.example.com failed"),
    ]
    assert history[-1].detail == "HTTP 500"


def test_a_submitted_test_scored_at_once_has_no_separate_final_entry(
        organization: Organization, basics_test: Test) -> None:
    invitation = make_invitation(organization, [basics_test], state=AttemptState.COMPLETED,
                                 score=50.0, source="greenhouse")
    kinds = [entry.kind for entry in invitation_history(db.session, invitation)]
    assert kinds == ["sent", "started", "submitted"]
    assert invitation_history(db.session, invitation)[0].label == (
        "Invitation sent from Greenhouse")


def test_team_actions_by_nobody_are_the_systems(organization: Organization,
                                                basics_test: Test) -> None:
    invitation = make_invitation(organization, [basics_test], source="api")
    db.session.add_all([
        InvitationEvent(invitation_id=invitation.id, kind="cancelled", occurred_at=at(1)),
        InvitationEvent(invitation_id=invitation.id, kind="resent", occurred_at=at(2)),
        InvitationEvent(invitation_id=invitation.id, kind="results_link_reissued",
                        occurred_at=at(3)),
        InvitationEvent(invitation_id=invitation.id, kind="reviewer_assigned",
                        occurred_at=at(4), detail={"reviewer_id": None}),
    ])
    db.session.commit()
    assert [entry.label for entry in invitation_history(db.session, invitation)] == [
        "Invitation sent through the API",
        "Invitation cancelled by Assay",
        "Invitation email sent again with a new link by Assay",
        "Results link reissued by Assay; earlier links stopped working",
        "Reviewer unassigned by Assay",
    ]
