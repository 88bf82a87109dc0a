"""short_text: a short text typed by the candidate, compared with the accepted answers.

Answer (contracts.md §2): the text typed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from app.banks.common import BankModel, QuestionBase, bank_error, number_text
from app.questions.base import (
    N_,
    Answer,
    Credit,
    Question,
    QuestionType,
    clamp,
    text_of,
)
from app.questions.text import (
    AnswerWeight,
    TextReplay,
    TextView,
    limited_text,
    shown_text,
    typed_text,
)

if TYPE_CHECKING:
    from werkzeug.datastructures import MultiDict

_WHITESPACE_RULES: dict[str, Callable[[str], str]] = {
    "normalize": lambda text: " ".join(text.split()),  # trim, and runs become one space
    "ignore": lambda text: "".join(text.split()),
    "exact": lambda text: text,
}


class TextAnswer(BankModel):
    """One accepted text: exact (after case and whitespace rules) or a regular expression."""

    text: str | None = Field(
        None, description="Accepted as typed (case and whitespace rules apply).")
    regex: str | None = Field(None, description="A Python regular expression the whole "
                                                "answer must match.", examples=["^paris( city)?$"])
    weight: AnswerWeight = 100.0

    @model_validator(mode="after")
    def _check(self) -> TextAnswer:
        if (self.text is None) == (self.regex is None):
            raise bank_error("give an answer either 'text' or 'regex' (one of them)")
        if self.text is not None and not self.text.strip():
            raise bank_error("an accepted answer cannot be blank", ("text",))
        if self.regex is not None:
            if not self.regex.strip():
                raise bank_error("a regex cannot be blank", ("regex",))
            try:
                re.compile(self.regex)
            except re.error as error:
                raise bank_error(f"the regex does not compile: {error}", ("regex",)) from None
        return self

    def normalize(self) -> dict[str, Any]:
        if self.regex is not None:
            return {"match": "regex", "value": self.regex, "weight": self.weight}
        return {"match": "exact", "value": self.text, "weight": self.weight}


def _text_from_shorthand(value: Any) -> Any:
    if isinstance(value, (bool, int, float)):
        shown = str(value).lower() if isinstance(value, bool) else number_text(value)
        raise bank_error(f"the accepted answer {shown} must be text; put it in quotes: \"{shown}\"")
    return {"text": value} if isinstance(value, str) else value


TextEntry = Annotated[TextAnswer, BeforeValidator(
    _text_from_shorthand, json_schema_input_type=str | TextAnswer)]


class ShortTextRules(BankModel):
    """How one typed text is judged: a short_text question's keys besides the common ones,
    and a cloze blank's ``short_text:`` (app.questions.cloze)."""

    case_sensitive: bool = False
    whitespace: Literal["normalize", "ignore", "exact"] = Field("normalize", description=(
        "normalize: trim and collapse runs of spaces; ignore: remove all whitespace; "
        "exact: compare as typed."))
    max_length: int = Field(200, ge=1, le=10_000,
                            description="Longest answer the candidate can type.")
    answers: Annotated[list[TextEntry], Field(min_length=1, description=(
        "Accepted answers: texts, or mappings {text, weight} / {regex, weight}."))]

    # A field validator (not a model validator) so it runs even when another key of the
    # question is wrong; 'max_length' is declared first so that it can be read here.
    @field_validator("answers")
    @classmethod
    def _check_answers(cls, answers: list[TextAnswer], info: ValidationInfo) -> list[TextAnswer]:
        max_length = info.data.get("max_length")
        for index, entry in enumerate(answers):
            if entry.text is not None and max_length is not None and len(entry.text) > max_length:
                raise bank_error(f"this answer is {len(entry.text)} characters long but "
                                 f"max_length is {max_length}, so nobody could type it", (index,))
        if max(entry.weight for entry in answers) < 100:
            raise bank_error("no answer is worth 100, so nobody can earn full points; give the "
                             "best answer weight 100")
        return answers

    def rule_keys(self) -> dict[str, Any]:
        """The normalized keys (contracts.md §1) that ``ShortTextType.compile`` reads."""
        return {"answers": [entry.normalize() for entry in self.answers],
                "case_sensitive": self.case_sensitive, "whitespace": self.whitespace,
                "max_length": self.max_length}


