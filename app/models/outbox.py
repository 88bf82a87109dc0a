"""Side effects that leave the machine (emails, Greenhouse callbacks), queued in the same
transaction as the change that caused them and delivered later by the worker."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column


from app.models.base import Base, InvalidTransition, utcnow

PENDING = "pending"
SENT = "sent"
FAILED = "failed"  # gave up: out of time, or the receiver refused for good
STATUSES = (PENDING, SENT, FAILED)


class OutboxMessage(Base):
    __tablename__ = "outbox_message"
    __table_args__ = (
        CheckConstraint(f"status IN {STATUSES!r}", name="status_known"),
        CheckConstraint("attempt_count >= 0", name="attempt_count_not_negative"),
        # The worker's claim query: pending rows due now, oldest first.
        Index("ix_outbox_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # a key of app.jobs.delivery.HANDLERS
    payload: Mapped[dict[str, Any]]  # everything the handler needs, rendered at enqueue time
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

    def mark_sent(self, now: datetime, transport: str) -> None:
        if self.status != PENDING:
            raise InvalidTransition("OutboxMessage", self.status, SENT)
        self.status = SENT
        self.sent_at = now
        self.transport = transport
        self.attempt_count += 1
        self._release()

    def mark_retry(self, now: datetime, error: str, delay: timedelta) -> None:
        """A failed try: schedule the next one, or give up when past ``give_up_at``."""
        if self.status != PENDING:
            raise InvalidTransition("OutboxMessage", self.status, PENDING)
        self.attempt_count += 1
        self.last_error = error[:4000]
        if now + delay > self.give_up_at:
            self.status = FAILED
        else:
            self.next_attempt_at = now + delay
        self._release()

    def mark_failed(self, error: str) -> None:
        """The receiver refused for good (a 4xx that retrying cannot fix)."""
        if self.status != PENDING:
            raise InvalidTransition("OutboxMessage", self.status, FAILED)
        self.attempt_count += 1
        self.status = FAILED
        self.last_error = error[:4000]
        self._release()

    def requeue(self, now: datetime, give_up_at: datetime) -> None:
        """An operator's retry of a failed row (after fixing the cause): due again now,
        with a fresh give-up time. Tries so far and the last error are kept."""
        if self.status != FAILED:
            raise InvalidTransition("OutboxMessage", self.status, PENDING)
        self.status = PENDING
        self.next_attempt_at = now
        self.give_up_at = max(self.give_up_at, give_up_at)
        self._release()

    def _release(self) -> None:
        self.claimed_by = None
        self.claimed_until = None
