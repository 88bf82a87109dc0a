"""A customer's webhook receiver (a real HTTP server on 127.0.0.1) and the settings that
let the worker reach it."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from app.extensions import db
from app.models import Organization
from app.webhooks import enqueue_webhook, new_webhook_secret

REAL_GETADDRINFO = socket.getaddrinfo

# The receiver listens on plain http, on loopback, on a random port: each allowed here,
# loopback through CALLBACK_ALLOWED_NETWORKS as an operator would allow a private network.
LOCAL_RECEIVER_SETTINGS: dict[str, Any] = {
    "CALLBACK_ALLOW_HTTP": True, "CALLBACK_ALLOWED_HOSTS": ["127.0.0.1"],
    "CALLBACK_ALLOWED_PORTS": ["*"], "CALLBACK_ALLOWED_NETWORKS": ["127.0.0.0/8"],
    "CALLBACK_TIMEOUT_SECONDS": 1,
}


@dataclass
class Delivery:
    """One request as the receiver got it, and what it answered."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    answered: int


@dataclass
class Receiver:
    """Answers each POST with the next of ``answers`` (then 200), and records it."""

    port: int = 0
    answers: list[int] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    def url(self, path: str = "/hooks/assay?source=test") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> None:
        server = _Server(("127.0.0.1", self.port), _Handler)
        server.receiver = self
        self.port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self._server = self._thread = None


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        receiver = self.server.receiver
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        status = receiver.answers.pop(0) if receiver.answers else 200
        receiver.deliveries.append(
            Delivery(self.command, self.path, dict(self.headers), body, status))
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output quiet


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True  # restarted on the same port in the "down, then up" test
    receiver: Receiver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    running = Receiver()
    running.start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def webhook_secret() -> str:
    return new_webhook_secret()


@pytest.fixture
def customer(organization: Organization) -> Organization:
    """The company whose integration registered the webhook."""
    return organization


@dataclass
class FakeDns:
    """Answers for made-up names; every other look-up goes to the real resolver."""

    answers: dict[str, list[str]] = field(default_factory=dict)

    def getaddrinfo(self, host: Any, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        if host not in self.answers:
            return REAL_GETADDRINFO(host, port, *args, **kwargs)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, int(port or 0)))
                for ip in self.answers[host]]


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> FakeDns:
    fake = FakeDns()
    monkeypatch.setattr(socket, "getaddrinfo", fake.getaddrinfo)
    return fake


def queue_webhook(organization: Organization, url: str, secret: str,
                  event_type: str = "invitation.completed", data: dict[str, Any] | None = None,
                  event_id: str | None = None) -> int:
    """An event queued the way the API does it, committed; returns the outbox row's id."""
    message = enqueue_webhook(db.session, organization_id=organization.id, url=url,
                              secret=secret, event_type=event_type,
                              data={"id": 42} if data is None else data, event_id=event_id)
    db.session.commit()
    return message.id
