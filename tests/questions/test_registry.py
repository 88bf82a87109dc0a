"""Every registered question type has every piece: a bank model in the JSON Schema, grading,
answer parsing, a candidate partial, a results partial, a translated label, a shipped
example and a section in the authors' guide. A type registered without one fails here."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import pytest
from babel.messages.pofile import read_po
from flask import Flask, render_template
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from app.banks.schema import bank_schema
from app.banks.validate import validate_file
from app.candidate.presenters import QuestionView
from app.questions import QUESTION_TYPES, QuestionType
from app.questions.base import SCRIPT_ANSWERS
from app.results.replay import QuestionReplay
from app.scoring.compiled import iter_questions

ROOT = Path(__file__).resolve().parents[2]
TYPES = list(QUESTION_TYPES.values())


def _ids(question_type: QuestionType) -> str:
    return question_type.name


@pytest.fixture(scope="module")
def shipped() -> dict[str, dict[str, Any]]:
    """The first question of each type in the shipped banks (question_banks/*.yaml)."""
    found: dict[str, dict[str, Any]] = {}
    for path in sorted((ROOT / "question_banks").glob("*.yaml")):
        definition, problems = validate_file(path)
        assert problems == [], path
        assert definition is not None
        for section in definition["sections"]:
            for question in iter_questions(section):
                found.setdefault(question["type"], question)
    return found


def test_the_registry_names_every_type_by_its_bank_type() -> None:
    for name, question_type in QUESTION_TYPES.items():
        assert question_type.name == name
        assert get_args(question_type.bank_model.model_fields["type"].annotation) == (name,)


@pytest.mark.parametrize("question_type", TYPES, ids=_ids)
def test_it_has_a_take_and_a_replay_partial(question_type: QuestionType) -> None:
    assert (ROOT / "templates" / question_type.take_template).is_file()
    assert (ROOT / "templates" / question_type.replay_template).is_file()


@pytest.mark.parametrize("question_type", TYPES, ids=_ids)
def test_it_is_described_in_the_json_schema(question_type: QuestionType) -> None:
    schema = bank_schema()
    model = question_type.bank_model.__name__
    entries = schema["$defs"]["Section"]["properties"]["questions"]["items"]["oneOf"]
    assert {"$ref": f"#/$defs/{model}"} in entries
    # Titled for authors by the type's schema_help, not left as the class name.
    assert schema["$defs"][model]["title"] != model
    assert schema["$defs"][model]["description"]


@pytest.mark.parametrize("question_type", TYPES, ids=_ids)
def test_the_page_script_knows_how_to_read_its_answer(question_type: QuestionType) -> None:
    assert question_type.script_answer in SCRIPT_ANSWERS


def test_the_page_script_reads_every_answer_shape() -> None:
    script = (ROOT / "static" / "js" / "take.js").read_text(encoding="utf-8")
    named = set(re.findall(r'\bs === "(\w+)"', script))
    assert named | {"choice"} == set(SCRIPT_ANSWERS)  # "choice" is what the script falls back on


@pytest.mark.parametrize("language", ["uk", "ru"])
def test_every_label_is_translated(language: str) -> None:
    path = ROOT / "translations" / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as source:
        catalogue = read_po(source, locale=language)
    for question_type in TYPES:
        message = catalogue.get(question_type.label)
        assert message is not None and message.string, (language, question_type.label)


@pytest.mark.parametrize("question_type", TYPES, ids=_ids)
def test_it_has_a_shipped_example_and_a_guide_section(
        question_type: QuestionType, shipped: dict[str, dict[str, Any]]) -> None:
    assert question_type.name in shipped, "add questions of this type to a bank in question_banks/"
    guide = (ROOT / "docs" / "question-banks.md").read_text(encoding="utf-8")
    assert re.search(rf"^### {question_type.name}$", guide, re.MULTILINE)


@pytest.fixture
def page(app: Flask) -> Iterator[None]:
    with app.test_request_context("/"):
        yield


@pytest.mark.parametrize("question_type", TYPES, ids=_ids)
def test_it_draws_grades_parses_and_renders_a_shipped_question(
        question_type: QuestionType, shipped: dict[str, dict[str, Any]], page: None) -> None:
    question = shipped[question_type.name]
    order = question_type.draw_order(question, random.Random(1))
    credit = question_type.compile(question)
    assert callable(credit)
    assert credit(object()) == 0.0  # an answer of the wrong shape earns nothing, never raises
    # Nothing sent is unanswered, from the page's form and from the page script.
    assert question_type.parse_form(question, MultiDict()) is None
    assert question_type.parse_json(question, None) is None

    view = question_type.take_view(question, order, None, None)
    frame = QuestionView(
        id=question["id"], type=question["type"], number=1, count=1, prompt=Markup("<p>?</p>"),
        flagged=False, answered=False, take_template=question_type.take_template,
        script_answer=question_type.script_answer, view=view)
    take = render_template(question_type.take_template, question=frame, described="prompt",
                           error=None)
    assert re.search(r"<(input|select|textarea)\b", take)

    replay = QuestionReplay(
        number=1, section_id="s", section_title="S", id=question["id"], type=question["type"],
        label=question_type.label, prompt_html=Markup("<p>?</p>"), explanation_html=None,
        points=0.0, max_points=1.0, status="unanswered", answered=False, flagged=False,
        time_spent_seconds=0.0, replay_template=question_type.replay_template,
        view=question_type.replay_view(question, order, None),
        manual_grading=question_type.manual_grading)
    assert render_template(question_type.replay_template, q=replay).strip()
