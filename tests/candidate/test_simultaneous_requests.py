"""Requests of one attempt that arrive together (the heartbeat and a background save as a
question loads, two heartbeats after a sleeping tab wakes, a double click on Submit): each
is answered, the answer is stored once, the time since the last contact is counted once,
and the test is scored and announced once.

Real HTTP against the live server (one thread per request). Each request is held, once it
has read the attempt, until the other one has read it too: both find no response row for
the question, so the race happens on every run rather than now and then.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
import requests
import time_machine
from sqlalchemy import select

from app.extensions import db
from app.models import (
    Attempt,
    Invitation,
    Organization,
    OutboxMessage,
    Response,
    Test,
    utcnow,
)
from app.services import answering, taking
from tests.fixtures.definitions import invite
from tests.fixtures.servers import LiveServer

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
QUESTION_URL = re.compile(r"/take/(at_[^/]+)/0/0$")


@dataclass
class Browser:
    """A candidate's browser that has pressed Start: its cookies and CSRF token."""

    server: str
    cookies: Any
    csrf_token: str
    attempt_id: str

    def go_to_second_question(self) -> None:
        """The navigator's "2" on the first question's page (a form post, no answer)."""
        with requests.Session() as connection:
            connection.cookies.update(self.cookies)
            moved = connection.post(
                f"{self.server}/take/{self.attempt_id}/0/0", allow_redirects=False, timeout=10,
                data={"csrf_token": self.csrf_token, "question_id": "q1", "go": "1"})
        assert moved.headers["Location"] == f"/take/{self.attempt_id}/0/1"

    def finish_section(self, section: int) -> Callable[[], int]:
        """The confirmation page's "Yes, finish" (or "Yes, submit"), to be pressed later."""

        def press() -> int:
            with requests.Session() as connection:
                connection.cookies.update(self.cookies)
                return connection.post(
                    f"{self.server}/take/{self.attempt_id}/finish", allow_redirects=False,
                    data={"csrf_token": self.csrf_token, "section": str(section)},
                    timeout=30).status_code

        return press

    def post_json(self, endpoint: str, payload: dict[str, Any]) -> Callable[[], int]:
        """A request the page script would send, to be sent later; returns its status."""

        def send() -> int:
            with requests.Session() as connection:  # a connection of its own, same cookies
                connection.cookies.update(self.cookies)
                return connection.post(
                    f"{self.server}/take/{self.attempt_id}/api/{endpoint}", json=payload,
                    headers={"X-CSRFToken": self.csrf_token}, timeout=30).status_code

        return send


def open_link(server: str, link: str) -> tuple[requests.Session, str]:
    """A browser on the landing page of ``link``: its session and the page's CSRF token."""
    session = requests.Session()
    landing = session.get(server + link, timeout=10)
    token = CSRF_FIELD.search(landing.text)
    assert token, landing.text
    return session, token[1]


@pytest.fixture
def browser(live_server: LiveServer, organization: Organization,
            basics_test: Test) -> Browser:
    _, link = invite(organization, [basics_test], now=utcnow())
    session, csrf_token = open_link(live_server.url, link)
    with session:
        question = session.post(f"{live_server.url}{link}/start",
                                data={"csrf_token": csrf_token, "tz": "UTC"}, timeout=10)
        started = QUESTION_URL.search(question.url)
        assert question.status_code == 200 and started, question.url
        return Browser(server=live_server.url, cookies=session.cookies.copy(),
                       csrf_token=csrf_token, attempt_id=started[1])


# Where requests have read the attempt but not yet written: the full path
# (app.services.answering, before it holds the attempt's row) and the quick path
# (app.services.quick_contact, which counts time with taking.accrue_time).
SAVING = ((answering, "hold"), (taking, "accrue_time"))


