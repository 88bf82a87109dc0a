"""What every question type shares: the ``QuestionType`` base class and its vocabulary.

A question type is one object, defined in one module of this package, that owns all Assay
does with its questions (docs/design/question-types.md):

- the bank: ``bank_model`` (pydantic; normalized by its ``extra_keys``), the JSON Schema
  help for its models (``schema_help``), checks on the raw data (``check_raw``) and the
  wording of its validation messages (``too_short``);
- the draw: the display order of its options or items (``draw_order``);
- grading: ``compile`` turns a normalized question into a pure credit function;
- answers: ``parse_form`` (the page's plain form) and ``parse_json`` (the page script's JSON);
- the candidate page: ``take_view`` and templates/questions/<name>/take.html;
- the results page: ``replay_view`` and templates/questions/<name>/replay.html.

Everything else looks types up in ``app.questions.registry``. The scoring engine
(``app.scoring``) only calls ``draw_order`` and ``compile``, and the credit functions are
pure: no request, no application context, no database.
"""

from __future__ import annotations

import random
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from flask_babel import gettext as _
from markupsafe import Markup

from app.banks.markdown import render_markdown

if TYPE_CHECKING:
    from werkzeug.datastructures import MultiDict

    from app.banks.common import QuestionBase

# A normalized question (contracts.md §1) and a stored answer (contracts.md §2).
Question = Mapping[str, Any]
Answer = Any
# answer -> fraction of the question's points earned, within -1..1
Credit = Callable[[object], float]
SchemaHelp = tuple[str, str, str]
# A problem found on a question's raw data: a sentence, and the path below the question.
RawProblem = tuple[str, tuple[str | int, ...]]

# How the page script reads a question's fields into the JSON answer (static/js/take.js):
SCRIPT_ANSWERS = frozenset({
    "text",     # the field named "answer": its text
    "choice",   # the checked input named "answer": its value, or null
    "boolean",  # the checked input named "answer": value == "true", or null
    "choices",  # every checked input named "answer": a list of values
    "order",    # selects named "position-<id>": the ids by position (none while incomplete)
    "parts",    # every field with data-part="<key>": {key: value} (see app.questions.parts)
})


def N_(message: str) -> str:
    """Mark ``message`` for translation where it is defined; it is translated where shown."""
    return message


class AnswerError(ValueError):
    """The input cannot be an answer to the question; ``message`` is shown to the candidate."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TakeView:
    """What a take partial shows besides the page's shared frame; types subclass it."""

    def fragments(self) -> Iterable[Markup]:
        """The bank Markdown rendered into this view (the page looks for code in it)."""
        return ()


class QuestionType(ABC):
    """One question type. Subclasses set the class attributes and implement the methods.

    Credit functions (``compile``) are only called with an *answered* answer: the scorer
    has already turned None, "", [], whitespace-only text and missing answers into
    "unanswered". They never raise: an answer of the wrong shape earns 0.
    """

    name: ClassVar[str]  # the bank's ``type:``, stored as the question's "type"
    label: ClassVar[str]  # the type in words, for the results page (marked with N_)
    bank_model: ClassVar[type[QuestionBase]]  # the author's format for one question
    # (model class name, title, description) of each bank model of the type, as an
    # author reads them in an editor (the models' docstrings are for developers)
    schema_help: ClassVar[tuple[SchemaHelp, ...]] = ()
    # (key, message) for a list key given too few entries; {minimum} is the least allowed
    too_short: ClassVar[tuple[tuple[str, str], ...]] = ()
    manual_grading: ClassVar[bool] = False  # a person gives the points (essays)
    script_answer: ClassVar[str] = "text"  # one of SCRIPT_ANSWERS

    @property
    def take_template(self) -> str:
        return f"questions/{self.name}/take.html"

    @property
    def replay_template(self) -> str:
        return f"questions/{self.name}/replay.html"

    # The bank

    def check_raw(self, question: Mapping[str, Any]) -> RawProblem | None:
        """A problem found on the author's raw mapping, reported even when pydantic fails
        elsewhere in the question (it skips cross-field checks then). None by default."""
        return None

    # The draw

    def draw_order(self, question: Question, rng: random.Random) -> list[str] | None:
        """The display order of the question's options or items (the layout's ``order``,
        contracts.md §3), using only ``rng``; None when the type has nothing to order."""
        return None

    # Grading (pure)

    @abstractmethod
    def compile(self, question: Question) -> Credit:
        """The credit function of ``question``.

        Raises KeyError when a key of the normalized shape is missing and ValueError
        when a value is not one the type knows (e.g. an unknown ``scoring``).
        """

    # Answers

    @abstractmethod
    def parse_json(self, question: Question, value: Any) -> Answer:
        """The answer the page script sent (already in the §2 shape), or None when
        unanswered. Raises AnswerError."""

    def parse_form(self, question: Question, form: MultiDict[str, str]) -> Answer:
        """The answer in a submitted question page, or None when unanswered. Raises
        AnswerError. By default the field "answer", read as the JSON answer."""
        return self.parse_json(question, form.get("answer"))

    # Pages

    @abstractmethod
    def take_view(self, question: Question, order: Sequence[str] | None, answer: Answer,
                  submitted: MultiDict[str, str] | None) -> TakeView:
        """What the take partial shows: the saved ``answer`` filled in, or, after a
        refused submit, what the candidate sent (``submitted``)."""

    @abstractmethod
    def replay_view(self, question: Question, order: Sequence[str] | None, answer: Answer) -> Any:
        """What the replay partial shows: the question as the candidate saw it, with
        their answer and the correct one."""

    def rubric(self, question: Question) -> list[Mapping[str, Any]]:
        """The marking guide of a manually graded question (contracts.md §1 rubric)."""
        return []

    # The review page

    def answer_summary(self, question: Question, answer: Answer) -> str:
        """An answered ``answer`` in a few words of plain text, so that a candidate finds
        the question they want to revisit on the review page (read in a request: it is in
        the candidate's language). By default the text typed, quoted and shortened."""
        return quoted(shortened(text_of(answer) or "", SUMMARY_CHARS))


SUMMARY_CHARS = 60  # an answer's summary on the review page
PROMPT_START_CHARS = 80  # a prompt's start on the review page


def shortened(text: str, limit: int) -> str:
    """``text`` on one line, at most ``limit`` characters: cut at a space when one is near
    the end (not inside a word), and marked with an ellipsis when cut."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:") + "…"


def plain_start(markdown: str, limit: int) -> str:
    """The start of bank Markdown as plain text (markup dropped, entities decoded), for a
    place that lists many questions; the template escapes it."""
    return shortened(render_markdown(markdown).striptags(), limit)


def quoted(text: str) -> str:
    """Typed text in the quotation marks of the reader's language."""
    return _("“%(text)s”", text=text)


def clamp(value: float, low: float, high: float) -> float:
    return low if value < low else min(value, high)


def text_of(answer: object) -> str | None:
    """A stored answer as text for a page (None stays None)."""
    if answer is None:
        return None
    return answer if isinstance(answer, str) else str(answer)
