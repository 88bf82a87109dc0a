"""Integrity signals tied to the answers: each question shows what was recorded while it
was on screen, and the timeline names questions by number and title, never by id."""

from __future__ import annotations

from datetime import timedelta

from flask.testing import FlaskClient

from app.extensions import db
from app.models import Attempt, AttemptEvent
from app.results.integrity import QuestionSignals, signals_by_question
from app.results.replay import question_names, question_title
from app.services.integrity import observe_visit, record_client_events
from tests.results.conftest import STARTED, link
from tests.results.html import Page

ANDROID_CHROME = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like "
                  "Gecko) Chrome/126.0.0.0 Mobile Safari/537.36")
WINDOWS_FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0"


def _event(kind: str, **data: object) -> AttemptEvent:
    return AttemptEvent(kind=kind, data=data, occurred_at=STARTED)


def test_signals_are_gathered_per_question() -> None:
    found = signals_by_question([
        _event("paste", chars=120, question_id="essay"),
        _event("paste", chars=30, question_id="essay"),
        _event("focus_lost", duration_ms=2500, question_id="essay"),
        _event("copy", chars=12, question_id="choice"),
        _event("focus_lost", duration_ms=1000),  # on no question: the summary's only
        _event("ip_changed", **{"from": "a", "to": "b"}),
    ])
    assert found == {
        "essay": QuestionSignals(focus_lost=1, focus_lost_seconds=2.5, pastes=2,
                                 pasted_chars=150),
        "choice": QuestionSignals(copies=1, copied_chars=12),
    }


def test_a_question_is_titled_by_the_start_of_its_prompt_as_plain_text() -> None:
    assert question_title("Which type is **immutable**?") == "Which type is immutable?"
    long = question_title("Explain " + "why a very long prompt goes on " * 5)
    assert long.endswith("…") and len(long) <= 61 and "  " not in long
    assert question_title("Use `list.sort()`\n\n- here") == "Use list.sort() here"


def test_questions_are_numbered_as_the_candidate_saw_them(finished_attempt: Attempt) -> None:
    names = question_names(finished_attempt)
    assert [(q, n.number) for q, n in names.items()][:3] == [("choice", 1), ("multi", 2),
                                                              ("truth", 3)]
    assert names["choice"].title == "Which type is immutable? x = (1, 2)"


def _record(attempt: Attempt) -> None:
    record_client_events(db.session, attempt, [
        {"kind": "paste", "chars": 120, "question_id": "essay"},
        {"kind": "focus_lost", "duration_ms": 65_000, "question_id": "essay"},
        {"kind": "focus_lost", "duration_ms": 5_000, "question_id": "essay"},
    ], STARTED + timedelta(minutes=5))
    observe_visit(db.session, attempt, now=STARTED + timedelta(minutes=6), ip="203.0.113.9",
                  user_agent=ANDROID_CHROME, device="d1")
    observe_visit(db.session, attempt, now=STARTED + timedelta(minutes=7), ip="203.0.113.9",
                  user_agent=WINDOWS_FIREFOX, device="d1")
    db.session.commit()


def test_each_answer_shows_its_own_signals_and_time(client: FlaskClient,
                                                    finished_attempt: Attempt) -> None:
    _record(finished_attempt)
    page = Page(client.get(link(finished_attempt.invitation)).text)
    aid = finished_attempt.public_id
    essay = page.by_id(f"q-{aid}-essay")
    signals = [li.squashed() for li in page.all("li", "qsignal", within=essay)]
    assert signals == ["⚠ Pasted 120 characters", "⚠ Left the page 2 times (1 min 10 s in total)"]
    meta = page.all("ul", "qmeta", within=essay)[0].squashed()
    assert "Time spent: 3 min 30 s" in meta
    choice = page.by_id(f"q-{aid}-choice")
    assert page.all("li", "qsignal-none", within=choice)[0].squashed() == \
        "No signals recorded on this question"


def test_the_timeline_names_questions_and_browsers_never_ids_or_raw_strings(
        client: FlaskClient, finished_attempt: Attempt) -> None:
    _record(finished_attempt)
    html = client.get(link(finished_attempt.invitation)).text
    rows = Page(html).table_rows("timeline")
    details = {row[2]: row[3] for row in rows}
    assert details["Pasted text"] == "120 characters; Question 7: Prompt of essay"
    assert details["Browser changed"] == "Chrome on Android → Firefox on Windows"
    assert ANDROID_CHROME not in html and "Gecko/20100101" not in html
    assert "question essay" not in html
