"""GET/POST /take/<attempt>/<section>/<question>: one question per page, a plain form whose
buttons save first, so the whole flow works without JavaScript."""

from __future__ import annotations

import re
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
def started(taking: Taking, invited_candidate):
    with time_machine.travel(NOW, tick=False):
        taking.start()
    return attempt_of(invited_candidate[0])


def saved(attempt, question_id: str):
    db.session.expire_all()
    return next((r for r in attempt.responses if r.question_id == question_id), None)


def test_next_saves_the_answer_and_moves_on(taking, started) -> None:
    with time_machine.travel(NOW + timedelta(seconds=30), tick=False):
        response = taking.answer(question_url(started, 0, 0), "q1", answer="b")
    assert response.headers["Location"] == question_url(started, 0, 1)
    assert saved(started, "q1").answer == "b"


def test_previous_saves_and_goes_back(taking, started) -> None:
    with time_machine.travel(NOW, tick=False):
        response = taking.answer(question_url(started, 0, 1), "q2", move="prev", answer=["b"])
    assert response.headers["Location"] == question_url(started, 0, 0)
    assert saved(started, "q2").answer == ["b"]


def test_a_navigator_button_saves_and_jumps(taking, started) -> None:
    with time_machine.travel(NOW, tick=False):
        response = taking.answer(question_url(started, 0, 0), "q1", move="stay", answer="c", go="2")
    assert response.headers["Location"] == question_url(started, 0, 2)
    assert saved(started, "q1").answer == "c"


def test_each_question_type_is_saved_in_the_contract_shape(taking, started) -> None:
    with time_machine.travel(NOW, tick=False):
        taking.answer(question_url(started, 0, 2), "q3", answer="false")
        taking.client.get(question_url(started, 0, 2))
        taking.client.post(f"/take/{started.public_id}/finish", data={"section": "0"})
        taking.answer(question_url(started, 1, 0), "q4", answer=" 1,41 ")
        taking.answer(question_url(started, 1, 1), "q5", answer="Paris")
        taking.answer(question_url(started, 1, 2), "q6", **{"position-s": "1", "position-m": "2",
                                                              "position-l": "3"})
    assert saved(started, "q3").answer is False
    assert saved(started, "q4").answer == "1,41"
    assert saved(started, "q5").answer == "Paris"
    assert saved(started, "q6").answer == ["s", "m", "l"]


def test_flag_toggles_and_stays_on_the_question(taking, started) -> None:
    url = question_url(started, 0, 0)
    with time_machine.travel(NOW, tick=False):
        response = taking.answer(url, "q1", move="flag", answer="a")
        assert response.headers["Location"] == url
        page = taking.client.get(url).text
    assert saved(started, "q1").flagged is True
    assert 'aria-pressed="true"' in page
    # The button's name reads "1, answered, flagged, current question"; its classes give
    # the glyphs (CSS, silent).
    assert ('class="is-answered is-flagged is-current" aria-current="step">1<span class="vh">'
            ', answered, flagged, current question</span>') in page
    with time_machine.travel(NOW, tick=False):
        taking.answer(url, "q1", move="flag", answer="a")
    assert saved(started, "q1").flagged is False


def test_the_flag_button_says_what_it_is(taking, started) -> None:
    """Its name and pressed state: "Flag for review", then "Flagged: remove flag"."""
    url = question_url(started, 0, 0)
    with time_machine.travel(NOW, tick=False):
        before = taking.client.get(url).text
        taking.answer(url, "q1", move="flag", answer="a")
        after = taking.client.get(url).text
    assert re.search(r'<button [^>]*id="btn-flag" aria-pressed="false"[^>]*>Flag for review<',
                     before)
    assert re.search(r'<button [^>]*id="btn-flag" aria-pressed="true"[^>]*>Flagged: remove '
                     r'flag<', after)


def test_the_page_is_ready_for_its_script(taking, started) -> None:
    """The shortcuts are listed hidden (take.js, which makes them work, shows them); the
    heading can take the focus; the time left is in the bar that stays on screen, with,
    for a browser without the script, the time it ends."""
    with time_machine.travel(NOW, tick=False):
        page = taking.client.get(question_url(started, 0, 1)).text
    assert '<details class="shortcuts" id="shortcuts" hidden>' in page
    assert '<h1 id="question-title" tabindex="-1">Question 2 of 3</h1>' in page
    bar = page[page.index('<div class="clock clock-bar" id="clock" data-remaining="1800">'):]
    bar = bar[:bar.index("</div>\n</div>") + 6]
    assert '<span id="timer" class="timer" role="timer" aria-labelledby="timer-label">30:00' in bar
    assert '<noscript><p class="clock-until">Ends at' in bar
    assert '<div id="timer-alert" class="timer-alert" role="alert"></div>' in bar


