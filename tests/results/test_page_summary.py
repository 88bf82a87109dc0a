"""The summary at the top of the results page: the facts a hiring manager reads first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from flask.testing import FlaskClient

from app.domain import AttemptState
from app.extensions import db
from app.models import Attempt, Invitation, Test
from app.results.summary import overall, signal_line, weighting
from app.services.clock import time_used
from tests.results.conftest import STARTED, add_events, link, take
from tests.results.html import Page

ALL_RIGHT = {"choice": "a", "multi": ["a", "b"], "truth": True, "number": "4", "word": "dict",
             "order": ["a", "b", "c"]}


def _page(client: FlaskClient, attempt: Attempt) -> Page:
    response = client.get(link(attempt.invitation))
    assert response.status_code == 200
    return Page(response.text)


def _summary(client: FlaskClient, attempt: Attempt) -> dict[str, str]:
    page = _page(client, attempt)
    return page.facts("summary-facts", page.by_id(f"summary-{attempt.public_id}"))


# --- time used ------------------------------------------------------------------------

def test_the_time_used_never_shows_the_grace_period() -> None:
    # Answers are accepted a few seconds past the deadline; that was never time allowed.
    shown = time_used(1805.0, limit_seconds=1800, extra_seconds=0, credited_seconds=0)
    assert shown.used_seconds == 1800.0 and shown.allowed_seconds == 1800


def test_time_credited_for_connection_gaps_counts_as_allowed() -> None:
    shown = time_used(1825.0, limit_seconds=1800, extra_seconds=0, credited_seconds=30)
    assert (shown.used_seconds, shown.allowed_seconds) == (1825.0, 1830)


def test_the_page_says_time_used_of_allowed_with_the_extra_time(
        client: FlaskClient, make_invitation: Callable[..., Invitation], review_test: Test) -> None:
    invitation = make_invitation(review_test, extra_time=1.5)
    # Time ran out; the last answer arrived 4 s into the grace period.
    attempt = take(invitation.attempts[0], finished=STARTED + timedelta(minutes=45, seconds=4),
                   reason="timed_out")
    facts = _summary(client, attempt)
    assert facts["Time used"] == "45 min of 45 min including 15 min extra time"
    assert "45 min 4 s" not in _page(client, attempt).root.squashed()


def test_an_attempt_not_started_shows_the_time_it_will_have(
        client: FlaskClient, make_invitation: Callable[..., Invitation], review_test: Test) -> None:
    attempt = make_invitation(review_test).attempts[0]
    facts = _summary(client, attempt)
    assert facts == {"Status": "Not started", "Time used": "30 min allowed"}


# --- score, pass mark and percentile --------------------------------------------------

def test_it_says_the_score_against_the_pass_mark(client: FlaskClient,
                                                 finished_attempt: Attempt) -> None:
    facts = _summary(client, finished_attempt)
    assert facts["Score so far"] == "31.11% Provisional, essays to grade (pass mark 70%)"
    assert "Percentile" not in facts  # not final yet


@pytest.fixture
def app_config() -> dict[str, object]:
    return {"PERCENTILE_MIN_CANDIDATES": 3}


def test_it_gives_the_percentile_with_the_number_of_candidates_compared(
        client: FlaskClient, make_invitation: Callable[..., Invitation], review_test: Test) -> None:
    for answers in ({"choice": "b"}, {"choice": "a"}, {"truth": False}):
        take(make_invitation(review_test).attempts[0], answers)
    best = take(make_invitation(review_test).attempts[0], ALL_RIGHT)
    facts = _summary(client, best)
    assert facts["Score"] == "55.56% ✗ Fail (pass mark 70%)"
    assert facts["Percentile"] == "Higher than 100% of the 3 other candidates on this version"


def test_it_says_when_too_few_candidates_are_there_to_compare(
        client: FlaskClient, make_invitation: Callable[..., Invitation], review_test: Test) -> None:
    only = take(make_invitation(review_test).attempts[0], ALL_RIGHT)
    assert _summary(client, only)["Percentile"] == "Not enough candidates yet to compare"


# --- how the score was computed -------------------------------------------------------

def test_the_weighting_is_explained_when_it_changes_the_score(
        client: FlaskClient, finished_attempt: Attempt) -> None:
    text = _page(client, finished_attempt).all("p", "weighting")[0].squashed()
    assert text == ("How the score was computed: each section's percent counts by its weight, "
                    "(60% × 1 + 16.67% × 2) ÷ 3 = 31.11%. Raw points alone would give 4 of 11 "
                    "(36.36%).")


def test_no_weighting_is_explained_when_points_give_the_same_score() -> None:
    assert weighting(50.0, 5.0, 10.0, [("A", 50.0, 1.0, 4.0), ("B", 50.0, 2.0, 6.0)]) is None


def test_a_section_with_nothing_to_earn_is_left_out_of_the_explanation() -> None:
    found = weighting(75.0, 3.0, 5.0, [("A", 100.0, 1.0, 2.0), ("Empty", 0.0, 5.0, 0.0),
                                        ("B", 50.0, 1.0, 3.0)])
    assert found is not None
    assert [s.title for s in found.sections] == ["A", "B"] and found.weight_total == 2.0
    assert found.raw_percent == 60.0


# --- integrity in one line ------------------------------------------------------------

def test_the_integrity_line_says_none_some_or_many_with_the_counts() -> None:
    none = signal_line(focus_lost=0, pastes=0, copies=0, ip_changes=0, browser_changes=0,
                       device_switches=0, connection_gaps=0)
    assert (none.level, none.total, none.counts) == ("none", 0, ())
    some = signal_line(focus_lost=2, pastes=1, copies=0, ip_changes=0, browser_changes=0,
                       device_switches=0, connection_gaps=0)
    assert (some.level, some.counts) == ("some", (("focus_lost", 2), ("paste", 1)))
    many = signal_line(focus_lost=3, pastes=1, copies=0, ip_changes=1, browser_changes=0,
                       device_switches=0, connection_gaps=0)
    assert many.level == "many" and many.total == 5


def test_the_page_says_the_integrity_line_and_links_to_the_details(
        client: FlaskClient, finished_attempt: Attempt) -> None:
    assert _summary(client, finished_attempt)["Integrity"] == "○ No signals"
    add_events(finished_attempt)
    page = _page(client, finished_attempt)
    summary = page.by_id(f"summary-{finished_attempt.public_id}")
    assert page.facts("summary-facts", summary)["Integrity"] == (
        "● Many signals: left the page 2 times, pasted 1 time, 1 network address change, "
        "1 device switch, 1 connection gap. See the signals")
    assert page.all("a", within=summary)[0].attrs["href"] == \
        f"#integrity-{finished_attempt.public_id}"


# --- who, and where else to look ------------------------------------------------------

def test_it_names_the_candidate_with_the_preferred_name_and_links_to_greenhouse(
        client: FlaskClient, finished_attempt: Attempt) -> None:
    invitation = finished_attempt.invitation
    invitation.preferred_name = "Ada L."
    invitation.greenhouse_profile_url = "https://app.greenhouse.io/people/7?application_id=9"
    db.session.commit()
    page = _page(client, finished_attempt)
    facts = page.facts("candidate-facts")
    assert facts["Full name"] == "Ada Lovelace" and facts["Preferred name"] == "Ada L."
    assert facts["Greenhouse"] == \
        "The candidate in Greenhouse (external site, opens in a new tab) ↗"
    anchor = page.all("a", "external")[0]
    assert anchor.attrs["href"] == invitation.greenhouse_profile_url
    assert anchor.attrs["rel"] == "noopener noreferrer"


def test_it_shows_no_greenhouse_link_that_is_not_a_web_address(
        client: FlaskClient, finished_attempt: Attempt) -> None:
    finished_attempt.invitation.greenhouse_profile_url = "javascript:alert(1)"
    db.session.commit()
    assert "javascript:" not in client.get(link(finished_attempt.invitation)).text


def test_a_battery_has_a_summary_per_test_and_an_overall_line(
        client: FlaskClient, make_invitation: Callable[..., Invitation], review_test: Test) -> None:
    invitation = make_invitation(review_test, review_test)
    take(invitation.attempts[0], ALL_RIGHT)
    page = _page(client, invitation.attempts[0])
    assert len(page.all("div", "test-summary")) == 2
    assert page.all("p", "overall")[0].squashed() == (
        "2 tests: 1 finished, 0 passed, 1 failed; average score 55.56%.")


def test_the_overall_line_counts_each_kind_of_result() -> None:
    line = overall([(AttemptState.COMPLETED, True, 80.0), (AttemptState.COMPLETED, False, 40.0),
                    (AttemptState.AWAITING_REVIEW, None, 30.0),
                    (AttemptState.NOT_STARTED, None, None)])
    assert (line.tests, line.finished, line.passed, line.failed, line.awaiting_review) == \
        (4, 3, 1, 1, 1)
    assert line.average_percent == 50.0


# --- jump links -------------------------------------------------------------------------

def test_it_links_to_the_essays_awaiting_grading_and_the_incorrect_answers(
        client: FlaskClient, finished_attempt: Attempt) -> None:
    page = _page(client, finished_attempt)
    nav = page.all("nav", "jump-links")[0]
    aid = finished_attempt.public_id
    assert nav.squashed() == ("1 essay awaits grading: Question 7 "
                              "3 answers incorrect or partly correct: Question 2, Question 4, "
                              "Question 6")
    hrefs = [a.attrs["href"] for a in page.all("a", within=nav)]
    assert hrefs[0] == f"#q-{aid}-essay"
    for href in hrefs:
        page.by_id(href[1:])  # every jump lands on a question


def test_correct_answers_fold_away_and_the_others_stay_open(
        client: FlaskClient, finished_attempt: Attempt) -> None:
    page = _page(client, finished_attempt)
    folded = {q.attrs["id"].rsplit("-", 1)[1] for q in page.all("article", "question")
              if page.all("details", "answer-details", within=q)}
    assert folded == {"choice", "truth", "word"}
