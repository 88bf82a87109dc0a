"""One candidate taking one test version, and the answers and events it collects."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.domain import FINISH_REASONS, TRANSITIONS, AttemptState
from app.models.base import Base, InvalidTransition, utcnow
from app.scoring.records import DrawnSection, ScoreRecord, read_layout

if TYPE_CHECKING:
    from app.models.invitation import Invitation
    from app.models.test import Test

# The states and their rules are the domain's (app.domain.AttemptState); the names stay
# importable from here for the queries that filter on them.
NOT_STARTED = AttemptState.NOT_STARTED
IN_PROGRESS = AttemptState.IN_PROGRESS
AWAITING_REVIEW = AttemptState.AWAITING_REVIEW
COMPLETED = AttemptState.COMPLETED
EXPIRED = AttemptState.EXPIRED
CANCELLED = AttemptState.CANCELLED
STATES = tuple(state.value for state in AttemptState)
UNSTARTED_ENDS = tuple(state.value for state in AttemptState if state.ended_unstarted)


class Attempt(Base):
    __tablename__ = "attempt"
    __table_args__ = (
        UniqueConstraint("invitation_id", "position"),
        CheckConstraint(f"state IN {STATES!r}", name="state_known"),
        CheckConstraint(f"finish_reason IS NULL OR finish_reason IN {FINISH_REASONS!r}",
                        name="finish_reason_known"),
        CheckConstraint("score_percent IS NULL OR (score_percent >= 0 AND score_percent <= 100)",
                        name="score_percent_range"),
        # A test that was never started (waiting, expired or cancelled) has no draw yet.
        CheckConstraint(f"state IN {(NOT_STARTED.value, *UNSTARTED_ENDS)!r} OR seed IS NOT NULL",
                        name="started_has_seed"),
        Index("ix_attempt_state_deadline", "state", "deadline_at"),
        # Percentiles: completed attempts of a test version counted by score, index-only.
        Index("ix_attempt_test_state_score", "test_id", "state", "score_percent"),
        # The console's latest results, newest first.
        Index("ix_attempt_completed_at", "completed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(40), unique=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitation.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)  # order within the invitation's battery
    test_id: Mapped[int] = mapped_column(ForeignKey("test.id"), index=True)  # the exact version
    state: Mapped[str] = mapped_column(String(20), default=NOT_STARTED)
    seed: Mapped[int | None] = mapped_column(BigInteger)  # fixes the draw; set at start
    layout: Mapped[list[Any] | None]  # drawn sections/questions/option order, see scoring.draw
    time_limit_seconds: Mapped[int | None]  # the test's limit times the extra-time factor
    started_at: Mapped[datetime | None]
    deadline_at: Mapped[datetime | None]  # moves later only when connection gaps are credited
    credited_seconds: Mapped[int] = mapped_column(default=0)  # gap credit already granted
    current_section: Mapped[int] = mapped_column(default=0)  # index into layout
    current_question: Mapped[int] = mapped_column(default=0)  # index within the section
    section_deadline_at: Mapped[datetime | None]  # when the current section locks, if timed
    last_seen_at: Mapped[datetime | None]  # last heartbeat or save
    finished_at: Mapped[datetime | None]
    finish_reason: Mapped[str | None] = mapped_column(String(20))
    completed_at: Mapped[datetime | None]  # the result became final
    score_percent: Mapped[float | None]
    passed: Mapped[bool | None]
    result: Mapped[dict[str, Any] | None]  # scoring.ScoreResult.to_dict()
    integrity: Mapped[dict[str, Any] | None]  # summary of AttemptEvent rows
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    invitation: Mapped[Invitation] = relationship(back_populates="attempts")
    test: Mapped[Test] = relationship()
    responses: Mapped[list[Response]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan"
    )

    def _move(self, wanted: AttemptState) -> None:
        if wanted not in TRANSITIONS[AttemptState(self.state)]:
            raise InvalidTransition("Attempt", self.state, wanted)
        self.state = wanted

    @property
    def drawn(self) -> tuple[DrawnSection, ...]:
        """The layout as drawn (app.scoring.records), empty before the start."""
        return read_layout(self.layout)

    @property
    def score(self) -> ScoreRecord | None:
        """The stored score (app.scoring.records), None before the attempt finished."""
        return ScoreRecord.read(self.result)

    @property
    def is_finished(self) -> bool:
        return AttemptState(self.state).finished

    def start(self, *, now: datetime, seed: int, layout: list[Any],
              time_limit_seconds: int) -> None:
        self._move(IN_PROGRESS)
        self.seed = seed
        self.layout = layout
        self.time_limit_seconds = time_limit_seconds
        self.started_at = now
        self.deadline_at = now + timedelta(seconds=time_limit_seconds)
        self.last_seen_at = now

    def finish(self, *, now: datetime, reason: str, result: dict[str, Any], score_percent: float,
               passed: bool, awaiting_review: bool) -> None:
        """Record the end of taking (submitted or timed out) and the score so far."""
        if reason not in FINISH_REASONS:
            raise ValueError(f"unknown finish reason {reason!r}")
        self._move(AWAITING_REVIEW if awaiting_review else COMPLETED)
        self.finished_at = now
        self.finish_reason = reason
        self._record(result, score_percent, passed)
        if not awaiting_review:
            self.completed_at = now

    def complete_review(self, *, now: datetime, result: dict[str, Any], score_percent: float,
                        passed: bool) -> None:
        """The last essay is graded: the result becomes final."""
        self._move(COMPLETED)
        self._record(result, score_percent, passed)
        self.completed_at = now

    def _record(self, result: dict[str, Any], score_percent: float, passed: bool) -> None:
        self.result = result
        self.score_percent = score_percent
        self.passed = passed

    def expire(self) -> None:
        self._move(EXPIRED)

    def cancel(self) -> None:
        self._move(CANCELLED)

    def credit_time(self, seconds: int) -> None:
        """Give back time lost to a broken connection (the organization's policy decides)."""
        if self.state != IN_PROGRESS or self.deadline_at is None:
            raise InvalidTransition("Attempt", self.state, "credited")
        if seconds <= 0:
            return
        self.credited_seconds += seconds
        self.deadline_at += timedelta(seconds=seconds)
        if self.section_deadline_at is not None:
            self.section_deadline_at += timedelta(seconds=seconds)


class Response(Base):
    """The candidate's latest answer to one drawn question."""

    __tablename__ = "response"
    __table_args__ = (
        UniqueConstraint("attempt_id", "question_id"),
        CheckConstraint("revision >= 1", name="revision_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(100))  # the bank's question id
    answer: Mapped[Any | None] = mapped_column(JSON)  # shape per question type
    flagged: Mapped[bool] = mapped_column(default=False)  # marked for review by the candidate
    revision: Mapped[int] = mapped_column(default=1)  # bumps on every save
    time_spent_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)
    manual_points: Mapped[float | None]  # a reviewer's grade (essays)
    grader_note: Mapped[str | None] = mapped_column(Text)
    # Who graded last: a member's email (grader_id says which member), or a name typed on
    # the command line (grader_id None).
    grader_name: Mapped[str | None] = mapped_column(String(200))
    graded_at: Mapped[datetime | None]
    # The latest grade's points per rubric criterion (in rubric order), and who gave it;
    # every grade, changes included, is a Grade row.
    criterion_points: Mapped[list[Any] | None]
    grader_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))

    attempt: Mapped[Attempt] = relationship(back_populates="responses")
    # Every grade given, oldest first; the latest is also in the columns above.
    grades: Mapped[list[Grade]] = relationship(
        order_by="[Grade.graded_at, Grade.id]", cascade="all, delete-orphan",
        passive_deletes=True)


class Grade(Base):
    """One grade a person gave an answer: the first, and each change after it."""

    __tablename__ = "grade"
    __table_args__ = (Index("ix_grade_response_time", "response_id", "graded_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    points: Mapped[float]
    criterion_points: Mapped[list[Any] | None]  # per rubric criterion, in rubric order
    note: Mapped[str | None] = mapped_column(Text)
    grader_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    grader_name: Mapped[str] = mapped_column(String(200))  # as shown then (kept if removed)
    graded_at: Mapped[datetime] = mapped_column(default=utcnow)


class AttemptEvent(Base):
    """A timestamped integrity or connection signal, recorded and never punished."""

    __tablename__ = "attempt_event"
    __table_args__ = (Index("ix_attempt_event_attempt_time", "attempt_id", "occurred_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))  # focus_lost, paste, copy, ip_changed, ...
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    data: Mapped[dict[str, Any] | None]
    detail: Mapped[str | None] = mapped_column(Text)
