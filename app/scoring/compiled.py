"""A test definition compiled once into per-question credit functions, and a small cache.

Compiling reads every question of the normalized definition (contracts.md §1), pools
included, and asks the question's type (``app.questions``) for its credit function, so
scoring an attempt is a loop of plain calls. Compiled tests are immutable and safe to share
between threads.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from app.questions import QUESTION_TYPES
from app.questions.base import Credit

CACHE_SIZE = 64  # distinct tests scored at once by one process; a compiled test is small


@dataclass(frozen=True, slots=True)
class CompiledQuestion:
    id: str
    type: str
    points: float
    credit: Credit
    manual: bool  # a person grades it (essays)


@dataclass(frozen=True, slots=True)
class CompiledSection:
    id: str
    title: str
    weight: float


@dataclass(frozen=True, slots=True)
class CompiledTest:
    id: str
    pass_mark: float
    sections: Mapping[str, CompiledSection]
    questions: Mapping[str, CompiledQuestion]  # every question, drawn or not
    # The same, flat for the scoring loop: id -> (points, credit, or None if graded by a person)
    table: Mapping[str, tuple[float, Credit | None]]


def iter_questions(section: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """Every question of a section in source order, pool questions included."""
    for item in section["items"]:
        if item["kind"] == "question":
            yield item["question"]
        elif item["kind"] == "pool":
            yield from item["questions"]
        else:
            raise ValueError(f"section {section['id']!r}: unknown item kind {item['kind']!r}")


def _compile(definition: Mapping[str, Any]) -> CompiledTest:
    sections: dict[str, CompiledSection] = {}
    questions: dict[str, CompiledQuestion] = {}
    for section in definition["sections"]:
        sections[section["id"]] = CompiledSection(
            section["id"], section["title"], float(section["weight"])
        )
        for question in iter_questions(section):
            question_id, kind = question["id"], question["type"]
            question_type = QUESTION_TYPES.get(kind)
            if question_type is None:
                raise ValueError(f"question {question_id!r}: unknown type {kind!r}")
            if question_id in questions:
                raise ValueError(f"question id {question_id!r} is used twice")
            questions[question_id] = CompiledQuestion(
                question_id, kind, float(question["points"]), question_type.compile(question),
                question_type.manual_grading,
            )
    table = {q.id: (q.points, None if q.manual else q.credit) for q in questions.values()}
    return CompiledTest(definition["id"], float(definition["pass_mark"]), sections, questions,
                        table)


# Two caches, each least-recently-used first. By key: the caller names the content (the
# Test row's content_hash), so equal definitions loaded as different dicts share one
# entry. By identity: keyed on id(definition) and holding the definition itself, so the id
# cannot be reused by another object while its entry lives; the `is` check on lookup
# makes a stale id harmless. Definitions are read-only by convention (they come from a
# JSON column); a dict mutated in place after compiling needs a key or a fresh compile.
_lock = threading.Lock()
_by_key: OrderedDict[Hashable, CompiledTest] = OrderedDict()
_by_identity: OrderedDict[int, tuple[Mapping[str, Any], CompiledTest]] = OrderedDict()


def compile_test(definition: Mapping[str, Any], *, key: Hashable | None = None) -> CompiledTest:
    """Compile a normalized definition, reusing a cached result when there is one.

    With ``key`` (e.g. ``test.content_hash``) the cache is by that key, which must change
    whenever the content does; without it, by the identity of ``definition``.
    Raises KeyError when a key of the normalized shape is missing and ValueError on an
    unknown question type, item kind or option, or a repeated question id.
    """
    with _lock:
        if key is not None:
            cached = _by_key.get(key)
            if cached is not None:
                _by_key.move_to_end(key)
                return cached
        else:
            entry = _by_identity.get(id(definition))
            if entry is not None and entry[0] is definition:
                _by_identity.move_to_end(id(definition))
                return entry[1]
    compiled = _compile(definition)  # outside the lock: a race only compiles twice
    with _lock:
        if key is not None:
            _by_key[key] = compiled
            _by_key.move_to_end(key)
            if len(_by_key) > CACHE_SIZE:
                _by_key.popitem(last=False)
        else:
            _by_identity[id(definition)] = (definition, compiled)
            _by_identity.move_to_end(id(definition))
            if len(_by_identity) > CACHE_SIZE:
                _by_identity.popitem(last=False)
    return compiled


def clear_cache() -> None:
    """Forget every compiled test (tests use it; a process never needs to)."""
    with _lock:
        _by_key.clear()
        _by_identity.clear()
