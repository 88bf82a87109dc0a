"""Servers the worker delivers to: a picky SMTP server and a Greenhouse stand-in."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.fixtures.servers import Mailbox, serving


class PickyMailbox(Mailbox):
    """Accepts mail, except for recipients named rejected@... (550, for good) and busy@...
    (451, try later)."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        local_part = address.split("@")[0]
        if local_part.startswith("rejected"):
            return "550 5.1.1 No such mailbox here"
        if local_part.startswith("busy"):
            return "451 4.2.1 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture
def picky_smtp_server() -> Iterator[PickyMailbox]:
    with serving(PickyMailbox) as mailbox:
        yield mailbox


@dataclass
class ReceivedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class CallbackServer:
    """A stand-in for Greenhouse's callback endpoint: records each request and answers
    with ``status``, ``headers`` and ``body``, after ``delay`` seconds."""

    port: int = 0
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    delay: float = 0.0
    requests: list[ReceivedRequest] = field(default_factory=list)

    def url(self, path: str = "/callback/123") -> str:
        return f"http://127.0.0.1:{self.port}{path}"


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def _answer(self) -> None:
        stub = self.server.stub
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        stub.requests.append(ReceivedRequest(self.command, self.path, dict(self.headers), body))
        time.sleep(stub.delay)
        self.send_response(stub.status)
        for name, value in stub.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(stub.body)))
        self.end_headers()
        self.wfile.write(stub.body)

    do_GET = do_PATCH = do_POST = _answer

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output quiet


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    stub: CallbackServer

    def handle_error(self, request, client_address):  # type: ignore[no-untyped-def]
        pass  # a client that gave up waiting (the timeout test) is expected


@pytest.fixture
def callback_server() -> Iterator[CallbackServer]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.stub = CallbackServer(port=server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield server.stub
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
