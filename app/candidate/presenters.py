"""View models of the candidate pages, built from the definition, the layout and the
saved responses. Bank Markdown becomes HTML only through ``app.banks.markdown``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from app.models import Attempt, Invitation, Response
from app.services import clock
from app.services.attempt_layout import (
    drawn_question,
    is_answered,
    question_ids,
    questions_by_id,
    section_definition,
)
from app.web.boundary import MAX_INDEX, whole_number


def markdown(text: str | None) -> Markup | None:
    from app.banks.markdown import render_markdown

    return render_markdown(text) if text else None


def inline(text: str) -> Markup:
    from app.banks.markdown import render_inline

    return render_inline(text)


def has_code(*fragments: Markup | None) -> bool:
    """Whether the page needs the syntax-highlighting stylesheet."""
    return any(f and ("<pre" in f or 'class="highlight' in f) for f in fragments)


@dataclass
class Choice:
    id: str
    label: Markup
    checked: bool


@dataclass
class OrderItem:
    id: str
    label: Markup
    position: int | None  # 1-based, None when not placed yet


@dataclass
class QuestionView:
    id: str
    type: str
    number: int  # 1-based within the section
    count: int  # questions in the section
    prompt: Markup
    flagged: bool
    answered: bool
    choices: list[Choice] = field(default_factory=list)
    items: list[OrderItem] = field(default_factory=list)
    text: str = ""
    unit: str | None = None
    max_length: int | None = None
    min_words: int | None = None
    max_words: int | None = None
    code: bool = False


@dataclass
class NavEntry:
    index: int
    number: int
    answered: bool
    flagged: bool
    current: bool


@dataclass
class ClockView:
    remaining_seconds: int | None  # until the earlier of the test and section deadlines
    ends_at: datetime | None
    section_limited: bool  # the section's deadline comes first


@dataclass
class SectionView:
    index: int
    number: int
    count: int
    title: str
    description: Markup | None
    time_limit_seconds: int | None  # with extra time


def responses_by_question(attempt: Attempt) -> dict[str, Response]:
    return {response.question_id: response for response in attempt.responses}


def section_view(attempt: Attempt, index: int) -> SectionView:
    layout = attempt.layout or []
    section = section_definition(attempt.test.definition, layout[index]["section"])
    return SectionView(index=index, number=index + 1, count=len(layout),
                       title=section.get("title") or "",
                       description=markdown(section.get("description")),
                       time_limit_seconds=clock.section_limit_seconds(
                           section, attempt.invitation.extra_time_factor))


def question_view(attempt: Attempt, section: int, index: int,
                  submitted: MultiDict[str, str] | None = None) -> QuestionView:
    """The question at a position, with the saved answer (or, after a refused submit, what
    the candidate typed) filled in."""
    layout = attempt.layout or []
    drawn = drawn_question(layout, section, index)
    assert drawn is not None
    question = questions_by_id(attempt.test.definition)[drawn["id"]]
    response = responses_by_question(attempt).get(drawn["id"])
    answer = response.answer if response else None
    view = QuestionView(
        id=drawn["id"], type=question["type"], number=index + 1,
        count=len(question_ids(layout, section)), prompt=markdown(question["prompt"]) or Markup(),
        flagged=bool(response and response.flagged), answered=is_answered(answer))
    _fill(view, question, drawn.get("order"), answer, submitted)
    view.code = has_code(view.prompt, *(c.label for c in view.choices),
                         *(i.label for i in view.items))
    return view


def _fill(view: QuestionView, question: Mapping[str, Any], order: list[str] | None,
          answer: Any, submitted: MultiDict[str, str] | None) -> None:
    kind = question["type"]
    if kind in ("single_choice", "multiple_choice"):
        options = {option["id"]: option for option in question["options"]}
        chosen = set(answer if isinstance(answer, list) else [answer])
        if submitted is not None:
            chosen = set(submitted.getlist("answer"))
        view.choices = [Choice(id=oid, label=inline(options[oid]["text"]), checked=oid in chosen)
                        for oid in (order or list(options)) if oid in options]
    elif kind == "true_false":
        value = answer if submitted is None else {"true": True, "false": False}.get(
            submitted.get("answer", ""))
        view.choices = [Choice("true", Markup.escape(_("True")), value is True),
                        Choice("false", Markup.escape(_("False")), value is False)]
    elif kind == "ordering":
        items = {item["id"]: item for item in question["items"]}
        placed = {item: n for n, item in enumerate(answer, 1)} if isinstance(answer, list) else {}
        if submitted is not None:
            placed = {item: number for item in items if (number := whole_number(
                submitted.get(f"position-{item}", ""), MAX_INDEX)) is not None}
        view.items = [OrderItem(id=iid, label=inline(items[iid]["text"]), position=placed.get(iid))
                      for iid in (order or list(items)) if iid in items]
    else:
        view.text = submitted.get("answer", "") if submitted is not None else (answer or "")
        view.unit = question.get("unit")
        view.max_length = question.get("max_length") if kind == "short_text" else None
        view.min_words = question.get("min_words")
        view.max_words = question.get("max_words")


def navigator(attempt: Attempt, section: int, current: int | None) -> list[NavEntry]:
    """Every question of a section with its state, for the navigator and the review page."""
    responses = responses_by_question(attempt)
    entries = []
    for index, qid in enumerate(question_ids(attempt.layout or [], section)):
        response = responses.get(qid)
        entries.append(NavEntry(index=index, number=index + 1,
                                answered=bool(response and is_answered(response.answer)),
                                flagged=bool(response and response.flagged),
                                current=index == current))
    return entries


def clock_view(attempt: Attempt, now: datetime) -> ClockView:
    deadline = clock.effective_deadline(attempt)
    return ClockView(remaining_seconds=clock.remaining_seconds(deadline, now), ends_at=deadline,
                     section_limited=attempt.section_deadline_at is not None
                     and attempt.section_deadline_at == deadline
                     and attempt.section_deadline_at != attempt.deadline_at)


@dataclass
class TestSummary:
    __test__ = False  # not a pytest class

    number: int
    name: str
    state: str
    question_count: int
    minutes: int  # with extra time
    base_minutes: int
    instructions: Markup | None
    sections: list[str]


def landing_tests(invitation: Invitation) -> list[TestSummary]:
    """The tests of an invitation in order, with their time limits as the candidate gets
    them (extra time applied)."""
    factor = invitation.extra_time_factor
    summaries = []
    for number, attempt in enumerate(invitation.attempts, 1):
        test = attempt.test
        definition = test.definition
        summaries.append(TestSummary(
            number=number, name=test.name, state=attempt.state,
            question_count=test.question_count,
            minutes=round(clock.scaled_seconds(test.time_limit_seconds, factor) / 60),
            base_minutes=round(test.time_limit_seconds / 60),
            instructions=markdown(definition.get("instructions")),
            sections=[s.get("title") or s["id"] for s in definition.get("sections", [])]))
    return summaries
