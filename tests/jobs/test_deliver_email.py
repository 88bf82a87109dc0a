"""Delivering queued emails through a real SMTP server."""

from __future__ import annotations

import re
import threading
from datetime import timedelta
from typing import Any

import pytest

from app.extensions import db
from app.jobs import deliver_outbox
from app.jobs.delivery import message_id_header, send_email
from app.models import OutboxMessage, utcnow
from tests.fixtures.servers import Mailbox
from tests.jobs.builders import queue_team_email, reloaded


@pytest.fixture
def app_config(smtp_server: Mailbox) -> dict[str, Any]:
    return {"MAIL_SERVER": smtp_server.host, "MAIL_PORT": smtp_server.port,
            "MAIL_DEFAULT_SENDER": "Assay <no-reply@assay.test>"}


def test_it_sends_the_email_with_text_and_html_parts(app, smtp_server) -> None:  # type: ignore[no-untyped-def]
    queue_team_email("hiring@acme.test")

    assert deliver_outbox.run_once() is True

    [message] = smtp_server.wait_for(1)
    assert message["To"] == "hiring@acme.test"
    assert message["From"] == "Assay <no-reply@assay.test>"
    assert message["Subject"] == "Answers to grade: Olena Petrenko, Python fundamentals"
    assert message["Content-Language"] == "en"
    assert message["Auto-Submitted"] == "auto-generated"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "2 written answers await grading" in text
    assert "http://assay.test/results/iv_1" in text
    assert '<html lang="en"' in html
    assert 'href="http://assay.test/results/iv_1"' in html
    assert smtp_server.envelopes == [("no-reply@assay.test", ["hiring@acme.test"])]


def test_it_records_the_row_as_sent_over_smtp(app, smtp_server) -> None:  # type: ignore[no-untyped-def]
    message_id = queue_team_email()

    deliver_outbox.run_once()

    row = reloaded(message_id)
    assert (row.status, row.transport, row.attempt_count) == ("sent", "smtp", 1)
    assert row.sent_at is not None
    assert row.claimed_by is None and row.claimed_until is None


def test_a_reply_to_address_is_set_when_given(app, smtp_server) -> None:  # type: ignore[no-untyped-def]
    from app.services.mail import queue_email

    queue_email(db.session, template="review_needed", to="hiring@acme.test", language="en",
                organization_id=None, reply_to="recruiter@acme.test",
                context={"organization_name": "Acme Corp", "candidate_name": "Olena",
                         "test_name": "SQL", "results_url": "http://assay.test/r"})
    db.session.commit()

    deliver_outbox.run_once()

    [message] = smtp_server.wait_for(1)
    assert message["Reply-To"] == "recruiter@acme.test"


def test_nothing_is_sent_for_a_rolled_back_transaction(app, smtp_server) -> None:  # type: ignore[no-untyped-def]
    queue_team_email(commit=False)
    db.session.rollback()  # the change that caused the email failed

    assert deliver_outbox.run_once() is False
    assert smtp_server.wait_for(1, timeout=0.5) == []


def test_a_row_not_yet_due_waits(app, smtp_server) -> None:  # type: ignore[no-untyped-def]
    message_id = queue_team_email()
    row = reloaded(message_id)
    row.next_attempt_at = utcnow() + timedelta(minutes=1)
    db.session.commit()

    assert deliver_outbox.run_once() is False
    assert reloaded(message_id).status == "pending"


def test_a_sent_row_is_never_sent_again(app, smtp_server) -> None:  # type: ignore[no-untyped-def]
    queue_team_email()
    deliver_outbox.run_once()

    assert deliver_outbox.run_once() is False
    assert len(smtp_server.wait_for(2, timeout=0.5)) == 1


def test_a_batch_is_delivered_in_one_round(app, smtp_server) -> None:  # type: ignore[no-untyped-def]
    for number in range(3):
        queue_team_email(f"team{number}@acme.test")

    deliver_outbox.run_once()

    received = sorted(message["To"] for message in smtp_server.wait_for(3))
    assert received == ["team0@acme.test", "team1@acme.test", "team2@acme.test"]


@pytest.mark.committing  # workers in threads, each its own connection
def test_two_workers_delivering_at_once_send_each_email_exactly_once(app, smtp_server) -> None:  # type: ignore[no-untyped-def]
    app.config["OUTBOX_BATCH_SIZE"] = 4
    for number in range(24):
        queue_team_email(f"team{number}@acme.test")
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker(worker_id: str) -> None:
        try:
            with app.app_context():  # its own database session
                start.wait()
                while deliver_outbox.run_once(worker_id=worker_id):
                    pass
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(f"host-{n}:1:x",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    received = sorted(message["To"] for message in smtp_server.wait_for(24))
    assert received == sorted(f"team{number}@acme.test" for number in range(24))
    assert len(smtp_server.wait_for(25, timeout=0.5)) == 24


def test_each_email_has_a_message_id_of_its_own_the_same_on_every_try(  # type: ignore[no-untyped-def]
        app, smtp_server) -> None:
    first, second = queue_team_email("a@acme.test"), queue_team_email("b@acme.test")
    row = db.session.get(OutboxMessage, first)
    assert row is not None
    body = row.open_payload()

    deliver_outbox.run_once()
    send_email({**body, "outbox_id": first})  # as a second try of the first row would

    received = smtp_server.wait_for(3)
    ids = [(message["To"], message["Message-ID"]) for message in received]
    assert sorted(ids) == sorted([("a@acme.test", message_id_header(first)),
                                  ("a@acme.test", message_id_header(first)),
                                  ("b@acme.test", message_id_header(second))])
    assert message_id_header(first) != message_id_header(second)
    assert re.fullmatch(rf"<outbox-{first}\.[0-9a-f]{{20}}@assay\.test>", message_id_header(first))


def test_the_message_id_cannot_be_made_without_the_secret_key(app) -> None:  # type: ignore[no-untyped-def]
    mine = message_id_header(7)
    app.config["SECRET_KEY"] = "another deployment's secret key, at least 32 chars"

    assert message_id_header(7) != mine
