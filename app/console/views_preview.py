"""A test as a candidate sees it (admins and recruiters), without an attempt.

The preview draws the questions from a seed, as a candidate's start would, and shows each
drawn question on its own page with the candidate's own question partials
(templates/questions/<type>/take.html) and stylesheet: one question per page as the
candidate gets them, which also keeps each partial's field ids unique on its page. The
inputs work, but nothing is sent anywhere: there is no form, no attempt, no row written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import abort, render_template, request
from flask_babel import format_decimal
from markupsafe import Markup

from app.candidate.presenters import QuestionView, drawn_question_view, markdown
from app.console import bp
from app.console.access import current_member, member_required
from app.console.views_tests import requested_version
from app.models import Role
from app.scoring.draw import draw, new_seed
from app.scoring.records import DrawnQuestion, read_layout
from app.services.attempt_layout import questions_by_id, section_definition
from app.services.item_statistics import excerpt

DEFAULT_SEED = 1  # the same draw for everyone who opens the preview, until "Draw again"
MAX_SEED = 2**63 - 1  # seeds are signed 64-bit (app.scoring.draw.new_seed)


@dataclass(frozen=True)
class PreviewItem:
    """One drawn question, at its place in the whole draw."""

    position: int  # 1-based over the whole draw: the page's ?question=
    section_index: int
    number: int  # 1-based within its section, as the candidate sees it
    count: int  # questions of its section
    drawn: DrawnQuestion
    excerpt: str


@dataclass(frozen=True)
class SectionOutline:
    number: int
    title: str
    description: Markup | None
    items: list[PreviewItem]


def _whole_number(name: str, default: int, maximum: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not (raw.isascii() and raw.isdigit()) or int(raw) > maximum:
        abort(404)
    return int(raw)


def outline(definition: Mapping[str, Any], seed: int) -> list[SectionOutline]:
    """The sections of the draw for ``seed``, each with its drawn questions in order."""
    questions = questions_by_id(definition)
    sections, position = [], 0
    for index, drawn_section in enumerate(read_layout(draw(definition, seed))):
        section = section_definition(definition, drawn_section.section)
        items = []
        for number, drawn in enumerate(drawn_section.questions, start=1):
            position += 1
            items.append(PreviewItem(
                position=position, section_index=index, number=number,
                count=len(drawn_section.questions), drawn=drawn,
                excerpt=excerpt(questions[drawn.id].get("prompt") or "")))
        sections.append(SectionOutline(number=index + 1, title=section.get("title") or "",
                                       description=markdown(section.get("description")),
                                       items=items))
    return sections


@bp.get("/tests/<slug>/preview")
@member_required(Role.ADMIN, Role.RECRUITER)
def test_preview(slug: str) -> str:
    test, _versions = requested_version(slug)
    seed = _whole_number("seed", DEFAULT_SEED, MAX_SEED)
    sections = outline(test.definition, seed)
    items = [item for section in sections for item in section.items]
    position = _whole_number("question", 1, len(items))
    if position < 1:  # also a draw without questions, which no loaded bank has
        abort(404)
    item = items[position - 1]
    question: QuestionView = drawn_question_view(
        questions_by_id(test.definition)[item.drawn.id], item.drawn,
        number=item.number, count=item.count)
    section = sections[item.section_index]
    instructions = markdown(test.definition.get("instructions"))
    return render_template(
        "console/preview.html", test=test, seed=seed, sections=sections, item=item,
        total=len(items), question=question, section=section, instructions=instructions,
        organization=current_member().organization, next_seed=new_seed(),
        minutes=format_decimal(round(test.time_limit_seconds / 60)),
        pass_mark=format_decimal(test.pass_mark), described="prompt", error=None)
