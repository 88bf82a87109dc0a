"""The results page shows every part of a scored attempt with the right figures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Attempt, Invitation, Test
from app.services.integrity import record_client_events, record_gap
from tests.results.conftest import FINISHED, STARTED, add_events, link, take
from tests.results.html import Page


def _page(client: FlaskClient, attempt: Attempt) -> Page:
    response = client.get(link(attempt.invitation))
    assert response.status_code == 200
    return Page(response.text)


def test_it_names_the_candidate_and_the_organization(client: FlaskClient,
                                                     finished_attempt: Attempt) -> None:
    facts = _page(client, finished_attempt).facts("candidate-facts")
    assert facts == {"Full name": "Ada Lovelace", "Email": "candidate1@example.test",
                     "Organization": "Acme Corp"}


def test_it_shows_the_provisional_score_while_an_essay_awaits_review(
        client: FlaskClient, finished_attempt: Attempt) -> None:
    page = _page(client, finished_attempt)
    section = page.by_id(f"test-{finished_attempt.public_id}")
    assert page.by_id(f"test-{finished_attempt.public_id}-title").squashed() == \
        "Python review version 1"
    facts = page.facts("score-facts", section)
    assert facts["Status"] == "Awaiting review"
    assert facts["Score so far"] == "31.11%"
    assert facts["Result"] == "Provisional, essays to grade (pass mark 70%)"
    assert facts["Points"] == "4 of 11"
    assert facts["To grade"] == "1 essay awaits grading"
    assert "Percentile" not in facts


def test_it_tables_each_section_with_points_max_percent_and_weight(
        client: FlaskClient, finished_attempt: Attempt) -> None:
    page = _page(client, finished_attempt)
    rows = page.table_rows("sections")
    assert rows == [["Basics", "3", "5", "60%", "×1", ""],
                    ["Writing", "1", "6", "16.67%", "×2", ""]]
    bars = [span.classes() for span in page.all("span", "bar-fill")]
    assert ["bar-fill", "w-31"] in bars  # the total
    assert ["bar-fill", "w-60"] in bars and ["bar-fill", "w-17"] in bars
    assert page.all("span", "at-70")  # the pass mark on the total's bar


def test_it_shows_times_and_the_time_used_against_the_limit(
        client: FlaskClient, finished_attempt: Attempt) -> None:
    facts = _page(client, finished_attempt).facts("time-facts")
    assert facts["Started"] == "Mar 2, 2026, 9:00:00 AM"
    assert facts["Finished"] == "Mar 2, 2026, 9:23:10 AM"
    assert facts["Result final"] == "—"
    assert facts["Time used"] == "23 min 10 s of 30 min"
    assert facts["How it ended"] == "Submitted by the candidate"


def test_it_shows_extra_time_granted_and_a_timed_out_finish(
        client: FlaskClient, make_invitation: Callable[..., Invitation], review_test: Test) -> None:
    invitation = make_invitation(review_test, extra_time=1.5)
    attempt = take(invitation.attempts[0], finished=STARTED + timedelta(minutes=45),
                   reason="timed_out")
    facts = _page(client, attempt).facts("time-facts")
    assert facts["Time used"] == ("45 min of 45 min includes 15 min extra time granted "
                                  "(×1.5 the test's 30 min)")
    assert facts["How it ended"] == "Time ran out"


def test_it_summarizes_integrity_signals_and_lists_them_in_a_timeline(
        client: FlaskClient, finished_attempt: Attempt) -> None:
    add_events(finished_attempt)
    page = _page(client, finished_attempt)
    facts = page.facts("integrity-facts")
    assert facts == {
        "Left the test's window": "2 times, 1 min 35 s in total",
        "Pastes": "1 (120 characters)",
        "Copies": "0",
        "Network address changes": "1",
        "Browser changes": "0",
        "Device switches": "1",
        "Connection gaps": "1, 40 s in total",
        "Time credited": "30 s",
    }
    rows = page.table_rows("timeline")
    assert [row[2] for row in rows] == [
        "Started the test", "Left the test's window", "Pasted text", "Left the test's window",
        "Network address changed",
        "Continued on another device", "Connection lost", "Finished"]
    assert rows[1][1:] == ["+2:00", "Left the test's window",
                           "1 min; Question 1: Which type is immutable? x = (1, 2)"]
    assert rows[4][3] == "198.51.100.7 → 203.0.113.9"
    assert rows[6][3] == "40 s; 30 s credited"
    assert rows[-1][1:] == ["+23:10", "Finished", "Submitted by the candidate"]


def test_it_says_the_credited_time_next_to_the_time_used(
        client: FlaskClient, finished_attempt: Attempt) -> None:
    add_events(finished_attempt)
    facts = _page(client, finished_attempt).facts("time-facts")
    assert facts["Time used"] == "23 min 10 s of 30 min plus 30 s credited for connection problems"


def test_it_shows_what_the_candidate_pages_recorded(
        client: FlaskClient, finished_attempt: Attempt) -> None:
    # Recorded as the pages record them (app.services.integrity keeps the summary and the
    # timeline rows together), not written by hand.
    events = [{"kind": "focus_lost", "duration_ms": 60_000}, {"kind": "focus_lost",
              "duration_ms": 35_000}, {"kind": "paste", "chars": 120, "question_id": "essay"}]
    record_client_events(db.session, finished_attempt, events, STARTED + timedelta(minutes=5))
    record_gap(db.session, finished_attempt, now=STARTED + timedelta(minutes=14),
               server_gap_seconds=40, client_offline_seconds=38, credited_seconds=0,
               policy_enabled=False)
    db.session.commit()
    facts = _page(client, finished_attempt).facts("integrity-facts")
    assert facts["Left the test's window"] == "2 times, 1 min 35 s in total"
    assert facts["Connection gaps"] == "1, 40 s in total"


@pytest.fixture
def app_config() -> dict[str, object]:
    return {"PERCENTILE_MIN_CANDIDATES": 3}


def test_it_ranks_a_completed_attempt_among_enough_other_candidates(
        client: FlaskClient, make_invitation: Callable[..., Invitation],
        review_test: Test) -> None:
    all_right = {"choice": "a", "multi": ["a", "b"], "truth": True, "number": "4",
                 "word": "dict", "order": ["a", "b", "c"]}
    others = [take(make_invitation(review_test).attempts[0], answers)
              for answers in ({"choice": "b"}, {"choice": "a"}, {"truth": False})]
    assert [a.state for a in others] == ["completed"] * 3
    best = take(make_invitation(review_test).attempts[0], all_right)
    facts = _page(client, best).facts("score-facts")
    assert facts["Status"] == "Completed"
    assert facts["Score"] == "55.56%"
    assert facts["Result"] == "✗ Fail (pass mark 70%)"
    assert facts["Percentile"] == ("Scored higher than 100% of the 3 other candidates who "
                                   "took this version (ties count half)")
    assert _page(client, others[2]).facts("score-facts")["Percentile"] == (
        "Scored higher than 16.67% of the 3 other candidates who took this version "
        "(ties count half)")


def test_it_ranks_only_once_enough_candidates_completed_the_version(
        client: FlaskClient, make_invitation: Callable[..., Invitation], review_test: Test) -> None:
    # PERCENTILE_MIN_CANDIDATES is 3 here, counting the attempt itself (as Greenhouse does).
    first = take(make_invitation(review_test).attempts[0], {"choice": "a"})
    take(make_invitation(review_test).attempts[0], {"choice": "b"})
    assert _page(client, first).facts("score-facts")["Percentile"] == \
        "Not enough candidates yet to compare"
    take(make_invitation(review_test).attempts[0], {"truth": False})
    assert _page(client, first).facts("score-facts")["Percentile"].startswith(
        "Scored higher than 100% of the 2 other candidates")


def test_it_shows_the_status_of_tests_not_taken(
        client: FlaskClient, make_invitation: Callable[..., Invitation], review_test: Test) -> None:
    invitation = make_invitation(review_test, review_test)
    invitation.attempts[1].cancel()
    db.session.commit()
    page = _page(client, invitation.attempts[0])
    assert page.table_rows("overview") == [["Python review", "Not started", "—", "—"],
                                           ["Python review", "Cancelled", "—", "—"]]
    assert not page.all("article", "question")


def test_it_prints_finished_times_of_a_completed_attempt(
        client: FlaskClient, make_invitation: Callable[..., Invitation], review_test: Test) -> None:
    attempt = take(make_invitation(review_test).attempts[0], {"choice": "a"})
    facts = _page(client, attempt).facts("time-facts")
    assert facts["Result final"] == facts["Finished"] == "Mar 2, 2026, 9:23:10 AM"
    assert attempt.completed_at == FINISHED


def test_an_attempt_under_way_shows_its_signals_but_no_answers_yet(
        client: FlaskClient, make_invitation: Callable[..., Invitation], review_test: Test) -> None:
    from tests.results.conftest import LAYOUT

    attempt = make_invitation(review_test).attempts[0]
    attempt.start(now=STARTED, seed=7, layout=LAYOUT, time_limit_seconds=1800)
    db.session.commit()
    add_events(attempt)
    page = _page(client, attempt)
    assert page.facts("score-facts") == {"Status": "In progress"}
    assert page.facts("integrity-facts")["Pastes"] == "1 (120 characters)"
    assert page.facts("time-facts")["Time used"] == (
        "Time limit 30 min plus 30 s credited for connection problems")
    assert not page.all("article", "question") and not page.all("form")
