"""ordering: items the candidate puts in order; the bank lists them in the correct order.

Answer (contracts.md §2): the item ids in the candidate's order. Without JavaScript the
page gives each item a menu of positions (fields ``position-<item id>``).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING, Annotated, Any, Literal

from flask_babel import gettext as _
from markupsafe import Markup
from pydantic import Field, field_validator

from app.banks.common import Markdown, QuestionBase, bank_error
from app.banks.markdown import render_inline
from app.questions.base import (
    N_,
    Answer,
    AnswerError,
    Credit,
    Question,
    QuestionType,
    TakeView,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from werkzeug.datastructures import MultiDict

_MAX_RESHUFFLES = 32  # an ordering still correct after this many shuffles gets rotated
_MAX_POSITION_DIGITS = 5  # a position menu never offers more (MAX_INDEX is 10,000)


class Ordering(QuestionBase):
    """Items the candidate puts in order; ``items`` lists them in the correct order."""

    type: Literal["ordering"]
    items: Annotated[list[Markdown], Field(
        min_length=2, description="The items in the correct order (at least 2, all different).")]
    scoring: Literal["all_or_nothing", "partial"] = Field("partial", description=(
        "partial: the share of item pairs in the correct relative order; all_or_nothing: "
        "full points only for the exact order."))

    @field_validator("items")
    @classmethod
    def _check_items(cls, items: list[str]) -> list[str]:
        seen: dict[str, int] = {}
        for index, text in enumerate(items):
            if text in seen:
                raise bank_error(f"item {index + 1} repeats item {seen[text] + 1}; a candidate "
                                 "could not tell them apart", (index,))
            seen[text] = index
        return items

    def item_ids(self) -> list[str]:
        # Ids come from the text, not the position: ids "a, b, c" in the correct order
        # would give the answer away to anyone reading the page source.
        ids, taken = [], set()
        for text in self.items:
            digest = hashlib.sha256(f"{self.id}\0{text}".encode()).hexdigest()
            size = 8
            while digest[:size] in taken:
                size += 1
            ids.append(digest[:size])
            taken.add(digest[:size])
        return ids

    def extra_keys(self) -> dict[str, Any]:
        return {"items": [{"id": item_id, "text": text}
                          for item_id, text in zip(self.item_ids(), self.items, strict=True)],
                "scoring": self.scoring}


@dataclass
class OrderItem:
    id: str
    label: Markup
    position: int | None  # 1-based, None when not placed yet


@dataclass
class OrderingView(TakeView):
    items: list[OrderItem]

    def fragments(self) -> Iterable[Markup]:
        return [item.label for item in self.items]


@dataclass(frozen=True)
class OrderedItem:
    """One item of an ordering question, in the candidate's order."""

    id: str
    html: Markup
    candidate_position: int  # 1-based
    correct_position: int  # 1-based


@dataclass(frozen=True)
class OrderingReplay:
    ordering: list[OrderedItem]


