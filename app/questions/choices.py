"""What the choice types share: options in the bank, their draw, and their views.

single_choice and multiple_choice are written with options, QuizML style: one string each
with an inline mark (``"[x] 3"`` is correct, ``"[ ] 2"`` is not), or a mapping when an
option needs a weight, feedback or id. true_false shares the views (two fixed choices).
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from markupsafe import Markup
from pydantic import BeforeValidator, Field, StringConstraints

from app.banks.common import (
    OPTION_ID_PATTERN,
    BankModel,
    Markdown,
    QuestionBase,
    Weight,
    bank_error,
    default_ids,
)
from app.banks.markdown import render_inline
from app.questions.base import SUMMARY_CHARS, Question, RawProblem, TakeView, plain_start

if TYPE_CHECKING:
    from werkzeug.datastructures import MultiDict

MARKED_OPTION = re.compile(r"\s*\[([ xX])\]\s?(.*)", re.DOTALL)
OPTION_SHORTHAND_PATTERN = r"^\s*\[[ xX]\]"


class Option(BankModel):
    """One answer option of a choice question."""

    text: Markdown = Field(description="The option as the candidate sees it (inline Markdown).")
    correct: bool = Field(description="Whether choosing this option is right.")
    weight: Weight | None = None
    feedback: Markdown | None = Field(None, description="Shown with the results when chosen.")
    id: Annotated[str, StringConstraints(pattern=OPTION_ID_PATTERN)] | None = Field(
        None, description="Optional; by default a, b, c, ... by position.")


def _option_from_text(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    match = MARKED_OPTION.fullmatch(value)
    if match is None:
        raise bank_error(f"option {value!r} is not marked: start it with \"[x] \" if it is "
                         "correct or \"[ ] \" if it is not")
    return {"text": match.group(2), "correct": match.group(1) != " "}


OptionEntry = Annotated[Option, BeforeValidator(
    _option_from_text,
    json_schema_input_type=Annotated[str, Field(
        pattern=OPTION_SHORTHAND_PATTERN,
        description='"[x] text" for a correct option, "[ ] text" for a wrong one.',
        examples=["[x] 3", "[ ] 2"])] | Option,
)]
Options = Annotated[list[OptionEntry], Field(
    min_length=2, description='At least two options: "[x] right", "[ ] wrong", or mappings.')]

# Schema help and messages every choice type shows for its options.
OPTION_HELP = ("Option", "Option",
               "An option as a mapping, when it needs a weight, feedback or id.")
OPTIONS_TOO_SHORT = ("options", "a choice question needs at least {minimum} options")


class ChoiceQuestion(QuestionBase):
    """The keys single_choice and multiple_choice share."""

    shuffle_options: bool = Field(True, description="Show the options in a random order "
                                                    "for each candidate.")
    negative_marking: bool = Field(False, description="Let the question's score fall below "
                                                      "zero (down to minus its points).")
    # Each type declares ``options`` itself, last, so that its checks (field validators,
    # not model validators, to run even when another key of the question is wrong) can
    # read the keys declared before it in ``info.data`` (the ones that were valid).
    if TYPE_CHECKING:
        options: list[Option]

    def option_ids(self) -> list[str]:
        return option_ids(self.options)

    def normalized_options(self, weights: list[float]) -> list[dict[str, Any]]:
        return [
            {"id": option_id, "text": option.text, "correct": option.correct,
             "weight": weight, "feedback": option.feedback}
            for option, option_id, weight
            in zip(self.options, self.option_ids(), weights, strict=True)
        ]


def option_ids(options: list[Option]) -> list[str]:
    """The options' ids: the given ones, else a, b, c, ... by position."""
    defaults = default_ids(len(options))
    return [option.id or default for option, default in zip(options, defaults, strict=True)]


def check_distinct_ids(options: list[Option]) -> None:
    seen: dict[str, int] = {}
    for index, option_id in enumerate(option_ids(options)):
        if option_id in seen:
            given = "" if options[index].id else " (by its position)"
            raise bank_error(f"option id '{option_id}'{given} is already used by option "
                             f"{seen[option_id] + 1}; give the options distinct ids",
                             (index,))
        seen[option_id] = index


