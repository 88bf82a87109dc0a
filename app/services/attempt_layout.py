"""Reading an attempt's drawn layout (contracts.md §3) together with its test definition.

Pure helpers shared by the taking services and the candidate pages: where a question sits,
which questions a section holds, and the normalized question behind a drawn id.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from app.scoring.records import DrawnQuestion, DrawnSection

Question = Mapping[str, Any]
Layout = Sequence[DrawnSection]  # Attempt.drawn


def questions_by_id(definition: Mapping[str, Any]) -> dict[str, Question]:
    """Every question of the definition (pools included), by id."""
    found: dict[str, Question] = {}
    for section in definition.get("sections", []):
        for item in section.get("items", []):
            if item.get("kind") == "question":
                found[item["question"]["id"]] = item["question"]
            elif item.get("kind") == "pool":
                for question in item.get("questions", []):
                    found[question["id"]] = question
    return found


def section_definition(definition: Mapping[str, Any], section_id: str) -> Mapping[str, Any]:
    """The definition's section called ``section_id``; raises KeyError when it has none."""
    sections: list[Mapping[str, Any]] = definition.get("sections", [])
    for section in sections:
        if section["id"] == section_id:
            return section
    raise KeyError(section_id)


def question_ids(layout: Layout, section: int) -> list[str]:
    """The drawn question ids of section ``section`` in display order ([] when out of range)."""
    if not 0 <= section < len(layout):
        return []
    return [question.id for question in layout[section].questions]


def drawn_question(layout: Layout, section: int, index: int) -> DrawnQuestion | None:
    """The drawn question at a position, or None when out of range."""
    if not 0 <= section < len(layout):
        return None
    questions = layout[section].questions
    return questions[index] if 0 <= index < len(questions) else None


def position_of(layout: Layout, question_id: str) -> tuple[int, int] | None:
    """(section index, question index) of a drawn question, or None when not drawn."""
    for section_index, section in enumerate(layout):
        for index, question in enumerate(section.questions):
            if question.id == question_id:
                return section_index, index
    return None
