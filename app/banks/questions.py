"""The question entries of the author format, from the registry of question types.

Each type's model lives with its type (``app.questions.<type>``). ``Question`` is the
union of them, chosen by ``type`` (so a mistake inside a question is reported against
that type only); ``BANK_MODELS`` maps each ``type:`` to its model.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any, Union

from pydantic import Discriminator, Tag

from app.banks.common import QuestionBase
from app.questions import QUESTION_TYPES

BANK_MODELS: Mapping[str, type[QuestionBase]] = {
    name: question_type.bank_model for name, question_type in QUESTION_TYPES.items()}


def item_kind(value: Any) -> str | None:
    """The union tag of a section entry: "pool", or the question's type (None if absent)."""
    if not isinstance(value, dict):
        return None
    if "pool" in value:
        return "pool"
    kind = value.get("type")
    return None if kind is None else str(kind)


def tagged_questions(*extra: Any) -> Any:
    """The discriminated union of ``extra`` (already tagged) and every question model.

    Built from the registry, so it is typed as ``Any`` here; type checkers see the
    ``TYPE_CHECKING`` aliases below and in ``app.banks.format`` instead.
    """
    members = (*extra, *(Annotated[model, Tag(name)] for name, model in BANK_MODELS.items()))
    return Annotated[Union[members], Discriminator(item_kind)]  # noqa: UP007 (a runtime tuple)


if TYPE_CHECKING:
    Question = QuestionBase
else:
    Question = tagged_questions()
