"""The candidate's receipt: one short email once every test of the invitation is finished
(submitted, or out of time and finalized by the worker), in their language, with no
score; never a second one (a regrade, another finish of the same test)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from sqlalchemy import select

from app.extensions import db
from app.jobs import finalize_attempts
from app.models import Attempt, OutboxMessage
from app.models.base import InvalidTransition
from app.services.completion import finalize_attempt, rescore_after_grading
from tests.candidate.conftest import (
    NOW,
    Taking,
    attempt_of,
    definition,
    essay,
    invite,
    question_url,
    section,
    single,
)
from tests.fixtures.factories import make_test


def _receipts() -> list[dict[str, Any]]:
    payloads = [message.open_payload() for message in db.session.scalars(
        select(OutboxMessage).order_by(OutboxMessage.id))]
    return [payload for payload in payloads if payload["template"] == "submission_receipt"]


def _words(text: object) -> str:
    return " ".join(str(text).replace("\u202f", " ").split())  # CLDR puts U+202F before AM


def _submit(taking: Taking, attempt: Attempt) -> None:
    """Finish every section of the basics test through the pages, as the candidate does."""
    for index in range(len(attempt.drawn)):
        taking.client.post(f"/take/{attempt.public_id}/finish", data={"section": str(index)})


def test_submitting_the_last_test_queues_one_receipt_without_the_score(
        taking: Taking, invited_candidate) -> None:
    invitation, _ = invited_candidate
    with time_machine.travel(NOW, tick=False):
        taking.start()
        attempt = attempt_of(invitation)
        taking.answer(question_url(attempt, 0, 0), "q1", answer="a")
    with time_machine.travel(NOW + timedelta(minutes=5), tick=False):
        _submit(taking, attempt)
    attempt = attempt_of(invitation)
    assert attempt.state == "completed" and attempt.score_percent is not None

    [receipt] = _receipts()
    assert receipt["to"] == "olena@example.test"
    assert receipt["reply_to"] == "hr@acme.test"
    assert receipt["language"] == "en"
    assert receipt["subject"] == "Your answers were received by Acme Corp"
    text = _words(receipt["text"])
    assert "Your answers to the following test were received on March 2, 2026, 9:05 AM UTC" in text
    assert f"- {attempt.test.name} " in text
    assert "the hiring team will be in touch with you" in text
    for body in (receipt["subject"], receipt["text"], receipt["html"]):
        assert "%" not in str(body).replace("100%", "")  # the layout's CSS aside
        assert f"{attempt.score_percent:g}" not in str(body)
        assert "pass" not in str(body).lower()
    [message] = [m for m in db.session.scalars(select(OutboxMessage))
                 if m.recipient == "olena@example.test"]
    assert message.invitation_id == invitation.id


def test_the_receipt_is_in_the_candidates_language(organization, client) -> None:
    test = make_test(definition(section("s", single("q1"))))
    invitation, link = invite(organization, [test], language="ru")
    taking = Taking(client, link)
    with time_machine.travel(NOW, tick=False):
        taking.start()
        _submit(taking, attempt_of(invitation))
    [receipt] = _receipts()
    assert receipt["language"] == "ru"
    assert '<html lang="ru"' in receipt["html"]


def test_time_running_out_sends_the_receipt_from_the_worker_once(
        taking: Taking, invited_candidate) -> None:
    invitation, _ = invited_candidate
    with time_machine.travel(NOW, tick=False):
        taking.start()  # and the candidate closes the page
    late = NOW + timedelta(hours=1)
    assert finalize_attempts.run_once(now=late) is True
    assert attempt_of(invitation).finish_reason == "timed_out"
    assert finalize_attempts.run_once(now=late + timedelta(minutes=1)) is False
    [receipt] = _receipts()
    assert "received on March 2, 2026, 10:00 AM UTC" in _words(receipt["text"])


def test_a_battery_gets_one_receipt_after_its_last_test(organization, client) -> None:
    first = make_test(definition(section("s", single("q1")), slug="first", name="First"))
    second = make_test(definition(section("s", single("q1")), slug="second", name="Second"))
    invitation, link = invite(organization, [first, second])
    taking = Taking(client, link)
    with time_machine.travel(NOW, tick=False):
        taking.start()
        _submit(taking, attempt_of(invitation, 0))
    assert _receipts() == []  # one test still to take
    with time_machine.travel(NOW + timedelta(minutes=30), tick=False):
        taking.client.post("/take/next", data={})
        _submit(taking, attempt_of(invitation, 1))
    assert attempt_of(invitation, 1).is_finished
    [receipt] = _receipts()
    text = _words(receipt["text"])
    assert "- First - Second" in text
    assert "the last one on March 2, 2026, 9:30 AM UTC" in text


def test_grading_an_essay_later_sends_no_second_receipt(organization, client) -> None:
    test = make_test(definition(section("s", single("q1"), essay("e1")), slug="essayed"))
    invitation, link = invite(organization, [test])
    taking = Taking(client, link)
    with time_machine.travel(NOW, tick=False):
        taking.start()
        attempt = attempt_of(invitation)
        taking.answer(question_url(attempt, 0, 1), "e1", move="review", answer="Because.")
        _submit(taking, attempt)
    attempt = attempt_of(invitation)
    assert attempt.state == "awaiting_review"
    assert len(_receipts()) == 1  # the candidate is done, though a person still grades

    [response] = [r for r in attempt.responses if r.question_id == "e1"]
    response.manual_points = 1.0
    rescore_after_grading(db.session, attempt, now=NOW + timedelta(days=1))
    db.session.commit()
    assert attempt_of(invitation).state == "completed"
    rescore_after_grading(db.session, attempt_of(invitation), now=NOW + timedelta(days=2))
    db.session.commit()
    assert len(_receipts()) == 1


def test_a_finished_test_cannot_be_finished_again(taking: Taking, invited_candidate) -> None:
    invitation, _ = invited_candidate
    with time_machine.travel(NOW, tick=False):
        taking.start()
        _submit(taking, attempt_of(invitation))
    with pytest.raises(InvalidTransition):
        finalize_attempt(db.session, attempt_of(invitation), now=NOW, reason="submitted")
    db.session.rollback()
    assert len(_receipts()) == 1
