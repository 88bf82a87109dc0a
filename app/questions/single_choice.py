"""single_choice: one correct option; wrong options may earn partial or negative credit.

Answer (contracts.md §2): the chosen option's id, e.g. ``"b"``.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from flask_babel import gettext as _
from pydantic import ValidationInfo, field_validator

from app.banks.common import bank_error, number_text
from app.questions.base import (
    N_,
    Answer,
    AnswerError,
    Credit,
    Question,
    QuestionType,
    RawProblem,
    clamp,
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
    option_summary,
    options_replay,
    options_view,
)

if TYPE_CHECKING:
    from werkzeug.datastructures import MultiDict


class SingleChoice(ChoiceQuestion):
    """One correct option. Wrong options may earn partial (or negative) credit by weight.

    The number of correct options is checked on the raw data (``check_raw``).
    """

    type: Literal["single_choice"]
    options: Options

    @field_validator("options")
    @classmethod
    def _check_options(cls, options: list[Option], info: ValidationInfo) -> list[Option]:
        check_distinct_ids(options)
        # A chosen option is the whole answer, so a negative weight is a negative score.
        negative_allowed = info.data.get("negative_marking", True)
        for index, option in enumerate(options):
            if option.weight is None:
                continue
            if option.correct and option.weight != 100:
                raise bank_error("the correct option of a single-choice question is always "
                                 "worth 100; put partial credit on the wrong options instead",
                                 (index, "weight"))
            if not option.correct and option.weight >= 100:
                raise bank_error("a wrong option must be worth less than 100; mark it [x] "
                                 "if it is correct", (index, "weight"))
            if option.weight < 0 and not negative_allowed:
                raise bank_error(f"option weight {number_text(option.weight)} is negative, "
                                 "which needs 'negative_marking: true' on the question",
                                 (index, "weight"))
        return options

    def extra_keys(self) -> dict[str, Any]:
        weights = [100.0 if option.correct else option.weight or 0.0 for option in self.options]
        return {"options": self.normalized_options(weights),
                "shuffle_options": self.shuffle_options,
                "negative_marking": self.negative_marking}


class SingleChoiceType(QuestionType):
    """Credit: the chosen option's ``weight`` percent of the points.

    A correct option has weight 100; an author may give a wrong option partial credit
    (a positive weight below 100, as GIFT's ``~%50%``). A negative weight is a penalty
    only when the question has ``negative_marking``; without it the credit is floored
    at 0. The credit is always kept within -100%..100%. An answer that is not one of
    the option ids earns 0.
    """

    name = "single_choice"
    label = N_("Single choice")
    bank_model = SingleChoice
    schema_help = (("SingleChoice", "Single-choice question",
                    "Exactly one correct option, marked [x]."), OPTION_HELP)
    too_short = (OPTIONS_TOO_SHORT,)
    script_answer = "choice"

    def check_raw(self, question: Mapping[str, Any]) -> RawProblem | None:
        return check_correct_options(question, single=True)

    def draw_order(self, question: Question, rng: random.Random) -> list[str]:
        return option_order(question, rng)

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

    def parse_json(self, question: Question, value: Any) -> Answer:
        if value is None:
            return None
        if not isinstance(value, str):
            raise AnswerError(_("Choose one of the options shown."))
        if value == "":
            return None
        if value not in known_option_ids(question):
            raise AnswerError(_("Choose one of the options shown."))
        return value

    def take_view(self, question: Question, order: Sequence[str] | None, answer: Answer,
                  submitted: MultiDict[str, str] | None) -> ChoicesView:
        return options_view(question, order, answer, submitted, multiple=False)

    def replay_view(self, question: Question, order: Sequence[str] | None,
                    answer: Answer) -> ChoicesReplay:
        return options_replay(question, order, answer)

    def answer_summary(self, question: Question, answer: Answer) -> str:
        return option_summary(question, answer)
