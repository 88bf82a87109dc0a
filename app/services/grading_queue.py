"""What waits for a person to grade, and the one answer a grader opens.

Scope: a member sees the answers of their own organization's invitations; a reviewer
only those of invitations assigned to them (``Invitation.reviewer_id``). Any other
answer is "not found" to them, the same as one that does not exist.

Blind grading: nothing here carries the candidate's name or email while the attempt
still awaits grades; a candidate is a short code derived from the invitation
(:func:`candidate_code`), the same on every answer of that candidate.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from markupsafe import Markup
from sqlalchemy import Select, select
from sqlalchemy.orm import contains_eager, selectinload

from app.banks.markdown import render_inline, render_markdown
from app.database import DbSession
from app.domain import FINISHED_STATES, AttemptState
from app.models import Attempt, Grade, Invitation, Response, Role, User
from app.questions import type_of
from app.services.grading import (
    answered,
    find_question,
    iter_layout_questions,
    points_step,
)
from app.services.item_statistics import excerpt

RECENT_LIMIT = 20


def candidate_code(invitation_public_id: str) -> str:
    """A short code that tells candidates apart without naming them ("3F9A0C"): not the
    public id itself, which appears in results links."""
    return hashlib.sha256(invitation_public_id.encode()).hexdigest()[:6].upper()


@dataclass(frozen=True)
class WaitingAnswer:
    """One answer in the grading queue."""

    attempt_id: str  # public
    question_id: str
    number: int  # 1-based, in the order the candidate saw the questions
    title: str  # the start of the prompt, as plain text
    test_name: str
    candidate_code: str
    waiting_since: datetime  # when the candidate finished the test
    reviewer_email: str | None  # whom the invitation is assigned to


@dataclass(frozen=True)
class RecentGrade:
    """An answer graded lately, to change its grade."""

    attempt_id: str
    question_id: str
    number: int
    title: str
    test_name: str
    candidate_code: str
    points: float
    max_points: float
    grader_name: str | None
    graded_at: datetime


@dataclass(frozen=True)
class CriterionToGrade:
    name: str
    description_html: Markup | None
    points: float  # the most it gives
    step: float | None  # the step its points go in (None: any)
    given: float | None  # the latest grade's points, shown again when changing it


@dataclass(frozen=True)
class AnswerToGrade:
    """The page of one answer: what was asked, what was answered, how it is graded."""

    attempt: Attempt
    response: Response
    number: int
    prompt_html: Markup
    max_points: float
    step: float | None  # of the one total, for a question without a rubric
    criteria: list[CriterionToGrade]  # empty: one total
    history: list[Grade]  # oldest first

    @property
    def blind(self) -> bool:
        """Names stay hidden until every grade of the attempt is in."""
        return self.attempt.state != AttemptState.COMPLETED

    @property
    def candidate_code(self) -> str:
        return candidate_code(self.attempt.invitation.public_id)

    @property
    def answer_text(self) -> str:
        answer = self.response.answer
        return answer if isinstance(answer, str) else str(answer)


def _scoped(statement: Select[Any], member: User) -> Select[Any]:
    statement = statement.where(Invitation.organization_id == member.organization_id)
    if member.role == Role.REVIEWER:
        statement = statement.where(Invitation.reviewer_id == member.id)
    return statement


def _numbered_essays(attempt: Attempt) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """The attempt's questions a person grades, with their number as the candidate saw it."""
    questions = {q["id"]: q for q in iter_layout_questions(attempt.test.definition)}
    number = 0
    for entry in attempt.drawn:
        for drawn in entry.questions:
            question = questions.get(drawn.id)
            if question is None:  # a layout the definition no longer explains
                continue
            number += 1
            if type_of(question).manual_grading:
                yield number, question


