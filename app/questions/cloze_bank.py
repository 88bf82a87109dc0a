"""cloze's bank format: the text with its numbered markers and each blank's rules (a
short_text's, a numeric's, or a menu of options), checked and normalized for storage.
The question type itself (pages, answers, credit) is in cloze.py."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, field_validator, model_validator

from app.banks.common import BankModel, Markdown, QuestionBase, bank_error
from app.questions.choices import Option, Options, check_distinct_ids, option_ids
from app.questions.cloze_text import check_text, marker, read_text
from app.questions.numeric import NumberOrText, NumericEntry, NumericRules
from app.questions.short_text import ShortTextRules, TextEntry

KINDS = ("short_text", "numeric", "choice")

def _text_shorthand(value: Any) -> Any:
    return value if isinstance(value, dict) else {
        "answers": value if isinstance(value, list) else [value]}


def _numeric_shorthand(value: Any) -> Any:
    if isinstance(value, dict):
        return value
    return {"answers": value} if isinstance(value, list) else {"answer": value}


TextBlank = Annotated[ShortTextRules, BeforeValidator(
    _text_shorthand, json_schema_input_type=str | list[TextEntry] | ShortTextRules)]
NumberBlank = Annotated[NumericRules, BeforeValidator(
    _numeric_shorthand, json_schema_input_type=NumberOrText | list[NumericEntry] | NumericRules)]


class ClozeBlank(BankModel):
    """One blank: exactly one of ``short_text``, ``numeric`` or ``choice``, and a weight."""

    short_text: TextBlank | None = Field(None, description=(
        "A typed text: an accepted answer, a list of them, or a short_text question's keys "
        "(answers, case_sensitive, whitespace, max_length)."), examples=["Paris"])
    numeric: NumberBlank | None = Field(None, description=(
        'A typed number: 42, "1.41 +- 0.01", a list of answers, or a numeric question\'s '
        "keys (answer, tolerance, answers, unit)."), examples=["1.41 +- 0.01"])
    choice: Options | None = Field(None, description=(
        'A menu: "[x] right", "[ ] wrong", ... Exactly one is right; a wrong option may '
        "have a weight from 0 to 99."))
    weight: float = Field(1.0, gt=0, le=1000, description=(
        "The blank's share of the question's points, relative to the other blanks' "
        "(default 1: every blank counts the same)."))

    @model_validator(mode="before")
    @classmethod
    def _mapping(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            raise bank_error("write a blank as a mapping: {short_text: Paris}, "
                             '{numeric: "1.41 +- 0.01"} or {choice: ["[x] 3", "[ ] 4"]}')
        return data

    @model_validator(mode="after")
    def _one_kind(self) -> ClozeBlank:
        given = [kind for kind in KINDS if getattr(self, kind) is not None]
        if not given:
            raise bank_error("a blank needs one of 'short_text', 'numeric' or 'choice'")
        if len(given) > 1:
            raise bank_error(f"a blank is one thing: give '{given[0]}' or '{given[1]}', not "
                             "both", (given[1],))
        return self

    @field_validator("choice")
    @classmethod
    def _check_choice(cls, options: list[Option]) -> list[Option]:
        check_distinct_ids(options)
        correct = [index for index, option in enumerate(options) if option.correct]
        if len(correct) != 1:
            raise bank_error("a menu has exactly one correct option, marked [x]; this one has "
                             f"{len(correct)}", (correct[1],) if correct else ())
        for index, option in enumerate(options):
            if option.weight is not None and option.correct and option.weight != 100:
                raise bank_error("the correct option of a menu is always worth 100",
                                 (index, "weight"))
            if option.weight is not None and not option.correct and not 0 <= option.weight < 100:
                raise bank_error("a wrong option of a menu is worth from 0 to 99 (a blank "
                                 "cannot take points away)", (index, "weight"))
        return options

    def normalize(self, number: str) -> dict[str, Any]:
        if self.short_text is not None:
            kind, keys = "short_text", self.short_text.rule_keys()
        elif self.numeric is not None:
            kind, keys = "numeric", self.numeric.rule_keys()
        else:
            options = self.choice or []
            kind, keys = "choice", {"options": [
                {"id": option_id, "text": option.text, "correct": option.correct,
                 "weight": 100.0 if option.correct else option.weight or 0.0,
                 "feedback": option.feedback}
                for option, option_id in zip(options, option_ids(options), strict=True)]}
        return {"id": number, "kind": kind, "weight": self.weight, **keys}


class Cloze(QuestionBase):
    """A text with numbered blanks ({{1}}), each described under ``blanks``."""

    type: Literal["cloze"]
    text: Markdown = Field(description="The text, in Markdown, with each blank marked by its "
                                       "number: {{1}}, {{2}}, ...",
                           examples=["The capital of France is {{1}}."])
    blanks: dict[str, ClozeBlank] = Field(min_length=1, description=(
        "Each blank by its number in the text: {short_text: ...}, {numeric: ...} or "
        "{choice: [...]}, with an optional weight."),
        json_schema_extra={"propertyNames": {"pattern": "^[1-9][0-9]{0,2}$"}})
    shuffle_options: bool = Field(True, description="Show each menu's options in a random "
                                                    "order for each candidate.")

    @field_validator("text")
    @classmethod
    def _check_text(cls, text: str) -> str:
        check_text(text)
        return text

    @field_validator("blanks")
    @classmethod
    def _check_numbers(cls, blanks: dict[str, ClozeBlank]) -> dict[str, ClozeBlank]:
        for number in blanks:
            if not re.fullmatch(r"[1-9][0-9]{0,2}", number):
                raise bank_error(f"'{number}' is not a blank number: number the blanks 1, 2, "
                                 "3, ... as in the text's {{1}}, {{2}}, {{3}}", (number,))
        return blanks

    @model_validator(mode="after")
    def _match_markers(self) -> Cloze:
        numbers = read_text(self.text).numbers
        missing = [number for number in numbers if number not in self.blanks]
        if missing:
            raise bank_error(f"the text has {', '.join(map(marker, missing))} but 'blanks' "
                             f"does not describe {'it' if len(missing) == 1 else 'them'}; add "
                             f"'{missing[0]}:' under 'blanks'", ("text",))
        unused = [number for number in self.blanks if number not in numbers]
        if unused:
            raise bank_error(f"blank {unused[0]} is not in the text; put {marker(unused[0])} "
                             "where it goes, or remove it", ("blanks", unused[0]))
        return self

    def extra_keys(self) -> dict[str, Any]:
        return {"text": self.text, "shuffle_options": self.shuffle_options,
                "blanks": [self.blanks[n].normalize(n) for n in read_text(self.text).numbers]}
