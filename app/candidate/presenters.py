"""View models of the candidate pages, built from the definition, the layout and the
saved responses. Bank Markdown becomes HTML only through ``app.banks.markdown``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from app.banks.markdown import render_markdown
from app.domain import AttemptState, is_answered
from app.models import Attempt, Invitation, Response
from app.questions import type_of
from app.questions.base import PROMPT_START_CHARS, TakeView, plain_start
from app.scoring.records import DrawnQuestion
from app.services import clock
from app.services.attempt_layout import (
    Question,
    drawn_question,
    question_ids,
    questions_by_id,
    section_definition,
)


def markdown(text: str | None) -> Markup | None:
    return render_markdown(text) if text else None


def has_code(*fragments: Markup | None) -> bool:
    """Whether the page needs the syntax-highlighting stylesheet."""
    return any(f and ("<pre" in f or 'class="highlight' in f) for f in fragments)


@dataclass
class QuestionView:
    """The page's shared frame; ``view`` is what the type's take partial shows."""

    id: str
    type: str
    number: int  # 1-based within the section
    count: int  # questions in the section
    prompt: Markup
    flagged: bool
    answered: bool
    take_template: str  # the type's partial, templates/questions/<type>/take.html
    script_answer: str  # how the page script reads the answer (static/js/take.js)
    view: TakeView
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
    layout = attempt.drawn
    section = section_definition(attempt.test.definition, layout[index].section)
    return SectionView(index=index, number=index + 1, count=len(layout),
                       title=section.get("title") or "",
                       description=markdown(section.get("description")),
                       time_limit_seconds=clock.section_limit_seconds(
                           section, attempt.invitation.extra_time_factor))


def question_view(attempt: Attempt, section: int, index: int,
                  submitted: MultiDict[str, str] | None = None) -> QuestionView:
    """The question at a position, with the saved answer (or, after a refused submit, what
    the candidate typed) filled in."""
    layout = attempt.drawn
    drawn = drawn_question(layout, section, index)
    assert drawn is not None
    question = questions_by_id(attempt.test.definition)[drawn.id]
    response = responses_by_question(attempt).get(drawn.id)
    return drawn_question_view(question, drawn, number=index + 1,
                               count=len(question_ids(layout, section)),
                               answer=response.answer if response else None,
                               flagged=bool(response and response.flagged),
                               submitted=submitted)


def drawn_question_view(question: Question, drawn: DrawnQuestion, *, number: int, count: int,
                        answer: object = None, flagged: bool = False,
                        submitted: MultiDict[str, str] | None = None) -> QuestionView:
    """A drawn question as its type's partial shows it; no attempt needed (the console's
    preview draws without one)."""
    question_type = type_of(question)
    view = question_type.take_view(question, drawn.order, answer, submitted)
    prompt = markdown(question["prompt"]) or Markup()
    return QuestionView(
        id=drawn.id, type=question["type"], number=number, count=count, prompt=prompt,
        flagged=flagged, answered=is_answered(answer),
        take_template=question_type.take_template,
        script_answer=question_type.script_answer, view=view,
        code=has_code(prompt, *view.fragments()))


def navigator(attempt: Attempt, section: int, current: int | None) -> list[NavEntry]:
    """Every question of a section with its state, for the navigator and the review page."""
    responses = responses_by_question(attempt)
    entries = []
    for index, qid in enumerate(question_ids(attempt.drawn, section)):
        response = responses.get(qid)
        entries.append(NavEntry(index=index, number=index + 1,
                                answered=bool(response and is_answered(response.answer)),
                                flagged=bool(response and response.flagged),
                                current=index == current))
    return entries


def question_answered(attempt: Attempt, question_id: str) -> bool:
    """Whether a question's stored answer counts as answered. A background save answers
    it, so the page's navigator follows the server's rule, not a copy of it in the script."""
    return any(r.question_id == question_id and is_answered(r.answer) for r in attempt.responses)
@dataclass
class ReviewEntry(NavEntry):
    """A question on the review page: how it starts, and what was answered, so that the
    candidate finds the one they want to revisit."""

    prompt_start: str  # plain text; the template escapes it
    summary: str | None  # the type's account of the answer; None when unanswered


def review_entries(attempt: Attempt, section: int) -> list[ReviewEntry]:
    """Every question of a section with the start of its prompt and a summary of its
    answer (each type words its own: ``QuestionType.answer_summary``)."""
    questions = questions_by_id(attempt.test.definition)
    responses = responses_by_question(attempt)
    entries = []
    for index, qid in enumerate(question_ids(attempt.drawn, section)):
        question, response = questions[qid], responses.get(qid)
        answer = response.answer if response else None
        answered = is_answered(answer)
        entries.append(ReviewEntry(
            index=index, number=index + 1, answered=answered,
            flagged=bool(response and response.flagged), current=False,
            prompt_start=plain_start(question["prompt"], PROMPT_START_CHARS),
            summary=type_of(question).answer_summary(question, answer) if answered else None))
    return entries


def clock_view(attempt: Attempt, now: datetime) -> ClockView:
    deadline = clock.effective_deadline(attempt)
    return ClockView(remaining_seconds=clock.remaining_seconds(deadline, now), ends_at=deadline,
                     section_limited=attempt.section_deadline_at is not None
                     and attempt.section_deadline_at == deadline
                     and attempt.section_deadline_at != attempt.deadline_at)


def question_language_note(test_language: str, page_language: str) -> str | None:
    """In the page's language, that a test's questions are in another one (an invitation
    in Ukrainian to a test written in English); None when they match. Whole sentences per
    language, so each reads naturally once translated."""
    if test_language == page_language:
        return None
    notes = {"en": _("The questions of this test are in English."),
             "uk": _("The questions of this test are in Ukrainian."),
             "ru": _("The questions of this test are in Russian.")}
    return notes.get(test_language)  # the database allows only these languages


@dataclass
class TestSummary:
    __test__ = False  # not a pytest class

    number: int
    name: str
    state: AttemptState
    question_count: int
    minutes: int  # with extra time
    base_minutes: int
    extra_percent: int  # the extra time granted, in percent of the standard time (0: none)
    language: str  # of the questions
    language_note: str | None  # when the questions are in another language than the page
    instructions: Markup | None
    sections: list[str]


def test_summary(attempt: Attempt, number: int, page_language: str) -> TestSummary:
    """One test as the candidate gets it: time limit with extra time applied, the
    questions' language when it is not the page's."""
    factor = attempt.invitation.extra_time_factor
    test = attempt.test
    definition = test.definition
    return TestSummary(
        number=number, name=test.name, state=AttemptState(attempt.state),
        question_count=test.question_count,
        minutes=round(clock.scaled_seconds(test.time_limit_seconds, factor) / 60),
        base_minutes=round(test.time_limit_seconds / 60),
        extra_percent=round((factor - 1) * 100),
        language=test.language,
        language_note=question_language_note(test.language, page_language),
        instructions=markdown(definition.get("instructions")),
        sections=[s.get("title") or s["id"] for s in definition.get("sections", [])])


def landing_tests(invitation: Invitation, page_language: str) -> list[TestSummary]:
    """The tests of an invitation in order (see :func:`test_summary`)."""
    return [test_summary(attempt, number, page_language)
            for number, attempt in enumerate(invitation.attempts, 1)]
