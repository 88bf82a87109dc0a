"""Replay an attempt question by question, as the candidate saw it (``Attempt.layout``).

Each drawn question becomes a ``QuestionReplay``: the prompt rendered from the bank's
markdown (sanitized by ``app.banks.markdown``), the score the result recorded, and what
its type's ``replay_view`` shows (e.g. the options in the candidate's order with what was
chosen and what was correct; the candidate's own text kept as plain text, which the
template escapes).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from markupsafe import Markup

from app.banks.markdown import render_inline, render_markdown
from app.models import Attempt, Response
from app.questions import type_of
from app.results.integrity import QuestionName
from app.scoring.records import QuestionScoreRecord
from app.services.grading import answered, iter_layout_questions


@dataclass(frozen=True)
class Criterion:
    name: str
    points: float
    description_html: Markup | None


@dataclass(frozen=True)
class GradeEntry:
    """One grade given (the first or a change), for the history under the latest."""

    points: float
    criterion_points: list[float] | None  # in rubric order; None without a rubric
    note: str | None
    grader_name: str
    graded_at: datetime


@dataclass(frozen=True)
class Grade:
    """The latest grade, its points per rubric criterion, and every grade given."""

    points: float
    note: str | None
    grader_name: str | None
    graded_at: datetime | None
    criterion_points: list[float] | None = None
    history: list[GradeEntry] = field(default_factory=list)


@dataclass(frozen=True)
class QuestionReplay:
    """The shared frame of a replayed question; ``view`` is what the type's replay
    partial (templates/questions/<type>/replay.html) shows."""

    number: int  # 1-based across the whole attempt
    section_id: str
    section_title: str
    id: str
    type: str
    label: str  # the type in words, untranslated (QuestionType.label)
    prompt_html: Markup
    explanation_html: Markup | None
    points: float
    max_points: float
    status: str  # correct, partial, incorrect, unanswered, pending (contracts.md §4)
    answered: bool
    flagged: bool
    time_spent_seconds: float
    replay_template: str
    view: Any
    manual_grading: bool = False  # a person grades it: the page shows the grading form
    rubric: list[Criterion] = field(default_factory=list)
    grade: Grade | None = None

    @property
    def type_label(self) -> str:
        """The type in words, in the reader's language (read in a request)."""
        return _(self.label)

    @property
    def gradable(self) -> bool:
        return self.manual_grading and self.answered


def replay(attempt: Attempt) -> list[QuestionReplay]:
    """Every question the attempt drew, in the order the candidate saw it."""
    definition = attempt.test.definition
    questions = {q["id"]: q for q in iter_layout_questions(definition)}
    titles = {s["id"]: s.get("title", s["id"]) for s in definition.get("sections", [])}
    score = attempt.score
    scores = score.questions if score is not None else {}
    responses = {response.question_id: response for response in attempt.responses}
    replays: list[QuestionReplay] = []
    for entry in attempt.drawn:
        for drawn in entry.questions:
            question = questions.get(drawn.id)
            if question is None:  # a layout the definition no longer explains; skip it
                continue
            replays.append(_replay_question(
                len(replays) + 1, entry.section, titles.get(entry.section, entry.section),
                question, drawn.order, responses.get(question["id"]), scores.get(question["id"])))
    return replays


TITLE_CHARACTERS = 60


def question_title(prompt: str, limit: int = TITLE_CHARACTERS) -> str:
    """The start of a prompt as plain text (markdown rendered, tags stripped), cut at a
    word boundary near ``limit`` characters: how the timeline names a question."""
    text = render_markdown(prompt).striptags()
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,.;:") + "…"


def question_names(attempt: Attempt) -> dict[str, QuestionName]:
    """Each drawn question's number (in the order the candidate saw them) and title."""
    prompts = {q["id"]: str(q.get("prompt") or "")
               for q in iter_layout_questions(attempt.test.definition)}
    names: dict[str, QuestionName] = {}
    for entry in attempt.drawn:
        for drawn in entry.questions:
            if drawn.id in prompts:
                names[drawn.id] = QuestionName(len(names) + 1, question_title(prompts[drawn.id]))
    return names


def _replay_question(number: int, section_id: str, section_title: str,
                     question: Mapping[str, Any], order: Sequence[str] | None,
                     response: Response | None,
                     score: QuestionScoreRecord | None) -> QuestionReplay:
    question_type = type_of(question)
    answer = response.answer if response is not None else None
    is_answered = answered(response)
    explanation = question.get("explanation")
    manual = question_type.manual_grading
    return QuestionReplay(
        number=number, section_id=section_id, section_title=section_title,
        id=question["id"], type=question["type"], label=question_type.label,
        prompt_html=render_markdown(question.get("prompt") or ""),
        explanation_html=render_markdown(explanation) if explanation else None,
        # An unfinished attempt has no score yet: nothing earned, all still possible.
        points=score.points if score is not None else 0.0,
        max_points=score.max_points if score is not None else float(question["points"]),
        status=score.status if score is not None else (
            "pending" if is_answered else "unanswered"),
        answered=is_answered,
        flagged=bool(response.flagged) if response is not None else False,
        time_spent_seconds=(response.time_spent_ms or 0) / 1000.0 if response is not None else 0.0,
        replay_template=question_type.replay_template,
        view=question_type.replay_view(question, list(order) if order else None, answer),
        manual_grading=manual,
        rubric=rubric_of(question) if manual else [],
        grade=_grade(response) if manual else None,
    )


def rubric_of(question: Mapping[str, Any]) -> list[Criterion]:
    """The marking guide of a manually graded question, for the page and the form."""
    return [Criterion(name=str(c.get("criterion", "")), points=float(c.get("points", 0.0)),
                      description_html=(render_inline(c["description"])
                                        if c.get("description") else None))
            for c in type_of(question).rubric(question)]


def _grade(response: Response | None) -> Grade | None:
    if response is None or response.manual_points is None:
        return None
    history = [GradeEntry(points=g.points, criterion_points=g.criterion_points, note=g.note,
                          grader_name=g.grader_name, graded_at=g.graded_at)
               for g in response.grades]
    return Grade(points=response.manual_points, note=response.grader_note,
                 grader_name=response.grader_name, graded_at=response.graded_at,
                 criterion_points=response.criterion_points, history=history)
