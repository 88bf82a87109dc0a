"""A valid bank as the normalized definition of docs/design/contracts.md §1.

Every default is filled in and every shorthand expanded, so nothing downstream reads
the author's YAML. ``content_hash`` names a definition by its content: the loader
compares it to decide whether an edit is a new version.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from app.banks.format import Bank, PoolItem, Section

FORMAT_VERSION = 1


def normalize(bank: Bank) -> dict[str, Any]:
    """The normalized definition of ``bank`` (a plain, JSON-ready dict)."""
    return {
        "format": FORMAT_VERSION,
        "id": bank.id,
        "name": bank.name,
        "description": bank.description,
        "language": bank.language,
        "time_limit_seconds": bank.time_limit,
        "pass_mark": bank.pass_mark,
        "active": bank.active,
        "instructions": bank.instructions,
        "sections": [_section(section) for section in bank.sections],
    }


def _section(section: Section) -> dict[str, Any]:
    items: list[dict[str, Any]] = []
    for item in section.questions:
        if isinstance(item, PoolItem):
            pool = item.pool
            items.append({"kind": "pool", "id": pool.id, "pick": pool.pick,
                          "questions": [question.normalize() for question in pool.questions]})
        else:
            items.append({"kind": "question", "question": item.normalize()})
    return {
        "id": section.id,
        "title": section.title,
        "description": section.description,
        "weight": section.weight,
        "time_limit_seconds": section.time_limit,
        "shuffle_questions": section.shuffle,
        "items": items,
    }


def canonical_json(definition: Mapping[str, Any]) -> bytes:
    """One byte string per content: sorted keys, no spaces, UTF-8."""
    return json.dumps(definition, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode()


def content_hash(definition: Mapping[str, Any]) -> str:
    """sha256 (hex) of the canonical JSON of ``definition``."""
    return hashlib.sha256(canonical_json(definition)).hexdigest()


def question_count(definition: Mapping[str, Any]) -> int:
    """Questions one candidate answers: every plain question, plus ``pick`` per pool."""
    return sum(
        item["pick"] if item["kind"] == "pool" else 1
        for section in definition["sections"]
        for item in section["items"]
    )
