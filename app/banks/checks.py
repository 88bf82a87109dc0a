"""Checks on the raw data, so that they report even when a neighbouring value is invalid
(pydantic skips a model's cross-field checks when one of its fields fails):

- section ids, and question and pool ids, are unique in a test;
- a pool picks at most as many questions as it holds;
- a single-choice question has exactly one correct option, a multiple-choice one at least one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from app.banks.choices import MARKED_OPTION
from app.banks.common import default_ids
from app.banks.problems import Problem
from app.banks.source import Source

Path = tuple[str | int, ...]


def check_raw(source: Source) -> list[Problem]:
    """Problems with ids, pool sizes and correct options, found on the raw data."""
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
        message, at = _pool_size(entry) if kind == "pool" else _correct_options(entry)
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


def _correct_options(question: Any) -> Check:
    kind = question.get("type") if isinstance(question, dict) else None
    options = question.get("options") if kind in ("single_choice", "multiple_choice") else None
    if not isinstance(options, list) or len(options) < 2:
        return None, ()
    marks = [_is_correct(option) for option in options]
    correct = [index for index, mark in enumerate(marks) if mark]
    name = f"{str(kind).replace('_', '-')} question '{question.get('id')}'"
    if not correct and None not in marks:  # an unreadable mark is reported on its own
        wanted = "exactly one" if kind == "single_choice" else "at least one"
        return f"{name} has no correct option; mark {wanted} with [x]", ("options",)
    if kind == "single_choice" and len(correct) > 1:
        given = [option.get("id") if isinstance(option, dict) else None for option in options]
        ids = [g if isinstance(g, str) else d for g, d in zip(given, default_ids(len(options)))]
        return (f"{name} has {len(correct)} correct options ({', '.join(ids[i] for i in correct)}); "
                "mark exactly one with [x], or make it a multiple_choice question"), \
            ("options", correct[1])
    return None, ()


def _is_correct(option: Any) -> bool | None:
    """Whether the option is marked correct; None when the mark cannot be read."""
    if isinstance(option, str):
        match = MARKED_OPTION.fullmatch(option)
        return None if match is None else match.group(1) != " "
    correct = option.get("correct") if isinstance(option, dict) else None
    return correct if isinstance(correct, bool) else None


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
