"""Side effects that leave the machine (emails, Greenhouse callbacks), queued in the same
transaction as the change that caused them and delivered later by the worker.

A message's body (an email's subject, text and HTML with the candidate's link or the
results URL; a callback's URL) is a secret: it is kept only Fernet-encrypted
(``sealed_payload``), and only while it may still be needed. Delivering a message drops
it (the development mailbox's rows excepted: showing them is that mailbox's whole point);
a failed message keeps it OUTBOX_KEEP_FAILED_DAYS for an operator's retry, then the
``drop_outbox_bodies`` job drops it. What operators need to follow a message (kind,
recipient, status, times, tries, last error) stays in plain columns.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, InvalidTransition, utcnow
from app.security.tokens import decrypt, encrypt

if TYPE_CHECKING:
    from app.models.invitation import Invitation

PENDING = "pending"
SENT = "sent"
FAILED = "failed"  # gave up: out of time, or the receiver refused for good
STATUSES = (PENDING, SENT, FAILED)

# The transport of emails kept for the development mailbox (never in production): the
# mailbox shows them, so delivering them does not drop their body.
DEVMAIL = "devmail"


class BodyDropped(Exception):
    """The message's body is gone (delivered, or failed longer ago than bodies are kept):
    there is nothing left to send or show."""


class OutboxMessage(Base):
    __tablename__ = "outbox_message"
    __table_args__ = (
        CheckConstraint(f"status IN {STATUSES!r}", name="status_known"),
        CheckConstraint("attempt_count >= 0", name="attempt_count_not_negative"),
        # A message waiting for delivery always has something to deliver.
        CheckConstraint(f"status != '{PENDING}' OR sealed_payload IS NOT NULL",
                        name="pending_has_body"),
        # The worker's claim query: pending rows due now, oldest first.
        Index("ix_outbox_due", "status", "next_attempt_at"),
        # The console's outbox page: an organization's messages, newest first.
        Index("ix_outbox_org_created", "organization_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # a key of app.jobs.delivery.HANDLERS
    # Fernet token of the JSON body, everything the handler needs (rendered at enqueue
    # time); NULL once dropped. Read and written only through open_payload() and seal().
    sealed_payload: Mapped[str | None] = mapped_column(Text)
    # Where it goes, for operators: an email address, or a callback's host (never its URL).
    recipient: Mapped[str | None] = mapped_column(String(320))
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="SET NULL")
    )
    status: Mapped[str] = mapped_column(String(20), default=PENDING)
    attempt_count: Mapped[int] = mapped_column(default=0)  # delivery tries so far
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    give_up_at: Mapped[datetime]  # after this, a failed try marks the row failed
    claimed_by: Mapped[str | None] = mapped_column(String(100))  # worker id holding the claim
    claimed_until: Mapped[datetime | None]  # an expired claim is free to take again
    last_error: Mapped[str | None] = mapped_column(Text)
    transport: Mapped[str | None] = mapped_column(String(20))  # smtp, devmail, http
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    failed_at: Mapped[datetime | None]  # when it last became failed; the body's clock
    body_dropped_at: Mapped[datetime | None]  # when the body was dropped (None: kept)
    # The invitation it is about, for the invitation's history (None: not about one).
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitation.id", ondelete="SET NULL"), index=True)

    # Set when queueing, so a new invitation's id is filled in by the same flush.
    invitation: Mapped[Invitation | None] = relationship()

    def seal(self, payload: dict[str, Any]) -> None:
        """Keep ``payload`` encrypted as this message's body. Needs an app context (the key
        comes from ENCRYPTION_KEY, or SECRET_KEY)."""
        self.sealed_payload = encrypt(json.dumps(payload, separators=(",", ":")))
        self.body_dropped_at = None

    def open_payload(self) -> dict[str, Any]:
        """The body, decrypted. Raises :class:`BodyDropped` when it was dropped, ValueError
        when it cannot be decrypted (the encryption key changed)."""
        if self.sealed_payload is None:
            raise BodyDropped(self.body_gone_reason())
        payload = json.loads(decrypt(self.sealed_payload))
        if not isinstance(payload, dict):
            raise ValueError("the sealed body is not a JSON object")
        return payload

    @property
    def has_body(self) -> bool:
        return self.sealed_payload is not None

    def body_gone_reason(self) -> str:
        """Why there is no body, in a sentence for an operator."""
        when = (f" on {self.body_dropped_at.isoformat(timespec='seconds')}"
                if self.body_dropped_at else "")
        if self.status == SENT:
            return f"its body was dropped{when} once it was delivered"
        return (f"its body was dropped{when}, OUTBOX_KEEP_FAILED_DAYS after it failed "
                "(bodies hold candidates' links and are kept only that long)")

    def drop_body(self, now: datetime) -> None:
        if self.status == PENDING:
            raise InvalidTransition("OutboxMessage", "pending with a body", "pending without")
        if self.sealed_payload is not None:
            self.sealed_payload = None
            self.body_dropped_at = now

    def mark_sent(self, now: datetime, transport: str) -> None:
        """Delivered: the body is dropped, unless the development mailbox shows it."""
        if self.status != PENDING:
            raise InvalidTransition("OutboxMessage", self.status, SENT)
        self.status = SENT
        self.sent_at = now
        self.transport = transport
        self.attempt_count += 1
        self._release()
        if transport != DEVMAIL:
            self.drop_body(now)

    def mark_retry(self, now: datetime, error: str, delay: timedelta) -> None:
        """A failed try: schedule the next one, or give up when past ``give_up_at``."""
        if self.status != PENDING:
            raise InvalidTransition("OutboxMessage", self.status, PENDING)
        self.attempt_count += 1
        self.last_error = error[:4000]
        if now + delay > self.give_up_at:
            self.status = FAILED
            self.failed_at = now
        else:
            self.next_attempt_at = now + delay
        self._release()

    def mark_failed(self, error: str, now: datetime | None = None) -> None:
        """The receiver refused for good (a 4xx that retrying cannot fix)."""
        if self.status != PENDING:
            raise InvalidTransition("OutboxMessage", self.status, FAILED)
        self.attempt_count += 1
        self.status = FAILED
        self.failed_at = now or utcnow()
        self.last_error = error[:4000]
        self._release()

    def mark_refused(self, error: str, now: datetime) -> None:
        """Refused before any try (its destination is not allowed): failed, with no try
        counted. The body stays, for an operator's retry once the settings allow it."""
        # A row not yet flushed has no status yet: its default, pending, is what it is.
        if (self.status or PENDING) != PENDING or self.attempt_count:
            raise InvalidTransition("OutboxMessage", self.status, FAILED)
        self.status = FAILED
        self.attempt_count = 0
        self.failed_at = now
        self.last_error = error[:4000]
        self._release()

    def requeue(self, now: datetime, give_up_at: datetime) -> None:
        """An operator's retry of a failed row (after fixing the cause): due again now,
        with a fresh give-up time. Tries so far and the last error are kept.

        Raises :class:`BodyDropped` when the body is gone: there is nothing to send.
        """
        if self.status != FAILED:
            raise InvalidTransition("OutboxMessage", self.status, PENDING)
        if not self.has_body:
            raise BodyDropped(self.body_gone_reason())
        self.status = PENDING
        self.failed_at = None
        self.next_attempt_at = now
        self.give_up_at = max(self.give_up_at, give_up_at)
        self._release()

    def _release(self) -> None:
        self.claimed_by = None
        self.claimed_until = None
