"""Checks on the raw data, so that they report even when a neighbouring value is invalid
(pydantic skips a model's cross-field checks when one of its fields fails):

- section ids, and question and pool ids, are unique in a test;
- a pool picks at most as many questions as it holds;
- each question type's own checks (``QuestionType.check_raw``), e.g. a single-choice
  question has exactly one correct option, a multiple-choice one at least one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from app.banks.problems import Problem
from app.banks.source import Source
from app.questions import QUESTION_TYPES

Path = tuple[str | int, ...]


def check_raw(source: Source) -> list[Problem]:
    """Problems with ids, pool sizes and each type's own checks, found on the raw data."""
    data = source.data
    sections = data.get("sections") if isinstance(data, dict) else None
    if not isinstance(sections, list):
        return []
    problems: list[Problem] = []
    section_paths: list[tuple[Path, Any]] = [
        (("sections", index), section) for index, section in enumerate(sections)]
    problems += _duplicates(source, ((path, "section", s) for path, s in section_paths))
    problems += _duplicates(source, _entries(section_paths))
    for path, kind, entry in _entries(section_paths):
        message, at = _pool_size(entry) if kind == "pool" else _question_checks(entry)
        if message:
            position = source.position((*path, *at))
            problems.append(Problem(source.file, position.line, position.col, message))
    return problems


Check = tuple[str | None, Path]


def _pool_size(pool: dict[str, Any]) -> Check:
    pick, questions = pool.get("pick"), pool.get("questions")
    if type(pick) is int and isinstance(questions, list) and pick > len(questions):
        return (f"pool '{pool.get('id')}' picks {pick} questions but holds only "
                f"{len(questions)}"), ("pick",)
    return None, ()


def _question_checks(question: Any) -> Check:
    kind = question.get("type") if isinstance(question, dict) else None
    question_type = QUESTION_TYPES.get(kind) if isinstance(kind, str) else None
    problem = question_type.check_raw(question) if question_type is not None else None
    return problem if problem is not None else (None, ())


def _entries(sections: list[tuple[Path, Any]]) -> Iterator[tuple[Path, str, Any]]:
    """(path, "question" or "pool", mapping) of every question and pool, in file order."""
    for path, section in sections:
        items = section.get("questions") if isinstance(section, dict) else None
        for index, item in enumerate(items if isinstance(items, list) else []):
            item_path = (*path, "questions", index)
            pool = item.get("pool") if isinstance(item, dict) else None
            if not isinstance(pool, dict):
                yield item_path, "question", item
                continue
            yield (*item_path, "pool"), "pool", pool
            members = pool.get("questions")
            for member_index, member in enumerate(members if isinstance(members, list) else []):
                yield (*item_path, "pool", "questions", member_index), "question", member


def _duplicates(source: Source, entries: Iterator[tuple[Path, str, Any]]) -> list[Problem]:
    """A problem at every id used before in ``entries``, naming the line of the first use."""
    first_use: dict[str, tuple[Path, str]] = {}
    problems = []
    for path, kind, entry in entries:
        ident = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(ident, str):
            continue
        if ident not in first_use:
            first_use[ident] = (path, kind)  # positions only when needed: they cost a walk
            continue
        first_path, first_kind = first_use[ident]
        line = source.position((*first_path, "id")).line
        where = f"by the {first_kind} on line {line}" if first_kind != kind else f"on line {line}"
        position = source.position((*path, "id"))
        problems.append(Problem(source.file, position.line, position.col,
                                f"duplicate {kind} id '{ident}': already used {where}"))
    return problems