@pytest.fixture
def hold_together(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Arm a trap: the next two requests that reach one of ``steps`` (by default, saving
    an answer or counting time) wait there for each other, having read the attempt and its
    responses, before either writes anything."""

    def arm(steps: tuple[tuple[Any, str], ...] = SAVING) -> None:
        barrier = threading.Barrier(2, timeout=10)
        held = threading.local()  # the live server runs each request in a new thread

        def holding(original: Callable[..., Any]) -> Callable[..., Any]:
            def wrapper(*args: Any) -> Any:
                if not getattr(held, "done", False):
                    held.done = True
                    for loaded in args:  # what this request sees before the other writes
                        if isinstance(loaded, Attempt):
                            list(loaded.responses)
                        elif isinstance(loaded, Invitation):
                            [attempt.state for attempt in loaded.attempts]
                    barrier.wait()
                return original(*args)

            return wrapper

        for module, name in steps:
            monkeypatch.setattr(module, name, holding(getattr(module, name)))

    return arm


def together(*requests_: Callable[[], int]) -> list[int]:
    with ThreadPoolExecutor(len(requests_)) as pool:
        return [future.result() for future in [pool.submit(send) for send in requests_]]


def responses_of(public_id: str) -> list[Response]:
    db.session.expire_all()
    attempt = db.session.scalar(select(Attempt).where(Attempt.public_id == public_id))
    assert attempt is not None
    return list(db.session.scalars(
        select(Response).where(Response.attempt_id == attempt.id).order_by(Response.id)))


def last_contact(public_id: str) -> Any:
    db.session.expire_all()
    return db.session.scalar(select(Attempt.last_seen_at).where(Attempt.public_id == public_id))


def test_a_heartbeat_and_a_save_arriving_together_are_both_answered(browser,
                                                                    hold_together) -> None:
    browser.go_to_second_question()  # nothing is stored for it yet
    hold_together()

    statuses = together(browser.post_json("heartbeat", {"events": []}),
                        browser.post_json("answer", {"question_id": "q2", "answer": ["b"]}))

    assert statuses == [200, 200]
    stored = {r.question_id: (r.answer, r.revision) for r in responses_of(browser.attempt_id)}
    assert stored == {"q1": (None, 1), "q2": (["b"], 1)}


def test_two_saves_of_a_new_question_arriving_together_store_it_once(browser,
                                                                     hold_together) -> None:
    hold_together()
    statuses = together(browser.post_json("answer", {"question_id": "q3", "answer": True}),
                        browser.post_json("answer", {"question_id": "q3", "answer": True}))

    assert statuses == [200, 200]
    stored = {r.question_id: (r.answer, r.revision) for r in responses_of(browser.attempt_id)}
    assert stored == {"q1": (None, 1), "q3": (True, 1)}


def test_the_time_since_the_last_contact_counts_once(browser, hold_together) -> None:
    browser.go_to_second_question()
    later = last_contact(browser.attempt_id) + timedelta(seconds=30)
    hold_together()

    with time_machine.travel(later, tick=False):
        statuses = together(browser.post_json("heartbeat", {"events": []}),
                            browser.post_json("heartbeat", {"events": []}))

    assert statuses == [200, 200]
    timed = {r.question_id: r.time_spent_ms for r in responses_of(browser.attempt_id)}
    assert timed["q2"] == 30_000
    assert last_contact(browser.attempt_id) == later


def test_a_double_click_on_submit_scores_and_announces_the_test_once(browser,
                                                                     hold_together) -> None:
    assert browser.finish_section(0)() == 302
    hold_together(((taking, "finish_section"),))

    statuses = together(browser.finish_section(1), browser.finish_section(1))

    assert statuses == [302, 302]
    db.session.expire_all()
    attempt = db.session.scalar(select(Attempt).where(Attempt.public_id == browser.attempt_id))
    assert attempt is not None and attempt.finish_reason == "submitted"
    queued = db.session.scalars(select(OutboxMessage)).all()
    assert [message.open_payload().get("template") for message in queued] == [
        "submission_receipt", "completion_notice"]


def test_a_double_click_on_start_draws_the_test_once(live_server: LiveServer,
                                                     organization: Organization,
                                                     basics_test: Test, hold_together,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _, link = invite(organization, [basics_test], now=utcnow())
    session, csrf_token = open_link(live_server.url, link)
    starts: list[str] = []
    start_next = taking.start_next

    def counting(*args: Any) -> Attempt:
        attempt = start_next(*args)
        starts.append(attempt.public_id)
        return attempt

    monkeypatch.setattr(taking, "start_next", counting)
    hold_together(((taking, "hold_invitation"),))

    def press() -> int:
        with requests.Session() as connection:
            connection.cookies.update(session.cookies)
            return connection.post(f"{live_server.url}{link}/start", allow_redirects=False,
                                   data={"csrf_token": csrf_token, "tz": "UTC"},
                                   timeout=30).status_code

    with session:
        statuses = together(press, press)

    assert statuses == [302, 302]
    assert len(starts) == 1


def test_integrity_events_of_two_heartbeats_arriving_together_are_all_counted(
        browser, hold_together) -> None:
    event = {"kind": "focus_lost", "duration_ms": 4000, "ago_ms": 100}
    hold_together(((answering, "hold"),))

    statuses = together(browser.post_json("heartbeat", {"events": [event]}),
                        browser.post_json("heartbeat", {"events": [event, event]}))

    assert statuses == [200, 200]
    db.session.expire_all()
    attempt = db.session.scalar(select(Attempt).where(Attempt.public_id == browser.attempt_id))
    assert attempt is not None
    assert attempt.integrity["focus_lost"] == {"count": 3, "total_ms": 12_000}