def test_the_navigator_says_answered_and_flagged_in_text(taking, started) -> None:
    with time_machine.travel(NOW, tick=False):
        taking.answer(question_url(started, 0, 0), "q1", answer="a")
        page = taking.client.get(question_url(started, 0, 1)).text
    assert ", answered</span>" in page
    assert ", not answered, current question</span>" in page
    assert 'aria-current="step"' in page


def test_an_invalid_answer_is_refused_with_an_error_linked_to_the_field(taking, started) -> None:
    with time_machine.travel(NOW, tick=False):
        taking.answer(question_url(started, 0, 0), "q1", answer="a")
        taking.client.post(f"/take/{started.public_id}/finish", data={"section": "0"})
        response = taking.answer(question_url(started, 1, 0), "q4", answer="about two")
    assert response.status_code == 422
    assert 'id="answer-error"' in response.text
    assert 'aria-describedby="prompt answer-error answer-hint"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert 'value="about two"' in response.text  # what was typed is kept
    assert saved(started, "q4") is None or saved(started, "q4").answer is None


def test_an_incomplete_ordering_is_refused(taking, started) -> None:
    with time_machine.travel(NOW, tick=False):
        taking.client.post(f"/take/{started.public_id}/finish", data={"section": "0"})
        response = taking.answer(question_url(started, 1, 2), "q6",
                                 **{"position-s": "1", "position-m": "1", "position-l": ""})
    assert response.status_code == 422
    assert "each position once" in response.text


def test_time_on_each_question_is_measured_on_the_server(taking, started) -> None:
    with time_machine.travel(NOW + timedelta(seconds=40), tick=False):
        taking.answer(question_url(started, 0, 0), "q1", answer="a")
        taking.client.get(question_url(started, 0, 1))
    with time_machine.travel(NOW + timedelta(seconds=65), tick=False):
        taking.answer(question_url(started, 0, 1), "q2", answer=["a"])
    assert saved(started, "q1").time_spent_ms == 40_000
    assert saved(started, "q2").time_spent_ms == 25_000


def test_a_later_section_cannot_be_opened_early(taking, started) -> None:
    with time_machine.travel(NOW, tick=False):
        response = taking.client.get(question_url(started, 1, 0))
    assert response.headers["Location"] == question_url(started, 0, 0)


def test_answers_and_bank_markdown_are_escaped(client, organization) -> None:
    hostile = single("x1", prompt="<script>alert(1)</script> **bold** <img src=x onerror=alert(2)>")
    test = make_test(definition(section("s", hostile, single("x2")), slug="hostile"))
    invitation, link = invite(organization, [test])
    taking = Taking(client, link)
    with time_machine.travel(NOW, tick=False):
        taking.start()
        attempt = attempt_of(invitation)
        page = client.get(question_url(attempt, 0, 0)).text
    assert "<script>alert(1)</script>" not in page
    assert "<img" not in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page  # shown as text, never as HTML
    assert "<strong>bold</strong>" in page


def test_a_typed_answer_is_escaped(client, organization) -> None:
    from tests.candidate.conftest import short_text

    test = make_test(definition(section("s", short_text("t1"), single("t2")), slug="typed"))
    invitation, link = invite(organization, [test])
    taking = Taking(client, link)
    with time_machine.travel(NOW, tick=False):
        taking.start()
        attempt = attempt_of(invitation)
        taking.answer(question_url(attempt, 0, 0), "t1", move="stay",
                      answer='"><script>alert(1)</script>')
        page = client.get(question_url(attempt, 0, 0)).text
    assert "<script>alert(1)</script>" not in page
    assert 'value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page


def test_a_form_for_another_question_is_ignored(taking, started) -> None:
    with time_machine.travel(NOW, tick=False):
        response = taking.answer(question_url(started, 0, 0), "q2", answer=["a"])
    assert response.headers["Location"] == "/take"
    assert saved(started, "q2") is None
