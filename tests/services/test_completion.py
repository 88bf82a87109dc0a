"""Finishing an attempt: the final result, the team's email and the Greenhouse PATCH."""

from __future__ import annotations

from app.extensions import db
from app.models import OutboxMessage
from app.scoring import draw
from app.services.completion import finalize_attempt
from tests.fixtures.definitions import NOW, definition, essay, section, single
from tests.fixtures.factories import make_test


def _finish(attempt, answers):  # type: ignore[no-untyped-def]
    from app.models import Response

    attempt.start(now=NOW, seed=7, layout=draw(attempt.test.definition, 7),
                  time_limit_seconds=600)
    for qid, answer in answers.items():
        attempt.responses.append(Response(question_id=qid, answer=answer, saved_at=NOW))
    finalize_attempt(db.session, attempt, now=NOW, reason="submitted")
    db.session.commit()


def _emails() -> list[OutboxMessage]:
    """The hiring team's emails (the candidate's receipt aside: tests/services/test_receipts.py)."""
    return [m for m in db.session.scalars(db.select(OutboxMessage))
            if m.kind == "email" and m.open_payload()["template"] != "submission_receipt"]


def test_the_team_is_told_in_its_own_language(organization, invited_candidate) -> None:  # type: ignore[no-untyped-def]
    organization.language = "uk"
    invitation, _ = invited_candidate
    _finish(invitation.attempts[0], {"q1": "b"})
    [notice] = _emails()
    assert notice.open_payload()["template"] == "completion_notice"
    assert notice.open_payload()["language"] == "uk"
    assert notice.open_payload()["to"] == organization.hr_email


def test_a_greenhouse_invitation_gets_its_patch_queued_with_the_result(  # type: ignore[no-untyped-def]
        organization, invited_candidate) -> None:
    invitation, _ = invited_candidate
    invitation.callback_url = "https://app.greenhouse.io/integrations/take_home_tests/1"
    invitation.sent_by = "recruiter@acme.test"
    _finish(invitation.attempts[0], {})
    patches = [m for m in db.session.scalars(db.select(OutboxMessage))
               if m.kind == "greenhouse_patch"]
    assert [p.open_payload()["url"] for p in patches] == [invitation.callback_url]
    assert invitation.attempts[0].state == "completed"
    assert _emails()[0].open_payload()["to"] == "recruiter@acme.test"


def test_essays_wait_for_a_reviewer_and_nothing_goes_to_greenhouse_yet(organization) -> None:  # type: ignore[no-untyped-def]
    from tests.fixtures.definitions import invite

    test = make_test(definition(section("only", single("q1"), essay("e1"))))
    invitation, _ = invite(organization, [test])
    invitation.callback_url = "https://app.greenhouse.io/integrations/take_home_tests/2"
    _finish(invitation.attempts[0], {"q1": "b", "e1": "My essay."})
    kinds = [m.kind for m in db.session.scalars(db.select(OutboxMessage))]
    assert kinds == ["email", "email"]  # the team's review request, the candidate's receipt
    [review] = _emails()
    assert review.open_payload()["template"] == "review_needed"
    assert "1 written answer awaits grading" in review.open_payload()["text"]
    assert invitation.attempts[0].state == "awaiting_review"


def test_a_timed_out_attempt_is_reported_as_such_with_the_time_capped(  # type: ignore[no-untyped-def]
        organization, invited_candidate) -> None:
    from datetime import timedelta

    from app.models import Response

    invitation, _ = invited_candidate
    attempt = invitation.attempts[0]
    attempt.start(now=NOW, seed=7, layout=draw(attempt.test.definition, 7),
                  time_limit_seconds=75)
    attempt.responses.append(Response(question_id="q1", answer="b", saved_at=NOW))
    # Settled in the grace period: 76 s after the start, of 75 s allowed.
    finalize_attempt(db.session, attempt, now=NOW + timedelta(seconds=76), reason="timed_out")
    db.session.commit()
    [notice] = _emails()
    payload = notice.open_payload()
    assert payload["subject"] == f"{invitation.display_name} ran out of time on Basics"
    assert f"The time ran out for {invitation.display_name} on the test" in payload["text"]
    assert "finished" not in payload["text"]
    assert "Time used: 1 min 15 s of 1 min 15 s" in payload["text"]
    assert "Time used: 1 min 15 s of 1 min 15 s" in payload["html"]


def test_a_submitted_attempt_says_finished_and_the_time_used(  # type: ignore[no-untyped-def]
        organization, invited_candidate) -> None:
    invitation, _ = invited_candidate
    _finish(invitation.attempts[0], {"q1": "b"})  # submitted at once
    [notice] = _emails()
    assert "finished the test" in notice.open_payload()["text"]
    assert "Time used: 0 s of 10 min" in notice.open_payload()["text"]
