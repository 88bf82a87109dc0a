"""GET /take/<attempt>/review, GET/POST /take/<attempt>/finish: the section review lists
unanswered and flagged questions; finishing needs a confirmation and locks the section;
after the last one the test is submitted, scored at once, and thanked for."""

from __future__ import annotations

import pytest
import time_machine

from app.extensions import db
from app.models import OutboxMessage
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


@pytest.fixture
def started(taking: Taking, invited_candidate):
    with time_machine.travel(NOW, tick=False):
        taking.start()
        attempt = attempt_of(invited_candidate[0])
        taking.answer(question_url(attempt, 0, 0), "q1", answer="a")
        taking.answer(question_url(attempt, 0, 1), "q2", move="flag", answer=["a", "b"])
    return attempt


def finish(taking: Taking, attempt, section: int):
    return taking.client.post(f"/take/{attempt.public_id}/finish", data={"section": str(section)})


def test_the_last_questions_button_leads_to_the_review(taking, started) -> None:
    with time_machine.travel(NOW, tick=False):
        response = taking.answer(question_url(started, 0, 2), "q3", move="review", answer="true")
    assert response.headers["Location"] == f"/take/{started.public_id}/review"


def test_the_review_lists_unanswered_and_flagged_questions(taking, started) -> None:
    with time_machine.travel(NOW, tick=False):
        page = taking.client.get(f"/take/{started.public_id}/review").text
    unanswered = page[page.index('id="unanswered-title"'):page.index('id="flagged-title"')]
    flagged = page[page.index('id="flagged-title"'):page.index('id="all-title"')]
    assert "Question 3" in unanswered and "Question 1" not in unanswered
    assert "Question 2" in flagged
    assert "2 of 3 questions answered." in page
    assert "Finish this section" in page


def test_the_review_shows_each_prompt_and_what_was_answered(taking, started) -> None:
    with time_machine.travel(NOW, tick=False):
        page = taking.client.get(f"/take/{started.public_id}/review").text
    every = page[page.index('id="all-title"'):page.index('class="actions"')]
    items = every.split("<li>")[1:]
    assert '<span class="q-prompt">Pick one.</span>' in items[0]  # Markdown dropped
    assert "Answered: Alpha" in items[0]
    assert "Pick all primes." in items[1] and "Answered: 2 of 3 options chosen" in items[1]
    assert "flagged" in items[1] and "flagged" not in items[0] + items[2]
    assert "The sky is blue." in items[2] and "Not answered" in items[2]


def test_finishing_asks_for_confirmation_first(taking, started) -> None:
    with time_machine.travel(NOW, tick=False):
        page = taking.client.get(f"/take/{started.public_id}/finish").text
    assert "Finish this section?" in page
    assert "1 question is not answered." in page
    assert "1 question is flagged for review." in page
    assert 'name="section" value="0"' in page
    assert attempt_of(started.invitation).current_section == 0


def test_finishing_a_section_locks_it(taking, started) -> None:
    with time_machine.travel(NOW, tick=False):
        response = finish(taking, started, 0)
        assert response.headers["Location"] == (
            question_url(started, 1, 0) + "?notice=section_finished")
        back = taking.client.get(question_url(started, 0, 0))
        late = taking.api(started, "answer", {"question_id": "q1", "answer": "b"})
    assert back.headers["Location"] == question_url(started, 1, 0)
    assert late.status_code == 409 and late.json["error"] == "section_closed"
    db.session.expire_all()
    assert {r.question_id: r.answer for r in started.responses}["q1"] == "a"


def test_a_stale_confirmation_does_not_finish_the_next_section(taking, started) -> None:
    with time_machine.travel(NOW, tick=False):
        finish(taking, started, 0)
        finish(taking, started, 0)  # the same form sent twice
    attempt = attempt_of(started.invitation)
    assert attempt.state == "in_progress" and attempt.current_section == 1


def test_submitting_scores_at_once_and_thanks_without_the_score(taking, started) -> None:
    with time_machine.travel(NOW, tick=False):
        finish(taking, started, 0)
        confirm = taking.client.get(f"/take/{started.public_id}/finish").text
        page = taking.follow(finish(taking, started, 1))
    assert "Submit the test?" in confirm
    assert "Once you submit, you cannot change your answers." in confirm
    attempt = attempt_of(started.invitation)
    assert attempt.state == "completed" and attempt.finish_reason == "submitted"
    assert attempt.result["questions"]["q1"]["status"] == "correct"
    assert "Thank you, Olena Kovalenko" in page.text
    assert "What happens next" in page.text
    assert "%" not in page.text and str(attempt.score_percent) not in page.text
    assert db.session.query(OutboxMessage).count() >= 1  # the team is told, via the outbox


def test_a_test_with_an_essay_waits_for_review(client, organization) -> None:
    test = make_test(definition(section("s", single("e1"), essay("e2")), slug="essayed"))
    invitation, link = invite(organization, [test])
    taking = Taking(client, link)
    with time_machine.travel(NOW, tick=False):
        taking.start()
        attempt = attempt_of(invitation)
        taking.answer(question_url(attempt, 0, 1), "e2", move="review", answer="Because.")
        page = taking.follow(finish(taking, attempt, 0)).text
    assert attempt_of(invitation).state == "awaiting_review"
    assert "read by a person" in page
