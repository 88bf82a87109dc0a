"""The completion PATCH, end to end: a candidate finishes, the worker PATCHes Greenhouse's
url, and Greenhouse's immediate test_status call already sees the final result."""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import requests
from sqlalchemy import select

from app.extensions import db
from app.jobs import deliver_outbox
from app.models import Invitation, OutboxMessage, utcnow
from app.services.grading import grade_response
from tests.greenhouse.conftest import START, finish, send_test_body


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"CALLBACK_ALLOW_HTTP": True, "CALLBACK_ALLOWED_HOSTS": ["127.0.0.1"],
            "CALLBACK_ALLOWED_PORTS": ["*"], "CALLBACK_ALLOWED_NETWORKS": ["127.0.0.0/8"],
            "CALLBACK_TIMEOUT_SECONDS": 5}


@dataclass
class Patch:
    path: str
    authorization: str | None
    body: bytes
    status_seen: dict[str, Any] | None  # what test_status said while the PATCH was open


@dataclass
class GreenhouseStandIn:
    """Greenhouse's callback endpoint: on each PATCH it calls our test_status right away,
    as Greenhouse does, and answers with ``answer_status``."""

    api_url: str
    key: str
    port: int = 0
    answer_status: int = 200
    patches: list[Patch] = field(default_factory=list)

    def url(self, interview: str = "12345") -> str:
        return f"http://127.0.0.1:{self.port}/integrations/take_home_tests/{interview}"


def _handler(stand_in: GreenhouseStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_PATCH(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            interview = stand_in.interview_id if hasattr(stand_in, "interview_id") else None
            seen = None
            if interview:
                seen = requests.get(f"{stand_in.api_url}/api/greenhouse/test_status",
                                    params={"partner_interview_id": interview},
                                    auth=(stand_in.key, ""), timeout=5).json()
            stand_in.patches.append(Patch(self.path, self.headers.get("Authorization"),
                                          body, seen))
            self.send_response(stand_in.answer_status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def greenhouse_site(live_server, greenhouse_key) -> Iterator[GreenhouseStandIn]:  # type: ignore[no-untyped-def]
    stand_in = GreenhouseStandIn(api_url=live_server.url, key=greenhouse_key.value)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stand_in))
    stand_in.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield stand_in
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _send_test(site: GreenhouseStandIn, test_id: str, url: str | None) -> Invitation:
    response = requests.post(f"{site.api_url}/api/greenhouse/send_test",
                             json=send_test_body(test_id, url=url), auth=(site.key, ""),
                             timeout=10)
    assert response.status_code == 200, response.text
    interview_id = response.json()["partner_interview_id"]
    site.interview_id = interview_id  # type: ignore[attr-defined]
    db.session.expire_all()
    return db.session.scalars(select(Invitation).where(Invitation.public_id == interview_id)).one()


def _deliver_everything_due() -> None:
    while deliver_outbox.run_once():
        pass


def _patch_rows() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage)
                                   .where(OutboxMessage.kind == "greenhouse_patch")))


def test_greenhouse_is_patched_after_the_result_is_committed(greenhouse_site, quiz) -> None:
    invitation = _send_test(greenhouse_site, "python-basics", greenhouse_site.url())
    _deliver_everything_due()
    assert greenhouse_site.patches == []  # the invitation email went; no PATCH yet

    finish(invitation.attempts[0])
    _deliver_everything_due()

    [patch] = greenhouse_site.patches
    assert patch.path == "/integrations/take_home_tests/12345"
    assert patch.body == b""
    assert patch.authorization == "Basic " + base64.b64encode(
        f"{greenhouse_site.key}:".encode()).decode()
    assert patch.status_seen is not None
    assert patch.status_seen["partner_status"] == "complete"
    assert patch.status_seen["partner_score"] == 100.0
    assert patch.status_seen["partner_profile_url"].startswith(greenhouse_site.api_url)
    [row] = _patch_rows()
    assert (row.status, row.transport) == ("sent", "http")


def test_an_essay_is_patched_only_once_graded(greenhouse_site, essay_test) -> None:
    invitation = _send_test(greenhouse_site, "design-essay", greenhouse_site.url())
    attempt = finish(invitation.attempts[0], {"e1": "a", "e2": "Queues decouple."})
    _deliver_everything_due()
    assert greenhouse_site.patches == []

    grade_response(db.session, attempt, "e2", 5.0, None, "Reviewer", START + timedelta(hours=1))
    db.session.commit()
    _deliver_everything_due()

    [patch] = greenhouse_site.patches
    assert patch.status_seen["partner_status"] == "complete"
    assert patch.status_seen["partner_score"] == 100.0


def test_without_a_url_nothing_is_ever_patched(greenhouse_site, quiz) -> None:
    invitation = _send_test(greenhouse_site, "python-basics", None)
    finish(invitation.attempts[0])
    _deliver_everything_due()
    assert greenhouse_site.patches == []
    assert _patch_rows() == []


def test_a_server_error_from_greenhouse_is_retried_later(greenhouse_site, quiz) -> None:
    greenhouse_site.answer_status = 503
    invitation = _send_test(greenhouse_site, "python-basics", greenhouse_site.url())
    finish(invitation.attempts[0], now=utcnow())  # the 72 h of retries start now
    _deliver_everything_due()
    [row] = _patch_rows()
    assert row.status == "pending"
    assert row.attempt_count == 1
    assert "HTTP 503" in (row.last_error or "")


def test_a_refusal_from_greenhouse_stops_and_is_recorded(greenhouse_site, quiz) -> None:
    greenhouse_site.answer_status = 404
    invitation = _send_test(greenhouse_site, "python-basics", greenhouse_site.url())
    finish(invitation.attempts[0])
    _deliver_everything_due()
    [row] = _patch_rows()
    assert row.status == "failed"
    assert "HTTP 404" in (row.last_error or "")
