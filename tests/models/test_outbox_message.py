"""An outbox row's body: kept only encrypted, and only while it may still be needed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import InvalidTransition, OutboxMessage
from app.models.outbox import BodyDropped
from app.services.outbox import enqueue, recipient_of

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BODY = {"to": "olena@example.test", "subject": "Your test",
        "text": "Start here: http://assay.test/t/SeCrEtToKeN0123456789"}


def _queued(payload: dict[str, object] | None = None) -> OutboxMessage:
    message = enqueue(db.session, "email", payload or BODY, now=NOW)
    db.session.commit()
    return message


def test_it_stores_the_body_encrypted_and_opens_it_again(app) -> None:  # type: ignore[no-untyped-def]
    message = _queued()

    stored = db.session.execute(select(OutboxMessage.__table__.c.sealed_payload)).scalar_one()

    assert "SeCrEtToKeN" not in stored and "olena" not in stored
    assert stored.startswith("gAAAA")  # a Fernet token
    assert message.open_payload() == BODY
    assert message.recipient == "olena@example.test"


def test_a_callback_is_listed_by_its_host_only() -> None:
    assert recipient_of({"url": "https://app.greenhouse.io/cb/9?token=x"}) == "app.greenhouse.io"
    assert recipient_of({"url": "https://user:pw@gh.test:8443/cb"}) == "gh.test:8443"
    assert recipient_of({"url": "https://[::1"}) is None
    assert recipient_of({}) is None


def test_delivery_drops_the_body_but_keeps_the_record(app) -> None:  # type: ignore[no-untyped-def]
    message = _queued()

    message.mark_sent(NOW, "smtp")
    db.session.commit()

    assert (message.sealed_payload, message.body_dropped_at) == (None, NOW)
    assert (message.status, message.recipient, message.sent_at) == (
        "sent", "olena@example.test", NOW)
    with pytest.raises(BodyDropped,
                       match=r"dropped on 2026-03-02T09:00:00.* once it was delivered"):
        message.open_payload()


def test_the_development_mailbox_keeps_its_copies(app) -> None:  # type: ignore[no-untyped-def]
    message = _queued()

    message.mark_sent(NOW, "devmail")

    assert message.open_payload() == BODY


@pytest.mark.parametrize("how", ["refused", "gave up"])
def test_a_failed_row_keeps_its_body_and_says_when_it_failed(app, how: str) -> None:  # type: ignore[no-untyped-def]
    message = _queued()

    if how == "refused":
        message.mark_failed("550", NOW)
    else:
        message.mark_retry(NOW, "451", message.give_up_at - NOW + timedelta(seconds=1))

    assert (message.status, message.failed_at) == ("failed", NOW)
    assert message.open_payload() == BODY


def test_a_row_refused_before_any_try_fails_with_no_try_counted(app) -> None:  # type: ignore[no-untyped-def]
    message = enqueue(db.session, "webhook", {"url": "https://10.0.0.5/"}, now=NOW)

    message.mark_refused("not delivering: an IP address", NOW)  # before the first flush
    db.session.commit()

    assert (message.status, message.attempt_count, message.failed_at) == ("failed", 0, NOW)
    assert message.open_payload() == {"url": "https://10.0.0.5/"}


def test_a_row_already_tried_cannot_be_refused(app) -> None:  # type: ignore[no-untyped-def]
    message = _queued()
    message.mark_retry(NOW, "451", timedelta(minutes=1))

    with pytest.raises(InvalidTransition):
        message.mark_refused("too late", NOW)


def test_a_requeued_row_is_no_longer_failed(app) -> None:  # type: ignore[no-untyped-def]
    message = _queued()
    message.mark_failed("550", NOW)

    message.requeue(NOW + timedelta(hours=1), NOW + timedelta(hours=73))

    assert (message.status, message.failed_at) == ("pending", None)


def test_a_row_without_its_body_cannot_be_requeued(app) -> None:  # type: ignore[no-untyped-def]
    message = _queued()
    message.mark_failed("550", NOW)
    message.drop_body(NOW + timedelta(days=7))

    with pytest.raises(BodyDropped, match="OUTBOX_KEEP_FAILED_DAYS after it failed"):
        message.requeue(NOW + timedelta(days=8), NOW + timedelta(days=11))
    assert message.status == "failed"


def test_a_pending_row_never_loses_its_body(app) -> None:  # type: ignore[no-untyped-def]
    message = _queued()

    with pytest.raises(InvalidTransition):
        message.drop_body(NOW)
    with pytest.raises(IntegrityError):  # nor behind the model's back
        db.session.execute(update(OutboxMessage).where(OutboxMessage.id == message.id)
                           .values(sealed_payload=None))
    db.session.rollback()


def test_a_body_sealed_under_another_key_cannot_be_opened(app) -> None:  # type: ignore[no-untyped-def]
    message = _queued()
    app.config["ENCRYPTION_KEY"] = "another key"

    with pytest.raises(ValueError, match="cannot decrypt"):
        message.open_payload()
