"""Draw the questions one candidate gets: the layout of contracts.md §3.

The draw is a pure function of the definition and a seed. Every random choice comes from
one ``random.Random(seed)`` consumed in a fixed order (never the global generator), so
the same definition and seed give the same layout in every process and on every
platform. The layout is stored on the attempt when it starts; scoring reads the stored
layout, never a re-draw.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from app.questions import type_of


def new_seed() -> int:
    """A fresh seed from the OS's secure generator: 0 <= seed < 2**63 (a signed BIGINT)."""
    return secrets.randbits(63)


def draw(definition: Mapping[str, Any], seed: int) -> list[dict[str, Any]]:
    """The layout for ``seed``: one entry per section, in section order.

    Within a section, items are taken in order; a pool contributes ``pick`` distinct
    questions sampled from it, kept in the pool's source order. When the section has
    ``shuffle_questions``, its drawn questions are then shuffled together. Each drawn
    question gets an ``order`` from its type's ``draw_order``: the option ids (choice
    types), shuffled when the question has ``shuffle_options``; the item ids of an
    ordering question, shuffled so that with two or more items the initial order is never
    the correct one; else None.

    Raises ValueError when a pool asks for more questions than it has, or for a
    negative number, or when a question's type is unknown.
    """
    rng = random.Random(seed)  # noqa: S311  (a reproducible draw from a seed made by secrets)
    return [
        {"section": section["id"], "questions": _draw_section(section, rng)}
        for section in definition["sections"]
    ]


def _draw_section(section: Mapping[str, Any], rng: random.Random) -> list[dict[str, Any]]:
    chosen: list[Mapping[str, Any]] = []
    for item in section["items"]:
        if item["kind"] == "question":
            chosen.append(item["question"])
        elif item["kind"] == "pool":
            chosen.extend(_draw_pool(item, rng))
        else:
            raise ValueError(f"section {section['id']!r}: unknown item kind {item['kind']!r}")
    if section["shuffle_questions"]:
        rng.shuffle(chosen)
    return [{"id": question["id"], "order": type_of(question).draw_order(question, rng)}
            for question in chosen]


def _draw_pool(pool: Mapping[str, Any], rng: random.Random) -> list[Mapping[str, Any]]:
    questions: Sequence[Mapping[str, Any]] = pool["questions"]
    pick = pool["pick"]
    if not 0 <= pick <= len(questions):
        raise ValueError(f"pool {pool['id']!r} picks {pick} of {len(questions)} questions")
    # Sample positions, then sort them: the pool's source order is kept.
    positions = sorted(rng.sample(range(len(questions)), pick))
    return [questions[position] for position in positions]
