"""The selftest's own servers: Greenhouse's callback endpoint and a mailbox.

The callback server receives the completion PATCH (and, as Greenhouse does, calls
test_status at once); the mail catcher is a local SMTP server the target Assay sends its
invitation to, so the candidate link can be read from it.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

import requests

from app.greenhouse.selftest.checks import ReceivedPatch

if TYPE_CHECKING:
    from app.greenhouse.selftest.simulator import Greenhouse

LINK_PATTERN = re.compile(r"https?://[^\s\"'<>]+/t/[A-Za-z0-9_\-]+")


class SelftestError(RuntimeError):
    """The selftest cannot go on (no SMTP library, no test to send, ...)."""


# --- the callback endpoint (Greenhouse's take_home_tests url) ------------------------------

class CallbackServer:
    """Receives the PATCH and, as Greenhouse does, calls test_status right away."""

    def __init__(self, greenhouse: Greenhouse, host: str) -> None:
        self.greenhouse = greenhouse
        self.interview_id: str | None = None
        self.received: ReceivedPatch | None = None
        self.arrived = threading.Event()
        self.server = ThreadingHTTPServer((host, 0), self._handler())
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_PATCH(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                seen = None
                if owner.interview_id is not None:
                    try:
                        seen = owner.greenhouse.status(owner.interview_id)
                    except requests.RequestException:
                        seen = None
                owner.received = owner.received or ReceivedPatch(
                    "PATCH", self.path, self.headers.get("Authorization"), body, seen)
                owner.arrived.set()
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def _refuse(self) -> None:
                self.send_response(405)
                self.send_header("Allow", "PATCH")
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = do_PUT = do_DELETE = _refuse

            def log_message(self, *args: Any) -> None:
                pass

        return Handler

    @contextmanager
    def running(self) -> Iterator[CallbackServer]:
        self.thread.start()
        try:
            yield self
        finally:
            self.server.shutdown()
            self.server.server_close()
            self.thread.join(timeout=5)


# --- the mailbox --------------------------------------------------------------------------

class MailCatcher:
    """A local SMTP server the target Assay sends its mail to (MAIL_SERVER/MAIL_PORT)."""

    def __init__(self, host: str, port: int) -> None:
        try:
            from aiosmtpd.controller import Controller  # optional: only --smtp-port needs it
        except ImportError:
            raise SelftestError(
                "--smtp-port needs the aiosmtpd package: pip install aiosmtpd "
                "(or pip install -e '.[test]'); or leave --smtp-port out and paste the link "
                "from the invitation email when asked") from None
        self.messages: list[EmailMessage] = []
        self.arrived = threading.Condition()
        self.controller = Controller(self, hostname=host, port=port)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.arrived:
            self.messages.append(message)
            self.arrived.notify_all()
        return "250 Message accepted for delivery"

    @contextmanager
    def running(self) -> Iterator[MailCatcher]:
        self.controller.start()
        try:
            yield self
        finally:
            self.controller.stop()

    def link_for(self, email: str, timeout: float) -> str | None:
        """The candidate link in the first email to ``email``, waiting up to ``timeout``."""
        deadline = time.monotonic() + timeout
        with self.arrived:
            while True:
                for message in self.messages:
                    if email.lower() in str(message.get("To", "")).lower():
                        link = link_in(message)
                        if link:
                            return link
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.arrived.wait(left)


def link_in(message: EmailMessage) -> str | None:
    for part in message.walk():
        if part.get_content_type() in ("text/plain", "text/html"):
            found = LINK_PATTERN.search(part.get_content())
            if found:
                return found.group(0)
    return None
