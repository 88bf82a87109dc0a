"""Replay an attempt question by question, as the candidate saw it (``Attempt.layout``).

Each drawn question becomes a ``QuestionReplay``: the prompt and options rendered from the
bank's markdown (sanitized by ``app.banks.markdown``), the options in the candidate's
order with what was chosen and what was correct, the candidate's own text kept as plain
text (the template escapes it), and the score the result recorded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from markupsafe import Markup

from app.banks.markdown import render_inline, render_markdown
from app.models import Attempt, Response
from app.services.grading import answered, iter_layout_questions


@dataclass(frozen=True)
class Choice:
    """One option (or true/false value) as shown to the candidate."""

    id: str
    html: Markup | None  # bank markdown, rendered; None for true/false (the page words it)
    value: bool | None  # true/false questions: the value this row stands for
    chosen: bool
    correct: bool
    feedback_html: Markup | None = None


@dataclass(frozen=True)
class OrderedItem:
    """One item of an ordering question, in the candidate's order."""

    id: str
    html: Markup
    candidate_position: int  # 1-based
    correct_position: int  # 1-based


@dataclass(frozen=True)
class Criterion:
    name: str
    points: float
    description_html: Markup | None


@dataclass(frozen=True)
class Grade:
    points: float
    note: str | None
    grader_name: str | None
    graded_at: datetime | None


@dataclass(frozen=True)
class QuestionReplay:
    number: int  # 1-based across the whole attempt
    section_id: str
    section_title: str
    id: str
    type: str
    prompt_html: Markup
    explanation_html: Markup | None
    points: float
    max_points: float
    status: str  # correct, partial, incorrect, unanswered, pending (contracts.md §4)
    answered: bool
    flagged: bool
    time_spent_seconds: float
    choices: list[Choice] = field(default_factory=list)
    ordering: list[OrderedItem] = field(default_factory=list)
    answer_text: str | None = None  # numeric, short text and essay answers, as typed
    accepted: list[str] = field(default_factory=list)  # accepted answers, as plain text
    unit: str | None = None
    rubric: list[Criterion] = field(default_factory=list)
    word_count: int | None = None
    grade: Grade | None = None

    @property
    def is_essay(self) -> bool:
        return self.type == "essay"

    @property
    def gradable(self) -> bool:
        return self.is_essay and self.answered


def replay(attempt: Attempt) -> list[QuestionReplay]:
    """Every question the attempt drew, in the order the candidate saw it."""
    definition = attempt.test.definition
    questions = {q["id"]: q for q in iter_layout_questions(definition)}
    titles = {s["id"]: s.get("title", s["id"]) for s in definition.get("sections", [])}
    scores: Mapping[str, Any] = (attempt.result or {}).get("questions", {})
    responses = {response.question_id: response for response in attempt.responses}
    replays: list[QuestionReplay] = []
    for entry in attempt.layout or []:
        for drawn in entry["questions"]:
            question = questions.get(drawn["id"])
            if question is None:  # a layout the definition no longer explains; skip it
                continue
            replays.append(_replay_question(
                len(replays) + 1, entry["section"], titles.get(entry["section"], entry["section"]),
                question, drawn.get("order"), responses.get(question["id"]),
                scores.get(question["id"], {})))
    return replays


def _replay_question(number: int, section_id: str, section_title: str,
                     question: Mapping[str, Any], order: Sequence[str] | None,
                     response: Response | None, score: Mapping[str, Any]) -> QuestionReplay:
    kind = question["type"]
    answer = response.answer if response is not None else None
    is_answered = answered(response)
    explanation = question.get("explanation")
    base: dict[str, Any] = dict(
        number=number, section_id=section_id, section_title=section_title,
        id=question["id"], type=kind, prompt_html=render_markdown(question.get("prompt") or ""),
        explanation_html=render_markdown(explanation) if explanation else None,
        points=float(score.get("points", 0.0)),
        max_points=float(score.get("max_points", question.get("points", 0.0))),
        status=str(score.get("status", "unanswered" if not is_answered else "pending")),
        answered=is_answered,
        flagged=bool(response.flagged) if response is not None else False,
        time_spent_seconds=(response.time_spent_ms or 0) / 1000.0 if response is not None else 0.0,
    )
    if kind in ("single_choice", "multiple_choice"):
        base["choices"] = _choices(question, order, answer)
    elif kind == "true_false":
        base["choices"] = [
            Choice(id=str(value).lower(), html=None, value=value, chosen=answer is value,
                   correct=question.get("answer") is value)
            for value in (True, False)]
    elif kind == "ordering":
        base["ordering"] = _ordering(question, order, answer)
    elif kind == "numeric":
        base["answer_text"] = _text(answer)
        base["unit"] = question.get("unit")
        base["accepted"] = [_range(a) for a in question.get("answers", [])]
    elif kind == "short_text":
        base["answer_text"] = _text(answer)
        base["accepted"] = [str(a.get("value", "")) for a in question.get("answers", [])
                            if a.get("weight", 100) > 0]
    elif kind == "essay":
        text = _text(answer)
        base["answer_text"] = text
        base["word_count"] = len(text.split()) if text else 0
        base["rubric"] = rubric_of(question)
        base["grade"] = _grade(response)
    return QuestionReplay(**base)


def _choices(question: Mapping[str, Any], order: Sequence[str] | None,
             answer: object) -> list[Choice]:
    options = {option["id"]: option for option in question.get("options", [])}
    ids = [i for i in (order or []) if i in options] or list(options)
    chosen = set(answer) if isinstance(answer, list) else {answer}
    return [
        Choice(id=option_id, html=render_inline(options[option_id].get("text") or ""),
               value=None, chosen=option_id in chosen,
               correct=bool(options[option_id].get("correct")),
               feedback_html=(render_inline(options[option_id]["feedback"])
                              if options[option_id].get("feedback") else None))
        for option_id in ids
    ]


def _ordering(question: Mapping[str, Any], order: Sequence[str] | None,
              answer: object) -> list[OrderedItem]:
    """The items in the candidate's order; their initial (shuffled) order when they never
    moved anything, since that is what they submitted by leaving it."""
    items = {item["id"]: item for item in question.get("items", [])}
    correct = list(items)
    shown = [i for i in answer if i in items] if isinstance(answer, list) else []
    shown = shown or [i for i in (order or []) if i in items] or correct
    return [OrderedItem(id=item_id, html=render_inline(items[item_id].get("text") or ""),
                        candidate_position=position, correct_position=correct.index(item_id) + 1)
            for position, item_id in enumerate(shown, start=1)]


def rubric_of(question: Mapping[str, Any]) -> list[Criterion]:
    return [Criterion(name=str(c.get("criterion", "")), points=float(c.get("points", 0.0)),
                      description_html=(render_inline(c["description"])
                                        if c.get("description") else None))
            for c in question.get("rubric", [])]


def _grade(response: Response | None) -> Grade | None:
    if response is None or response.manual_points is None:
        return None
    return Grade(points=response.manual_points, note=response.grader_note,
                 grader_name=response.grader_name, graded_at=response.graded_at)


def _text(answer: object) -> str | None:
    if answer is None:
        return None
    return answer if isinstance(answer, str) else str(answer)


def _range(answer: Mapping[str, Any]) -> str:
    low, high = answer.get("min"), answer.get("max")
    if low == high:
        return f"{low:g}" if isinstance(low, (int, float)) else str(low)
    return f"{low:g} … {high:g}" if isinstance(low, (int, float)) and isinstance(
        high, (int, float)) else f"{low} … {high}"
