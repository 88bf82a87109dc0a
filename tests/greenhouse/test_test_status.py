"""GET /api/greenhouse/test_status: where the candidate is, and the result once final."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import event

from app.extensions import db
from app.models import Organization
from app.scoring import percentile_rank
from app.security.results_links import signature_matches
from app.services.grading import grade_response
from app.services.integrity_records import IntegrityRecord
from tests.fixtures.factories import make_api_key, make_test
from tests.greenhouse.conftest import (
    START,
    finish,
    invite,
    quiz_definition,
    start,
)

PRIMITIVES = (str, int, float, bool, type(None))


def _status(greenhouse, interview_id: str) -> dict:  # type: ignore[no-untyped-def]
    db.session.expire_all()
    response = greenhouse("get", f"test_status?partner_interview_id={interview_id}")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.is_json
    body = response.get_json()
    assert set(body) <= {"partner_status", "partner_profile_url", "partner_score", "metadata"}
    assert all(isinstance(v, PRIMITIVES) for v in body["metadata"].values())
    return body


def test_a_fresh_invitation_is_sent(greenhouse, organization, quiz) -> None:
    invitation = invite(organization, quiz)
    body = _status(greenhouse, invitation.public_id)
    assert body["partner_status"] == "sent"
    assert "partner_score" not in body
    assert body["metadata"] == {
        "Test": "Python basics", "Test Version": 1, "Time Limit": "30 min",
        "Link Expires At": body["metadata"]["Link Expires At"]}
    assert body["metadata"]["Link Expires At"].endswith(" UTC")


def test_the_profile_url_is_an_absolute_signed_results_link(greenhouse, organization, quiz) -> None:
    invitation = invite(organization, quiz)
    url = _status(greenhouse, invitation.public_id)["partner_profile_url"]
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == "http://assay.test"
    assert parts.path == f"/results/{invitation.public_id}"
    assert signature_matches(invitation.public_id, parse_qs(parts.query)["sig"][0])


def test_a_test_in_progress_is_started(greenhouse, organization, quiz) -> None:
    invitation = invite(organization, quiz)
    start(invitation.attempts[0])
    body = _status(greenhouse, invitation.public_id)
    assert body["partner_status"] == "started"
    assert "partner_score" not in body
    meta = body["metadata"]
    assert meta["Started At"] == "26 Mar 2026, 10:15 UTC"
    assert "Completed At" not in meta and "Result" not in meta
    assert meta["Tab Switches"] == 0


def test_a_finished_test_is_complete_with_score_and_metadata(greenhouse, organization,
                                                             quiz) -> None:
    invitation = invite(organization, quiz)
    finish(invitation.attempts[0], {"q1": "b", "q2": True, "q3": "1.41", "q4": ["a", "b"],
                                    "q5": "Paris", "q6": ["a", "b", "c", "d"]})
    body = _status(greenhouse, invitation.public_id)
    assert body["partner_status"] == "complete"
    assert body["partner_score"] == 83.3
    assert body["partner_profile_url"].startswith("http://assay.test/results/")
    assert body["metadata"] == {
        "Test": "Python basics",
        "Test Version": 1,
        "Started At": "26 Mar 2026, 10:15 UTC",
        "Completed At": "26 Mar 2026, 10:38 UTC",
        "Time Used": "23 min 10 s",
        "Time Limit": "30 min",
        "Result": "Pass",
        "Section: Basics": 66.7,
        "Section: Advanced": 100.0,
        "Tab Switches": 0,
        "Pastes": 0,
        "Copied Question Text": 0,
        "IP Changes": 0,
        "Connection Gaps": 0,
    }


def test_the_score_is_a_number_between_0_and_100(greenhouse, organization, quiz) -> None:
    invitation = invite(organization, quiz)
    finish(invitation.attempts[0], {})
    body = _status(greenhouse, invitation.public_id)
    assert body["partner_score"] == 0.0
    assert isinstance(body["partner_score"], float)
    assert body["metadata"]["Result"] == "Fail"


def test_integrity_counts_come_from_the_attempts_summary(greenhouse, organization, quiz) -> None:
    summary = IntegrityRecord()
    summary.focus_lost.count = 3
    summary.paste.count = 2
    summary.copied.count = 1
    summary.ip_changes = 4
    summary.connection_gaps.count = 5
    invitation = invite(organization, quiz)
    finish(invitation.attempts[0], integrity=summary.stored())
    meta = _status(greenhouse, invitation.public_id)["metadata"]
    assert [meta[k] for k in ("Tab Switches", "Pastes", "Copied Question Text", "IP Changes",
                              "Connection Gaps")] == [3, 2, 1, 4, 5]


@pytest.mark.parametrize("summary", [None, {}])
def test_an_attempt_without_signals_reads_as_zero(greenhouse, organization, quiz,
                                                  summary) -> None:
    # A summary that does not fit the writer's model is an error (IntegrityRecord), never
    # read as zero: see tests/results/test_integrity_summary.py.
    invitation = invite(organization, quiz)
    finish(invitation.attempts[0], integrity=summary)
    meta = _status(greenhouse, invitation.public_id)["metadata"]
    assert meta["Tab Switches"] == meta["Pastes"] == meta["IP Changes"] == 0


def test_extra_time_is_shown_only_when_granted(greenhouse, organization, quiz) -> None:
    plain = invite(organization, quiz, url=None)
    longer = invite(organization, quiz, extra_time=1.5, url=None)
    assert "Extra Time" not in _status(greenhouse, plain.public_id)["metadata"]
    meta = _status(greenhouse, longer.public_id)["metadata"]
    assert meta["Extra Time"] == "×1.5"
    assert meta["Time Limit"] == "45 min"


def test_an_essay_awaiting_review_is_not_complete(greenhouse, organization, essay_test) -> None:
    invitation = invite(organization, essay_test)
    finish(invitation.attempts[0], {"e1": "a", "e2": "My essay about queues."})
    body = _status(greenhouse, invitation.public_id)
    assert body["partner_status"] == "awaiting_review"
    assert "partner_score" not in body
    meta = body["metadata"]
    assert meta["Essays Awaiting Review"] == 1
    assert meta["Completed At"] == "26 Mar 2026, 10:38 UTC"
    assert "Result" not in meta and "Section: Writing" not in meta
    assert body["partner_profile_url"]  # reviewers follow it to the results


def test_grading_the_last_essay_completes_it(greenhouse, organization, essay_test) -> None:
    invitation = invite(organization, essay_test)
    attempt = finish(invitation.attempts[0], {"e1": "a", "e2": "My essay about queues."})
    grade_response(db.session, attempt, "e2", 4.0, None, "Reviewer", START + timedelta(hours=2))
    db.session.commit()
    body = _status(greenhouse, invitation.public_id)
    assert body["partner_status"] == "complete"
    assert body["partner_score"] == round(100 * (1 + 4) / 6, 1)
    assert body["metadata"]["Result"] == "Pass"
    assert "Essays Awaiting Review" not in body["metadata"]


def test_a_link_that_expired_unstarted_is_expired(greenhouse, organization, quiz) -> None:
    invitation = invite(organization, quiz, now=START - timedelta(days=31))
    assert _status(greenhouse, invitation.public_id)["partner_status"] == "expired"


def test_an_attempt_marked_expired_is_expired(greenhouse, organization, quiz) -> None:
    invitation = invite(organization, quiz)
    invitation.attempts[0].expire()
    db.session.commit()
    assert _status(greenhouse, invitation.public_id)["partner_status"] == "expired"


def test_a_cancelled_invitation_is_cancelled(greenhouse, organization, quiz) -> None:
    invitation = invite(organization, quiz)
    invitation.cancel(START)
    db.session.commit()
    assert _status(greenhouse, invitation.public_id)["partner_status"] == "cancelled"


class TestABattery:
    @pytest.fixture
    def battery(self, organization, quiz, app):  # type: ignore[no-untyped-def]
        second = make_test(quiz_definition("sql-basics", "SQL basics"))
        return invite(organization, quiz, second)

    def test_one_test_done_of_two_is_started(self, greenhouse, battery) -> None:
        finish(battery.attempts[0])
        body = _status(greenhouse, battery.public_id)
        assert body["partner_status"] == "started"
        assert "partner_score" not in body
        assert body["metadata"]["Result: Python basics"] == "Pass"
        assert "Completed At" not in body["metadata"]

    def test_the_score_is_the_mean_of_its_tests(self, greenhouse, battery) -> None:
        finish(battery.attempts[0])
        finish(battery.attempts[1], {"q1": "a", "q2": True, "q3": "1.41"})
        body = _status(greenhouse, battery.public_id)
        assert body["partner_status"] == "complete"
        assert body["partner_score"] == 75.0
        meta = body["metadata"]
        assert meta["Score: Python basics"] == 100.0
        assert meta["Score: SQL basics"] == 50.0
        assert meta["Result: SQL basics"] == "Fail"
        assert meta["Result"] == "Fail"
        assert meta["Section: SQL basics / Basics"] == 100.0
        assert meta["Section: SQL basics / Advanced"] == 0.0
        assert meta["Test Version"] == "python-basics v1, sql-basics v1"
        assert meta["Time Limit"] == "1 h"


class TestPercentile:
    @pytest.fixture
    def app_config(self):  # type: ignore[no-untyped-def]
        return {"PERCENTILE_MIN_CANDIDATES": 4}

    def _complete(self, organization, quiz, answers):  # type: ignore[no-untyped-def]
        invitation = invite(organization, quiz, url=None)
        finish(invitation.attempts[0], answers)
        return invitation

    def test_it_is_left_out_until_enough_candidates_completed(self, greenhouse, organization,
                                                              quiz) -> None:
        for _ in range(2):
            self._complete(organization, quiz, {})
        mine = self._complete(organization, quiz, {"q1": "a"})
        assert "Percentile" not in _status(greenhouse, mine.public_id)["metadata"]

    def test_it_ranks_among_completed_attempts_of_the_same_test(self, greenhouse, organization,
                                                                quiz) -> None:
        others = [{}, {}, {"q1": "a", "q2": True}, {"q1": "a", "q2": True, "q3": "1.41"}]
        for answers in others:
            self._complete(organization, quiz, answers)
        invite(organization, quiz, url=None)  # not completed: not counted
        mine = self._complete(organization, quiz, {"q1": "a", "q2": True})
        meta = _status(greenhouse, mine.public_id)["metadata"]
        # Below: two zeros; tied: one; above: one, as app.scoring.percentile_rank counts.
        expected = percentile_rank(33.33, [0.0, 0.0, 33.33, 50.0], minimum=1)
        assert expected == 62.5
        assert meta["Percentile"] == round(expected)


def test_another_organizations_interview_is_indistinguishable_from_a_missing_one(
        greenhouse, organization, quiz) -> None:
    rival = Organization(slug="rival", name="Rival", hr_email="hr@rival.test")
    db.session.add(rival)
    db.session.commit()
    theirs = invite(rival, quiz)
    rival_key = make_api_key(rival)
    assert greenhouse("get", f"test_status?partner_interview_id={theirs.public_id}",
                      key=rival_key.value).status_code == 200
    other = greenhouse("get", f"test_status?partner_interview_id={theirs.public_id}")
    missing = greenhouse("get", "test_status?partner_interview_id=iv_00000000000000000000")
    assert other.status_code == missing.status_code == 404
    assert other.is_json
    assert other.get_data() == missing.get_data()


@pytest.mark.parametrize("query", ["", "?partner_interview_id=", "?partner_interview_id=%20"])
def test_a_missing_interview_id_gets_a_json_400(greenhouse, query) -> None:
    response = greenhouse("get", f"test_status{query}")
    assert response.status_code == 400
    assert response.get_json()["problems"] == [
        "partner_interview_id: is required (a query string parameter)"]


def test_an_absurdly_long_interview_id_is_simply_not_found(greenhouse) -> None:
    response = greenhouse("get", "test_status?partner_interview_id=" + "x" * 5000)
    assert response.status_code == 404


def _selects_of_a_poll(greenhouse, organization, quiz) -> list[str]:  # type: ignore[no-untyped-def]
    for _ in range(3):
        finish(invite(organization, quiz, url=None).attempts[0])
    invitation = invite(organization, quiz)
    finish(invitation.attempts[0])
    interview_id = invitation.public_id
    greenhouse("get", f"test_status?partner_interview_id={interview_id}")  # key touched
    statements: list[str] = []

    def count(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        statements.append(statement)

    db.session.expire_all()
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        _status(greenhouse, interview_id)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert not any("definition" in s for s in selects)
    assert len(selects) == len(statements), statements  # nothing written, no BEGIN
    return selects


def test_it_answers_a_known_key_with_one_query(greenhouse, organization, quiz) -> None:
    # The key authenticated a moment ago (app.security.key_cache); the invitation with
    # attempts, tests and percentiles.
    assert len(_selects_of_a_poll(greenhouse, organization, quiz)) == 1


class TestWithoutTheKeyCache:
    @pytest.fixture
    def app_config(self):  # type: ignore[no-untyped-def]
        return {"API_KEY_CACHE_SECONDS": 0}

    def test_it_answers_with_two_queries(self, greenhouse, organization, quiz) -> None:
        # The key; the invitation with attempts, tests and percentiles.
        assert len(_selects_of_a_poll(greenhouse, organization, quiz)) == 2