class OrderingType(QuestionType):
    """Credit, by the question's ``scoring`` (``items`` is the correct order):

    - ``all_or_nothing``: full points iff the order is exactly the correct one.
    - ``partial``: the fraction of item pairs the candidate put in the correct relative
      order (Kendall's concordant pairs / all pairs), so a reversed list earns 0 and one
      swap of neighbours in n items costs 1 / (n(n-1)/2).

    An answer that is not a permutation of the item ids (missing, extra, duplicated or
    unknown ids) earns 0.
    """

    name = "ordering"
    label = N_("Ordering")
    bank_model = Ordering
    schema_help = (("Ordering", "Ordering question",
                    "The candidate puts the items in order; list them in the correct order."),)
    too_short = (("items", "an ordering question needs at least {minimum} items"),)
    script_answer = "order"

    def draw_order(self, question: Question, rng: random.Random) -> list[str]:
        """The item ids shuffled so that with two or more items the initial order is never
        the correct one."""
        return _scrambled([item["id"] for item in question["items"]], rng)

    def compile(self, question: Question) -> Credit:
        ids = [item["id"] for item in question["items"]]
        rank = {item_id: position for position, item_id in enumerate(ids)}
        scoring = question["scoring"]
        if scoring not in ("all_or_nothing", "partial"):
            raise ValueError(f"question {question['id']!r}: unknown ordering scoring {scoring!r}")
        partial = scoring == "partial"
        n_pairs = len(ids) * (len(ids) - 1) // 2

        def credit(answer: object) -> float:
            if not isinstance(answer, list) or len(answer) != len(ids):
                return 0.0
            if answer == ids:
                return 1.0
            if not partial:
                return 0.0
            try:
                ranks = [rank[item_id] for item_id in answer]
            except (KeyError, TypeError):  # unknown or unhashable ids
                return 0.0
            if len(set(ranks)) != len(ranks):
                return 0.0  # a duplicate, so some item is missing
            concordant = sum([first < second for first, second in combinations(ranks, 2)])
            return concordant / n_pairs

        return credit

    def parse_json(self, question: Question, value: Any) -> Answer:
        if value is None:
            return None
        items = _item_ids(question)
        if value == []:
            return None
        if (not isinstance(value, list) or sorted(map(str, value)) != sorted(items)
                or not all(isinstance(v, str) for v in value)):
            raise AnswerError(_("Put every item in a position, each position once."))
        return list(value)

    def parse_form(self, question: Question, form: MultiDict[str, str]) -> Answer:
        """One position menu per item; all empty is unanswered."""
        positions = {item: form.get(f"position-{item}", "") for item in _item_ids(question)}
        if all(not position for position in positions.values()):
            return None
        try:
            numbers = {item: int(position) for item, position in positions.items()}
        except ValueError:
            raise AnswerError(_("Put every item in a position, each position once.")) from None
        if sorted(numbers.values()) != list(range(1, len(numbers) + 1)):
            raise AnswerError(_("Put every item in a position, each position once."))
        return sorted(numbers, key=lambda item: numbers[item])

    def take_view(self, question: Question, order: Sequence[str] | None, answer: Answer,
                  submitted: MultiDict[str, str] | None) -> OrderingView:
        items = {item["id"]: item for item in question["items"]}
        placed = {item: n for n, item in enumerate(answer, 1)} if isinstance(answer, list) else {}
        if submitted is not None:
            placed = {item: number for item in items
                      if (number := _position(submitted.get(f"position-{item}", ""))) is not None}
        return OrderingView([OrderItem(id=iid, label=render_inline(items[iid]["text"]),
                                       position=placed.get(iid))
                             for iid in (order or list(items)) if iid in items])

    def replay_view(self, question: Question, order: Sequence[str] | None,
                    answer: Answer) -> OrderingReplay:
        """The items in the candidate's order; their initial (shuffled) order when they
        never moved anything, since that is what they submitted by leaving it."""
        items = {item["id"]: item for item in question.get("items", [])}
        correct = list(items)
        shown = [i for i in answer if i in items] if isinstance(answer, list) else []
        shown = shown or [i for i in (order or []) if i in items] or correct
        return OrderingReplay([
            OrderedItem(id=item_id, html=render_inline(items[item_id].get("text") or ""),
                        candidate_position=position,
                        correct_position=correct.index(item_id) + 1)
            for position, item_id in enumerate(shown, start=1)])

    def answer_summary(self, question: Question, answer: Answer) -> str:
        items = _item_ids(question)
        placed = {i for i in answer if i in items} if isinstance(answer, list) else set()
        if len(placed) == len(items):
            return _("All items put in order")
        return _("%(placed)d of %(count)d items placed", placed=len(placed), count=len(items))


def _item_ids(question: Question) -> list[str]:
    return [item["id"] for item in question.get("items", [])]


def _position(text: str) -> int | None:
    """A position as the page's menu sends it (ASCII digits), or None."""
    text = text.strip()
    if not text or len(text) > _MAX_POSITION_DIGITS or not (text.isascii() and text.isdigit()):
        return None
    return int(text)


def _scrambled(correct: list[str], rng: random.Random) -> list[str]:
    """A uniform shuffle among the orders that differ from ``correct`` (if any do)."""
    order = list(correct)
    if len(order) < 2:
        return order
    # Rejection keeps the draw uniform over the other orders; each try fails with
    # probability 1/n! <= 1/2, so the rotation is only a guarantee, never used in practice.
    for _attempt in range(_MAX_RESHUFFLES):
        rng.shuffle(order)
        if order != correct:
            return order
    return correct[1:] + correct[:1]
