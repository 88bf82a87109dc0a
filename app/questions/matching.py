"""matching: the candidate matches each prompt to an answer from one shuffled list (Moodle's
matching question, QTI's match interaction); distractors are answers that match no prompt.

Answer (contracts.md §2): ``{prompt id: answer id}`` for the prompts matched so far (a
parts answer, app.questions.parts). Without JavaScript the page gives each prompt a menu
of every answer (fields ``match-<prompt id>``).

Several prompts may share an answer ("list" and "dict" are both "mutable"): the menu
shows it once and the candidate may choose an answer for more than one prompt. With
``unique: true`` each answer matches one prompt at most, and the candidate may use each
answer once.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal

from flask_babel import gettext as _
from markupsafe import Markup
from pydantic import Field, ValidationInfo, field_validator

from app.banks.common import BankModel, Markdown, QuestionBase, bank_error
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
from app.questions.parts import credit_by_parts, parse_parts, parts_from_form

if TYPE_CHECKING:
    from collections.abc import Iterable

    from werkzeug.datastructures import MultiDict

FIELD_PREFIX = "match-"  # the form field of a prompt's menu: match-<prompt id>
SCORINGS = ("partial", "all_or_nothing")


class MatchingPair(BankModel):
    """A prompt and the answer that matches it."""

    prompt: Markdown = Field(description="What the candidate matches (inline Markdown).")
    answer: Markdown = Field(description="The answer that matches it, shown in a menu as plain "
                                         "text. Several prompts may share an answer.")


class Matching(QuestionBase):
    """Prompts matched to answers from one list; ``pairs`` gives the correct matches.

    ``scoring`` and ``unique`` come before ``pairs`` and ``distractors`` so that their
    field validators can read them in ``info.data``.
    """

    type: Literal["matching"]
    scoring: Literal["partial", "all_or_nothing"] = Field("partial", description=(
        "partial: the share of prompts matched correctly (a wrong match costs nothing); "
        "all_or_nothing: full points only when every prompt is matched correctly."))
    unique: bool = Field(False, description=(
        "true: each answer matches one prompt at most, and the candidate may use each "
        "answer once. false (default): prompts may share an answer."))
    pairs: Annotated[list[MatchingPair], Field(min_length=2, description=(
        "At least two pairs of a prompt and its answer; the prompts all different."))]
    distractors: list[Markdown] = Field(default_factory=list, description=(
        "Answers that match no prompt, added to the list the candidate chooses from."))

    @field_validator("pairs")
    @classmethod
    def _check_pairs(cls, pairs: list[MatchingPair], info: ValidationInfo) -> list[MatchingPair]:
        prompts: dict[str, int] = {}
        for index, pair in enumerate(pairs):
            first = prompts.setdefault(pair.prompt.strip(), index)
            if first != index:
                raise bank_error(f"pair {index + 1} repeats the prompt of pair {first + 1}; a "
                                 "candidate could not tell them apart", (index, "prompt"))
        shown: dict[str, tuple[str, int]] = {}  # menu text -> (answer, first pair)
        for index, pair in enumerate(pairs):
            answer, text = pair.answer.strip(), menu_text(pair.answer)
            _check_menu_text(text, f"the answer of pair {index + 1}", (index, "answer"))
            seen = shown.setdefault(text, (answer, index))
            if seen[1] == index:
                continue
            if seen[0] != answer:
                raise bank_error(f"the answers of pairs {seen[1] + 1} and {index + 1} read the "
                                 f"same in the menu ({text!r}); a candidate could not tell "
                                 "them apart", (index, "answer"))
            if info.data.get("unique"):
                raise bank_error(f"pair {index + 1} has the same answer as pair {seen[1] + 1}, "
                                 "but with 'unique: true' each answer matches one prompt only",
                                 (index, "answer"))
        if len(shown) < 2:
            raise bank_error("every pair has the same answer; a matching question needs at "
                             "least two different answers")
        return pairs

    @field_validator("distractors")
    @classmethod
    def _check_distractors(cls, distractors: list[str], info: ValidationInfo) -> list[str]:
        pairs: list[MatchingPair] = info.data.get("pairs") or []
        answers: dict[str, int] = {}
        for index, pair in enumerate(pairs):
            answers.setdefault(menu_text(pair.answer), index)
        seen: dict[str, int] = {}
        for index, distractor in enumerate(distractors):
            text = menu_text(distractor)
            _check_menu_text(text, f"distractor {index + 1}", (index,))
            if text in answers:
                raise bank_error(f"distractor {index + 1} reads the same as the answer of pair "
                                 f"{answers[text] + 1} ({text!r}); a distractor must match no "
                                 "prompt", (index,))
            first = seen.setdefault(text, index)
            if first != index:
                raise bank_error(f"distractor {index + 1} repeats distractor {first + 1} "
                                 f"({text!r})", (index,))
        return distractors

    def extra_keys(self) -> dict[str, Any]:
        answers = list(dict.fromkeys([pair.answer.strip() for pair in self.pairs]
                                     + [text.strip() for text in self.distractors]))
        answer_ids = dict(zip(answers, _text_ids(self.id, "answer", answers), strict=True))
        prompts = [pair.prompt.strip() for pair in self.pairs]
        return {"pairs": [{"id": prompt_id, "prompt": pair.prompt,
                           "answer": answer_ids[pair.answer.strip()]}
                          for prompt_id, pair in zip(_text_ids(self.id, "prompt", prompts),
                                                     self.pairs, strict=True)],
                "answers": [{"id": answer_id, "text": text}
                            for text, answer_id in answer_ids.items()],
                "scoring": self.scoring, "unique": self.unique}


def menu_text(markdown: str) -> str:
    """An answer as its menu shows it: the inline Markdown's text, without formatting (an
    ``<option>`` holds text only)."""
    return render_inline(markdown).striptags()


def _check_menu_text(text: str, what: str, at: tuple[str | int, ...]) -> None:
    if not text:
        raise bank_error(f"{what} shows nothing in the menu, which lists answers as plain "
                         "text; write it in words", at)


def _text_ids(question_id: str, kind: str, texts: list[str]) -> list[str]:
    # Ids come from the text, not the position: prompt 1 -> answer "a" would give the
    # matches away to anyone reading the page source. Prompts and answers hash apart.
    ids: list[str] = []
    for text in texts:
        digest = hashlib.sha256(f"{question_id}\0{kind}\0{text}".encode()).hexdigest()
        size = 8
        while digest[:size] in ids:
            size += 1
        ids.append(digest[:size])
    return ids


@dataclass
class MatchPrompt:
    id: str
    label: Markup
    chosen: str  # the chosen answer id, "" when none


@dataclass
class MenuAnswer:
    id: str
    text: str  # plain text; the template escapes it


@dataclass
class MatchingView(TakeView):
    prompts: list[MatchPrompt]
    answers: list[MenuAnswer]  # in the candidate's (shuffled) order
    unique: bool

    def fragments(self) -> Iterable[Markup]:
        return [prompt.label for prompt in self.prompts]


@dataclass(frozen=True)
class MatchReplayRow:
    """One prompt on the results page: what the candidate chose and what matches it."""

    prompt_html: Markup
    chosen_html: Markup | None  # None when the prompt was left unmatched
    correct_html: Markup
    right: bool


@dataclass(frozen=True)
class MatchingReplay:
    rows: list[MatchReplayRow]
    distractors: list[Markup]  # the answers that match no prompt, in the candidate's order


class MatchingType(QuestionType):
    """Credit, by the question's ``scoring``:

    - ``partial``: the share of prompts matched to their answer. A wrong match costs
      nothing, as an unmatched prompt (Moodle's rule), so the credit is within 0..1.
    - ``all_or_nothing``: full points only when every prompt is matched to its answer.

    Unknown prompt ids are ignored and unknown answer ids match nothing; an answer that
    is not a mapping earns 0.
    """

    name = "matching"
    label = N_("Matching")
    bank_model = Matching
    schema_help = (
        ("Matching", "Matching question", ("The candidate matches each prompt to an answer "
                                           "from one shuffled list: the pairs' answers and "
                                           "the distractors.")),
        ("MatchingPair", "Pair", "A prompt and the answer that matches it."),
    )
    too_short = (("pairs", "a matching question needs at least {minimum} pairs"),)
    script_answer = "parts"

    def draw_order(self, question: Question, rng: random.Random) -> list[str]:
        """The answer ids in the order the candidate's menus list them: always shuffled,
        since the bank lists the pairs' answers first, in the pairs' order."""
        ids = _answer_ids(question)
        rng.shuffle(ids)
        return ids

    def compile(self, question: Question) -> Credit:
        scoring = question["scoring"]
        if scoring not in SCORINGS:
            raise ValueError(f"question {question['id']!r}: unknown matching scoring {scoring!r}")
        return credit_by_parts({pair["id"]: _exactly(pair["answer"]) for pair in question["pairs"]},
                               all_or_nothing=scoring == "all_or_nothing")

    def parse_json(self, question: Question, value: Any) -> Answer:
        known = set(_answer_ids(question))
        message = _("Choose an answer from the list for each item.")

        def check(prompt_id: str, answer_id: str) -> str:
            if answer_id not in known:
                raise AnswerError(message)
            return answer_id

        answer = parse_parts(value, _prompt_ids(question), message, check)
        if answer and question.get("unique") and len(set(answer.values())) < len(answer):
            raise AnswerError(_("Use each answer at most once."))
        return answer

    def parse_form(self, question: Question, form: MultiDict[str, str]) -> Answer:
        """One menu per prompt; a prompt left on "Choose…" is unmatched, all of them is
        unanswered."""
        return self.parse_json(question, parts_from_form(form, FIELD_PREFIX, _prompt_ids(question)))

    def take_view(self, question: Question, order: Sequence[str] | None, answer: Answer,
                  submitted: MultiDict[str, str] | None) -> MatchingView:
        answers = {item["id"]: item for item in question["answers"]}
        chosen = answer if isinstance(answer, dict) else {}
        if submitted is not None:
            chosen = parts_from_form(submitted, FIELD_PREFIX, _prompt_ids(question))
        return MatchingView(
            prompts=[MatchPrompt(id=pair["id"], label=render_inline(pair["prompt"]),
                                 chosen=_known(chosen.get(pair["id"]), answers) or "")
                     for pair in question["pairs"]],
            answers=[MenuAnswer(id=answer_id, text=menu_text(answers[answer_id]["text"]))
                     for answer_id in _shown_order(order, answers)],
            unique=bool(question.get("unique")))

    def replay_view(self, question: Question, order: Sequence[str] | None,
                    answer: Answer) -> MatchingReplay:
        """Each prompt in the bank's order (the order the candidate saw them)."""
        answers = {item["id"]: render_inline(item.get("text") or "")
                   for item in question.get("answers", [])}
        chosen = answer if isinstance(answer, dict) else {}
        rows = []
        for pair in question.get("pairs", []):
            picked = _known(chosen.get(pair["id"]), answers)
            rows.append(MatchReplayRow(
                prompt_html=render_inline(pair.get("prompt") or ""),
                chosen_html=answers[picked] if picked else None,
                correct_html=answers.get(pair["answer"], Markup()),
                right=picked == pair["answer"]))
        matched = {pair["answer"] for pair in question.get("pairs", [])}
        return MatchingReplay(rows, [answers[answer_id] for answer_id in
                                     _shown_order(order, answers) if answer_id not in matched])

    def answer_summary(self, question: Question, answer: Answer) -> str:
        prompts = _prompt_ids(question)
        chosen = answer if isinstance(answer, dict) else {}
        return _("%(matched)d of %(count)d matched",
                 matched=sum(1 for p in prompts if chosen.get(p)), count=len(prompts))


def _exactly(answer_id: str) -> Credit:
    def credit(value: object) -> float:
        return 1.0 if isinstance(value, str) and value == answer_id else 0.0

    return credit


def _prompt_ids(question: Question) -> list[str]:
    return [pair["id"] for pair in question.get("pairs", [])]


def _answer_ids(question: Question) -> list[str]:
    return [item["id"] for item in question.get("answers", [])]


def _known(answer_id: object, answers: dict[str, Any]) -> str | None:
    return answer_id if isinstance(answer_id, str) and answer_id in answers else None


def _shown_order(order: Sequence[str] | None, answers: dict[str, Any]) -> list[str]:
    """The answers in their drawn order; any the layout lacks (none unless the stored layout
    is damaged) after them, so every answer stays choosable."""
    shown = [answer_id for answer_id in order or [] if answer_id in answers]
    return shown + [answer_id for answer_id in answers if answer_id not in shown]
