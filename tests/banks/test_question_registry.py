"""The question-type registry and the unions pydantic validates with list the same types."""

from __future__ import annotations

from typing import Any, get_args

from pydantic import Tag

from app.banks.format import PoolItem, SectionItem
from app.banks.questions import BANK_MODELS, Question


def _tagged_members(union: Any) -> dict[str, type]:
    members = get_args(get_args(union)[0])
    found = {}
    for member in members:
        model, *metadata = get_args(member)
        [tag] = [item.tag for item in metadata if isinstance(item, Tag)]
        found[tag] = model
    return found


def test_a_pool_holds_exactly_the_registered_question_types() -> None:
    assert _tagged_members(Question) == BANK_MODELS


def test_a_section_holds_the_registered_question_types_and_pools() -> None:
    assert _tagged_members(SectionItem) == {"pool": PoolItem, **BANK_MODELS}


def test_every_type_names_itself_in_its_type_key() -> None:
    for name, model in BANK_MODELS.items():
        assert get_args(model.model_fields["type"].annotation) == (name,)
