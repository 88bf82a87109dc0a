"""A slow SMTP server holds a delivery past the worker's claim: the claim is renewed while
it runs, so no other worker takes the row and sends the email again."""

from __future__ import annotations

import asyncio
import re
import threading
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from app.extensions import db
from app.jobs import deliver_outbox
from app.jobs.delivery import message_id_header
from app.models import OutboxMessage
from tests.fixtures.servers import Mailbox, serving
from tests.jobs.builders import queue_team_email

CLAIM_SECONDS = 3
STEP_SECONDS = 0.7  # each answer in time for the 1 s read timeout; 5 steps outlast the claim


class SlowMailbox(Mailbox):
    """Answers EHLO, MAIL, RCPT, DATA and QUIT each after STEP_SECONDS: every read is
    within the client's timeout, the whole conversation (about 3.5 s) is not within the
    claim (3 s)."""

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # type: ignore[no-untyped-def]
        await asyncio.sleep(STEP_SECONDS)
        session.host_name = hostname
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):  # type: ignore[no-untyped-def]
        await asyncio.sleep(STEP_SECONDS)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        await asyncio.sleep(STEP_SECONDS)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        await asyncio.sleep(STEP_SECONDS)
        return await super().handle_DATA(server, session, envelope)

    async def handle_QUIT(self, server, session, envelope):  # type: ignore[no-untyped-def]
        await asyncio.sleep(STEP_SECONDS)
        return "221 Bye"


@pytest.fixture
def slow_smtp_server() -> Iterator[SlowMailbox]:
    with serving(SlowMailbox) as mailbox:
        yield mailbox


@pytest.fixture
def app_config(slow_smtp_server: SlowMailbox) -> dict[str, Any]:
    return {"MAIL_SERVER": slow_smtp_server.host, "MAIL_PORT": slow_smtp_server.port,
            "OUTBOX_CLAIM_SECONDS": CLAIM_SECONDS, "MAIL_TIMEOUT_SECONDS": 1,
            "CALLBACK_TIMEOUT_SECONDS": 1}


def _pending() -> int:
    with db.engine.connect() as conn:
        return len(conn.execute(select(OutboxMessage.id).where(
            OutboxMessage.status == "pending")).all())


@pytest.mark.committing  # workers in threads, each its own connection
@pytest.mark.timeout(60)
def test_two_workers_never_send_an_email_twice_however_slow_the_server(  # type: ignore[no-untyped-def]
        app, slow_smtp_server) -> None:
    ids = [queue_team_email(f"team{n}@acme.test") for n in range(2)]
    expected_ids = {f"team{n}@acme.test": message_id_header(ids[n]) for n in range(2)}
    start, stop = threading.Barrier(2), threading.Event()
    errors: list[BaseException] = []

    def worker(worker_id: str) -> None:
        try:
            with app.app_context():  # its own database session
                start.wait()
                while not stop.is_set():
                    if not deliver_outbox.run_once(worker_id=worker_id):
                        time.sleep(0.1)
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)

    began = time.monotonic()
    threads = [threading.Thread(target=worker, args=(f"host-{n}:1:x",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    # Run well past two claims, until nothing is pending (or a bound is reached).
    while time.monotonic() - began < 25 and (
            _pending() or time.monotonic() - began < 2.5 * CLAIM_SECONDS):
        time.sleep(0.2)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    elapsed = time.monotonic() - began

    assert errors == []
    received = slow_smtp_server.messages
    sends = Counter(message["To"] for message in received)
    duplicates = len(received) - len(sends)
    print(f"slow SMTP: {len(received)} sent for 2 rows, {duplicates} duplicates, "
          f"{elapsed:.1f} s")
    assert duplicates == 0, sends
    assert sorted(sends) == sorted(expected_ids)
    for message in received:
        assert message["Message-ID"] == expected_ids[message["To"]]
        assert re.fullmatch(r"<outbox-\d+\.[0-9a-f]{20}@assay\.test>", message["Message-ID"])
    rows = [db.session.get(OutboxMessage, i) for i in ids]
    assert [(row.status, row.attempt_count) for row in rows if row] == [("sent", 1)] * 2
    assert elapsed < 30
