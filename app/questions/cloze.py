"""cloze: a Markdown text with numbered blanks, each a short text, a number or a menu.

The author marks each blank in ``text`` by its number, ``{{1}}``, and describes it under
``blanks`` with the rules of the type it borrows: ``short_text`` (``ShortTextRules``),
``numeric`` (``NumericRules``) or ``choice`` (options, as in choices.py). The page shows
the blanks in reading order, "Blank 1 of 3" and so on, whatever their numbers.

A blank may stand in the text or in inline code (the code is split around its field). In
a code block, a link or an image it is a validation error, and the renderer leaves such a
marker as written, so a marker never puts a field in a link or in an attribute.

Answer (contracts.md §2): ``{blank number: text typed or option id}`` (app.questions.parts).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from markupsafe import Markup

from app.banks.markdown import render_inline
from app.questions.base import (
    N_,
    Answer,
    AnswerError,
    Credit,
    Question,
    QuestionType,
    TakeView,
    clamp,
)
from app.questions.cloze_bank import Cloze
from app.questions.cloze_text import read_text
from app.questions.numeric import NumericType
from app.questions.parts import parse_parts, parts_from_form
from app.questions.short_text import ShortTextType

if TYPE_CHECKING:
    from werkzeug.datastructures import MultiDict

FIELD_PREFIX = "blank-"  # blank 3's form field is "blank-3"
_SHORT_TEXT, _NUMERIC = ShortTextType(), NumericType()


# The pages

@dataclass(frozen=True)
class BlankField:
    """One blank's field on the candidate's page (templates/questions/cloze/take.html)."""

    key: str  # the author's number: the answer's key; the form field is "blank-<key>"
    number: int  # 1-based, in reading order: "Blank 2 of 3"
    value: str  # what the field holds
    menu: list[tuple[str, str]] | None = None  # a choice's (option id, plain text)
    numeric: bool = False
    unit: str | None = None
    max_length: int | None = None
    invalid: bool = False  # the candidate's last submit was refused for this blank


@dataclass
class ClozeView(TakeView):
    segments: list[tuple[Markup, BlankField | None]]  # the text, each part and its field
    count: int

    def fragments(self) -> Iterable[Markup]:
        return [html for html, _blank in self.segments]


@dataclass(frozen=True)
class BlankReplay:
    """One blank on the results page: the answer, the accepted ones, the verdict."""

    number: int
    answer_text: str | None  # as typed, or the chosen option's text; None when left empty
    accepted: list[str]
    status: str  # correct, partial, incorrect or unanswered (as for a question)
    percent: int  # of the blank's share of the points
    unit: str | None = None
    feedback_html: Markup | None = None


@dataclass(frozen=True)
class ClozeReplay:
    segments: list[tuple[Markup, int | None]]  # the text, each part and its blank's number
    blanks: list[BlankReplay]


class ClozeType(QuestionType):
    """Credit: each blank earns a credit by its kind's rules (short_text's, numeric's, or
    the chosen option's weight, 0..100%), and the question earns the blanks' credits
    averaged by their ``weight``: sum(weight × credit) / sum(weight). An empty blank earns
    0, parts the question does not have are ignored, and an answer that is not a mapping
    earns 0.
    """

    name = "cloze"
    label = N_("Fill in the blanks")
    bank_model = Cloze
    schema_help = (
        ("Cloze", "Cloze question (fill in the blanks)",
         "A text with numbered blanks, {{1}}, each a short text, a number or a menu."),
        ("ClozeBlank", "Blank", "One of short_text, numeric or choice, with a weight."),
        ("ShortTextRules", "Text blank", "Accepted texts, as for a short_text question."),
        ("NumericRules", "Number blank", "Accepted numbers, as for a numeric question."),
    )
    too_short = (("blanks", "a cloze question needs at least {minimum} blank"),)
    script_answer = "parts"

    def draw_order(self, question: Question, rng: random.Random) -> list[str] | None:
        """Each menu's option ids as "<blank>:<option>", shuffled within each menu."""
        order: list[str] = []
        for blank in question["blanks"] if question["shuffle_options"] else ():
            if blank["kind"] == "choice":
                ids = [option["id"] for option in blank["options"]]
                rng.shuffle(ids)
                order += [f"{blank['id']}:{option_id}" for option_id in ids]
        return order or None

    def compile(self, question: Question) -> Credit:
        parts = [(blank["id"], float(blank["weight"]), _blank_credit(question, blank))
                 for blank in question["blanks"]]
        # fsum rounds exactly once, so with every blank right earned == total: exactly 1.
        total = math.fsum(weight for _key, weight, _credit in parts)

        def credit(answer: object) -> float:
            if not isinstance(answer, dict) or total <= 0:
                return 0.0
            earned = math.fsum(weight * part_credit(value) for key, weight, part_credit in parts
                               if isinstance(value := answer.get(key), str) and value.strip())
            return clamp(earned / total, 0.0, 1.0)

        return credit

    def parse_json(self, question: Question, value: Any) -> Answer:
        blanks = _blanks(question)

        def check(key: str, text: str) -> str:
            number, blank = blanks[key]
            try:
                return _checked(blank, text)
            except AnswerError as error:
                raise AnswerError(_("Blank %(number)d: %(problem)s", number=number,
                                    problem=error.message)) from None

        return parse_parts(value, list(blanks), _(
            "These answers do not fit this question's blanks; reload the page."), check)

    def parse_form(self, question: Question, form: MultiDict[str, str]) -> Answer:
        keys = list(_blanks(question))
        return self.parse_json(question, parts_from_form(form, FIELD_PREFIX, keys))

    def take_view(self, question: Question, order: Sequence[str] | None, answer: Answer,
                  submitted: MultiDict[str, str] | None) -> ClozeView:
        blanks = _blanks(question)
        values = answer if isinstance(answer, dict) else {}
        if submitted is not None:
            values = parts_from_form(submitted, FIELD_PREFIX, list(blanks))
        fields = {key: _field(key, number, blank, values.get(key), order,
                              refused=submitted is not None)
                  for key, (number, blank) in blanks.items()}
        return ClozeView([(html, fields.pop(key, None) if key else None)
                          for html, key in read_text(question["text"]).segments], len(blanks))

    def replay_view(self, question: Question, order: Sequence[str] | None,
                    answer: Answer) -> ClozeReplay:
        blanks = _blanks(question)
        values = answer if isinstance(answer, dict) else {}
        return ClozeReplay(
            [(html, blanks[key][0] if key in blanks else None)
             for html, key in read_text(question.get("text") or "").segments],
            [_replay(question, number, blank, values.get(key))
             for key, (number, blank) in blanks.items()])

    def answer_summary(self, question: Question, answer: Answer) -> str:
        blanks = _blanks(question)
        values = answer if isinstance(answer, dict) else {}
        return _("%(filled)d of %(count)d blanks filled",
                 filled=sum(1 for key in blanks if values.get(key)), count=len(blanks))