def check_correct_options(question: Mapping[str, Any], *, single: bool) -> RawProblem | None:
    """On the raw data: no correct option, or (``single``) more than one."""
    options = question.get("options")
    if not isinstance(options, list) or len(options) < 2:
        return None
    marks = [_is_correct(option) for option in options]
    correct = [index for index, mark in enumerate(marks) if mark]
    name = f"{str(question.get('type')).replace('_', '-')} question '{question.get('id')}'"
    if not correct and None not in marks:  # an unreadable mark is reported on its own
        wanted = "exactly one" if single else "at least one"
        return f"{name} has no correct option; mark {wanted} with [x]", ("options",)
    if single and len(correct) > 1:
        given = [option.get("id") if isinstance(option, dict) else None for option in options]
        defaults = default_ids(len(options))
        ids = [g if isinstance(g, str) else d for g, d in zip(given, defaults, strict=True)]
        listed = ", ".join(ids[i] for i in correct)
        return (f"{name} has {len(correct)} correct options ({listed}); "
                "mark exactly one with [x], or make it a multiple_choice question"), \
            ("options", correct[1])
    return None


def _is_correct(option: Any) -> bool | None:
    """Whether the option is marked correct; None when the mark cannot be read."""
    if isinstance(option, str):
        match = MARKED_OPTION.fullmatch(option)
        return None if match is None else match.group(1) != " "
    correct = option.get("correct") if isinstance(option, dict) else None
    return correct if isinstance(correct, bool) else None


def option_order(question: Question, rng: random.Random) -> list[str]:
    """The option ids, shuffled when the question has ``shuffle_options``."""
    ids = [option["id"] for option in question["options"]]
    if question["shuffle_options"]:
        rng.shuffle(ids)
    return ids


def known_option_ids(question: Question) -> list[str]:
    return [option["id"] for option in question.get("options", [])]


def option_summary(question: Question, option_id: object) -> str:
    """A chosen option as the review page names it: its text, plain and shortened."""
    for option in question.get("options", []):
        if option["id"] == option_id:
            return plain_start(option.get("text") or "", SUMMARY_CHARS)
    return ""


# The candidate's page

@dataclass
class Choice:
    id: str
    label: Markup
    checked: bool


@dataclass
class ChoicesView(TakeView):
    choices: list[Choice]
    multiple: bool  # checkboxes rather than radio buttons

    def fragments(self) -> Iterable[Markup]:
        return [choice.label for choice in self.choices]


def options_view(question: Question, order: Sequence[str] | None, answer: object,
                 submitted: MultiDict[str, str] | None, *, multiple: bool) -> ChoicesView:
    """The options in the candidate's order, the saved (or just refused) choice checked."""
    options = {option["id"]: option for option in question["options"]}
    chosen = set(answer if isinstance(answer, list) else [answer])
    if submitted is not None:
        chosen = set(submitted.getlist("answer"))
    return ChoicesView([Choice(id=oid, label=render_inline(options[oid]["text"]),
                               checked=oid in chosen)
                        for oid in (order or list(options)) if oid in options], multiple)


# The results page

@dataclass(frozen=True)
class ReplayChoice:
    """One option (or true/false value) as shown to the candidate."""

    id: str
    html: Markup | None  # bank markdown, rendered; None for true/false (the page words it)
    value: bool | None  # true/false questions: the value this row stands for
    chosen: bool
    correct: bool
    feedback_html: Markup | None = None


@dataclass(frozen=True)
class ChoicesReplay:
    choices: list[ReplayChoice]


def options_replay(question: Question, order: Sequence[str] | None,
                   answer: object) -> ChoicesReplay:
    options = {option["id"]: option for option in question.get("options", [])}
    ids = [i for i in (order or []) if i in options] or list(options)
    chosen = set(answer) if isinstance(answer, list) else {answer}
    return ChoicesReplay([
        ReplayChoice(id=option_id, html=render_inline(options[option_id].get("text") or ""),
                     value=None, chosen=option_id in chosen,
                     correct=bool(options[option_id].get("correct")),
                     feedback_html=(render_inline(options[option_id]["feedback"])
                                    if options[option_id].get("feedback") else None))
        for option_id in ids
    ])
