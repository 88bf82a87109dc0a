"""The registry of question types: each grader turns one question into a credit function.

A grader reads a normalized question (docs/design/contracts.md §1) once and returns a
``Credit``: a pure function from the candidate's answer (§2) to the fraction of the
question's points earned, between -1 and 1. The scorer multiplies by the question's
``points``. Fractions rather than points keep a question's status well defined even
for a 0-point question (credit 1 is "correct" whatever the points).

Credit functions are only called with an *answered* answer: the scorer has already
turned ``None``, ``""``, ``[]``, whitespace-only text and missing answers into
"unanswered". They never raise:
an answer of the wrong type, with an unknown option or item id, or with duplicates,
earns 0 (status "incorrect").

The text types (numeric, short_text) live in ``app.scoring.text_graders``.
"""

from __future__ import annotations

from itertools import combinations

from app.scoring.base import Credit, Grader, Question, clamp
from app.scoring.text_graders import NumericGrader, ShortTextGrader

__all__ = ["GRADERS", "Credit", "Grader"]

_DUST = 1e-9  # a credit this close to a whole number is that number


def _option_ids(answer: object, known: frozenset[str]) -> frozenset[str] | None:
    """The set of chosen option ids, or None when the answer is malformed."""
    if not isinstance(answer, list):
        return None
    try:
        chosen = frozenset(answer)
    except TypeError:  # an unhashable element, e.g. a nested list
        return None
    if len(chosen) != len(answer) or not chosen <= known:
        return None  # duplicates, or ids the question does not have (non-strings included)
    return chosen


class SingleChoiceGrader(Grader):
    """single_choice: the chosen option's ``weight`` percent of the points.

    A correct option has weight 100; an author may give a wrong option partial credit
    (a positive weight below 100, as GIFT's ``~%50%``). A negative weight is a penalty
    only when the question has ``negative_marking``; without it the credit is floored
    at 0. The credit is always kept within -100%..100%. An answer that is not one of
    the option ids earns 0.
    """

    type = "single_choice"

    def compile(self, question: Question) -> Credit:
        floor = -1.0 if question["negative_marking"] else 0.0
        table = {
            option["id"]: clamp(option["weight"] / 100.0, floor, 1.0)
            for option in question["options"]
        }

        def credit(answer: object) -> float:
            if not isinstance(answer, str):
                return 0.0
            return table.get(answer, 0.0)

        return credit


class MultipleChoiceGrader(Grader):
    """multiple_choice: a list of option ids (order irrelevant), by the question's ``scoring``.

    - ``all_or_nothing``: full points iff the chosen set equals the set of options marked
      ``correct``; otherwise 0.
    - ``partial`` (the R/exams "false" rule): with C correct and W wrong options,
      +1/C for each correct option chosen and -1/W for each wrong option chosen. Floored
      at 0, or at -100% with ``negative_marking``.
    - ``weighted`` (GIFT): the chosen options' ``weight`` percents added up, capped at
      100%, floored at 0, or at -100% with ``negative_marking``. A sum within a
      ten-millionth of a percent of 100 or of 0 counts as exactly that, so that
      33.33 + 33.33 + 33.34 is full credit despite binary rounding.

    A list with duplicates or unknown ids, or anything but a list, earns 0.
    """

    type = "multiple_choice"

    def compile(self, question: Question) -> Credit:
        options = question["options"]
        known = frozenset(option["id"] for option in options)
        correct = frozenset(option["id"] for option in options if option["correct"])
        floor = -1.0 if question["negative_marking"] else 0.0
        scoring = question["scoring"]
        if scoring == "all_or_nothing":
            return self._all_or_nothing(known, correct)
        if scoring == "partial":
            return self._partial(known, correct, floor)
        if scoring == "weighted":
            weights = {option["id"]: option["weight"] for option in options}
            return self._weighted(known, weights, floor)
        raise ValueError(
            f"question {question['id']!r}: unknown multiple_choice scoring {scoring!r}")

    @staticmethod
    def _all_or_nothing(known: frozenset[str], correct: frozenset[str]) -> Credit:
        size = len(correct)

        def credit(answer: object) -> float:
            if not isinstance(answer, list) or len(answer) != size:
                return 0.0
            try:
                # Same length and same set: no duplicates, no unknown ids.
                return 1.0 if frozenset(answer) == correct else 0.0
            except TypeError:  # an unhashable element
                return 0.0

        return credit

    @staticmethod
    def _partial(known: frozenset[str], correct: frozenset[str], floor: float) -> Credit:
        n_correct = len(correct) or 1  # with no correct option, `right` is always 0
        n_wrong = (len(known) - len(correct)) or 1

        def credit(answer: object) -> float:
            chosen = _option_ids(answer, known)
            if chosen is None:
                return 0.0
            right = len(chosen & correct)
            # Divide counts rather than add 1/C steps: C/C is exactly 1.0, 7 × (1/7) is not.
            value = right / n_correct - (len(chosen) - right) / n_wrong
            return floor if value < floor else value

        return credit

    @staticmethod
    def _weighted(known: frozenset[str], weights: dict[str, float], floor: float) -> Credit:
        weight_of = weights.__getitem__

        def credit(answer: object) -> float:
            chosen = _option_ids(answer, known)
            if chosen is None:
                return 0.0
            value = sum(map(weight_of, chosen)) / 100.0
            # Snap float dust: 33.33 + 33.33 + 33.34 must be full credit, 50 - 49.99 - 0.01 none.
            if value > 1.0 - _DUST:
                return 1.0
            if -_DUST < value < _DUST:
                return 0.0
            return floor if value < floor else value

        return credit


class TrueFalseGrader(Grader):
    """true_false: full points iff the answer is the boolean ``answer``; anything else earns 0."""

    type = "true_false"

    def compile(self, question: Question) -> Credit:
        expected = bool(question["answer"])

        def credit(answer: object) -> float:
            # `is` rather than ==: 1 and 0 are not booleans here.
            return 1.0 if answer is expected else 0.0

        return credit


class OrderingGrader(Grader):
    """ordering: a list of item ids in the candidate's order; ``items`` is the correct order.

    - ``all_or_nothing``: full points iff the order is exactly the correct one.
    - ``partial``: the fraction of item pairs the candidate put in the correct relative
      order (Kendall's concordant pairs / all pairs), so a reversed list earns 0 and one
      swap of neighbours in n items costs 1 / (n(n-1)/2).

    An answer that is not a permutation of the item ids (missing, extra, duplicated or
    unknown ids) earns 0.
    """

    type = "ordering"

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


class EssayGrader(Grader):
    """essay: never graded automatically.

    The points are a reviewer's ``manual_points`` for the question, clamped to
    0..points; until then an answered essay is "pending" and counts 0 provisionally.
    An unanswered essay is "unanswered" (0 points) and needs no review.
    """

    type = "essay"
    manual = True

    def compile(self, question: Question) -> Credit:
        return _provisional_zero


def _provisional_zero(answer: object) -> float:
    return 0.0


GRADERS: dict[str, Grader] = {
    grader.type: grader
    for grader in (
        SingleChoiceGrader(),
        MultipleChoiceGrader(),
        TrueFalseGrader(),
        NumericGrader(),
        ShortTextGrader(),
        EssayGrader(),
        OrderingGrader(),
    )
}
