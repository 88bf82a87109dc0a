"""true_false: a statement that is true or false.

Answer (contracts.md §2): ``true`` or ``false``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from flask_babel import gettext as _
from markupsafe import Markup
from pydantic import Field

from app.banks.common import QuestionBase
from app.questions.base import N_, Answer, AnswerError, Credit, Question, QuestionType
from app.questions.choices import Choice, ChoicesReplay, ChoicesView, ReplayChoice

if TYPE_CHECKING:
    from werkzeug.datastructures import MultiDict


class TrueFalse(QuestionBase):
    """A statement that is true or false."""

    type: Literal["true_false"]
    answer: bool = Field(description="Whether the statement in the prompt is true.")

    def extra_keys(self) -> dict[str, Any]:
        return {"answer": self.answer}


class TrueFalseType(QuestionType):
    """Credit: full points iff the answer is the boolean ``answer``; anything else earns 0."""

    name = "true_false"
    label = N_("True or false")
    bank_model = TrueFalse
    schema_help = (("TrueFalse", "True/false question", "A statement that is true or false."),)
    script_answer = "boolean"

    def compile(self, question: Question) -> Credit:
        expected = bool(question["answer"])

        def credit(answer: object) -> float:
            # `is` rather than ==: 1 and 0 are not booleans here.
            return 1.0 if answer is expected else 0.0

        return credit

    def parse_json(self, question: Question, value: Any) -> Answer:
        if value is None:
            return None
        if not isinstance(value, bool):
            raise AnswerError(_("Choose True or False."))
        return value

    def parse_form(self, question: Question, form: MultiDict[str, str]) -> Answer:
        value = form.get("answer")
        if value in (None, ""):
            return None
        if value not in ("true", "false"):
            raise AnswerError(_("Choose True or False."))
        return value == "true"

    def take_view(self, question: Question, order: Sequence[str] | None, answer: Answer,
                  submitted: MultiDict[str, str] | None) -> ChoicesView:
        value = answer if submitted is None else {"true": True, "false": False}.get(
            submitted.get("answer", ""))
        return ChoicesView([Choice("true", Markup.escape(_("True")), value is True),
                            Choice("false", Markup.escape(_("False")), value is False)],
                           multiple=False)

    def replay_view(self, question: Question, order: Sequence[str] | None,
                    answer: Answer) -> ChoicesReplay:
        return ChoicesReplay([
            ReplayChoice(id=str(value).lower(), html=None, value=value, chosen=answer is value,
                         correct=question.get("answer") is value)
            for value in (True, False)])

    def answer_summary(self, question: Question, answer: Answer) -> str:
        return _("True") if answer is True else _("False")
