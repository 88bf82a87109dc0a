"""Numbered pages of a query, for the console's lists.

A page is read with one query of ``per_page + 1`` rows: the extra row only says whether a
next page exists, so no count of the whole list is ever taken (an organization's outbox
may hold hundreds of thousands of rows).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select

from app.database import DbSession

T = TypeVar("T")

MAX_PAGE = 10_000  # deeper than anyone pages by hand; bounds the OFFSET a URL can ask for


@dataclass(frozen=True)
class Paged(Generic[T]):
    items: list[T]
    number: int  # 1-based
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def paginate(session: DbSession, query: Select[Any], number: int,
             per_page: int) -> Paged[Any]:
    """Page ``number`` (clamped to 1..MAX_PAGE) of ``query``, which must be ordered."""
    number = min(max(number, 1), MAX_PAGE)
    rows = list(session.scalars(query.limit(per_page + 1).offset((number - 1) * per_page)))
    return Paged(items=rows[:per_page], number=number, has_next=len(rows) > per_page)

