"""Item statistics for test authors: per test version and question, how candidates did.

:func:`item_statistics` is pure: a definition and the finished attempts, as plain
:class:`CandidateResult` values, to typed figures a page or the CLI renders.
:func:`load_item_statistics` reads one test version's finished attempts in chunks (three
queries per chunk, never one per attempt) and calls it.

What each figure means (docs/question-banks.md, "Item statistics"):
- a question counts for a candidate only if it was drawn for them (pools draw some);
- an essay still awaiting a person is left out of that essay's figures, and its points out
  of the candidate's rest-of-test score, until it is graded;
- discrimination is the correlation of the question's credit (points / max points; 0 or 1
  for right/wrong questions, where it is the point-biserial) with the rest of the test:
  the share of points earned on the candidate's other graded questions;
- time is ``Response.time_spent_ms``: measured on the server between the candidate's
  page views, saves and heartbeats, added to the question they were on. Candidates with
  no time recorded on a question (never opened it) are left out of its median.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from app.banks.markdown import render_markdown
from app.database import DbSession
from app.domain import FINISHED_STATES, AttemptState
from app.models import Attempt, Invitation, Response, Test
from app.scoring.compiled import iter_questions
from app.scoring.records import QuestionScoreRecord, ScoreRecord
from app.scoring.statistics import correlation, median

MIN_CANDIDATES = 5  # fewer candidates on a question than this: figures are not meaningful
CHUNK_SIZE = 500  # attempts read per round trip
EXCERPT_LENGTH = 60
CHOICE_TYPES = frozenset({"single_choice", "multiple_choice", "true_false"})
DECIMALS = 4

Flag = Literal["too_easy", "too_hard", "negative_discrimination", "too_few_candidates"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class OptionStatistics(_Model):
    """How often one option of a choice question was chosen."""

    id: str  # the option id; "true"/"false" for true_false
    text: str  # the option as plain text
    correct: bool
    chosen: int  # candidates who chose it
    share: float | None  # chosen / seen, 0..1; None when nobody saw the question


class QuestionStatistics(_Model):
    id: str
    number: int  # 1-based, in the bank's order (pool questions included)
    section_id: str
    type: str
    excerpt: str  # the prompt's start, as plain text
    max_points: float
    seen: int  # candidates it was drawn for
    answered: int  # of those, who answered (pending essays included)
    awaiting_grading: int  # answered essays no person has graded yet (left out below)
    scored: int  # seen minus awaiting_grading: the candidates the figures below are over
    correct: int  # scored with full points
    difficulty: float | None  # correct / scored, 0..1 (higher is easier)
    mean_credit: float | None  # mean points / max points (partial credit counts)
    discrimination: float | None  # -1..1; None when undefined (no variation, < 2 candidates)
    discrimination_kind: Literal["point_biserial", "correlation"]
    median_seconds: float | None  # over `timed`; None when no time was recorded
    timed: int  # candidates with time recorded on the question
    options: tuple[OptionStatistics, ...] | None  # choice questions only
    flags: tuple[Flag, ...]


class VersionStatistics(_Model):
    """Item statistics of one test version."""

    slug: str
    version: int
    name: str
    candidates: int  # finished attempts read (awaiting review included)
    awaiting_review: int  # of those, with an essay not graded yet
    min_candidates: int
    questions: tuple[QuestionStatistics, ...]


@dataclass(frozen=True, slots=True)
class CandidateResult:
    """One finished attempt, as the statistics read it."""

    scores: Mapping[str, QuestionScoreRecord]  # the drawn questions (ScoreRecord.questions)
    answers: Mapping[str, object] = field(default_factory=dict)  # choice questions' answers
    times_ms: Mapping[str, int] = field(default_factory=dict)  # time recorded per question


@dataclass(slots=True)
class _Tally:
    seen: int = 0
    answered: int = 0
    pending: int = 0
    correct: int = 0
    credits: list[float] = field(default_factory=list)
    # (credit, rest-of-test share) of candidates with other graded questions
    pairs: list[tuple[float, float]] = field(default_factory=list)
    times: list[float] = field(default_factory=list)
    chosen: dict[str, int] = field(default_factory=dict)


def item_statistics(definition: Mapping[str, Any], candidates: Iterable[CandidateResult], *,
                    min_candidates: int = MIN_CANDIDATES) -> tuple[QuestionStatistics, ...]:
    """Per question of ``definition`` (every one, pool questions included, bank order),
    the figures over ``candidates``. Pure; the order of the candidates changes nothing.
    Raises KeyError when the definition lacks a key of the normalized shape."""
    questions = [(section["id"], question) for section in definition["sections"]
                 for question in iter_questions(section)]
    tallies = {question["id"]: _Tally() for _, question in questions}
    for candidate in candidates:
        _count(candidate, tallies)
    return tuple(_figures(number, section_id, question, tallies[question["id"]], min_candidates)
                 for number, (section_id, question) in enumerate(questions, start=1))


def _count(candidate: CandidateResult, tallies: Mapping[str, _Tally]) -> None:
    graded = {qid: s for qid, s in candidate.scores.items()
              if s.status != "pending" and s.max_points > 0 and qid in tallies}
    points = sum(s.points for s in graded.values())
    possible = sum(s.max_points for s in graded.values())
    for question_id, score in candidate.scores.items():
        tally = tallies.get(question_id)
        if tally is None:  # a layout naming a question the definition lacks: not ours
            continue
        tally.seen += 1
        tally.answered += score.status != "unanswered"
        time_ms = candidate.times_ms.get(question_id, 0)
        if time_ms > 0:
            tally.times.append(time_ms / 1000)
        if question_id in candidate.answers:
            for option_id in _chosen(candidate.answers[question_id]):
                tally.chosen[option_id] = tally.chosen.get(option_id, 0) + 1
        if question_id not in graded:
            tally.pending += score.status == "pending"
            continue
        credit = round(score.points / score.max_points, DECIMALS)
        tally.correct += score.status == "correct"
        tally.credits.append(credit)
        rest_possible = possible - score.max_points
        if rest_possible > 0:
            tally.pairs.append((credit, round((points - score.points) / rest_possible, DECIMALS)))


def _chosen(answer: object) -> list[str]:
    """The option ids a choice answer (contracts.md §2) chose."""
    if isinstance(answer, bool):
        return ["true" if answer else "false"]
    if isinstance(answer, str):
        return [answer]
    if isinstance(answer, list):
        return list(dict.fromkeys(a for a in answer if isinstance(a, str)))
    return []


def _figures(number: int, section_id: str, question: Mapping[str, Any], tally: _Tally,
             min_candidates: int) -> QuestionStatistics:
    scored = len(tally.credits)
    credits = [credit for credit, _ in tally.pairs]
    discrimination = correlation(credits, [rest for _, rest in tally.pairs])
    binary = all(credit in (0.0, 1.0) for credit in tally.credits)
    return QuestionStatistics(
        id=question["id"], number=number, section_id=section_id, type=question["type"],
        excerpt=excerpt(question.get("prompt") or ""), max_points=float(question["points"]),
        seen=tally.seen, answered=tally.answered, awaiting_grading=tally.pending,
        scored=scored, correct=tally.correct,
        difficulty=round(tally.correct / scored, DECIMALS) if scored else None,
        mean_credit=round(math.fsum(tally.credits) / scored, DECIMALS) if scored else None,
        discrimination=discrimination,
        discrimination_kind="point_biserial" if binary else "correlation",
        median_seconds=median(tally.times), timed=len(tally.times),
        options=_options(question, tally) if question["type"] in CHOICE_TYPES else None,
        flags=flags_for(scored, tally.correct, discrimination, min_candidates),
    )


def flags_for(scored: int, correct: int, discrimination: float | None,
              min_candidates: int) -> tuple[Flag, ...]:
    """What an author should look at. Below ``min_candidates`` only that is said: with a
    handful of candidates everyone-right or a negative correlation is chance."""
    if scored < min_candidates:
        return ("too_few_candidates",)
    flags: list[Flag] = []
    if correct == scored:
        flags.append("too_easy")
    if correct == 0:
        flags.append("too_hard")
    if discrimination is not None and discrimination < 0:
        flags.append("negative_discrimination")
    return tuple(flags)


def _options(question: Mapping[str, Any], tally: _Tally) -> tuple[OptionStatistics, ...]:
    if question["type"] == "true_false":
        answer = bool(question["answer"])
        choices = [("true", "True", answer), ("false", "False", not answer)]
    else:
        choices = [(o["id"], excerpt(o["text"]), bool(o["correct"]))
                   for o in question["options"]]
    return tuple(
        OptionStatistics(id=option_id, text=text, correct=correct,
                         chosen=tally.chosen.get(option_id, 0),
                         share=(round(tally.chosen.get(option_id, 0) / tally.seen, DECIMALS)
                                if tally.seen else None))
        for option_id, text, correct in choices)


def excerpt(markdown: str, length: int = EXCERPT_LENGTH) -> str:
    """The start of a Markdown text as one line of plain text."""
    text = " ".join(render_markdown(markdown).striptags().split())
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


# --- reading the database ------------------------------------------------------------------

_FINISHED = tuple(state.value for state in FINISHED_STATES)


def load_item_statistics(session: DbSession, test: Test, *, organization_id: int | None = None,
                         min_candidates: int = MIN_CANDIDATES,
                         chunk_size: int = CHUNK_SIZE) -> VersionStatistics:
    """The item statistics of ``test`` (one version) over its finished attempts (completed
    or awaiting review), all organizations' or only ``organization_id``'s invitations.

    Attempts are read by id in chunks of ``chunk_size``: per chunk one query for the stored
    scores, one for the recorded times and one for the choice questions' answers. Raises
    pydantic.ValidationError when a stored score does not fit its model.
    """
    counts = {"candidates": 0, "awaiting_review": 0}
    choice_ids = [q["id"] for section in test.definition["sections"]
                  for q in iter_questions(section) if q["type"] in CHOICE_TYPES]

    def candidates() -> Iterator[CandidateResult]:
        for chunk in _chunks(session, test.id, organization_id, chunk_size):
            ids = [attempt_id for attempt_id, _, _ in chunk]
            times, answers = _responses(session, ids, choice_ids)
            for attempt_id, state, result in chunk:
                record = ScoreRecord.read(result)
                if record is None:
                    continue
                counts["candidates"] += 1
                counts["awaiting_review"] += state == AttemptState.AWAITING_REVIEW
                yield CandidateResult(record.questions, answers.get(attempt_id, {}),
                                      times.get(attempt_id, {}))

    questions = item_statistics(test.definition, candidates(), min_candidates=min_candidates)
    return VersionStatistics(slug=test.slug, version=test.version, name=test.name,
                             candidates=counts["candidates"],
                             awaiting_review=counts["awaiting_review"],
                             min_candidates=min_candidates, questions=questions)


def _chunks(session: DbSession, test_id: int, organization_id: int | None,
            size: int) -> Iterator[Sequence[tuple[int, str, Any]]]:
    """The finished attempts' (id, state, result), by id, ``size`` at a time."""
    last = 0
    while True:
        query = (select(Attempt.id, Attempt.state, Attempt.result)
                 .where(Attempt.test_id == test_id, Attempt.state.in_(_FINISHED),
                        Attempt.id > last)
                 .order_by(Attempt.id).limit(size))
        if organization_id is not None:
            query = query.join(Invitation, Invitation.id == Attempt.invitation_id).where(
                Invitation.organization_id == organization_id)
        chunk = [(row.id, row.state, row.result) for row in session.execute(query)]
        if chunk:
            yield chunk
        if len(chunk) < size:
            return
        last = chunk[-1][0]


def _responses(session: DbSession, attempt_ids: list[int], choice_ids: list[str],
               ) -> tuple[dict[int, dict[str, int]], dict[int, dict[str, object]]]:
    """(attempt id -> question id -> time recorded, attempt id -> choice answers)."""
    times: dict[int, dict[str, int]] = {}
    for attempt_id, question_id, time_ms in session.execute(
            select(Response.attempt_id, Response.question_id, Response.time_spent_ms)
            .where(Response.attempt_id.in_(attempt_ids), Response.time_spent_ms > 0)):
        times.setdefault(attempt_id, {})[question_id] = time_ms
    answers: dict[int, dict[str, object]] = {}
    if choice_ids:  # essays' long texts are never read
        for attempt_id, question_id, answer in session.execute(
                select(Response.attempt_id, Response.question_id, Response.answer)
                .where(Response.attempt_id.in_(attempt_ids),
                       Response.question_id.in_(choice_ids))):
            answers.setdefault(attempt_id, {})[question_id] = answer
    return times, answers


def versions_of(session: DbSession, slug: str) -> list[Test]:
    """Every version of the test ``slug``, oldest first (empty when there is none)."""
    return list(session.scalars(select(Test).where(Test.slug == slug).order_by(Test.version)))