def _blanks(question: Question) -> dict[str, tuple[int, dict[str, Any]]]:
    """Each blank by its key (the author's number), with its number in reading order."""
    return {blank["id"]: (number, blank)
            for number, blank in enumerate(question.get("blanks", []), 1)}


def _blank_credit(question: Question, blank: dict[str, Any]) -> Credit:
    named = {**blank, "id": f"{question['id']} blank {blank['id']}"}  # for the types' errors
    if blank["kind"] == "short_text":
        return _SHORT_TEXT.compile(named)
    if blank["kind"] == "numeric":
        return _NUMERIC.compile(named)
    if blank["kind"] == "choice":
        table = {option["id"]: clamp(option["weight"] / 100.0, 0.0, 1.0)
                 for option in blank["options"]}
        return lambda value: table.get(value, 0.0) if isinstance(value, str) else 0.0
    raise ValueError(f"question {named['id']!r}: unknown kind {blank['kind']!r}")


def _checked(blank: dict[str, Any], text: str) -> str:
    """A blank's text as stored; raises AnswerError as the blank's kind does."""
    if blank["kind"] == "short_text":
        return str(_SHORT_TEXT.parse_json(blank, text))
    if blank["kind"] == "numeric":
        return str(_NUMERIC.parse_json(blank, text))
    if text not in {option["id"] for option in blank.get("options", [])}:
        raise AnswerError(_("Choose one of the options shown."))
    return text


def _plain(markdown: str) -> str:
    """An option's Markdown as plain text, for a menu (which cannot show markup)."""
    return render_inline(markdown).striptags()


def _field(key: str, number: int, blank: dict[str, Any], value: object,
           order: Sequence[str] | None, *, refused: bool) -> BlankField:
    text = value if isinstance(value, str) else ""
    invalid = False
    if refused and text.strip():  # after a refused submit, mark the blanks at fault
        try:
            _checked(blank, text)
        except AnswerError:
            invalid = True
    if blank["kind"] != "choice":
        return BlankField(key, number, text, numeric=blank["kind"] == "numeric",
                          unit=blank.get("unit"), max_length=blank.get("max_length"),
                          invalid=invalid)
    options = {option["id"]: option for option in blank["options"]}
    drawn = [entry.partition(":")[2] for entry in order or () if entry.startswith(f"{key}:")]
    ids = [option_id for option_id in drawn if option_id in options] or list(options)
    return BlankField(key, number, text, invalid=invalid,
                      menu=[(option_id, _plain(options[option_id]["text"])) for option_id in ids])


def _replay(question: Question, number: int, blank: dict[str, Any], value: object) -> BlankReplay:
    text = value if isinstance(value, str) and value.strip() else None
    earned = _blank_credit(question, blank)(text) if text is not None else 0.0
    status = ("unanswered" if text is None else "correct" if earned >= 1.0
              else "partial" if earned > 0.0 else "incorrect")
    if blank["kind"] != "choice":
        typed = _SHORT_TEXT if blank["kind"] == "short_text" else _NUMERIC
        return BlankReplay(number, text, typed.replay_view(blank, None, text).accepted, status,
                           round(earned * 100), unit=blank.get("unit"))
    options = {option["id"]: option for option in blank["options"]}
    chosen = options.get(text or "")
    feedback = chosen.get("feedback") if chosen else None
    return BlankReplay(
        number, _plain(chosen["text"]) if chosen else text,
        [_plain(o["text"]) + ("" if o["weight"] >= 100 else f" ({o['weight']:g}%)")
         for o in blank["options"] if o["weight"] > 0],
        status, round(earned * 100), feedback_html=render_inline(feedback) if feedback else None)