def waiting_answers(session: DbSession, member: User) -> list[WaitingAnswer]:
    """Every answered essay without a grade in ``member``'s scope, oldest first (by when
    the candidate finished; then by attempt, then by question number).

    An unanswered essay is not here: it scores 0 and the attempt never waits for it.
    """
    statement = _scoped(
        select(Attempt).join(Attempt.invitation)
        .where(Attempt.state == AttemptState.AWAITING_REVIEW)
        .options(contains_eager(Attempt.invitation), selectinload(Attempt.responses),
                 selectinload(Attempt.test))
        .order_by(Attempt.finished_at, Attempt.id), member)
    attempts = session.scalars(statement).unique().all()
    reviewers = _emails(session, {a.invitation.reviewer_id for a in attempts})
    waiting = []
    for attempt in attempts:
        responses = {r.question_id: r for r in attempt.responses}
        for number, question in _numbered_essays(attempt):
            response = responses.get(question["id"])
            if not answered(response) or (response and response.manual_points is not None):
                continue
            assert attempt.finished_at is not None  # a finished attempt
            waiting.append(WaitingAnswer(
                attempt_id=attempt.public_id, question_id=question["id"], number=number,
                title=excerpt(question.get("prompt") or ""), test_name=attempt.test.name,
                candidate_code=candidate_code(attempt.invitation.public_id),
                waiting_since=attempt.finished_at,
                reviewer_email=reviewers.get(attempt.invitation.reviewer_id)))
    return waiting


def _emails(session: DbSession, ids: set[int | None]) -> dict[int | None, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(select(User.id, User.email).where(User.id.in_(wanted)))
    return {row.id: row.email for row in rows}


def recent_grades(session: DbSession, member: User,
                  limit: int = RECENT_LIMIT) -> list[RecentGrade]:
    """The answers in ``member``'s scope graded most lately, newest first."""
    statement = _scoped(
        select(Response).join(Response.attempt).join(Attempt.invitation)
        .where(Response.graded_at.is_not(None))
        .options(contains_eager(Response.attempt).contains_eager(Attempt.invitation),
                 contains_eager(Response.attempt).selectinload(Attempt.test))
        .order_by(Response.graded_at.desc(), Response.id.desc()).limit(limit), member)
    recent = []
    for response in session.scalars(statement).unique():
        attempt = response.attempt
        found = next(((n, q) for n, q in _numbered_essays(attempt)
                      if q["id"] == response.question_id), None)
        if found is None or response.manual_points is None or response.graded_at is None:
            continue
        number, question = found
        recent.append(RecentGrade(
            attempt_id=attempt.public_id, question_id=response.question_id, number=number,
            title=excerpt(question.get("prompt") or ""), test_name=attempt.test.name,
            candidate_code=candidate_code(attempt.invitation.public_id),
            points=response.manual_points, max_points=float(question["points"]),
            grader_name=response.grader_name, graded_at=response.graded_at))
    return recent


def answer_to_grade(session: DbSession, member: User, attempt_id: str,
                    question_id: str) -> AnswerToGrade | None:
    """The answered essay ``question_id`` of the finished attempt ``attempt_id`` (public),
    if it is in ``member``'s scope; None otherwise (whatever the reason, so a page cannot
    tell another organization's answer from one that does not exist)."""
    attempt = session.scalar(_scoped(
        select(Attempt).join(Attempt.invitation).where(Attempt.public_id == attempt_id)
        .options(contains_eager(Attempt.invitation)), member))
    if attempt is None or attempt.state not in FINISHED_STATES:
        return None
    question = find_question(attempt, question_id)
    if question is None or not type_of(question).manual_grading:
        return None
    response = next((r for r in attempt.responses if r.question_id == question_id), None)
    if response is None or not answered(response):
        return None
    number = next(n for n, q in _numbered_essays(attempt) if q["id"] == question_id)
    given = response.criterion_points or []
    criteria = [
        CriterionToGrade(
            name=str(c.get("criterion", "")), points=float(c["points"]),
            description_html=render_inline(c["description"]) if c.get("description") else None,
            step=points_step(float(c["points"])),
            given=float(given[index]) if index < len(given) else None)
        for index, c in enumerate(type_of(question).rubric(question))]
    max_points = float(question["points"])
    return AnswerToGrade(
        attempt=attempt, response=response, number=number,
        prompt_html=render_markdown(question.get("prompt") or ""), max_points=max_points,
        step=points_step(max_points), criteria=criteria, history=list(response.grades))
