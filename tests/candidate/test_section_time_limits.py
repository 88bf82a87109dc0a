"""A timed section gets its own deadline when the candidate enters it (with extra time,
capped by the test's deadline); past it, the section locks and the candidate moves on."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from app.extensions import db
from tests.candidate.conftest import (
    NOW,
    Taking,
    attempt_of,
    definition,
    invite,
    question_url,
    section,
    single,
)
from tests.fixtures.factories import make_test


@pytest.fixture
def timed_test(app):
    return make_test(definition(
        section("warmup", single("w1"), single("w2"), time_limit=120),
        section("main", single("m1"), single("m2"), time_limit=600),
        slug="timed", time_limit=900))


def _start(client, organization, test, extra_time: float = 1.0):
    invitation, link = invite(organization, [test], extra_time=extra_time)
    taking = Taking(client, link)
    with time_machine.travel(NOW, tick=False):
        taking.start()
    return taking, attempt_of(invitation)


def test_the_section_deadline_starts_on_entry_with_extra_time(client, organization,
                                                              timed_test) -> None:
    _, attempt = _start(client, organization, timed_test, extra_time=1.5)
    assert attempt.section_deadline_at == NOW + timedelta(seconds=180)


def test_the_page_counts_down_the_sections_time(client, organization, timed_test) -> None:
    taking, attempt = _start(client, organization, timed_test)
    with time_machine.travel(NOW + timedelta(seconds=20), tick=False):
        page = taking.client.get(question_url(attempt, 0, 0)).text
    assert 'data-remaining="100"' in page
    assert "Time left in this section" in page


def test_past_its_time_the_section_locks_and_the_next_opens(client, organization,
                                                            timed_test) -> None:
    taking, attempt = _start(client, organization, timed_test)
    later = NOW + timedelta(seconds=121)
    with time_machine.travel(later, tick=False):
        response = taking.client.get(question_url(attempt, 0, 1))
    assert response.headers["Location"] == question_url(attempt, 1, 0) + "?notice=section_time_up"
    attempt = attempt_of(attempt.invitation)
    assert attempt.current_section == 1
    assert attempt.section_deadline_at == later + timedelta(seconds=600)


def test_answers_to_a_section_past_its_time_and_grace_are_refused(client, organization,
                                                                  timed_test) -> None:
    taking, attempt = _start(client, organization, timed_test)
    with time_machine.travel(NOW + timedelta(seconds=131), tick=False):
        api = taking.api(attempt, "answer", {"question_id": "w1", "answer": "a"})
        form = taking.answer(question_url(attempt, 0, 0), "w1", answer="a")
    assert api.status_code == 409 and api.json["error"] == "section_closed"
    assert form.status_code == 409
    assert "This section is closed" in form.text
    db.session.expire_all()
    assert all(r.answer is None for r in attempt_of(attempt.invitation).responses)


def test_an_answer_within_the_sections_grace_is_kept(client, organization, timed_test) -> None:
    taking, attempt = _start(client, organization, timed_test)
    with time_machine.travel(NOW + timedelta(seconds=125), tick=False):
        response = taking.answer(question_url(attempt, 0, 0), "w1", move="timeout", answer="b")
    assert response.headers["Location"].startswith(question_url(attempt, 1, 0))
    db.session.expire_all()
    assert {r.question_id: r.answer for r in attempt_of(attempt.invitation).responses}["w1"] == "b"


def test_the_section_deadline_never_passes_the_tests(client, organization) -> None:
    test = make_test(definition(section("a", single("a1")),
                                section("b", single("b1"), time_limit=600),
                                slug="capped", time_limit=700))
    taking, attempt = _start(client, organization, test)
    with time_machine.travel(NOW + timedelta(seconds=300), tick=False):
        taking.client.post(f"/take/{attempt.public_id}/finish", data={"section": "0"})
    assert attempt_of(attempt.invitation).section_deadline_at == NOW + timedelta(seconds=700)


def test_the_last_sections_time_running_out_ends_the_test(client, organization,
                                                          timed_test) -> None:
    taking, attempt = _start(client, organization, timed_test)
    with time_machine.travel(NOW + timedelta(seconds=60), tick=False):
        taking.client.post(f"/take/{attempt.public_id}/finish", data={"section": "0"})
    with time_machine.travel(NOW + timedelta(seconds=661), tick=False):
        response = taking.client.get("/take")
    assert response.status_code == 200
    attempt = attempt_of(attempt.invitation)
    assert attempt.state == "completed"
    assert attempt.finish_reason == "timed_out"
