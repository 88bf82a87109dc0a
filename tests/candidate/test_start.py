"""POST /t/<token>/start: the token becomes a session; the test starts or resumes."""

from __future__ import annotations

from datetime import timedelta

import time_machine

from app.extensions import db
from app.models import AttemptEvent
from app.scoring import draw
from tests.candidate.conftest import NOW, Taking, attempt_of, invite, question_url


def test_it_starts_the_test_and_fixes_seed_layout_and_deadline(taking, invited_candidate) -> None:
    invitation, _ = invited_candidate
    with time_machine.travel(NOW, tick=False):
        response = taking.start()
    attempt = attempt_of(invitation)
    assert attempt.state == "in_progress"
    assert attempt.seed is not None
    assert attempt.layout == draw(attempt.test.definition, attempt.seed)
    assert attempt.started_at == NOW
    assert attempt.deadline_at == NOW + timedelta(minutes=30)
    assert response.status_code == 302


def test_extra_time_extends_the_deadline(client, organization, basics_test) -> None:
    invitation, link = invite(organization, [basics_test], extra_time=1.5)
    with time_machine.travel(NOW, tick=False):
        Taking(client, link).start()
    attempt = attempt_of(invitation)
    assert attempt.time_limit_seconds == 2700
    assert attempt.deadline_at == NOW + timedelta(minutes=45)


def test_it_leads_straight_to_the_first_question(taking, invited_candidate) -> None:
    invitation, _ = invited_candidate
    with time_machine.travel(NOW, tick=False):
        response = taking.start()
    assert response.headers["Location"] == question_url(attempt_of(invitation), 0, 0)


def test_starting_when_the_time_is_already_up_leads_to_the_end(
        taking, invited_candidate) -> None:
    invitation, _ = invited_candidate
    with time_machine.travel(NOW, tick=False):
        taking.start()
    with time_machine.travel(NOW + timedelta(minutes=31), tick=False):
        response = taking.start()
        page = taking.follow(response)
    assert response.headers["Location"] == "/take"
    assert attempt_of(invitation).state == "completed"
    assert "Thank you" in page.text


def test_it_redirects_to_pages_without_the_token(taking, invited_candidate) -> None:
    invitation, link = invited_candidate
    token = link.removeprefix("/t/")
    with time_machine.travel(NOW, tick=False):
        first = taking.start()
        page = taking.follow(first)
    assert token not in first.headers["Location"]
    assert token not in page.request.path
    assert page.request.path == question_url(attempt_of(invitation), 0, 0)
    assert token not in page.text


def test_it_needs_the_csrf_token(client, invited_candidate) -> None:
    invitation, link = invited_candidate
    with time_machine.travel(NOW, tick=False):
        response = client.post(f"{link}/start", data={}, no_csrf=True)
    assert response.status_code == 400
    assert attempt_of(invitation).state == "not_started"


def test_the_session_cookie_is_httponly_and_lax(taking) -> None:
    with time_machine.travel(NOW, tick=False):
        response = taking.start()
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_it_remembers_the_browsers_timezone(taking) -> None:
    with time_machine.travel(NOW, tick=False):
        page = taking.follow(taking.start(tz="Europe/Kyiv"))
    assert "Ends at 11:30" in page.text  # 09:30 UTC is 11:30 in Kyiv in March
    assert "Europe/Kyiv" in page.text


def test_a_zone_the_browser_reports_by_its_old_name_is_shown_by_the_current_one(taking) -> None:
    with time_machine.travel(NOW, tick=False):
        page = taking.follow(taking.start(tz="Europe/Kiev"))  # what Chromium reports
    assert "Ends at 11:30" in page.text
    assert "(Europe/Kyiv)" in page.text and "Kiev" not in page.text


def test_an_unknown_timezone_falls_back_to_utc(taking) -> None:
    with time_machine.travel(NOW, tick=False):
        page = taking.follow(taking.start(tz="Mars/Olympus"))
    assert "Ends at 9:30" in page.text
    assert "(UTC)" in page.text


def test_pressing_start_again_resumes_without_restarting(taking, invited_candidate) -> None:
    invitation, _ = invited_candidate
    with time_machine.travel(NOW, tick=False):
        taking.start()
    seed = attempt_of(invitation).seed
    with time_machine.travel(NOW + timedelta(minutes=3), tick=False):
        taking.start()
    attempt = attempt_of(invitation)
    assert attempt.seed == seed
    assert attempt.deadline_at == NOW + timedelta(minutes=30)
    assert db.session.query(AttemptEvent).filter_by(kind="device_switched").count() == 0


def test_a_second_browser_continues_and_is_recorded(taking, invited_candidate,
                                                    new_browser) -> None:
    invitation, link = invited_candidate
    with time_machine.travel(NOW, tick=False):
        taking.follow(taking.start())
    phone = Taking(new_browser(), link)
    phone.client.environ_base["HTTP_USER_AGENT"] = "Phone/1.0"
    with time_machine.travel(NOW + timedelta(minutes=4), tick=False):
        page = phone.follow(phone.start())
    assert page.status_code == 200
    assert "Question 1 of 3" in page.text
    events = db.session.query(AttemptEvent).filter_by(kind="device_switched").all()
    assert len(events) == 1
    assert events[0].data["user_agent"] == "Phone/1.0"
    attempt = attempt_of(invitation)
    assert attempt.integrity["device_switches"] == 1
    assert attempt.integrity["user_agent_changes"] == 1
