"""multiple_choice: one or more correct options, scored all_or_nothing, partial or weighted.

Answer (contracts.md §2): the list of chosen option ids, e.g. ``["a", "c"]`` (order
irrelevant; stored in the definition's order).
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from flask_babel import gettext as _
from pydantic import Field, ValidationInfo, field_validator

from app.banks.common import Scoring, bank_error, number_text
from app.questions.base import (
    N_,
    Answer,
    AnswerError,
    Credit,
    Question,
    QuestionType,
    RawProblem,
)
from app.questions.choices import (
    OPTION_HELP,
    OPTIONS_TOO_SHORT,
    ChoiceQuestion,
    ChoicesReplay,
    ChoicesView,
    Option,
    Options,
    check_correct_options,
    check_distinct_ids,
    known_option_ids,
    option_order,
    options_replay,
    options_view,
)

if TYPE_CHECKING:
    from werkzeug.datastructures import MultiDict

_DUST = 1e-9  # a credit this close to a whole number is that number


class MultipleChoice(ChoiceQuestion):
    """One or more correct options, scored all_or_nothing, partial or weighted."""

    type: Literal["multiple_choice"]
    scoring: Scoring = Field("all_or_nothing", description=(
        "all_or_nothing: full points only for exactly the correct set. partial: +1/C per "
        "correct option chosen, -1/W per wrong one. weighted: the chosen options' weights "
        "added up, capped at 100."))
    options: Options

    @field_validator("options")
    @classmethod
    def _check_options(cls, options: list[Option], info: ValidationInfo) -> list[Option]:
        check_distinct_ids(options)
        scoring = info.data.get("scoring")
        weighted = [index for index, option in enumerate(options) if option.weight is not None]
        if scoring in ("all_or_nothing", "partial") and weighted:
            raise bank_error(f"option weights only count with 'scoring: weighted' (this "
                             f"question has scoring: {scoring})", (weighted[0], "weight"))
        if scoring != "weighted" or not any(option.correct for option in options):
            return options
        if weighted and len(weighted) != len(options):
            missing = next(i for i in range(len(options)) if i not in set(weighted))
            raise bank_error("give every option a weight, or none (then the correct options "
                             "share 100 equally)", (missing,))
        _check_weights(options, _weights(options, "weighted"))
        return options

    def extra_keys(self) -> dict[str, Any]:
        return {"options": self.normalized_options(_weights(self.options, self.scoring)),
                "shuffle_options": self.shuffle_options, "scoring": self.scoring,
                "negative_marking": self.negative_marking}


def _weights(options: list[Option], scoring: str) -> list[float]:
    if scoring != "weighted":
        return [100.0 if option.correct else 0.0 for option in options]
    if all(option.weight is None for option in options):
        share = 100.0 / sum(1 for option in options if option.correct)
        return [share if option.correct else 0.0 for option in options]
    return [float(option.weight or 0.0) for option in options]


def _check_weights(options: list[Option], weights: list[float]) -> None:
    # Negative weights need no negative_marking here: they are penalties inside the
    # question, whose total is floored at 0 unless negative_marking is on.
    total = 0.0
    for index, (option, weight) in enumerate(zip(options, weights, strict=True)):
        if option.correct and weight <= 0:
            raise bank_error("a correct option needs a weight above 0", (index, "weight"))
        if not option.correct and weight > 0:
            raise bank_error("a wrong option cannot earn credit; give it weight 0 or a "
                             "negative weight, or mark it [x]", (index, "weight"))
        total += weight if option.correct else 0.0
    if round(total, 6) < 100:
        raise bank_error(f"the correct options' weights add up to {number_text(round(total, 6))}, "
                         "so no answer can earn full points; they must add up to at least 100")


class MultipleChoiceType(QuestionType):
    """Credit, by the question's ``scoring``:

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

    name = "multiple_choice"
    label = N_("Multiple choice")
    bank_model = MultipleChoice
    schema_help = (("MultipleChoice", "Multiple-choice question",
                    "One or more correct options, marked [x]."), OPTION_HELP)
    too_short = (OPTIONS_TOO_SHORT,)
    script_answer = "choices"

    def check_raw(self, question: Mapping[str, Any]) -> RawProblem | None:
        return check_correct_options(question, single=False)

    def draw_order(self, question: Question, rng: random.Random) -> list[str]:
        return option_order(question, rng)

    def compile(self, question: Question) -> Credit:
        options = question["options"]
        known = frozenset(option["id"] for option in options)
        correct = frozenset(option["id"] for option in options if option["correct"])
        floor = -1.0 if question["negative_marking"] else 0.0
        scoring = question["scoring"]
        if scoring == "all_or_nothing":
            return _all_or_nothing(correct)
        if scoring == "partial":
            return _partial(known, correct, floor)
        if scoring == "weighted":
            weights = {option["id"]: option["weight"] for option in options}
            return _weighted(known, weights, floor)
        raise ValueError(
            f"question {question['id']!r}: unknown multiple_choice scoring {scoring!r}")

    def parse_json(self, question: Question, value: Any) -> Answer:
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise AnswerError(_("Choose any of the options shown."))
        return _choices(question, value)

    def parse_form(self, question: Question, form: MultiDict[str, str]) -> Answer:
        return _choices(question, form.getlist("answer"))

    def take_view(self, question: Question, order: Sequence[str] | None, answer: Answer,
                  submitted: MultiDict[str, str] | None) -> ChoicesView:
        return options_view(question, order, answer, submitted, multiple=True)

    def replay_view(self, question: Question, order: Sequence[str] | None,
                    answer: Answer) -> ChoicesReplay:
        return options_replay(question, order, answer)

    def answer_summary(self, question: Question, answer: Answer) -> str:
        known = known_option_ids(question)
        chosen = [option_id for option_id in answer if option_id in known] \
            if isinstance(answer, list) else []
        return _("%(chosen)d of %(count)d options chosen", chosen=len(chosen),
                 count=len(known))


def _choices(question: Question, chosen: list[str]) -> list[str] | None:
    known = known_option_ids(question)
    if any(choice not in known for choice in chosen):
        raise AnswerError(_("Choose any of the options shown."))
    picked = [option for option in known if option in set(chosen)]  # definition order, no dups
    return picked or None


def _chosen_ids(answer: object, known: frozenset[str]) -> frozenset[str] | None:
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


def _all_or_nothing(correct: frozenset[str]) -> Credit:
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


def _partial(known: frozenset[str], correct: frozenset[str], floor: float) -> Credit:
    n_correct = len(correct) or 1  # with no correct option, `right` is always 0
    n_wrong = (len(known) - len(correct)) or 1

    def credit(answer: object) -> float:
        chosen = _chosen_ids(answer, known)
        if chosen is None:
            return 0.0
        right = len(chosen & correct)
        # Divide counts rather than add 1/C steps: C/C is exactly 1.0, 7 × (1/7) is not.
        value = right / n_correct - (len(chosen) - right) / n_wrong
        return max(value, floor)

    return credit


def _weighted(known: frozenset[str], weights: dict[str, float], floor: float) -> Credit:
    weight_of = weights.__getitem__

    def credit(answer: object) -> float:
        chosen = _chosen_ids(answer, known)
        if chosen is None:
            return 0.0
        value = sum(map(weight_of, chosen)) / 100.0
        # Snap float dust: 33.33 + 33.33 + 33.34 must be full credit, 50 - 49.99 - 0.01 none.
        if value > 1.0 - _DUST:
            return 1.0
        if -_DUST < value < _DUST:
            return 0.0
        return max(value, floor)

    return credit
