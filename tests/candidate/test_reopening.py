"""GET /t/<token> after every test is finished: "Your answers were submitted on <when>"
and what happens next, never the score; every other unusable link keeps the neutral page.
And the first opening of a usable link is recorded (Invitation.opened_at)."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Invitation
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

NEUTRAL = "This link is not available"


def _submit(taking: Taking, invitation: Invitation) -> None:
    attempt = attempt_of(invitation)
    for index in range(len(attempt.drawn)):
        taking.client.post(f"/take/{attempt.public_id}/finish", data={"section": str(index)})
    assert attempt_of(invitation).is_finished


def _finished(taking: Taking, invitation: Invitation, tz: str = "Europe/Kyiv") -> None:
    with time_machine.travel(NOW, tick=False):
        taking.start(tz=tz)
        taking.answer(question_url(attempt_of(invitation), 0, 0), "q1", answer="a")
    with time_machine.travel(NOW + timedelta(minutes=20), tick=False):
        _submit(taking, invitation)


def _reopen(client: FlaskClient, link: str, days: int = 1):  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW + timedelta(days=days), tick=False):
        return client.get(link)


def test_it_says_when_the_answers_were_submitted_in_the_candidates_zone(
        taking: Taking, invited_candidate) -> None:
    invitation, link = invited_candidate
    _finished(taking, invitation)
    page = _reopen(taking.client, link)
    assert page.status_code == 200
    text = " ".join(page.text.replace("\u202f", " ").split())
    # 09:20 UTC is 11:20 in Kyiv (EET in March).
    assert "Your answers were submitted on Mar 2, 2026, 11:20:00 AM (Europe/Kyiv)" in text
    assert "What happens next" in text and "they will contact you" in text
    assert "Results are not shown here" in text
    assert NEUTRAL not in text
    score = attempt_of(invitation).score_percent
    assert score is not None and f"{score:g}%" not in text and "score" not in text.lower()
    assert "<form" not in page.text  # nothing to start


def test_another_browser_sees_the_time_in_utc_said_so(taking: Taking, invited_candidate,
                                                     new_browser) -> None:
    invitation, link = invited_candidate
    _finished(taking, invitation)
    page = _reopen(new_browser(), link)
    text = " ".join(page.text.replace("\u202f", " ").split())
    assert "Your answers were submitted on Mar 2, 2026, 9:20:00 AM (UTC)" in text


def test_it_still_says_so_after_the_link_would_have_expired(taking: Taking,
                                                            invited_candidate) -> None:
    invitation, link = invited_candidate
    _finished(taking, invitation)
    page = _reopen(taking.client, link, days=60)
    assert page.status_code == 200 and "Your answers were submitted on" in page.text


def test_it_is_in_the_invitations_language(organization, client) -> None:
    test = make_test(definition(section("s", single("q1"))))
    invitation, link = invite(organization, [test], language="uk")
    taking = Taking(client, link)
    with time_machine.travel(NOW, tick=False):
        taking.start()
        _submit(taking, invitation)
    assert '<html lang="uk"' in _reopen(client, link).text


def test_answers_a_person_reads_are_mentioned(organization, client) -> None:
    test = make_test(definition(section("s", single("q1"), essay("e1")), slug="essayed"))
    invitation, link = invite(organization, [test])
    taking = Taking(client, link)
    with time_machine.travel(NOW, tick=False):
        taking.start()
        taking.answer(question_url(attempt_of(invitation), 0, 1), "e1", move="review",
                      answer="Because.")
        _submit(taking, invitation)
    assert attempt_of(invitation).state == "awaiting_review"
    page = _reopen(client, link)
    assert "Some of your answers are read by a person" in page.text


def test_a_battery_half_done_shows_the_landing_page_not_submitted(organization,
                                                                  client) -> None:
    first = make_test(definition(section("s", single("q1")), slug="first", name="First"))
    second = make_test(definition(section("s", single("q1")), slug="second", name="Second"))
    invitation, link = invite(organization, [first, second])
    taking = Taking(client, link)
    with time_machine.travel(NOW, tick=False):
        taking.start()
        _submit(taking, invitation)
    page = _reopen(client, link)
    assert "Start the next test: Second" in page.text
    assert "submitted on" not in page.text
    # Expired with a test never started: not "every test finished", so the neutral page.
    gone = _reopen(client, link, days=8)
    assert gone.status_code == 404 and NEUTRAL in gone.text


def test_a_cancelled_invitation_shows_the_neutral_page_even_when_finished(
        taking: Taking, invited_candidate) -> None:
    invitation, link = invited_candidate
    _finished(taking, invitation)
    invitation = attempt_of(invitation).invitation
    invitation.cancel(NOW + timedelta(hours=1))
    db.session.commit()
    page = _reopen(taking.client, link)
    assert page.status_code == 404 and NEUTRAL in page.text
    assert "submitted" not in page.text


def test_unknown_and_expired_links_keep_the_neutral_page(client, invited_candidate) -> None:
    _, link = invited_candidate
    altered = link[:-1] + ("B" if link.endswith("A") else "A")  # one character off
    for path, days in ((link, 8), ("/t/" + "x" * 43, 1), (altered, 1)):
        page = _reopen(client, path, days=days)
        assert page.status_code == 404 and NEUTRAL in page.text


def test_the_first_opening_is_recorded_once(client, invited_candidate) -> None:
    invitation, link = invited_candidate
    assert invitation.opened_at is None
    _reopen(client, link, days=1)
    _reopen(client, link, days=2)
    db.session.expire_all()
    assert db.session.get(Invitation, invitation.id).opened_at == NOW + timedelta(days=1)  # type: ignore[union-attr]


def test_an_unusable_link_records_no_opening(client, invited_candidate) -> None:
    invitation, link = invited_candidate
    assert _reopen(client, link, days=8).status_code == 404  # expired
    db.session.expire_all()
    assert db.session.get(Invitation, invitation.id).opened_at is None  # type: ignore[union-attr]