class ShortText(ShortTextRules, QuestionBase):
    """A short text typed by the candidate, compared with the accepted answers."""

    type: Literal["short_text"]

    def extra_keys(self) -> dict[str, Any]:
        return self.rule_keys()


class ShortTextType(QuestionType):
    """Credit: the typed text against ``answers``, best ``weight`` wins (kept in 0..100%).

    The text is first cut to its first ``max_length`` characters, put in Unicode NFC
    form, then shaped by the ``whitespace`` rule: ``normalize`` trims it and turns each
    run of whitespace into one space, ``ignore`` removes all whitespace, ``exact`` keeps
    it as typed.

    - ``exact`` answers: the author's value gets the same NFC and whitespace rule, then
      both sides are compared casefolded ("Straße" equals "STRASSE") unless
      ``case_sensitive``.
    - ``regex`` answers: ``re.fullmatch`` of the author's pattern (NFC too) against the
      shaped text, not casefolded; unless ``case_sensitive`` the pattern is compiled
      with ``re.IGNORECASE``. Patterns are compiled once, when the test is compiled.

    Text that matches no answer earns 0; a non-string answer earns 0.
    """

    name = "short_text"
    label = N_("Short text")
    bank_model = ShortText
    schema_help = (
        ("ShortText", "Short-text question",
         "The candidate types a short text, compared with the accepted answers."),
        ("TextAnswer", "Text answer", "A 'text' or a 'regex', with a weight."),
    )

    def compile(self, question: Question) -> Credit:
        case_sensitive = bool(question["case_sensitive"])
        rule = question["whitespace"]
        if rule not in _WHITESPACE_RULES:
            raise ValueError(f"question {question['id']!r}: unknown whitespace rule {rule!r}")
        shape = _WHITESPACE_RULES[rule]
        max_length = question["max_length"]
        flags = 0 if case_sensitive else re.IGNORECASE

        exact: dict[str, float] = {}
        patterns: list[tuple[re.Pattern[str], float]] = []
        for answer in question["answers"]:
            earned = clamp(answer["weight"] / 100.0, 0.0, 1.0)
            value = unicodedata.normalize("NFC", answer["value"])
            if answer["match"] == "exact":
                key = shape(value)
                key = key if case_sensitive else key.casefold()
                exact[key] = max(earned, exact.get(key, 0.0))
            elif answer["match"] == "regex":
                try:
                    patterns.append((re.compile(value, flags), earned))
                except re.error as error:
                    raise ValueError(
                        f"question {question['id']!r}: bad regex {value!r}: {error}") from None
            else:
                raise ValueError(f"question {question['id']!r}: unknown match {answer['match']!r}")
        patterns.sort(key=lambda entry: entry[1], reverse=True)

        def credit(answer: object) -> float:
            if not isinstance(answer, str):
                return 0.0
            if max_length:
                answer = answer[:max_length]
            # ASCII text is already in NFC; the check is far cheaper than normalize().
            text = shape(answer if answer.isascii() else unicodedata.normalize("NFC", answer))
            best = exact.get(text if case_sensitive else text.casefold(), 0.0)
            for pattern, earned in patterns:
                if earned <= best:
                    break  # sorted: no later pattern can do better
                if pattern.fullmatch(text) is not None:
                    return earned
            return best

        return credit

    def parse_json(self, question: Question, value: Any) -> Answer:
        if value is None:
            return None
        return limited_text(typed_text(value), question.get("max_length"))

    def take_view(self, question: Question, order: Sequence[str] | None, answer: Answer,
                  submitted: MultiDict[str, str] | None) -> TextView:
        return TextView(shown_text(answer, submitted), max_length=question.get("max_length"))

    def replay_view(self, question: Question, order: Sequence[str] | None,
                    answer: Answer) -> TextReplay:
        return TextReplay(text_of(answer), [str(a.get("value", "")) for a in question.get(
            "answers", []) if a.get("weight", 100) > 0])
