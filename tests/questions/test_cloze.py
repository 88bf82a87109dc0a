"""cloze: a Markdown text with numbered blanks. Its bank format and messages, its draw,
reading answers from the page's form and script, grading (with properties over generated
questions and answers), and the candidate's and the results page's partials."""

from __future__ import annotations

import math
import random
import re
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from flask import Flask, render_template
from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from app.candidate.presenters import QuestionView
from app.models import Attempt, Organization
from app.questions.base import AnswerError
from app.questions.cloze import ClozeType
from app.questions.cloze_text import MAX_BLANKS, read_text
from app.results.replay import QuestionReplay
from tests.banks.helpers import bank_with, problems, question
from tests.candidate.conftest import Taking, attempt_of
from tests.fixtures.definitions import NOW, definition, invite, section
from tests.fixtures.factories import make_test

CLOZE = ClozeType()

# Blanks numbered out of reading order on purpose: the page counts them as they are read.
CAPITALS = """
id: capitals
type: cloze
points: 4
prompt: Fill in the blanks.
text: |
  The capital of France is {{2}} and √2 ≈ {{1}}.

  In Python, `len([1, 2, 3])` is {{3}}.
blanks:
  1: {numeric: "1.41 +- 0.01", weight: 2}
  2:
    short_text: [Paris, {text: Lutetia, weight: 50}]
  3:
    choice: ["[ ] 2", "[x] 3", {text: "4", correct: false, weight: 25, feedback: Off by one.}]
"""


@pytest.fixture(scope="module")
def capitals() -> dict[str, Any]:
    return question(CAPITALS)


def cloze_problems(text: str, blanks: str, **keys: str) -> list[str]:
    extra = "".join(f"{key}: {value}\n" for key, value in keys.items())
    return problems(bank_with(f"id: a-cloze\ntype: cloze\nprompt: Fill in.\n{extra}"
                              f"text: {text}\nblanks:\n{blanks}"))


# The bank: validation, each problem at its line and column

def test_it_points_at_the_text_for_a_marker_without_a_blank() -> None:
    assert cloze_problems('"a {{1}} b {{2}} c {{4}}"', "  1: {short_text: x}\n") == [
        "bank.yaml:13:15: the text has {{2}}, {{4}} but 'blanks' does not describe them; add "
        "'2:' under 'blanks'"]


def test_it_points_at_a_blank_that_has_no_marker() -> None:
    assert cloze_problems('"a {{1}}"', "  1: {short_text: x}\n  2: {numeric: 3}\n") == [
        "bank.yaml:16:14: blank 2 is not in the text; put {{2}} where it goes, or remove it"]


def test_it_refuses_a_marker_used_twice_naming_its_line_in_the_text() -> None:
    assert cloze_problems("|\n  a {{1}}\n  b {{1}}", "  1: {short_text: x}\n") == [
        "bank.yaml:13:15: {{1}} appears twice; each blank appears once in the text (give the "
        "other one its own number)"]


@pytest.mark.parametrize(("text", "message"), [
    ("|\n  intro {{2}}\n\n  ```python\n  x = {{1}}\n  ```",
     "{{1}} (line 4 of the text) is in a code block, which shows text exactly as written; put "
     "the blank in inline code (`x = {{1}}`) or in the text"),
    ('"see [the {{1}}](https://example.com) {{2}}"',
     "{{1}} is in a link's text, and a field cannot be part of a link"),
    ('"see ![a {{1}}](cat.png) {{2}}"', "{{1}} is in an image's description"),
    ('"see {{1}} [it](https://example.com/{{2}}) {{2}}"',
     "{{2}} is in a link's or an image's address or title; a blank belongs in the text"),
    ('"see {{1}} [it](https://example.com \'{{1}}\') {{2}}"',
     "{{1}} is in a link's or an image's address or title; a blank belongs in the text"),
    ('"see {{x}} {{1}} {{2}}"', "'{{x}}' is not a blank: blanks are numbered from 1 to 999, "
                                "{{1}}, {{2}}, ... (to show braces, put them in inline code)"),
    ('"{{0}} {{1}} {{2}}"', "'{{0}}' is not a blank: blanks are numbered from 1 to 999, "
                            "{{1}}, {{2}}, ... (to show braces, put them in inline code)"),
    ('"no blank here"', "the text has no blanks; mark each with its number: {{1}}, {{2}}, ..."),
])
def test_it_refuses_a_marker_that_cannot_be_a_field(text: str, message: str) -> None:
    found = cloze_problems(text, "  1: {short_text: x}\n  2: {short_text: y}\n")
    assert found == [f"bank.yaml:13:15: {message}"]


def test_it_keeps_braces_in_inline_code_that_are_not_a_marker() -> None:
    normalized = question("""
        id: templates
        type: cloze
        prompt: Complete the template.
        text: "`{{ name }}` prints a variable and `{% if %}` starts a {{1}}."
        blanks:
          1: {short_text: condition}
    """)
    assert [blank["id"] for blank in normalized["blanks"]] == ["1"]


def test_it_refuses_more_than_the_most_blanks() -> None:
    count = MAX_BLANKS + 1
    text = '"' + " ".join(f"{{{{{n}}}}}" for n in range(1, count + 1)) + '"'
    blanks = "".join(f"  {n}: {{short_text: x}}\n" for n in range(1, count + 1))
    assert cloze_problems(text, blanks) == [
        f"bank.yaml:13:15: the text has {count} blanks; at most {MAX_BLANKS} are allowed"]


def test_it_checks_each_blank_by_the_rules_of_its_kind() -> None:
    assert cloze_problems('"{{1}} {{2}} {{3}} {{4}} {{5}} {{6}}"', """\
  1: {short_text: 42}
  2: {short_text: {answers: [abcdef], max_length: 3}}
  3: {numeric: {answer: 3, answers: [4]}}
  4: {numeric: "about 3"}
  5: {short_text: {answers: [{text: a, weight: 50}]}}
  6: {short_text: [{regex: "(unclosed"}]}
""") == [
        'bank.yaml:15:27: the accepted answer 42 must be text; put it in quotes: "42"',
        "bank.yaml:16:38: this answer is 6 characters long but max_length is 3, so nobody could "
        "type it",
        "bank.yaml:17:45: a numeric blank needs either 'answer' or 'answers' (not both)",
        "bank.yaml:18:24: 'about 3' is not a number (the answer)",
        "bank.yaml:19:37: no answer is worth 100, so nobody can earn full points; give the best "
        "answer weight 100",
        "bank.yaml:20:27: the regex does not compile: missing ), unterminated subpattern at "
        "position 0"]


def test_it_checks_each_menu() -> None:
    assert cloze_problems('"{{1}} {{2}} {{3}} {{4}} {{5}}"', """\
  1: {choice: []}
  2: {choice: ["[ ] a", "[ ] b"]}
  3: {choice: ["[x] a", "[ ] b", "[x] c"]}
  4: {choice: ["[x] a", {text: b, correct: false, weight: -25}]}
  5: {choice: ["[x] a", {text: a, correct: false, id: a}]}
""") == [
        "bank.yaml:15:23: 'choice' needs at least 2 entries",
        "bank.yaml:16:23: a menu has exactly one correct option, marked [x]; this one has 0",
        "bank.yaml:17:42: a menu has exactly one correct option, marked [x]; this one has 2",
        "bank.yaml:18:67: a wrong option of a menu is worth from 0 to 99 (a blank cannot take "
        "points away)",
        "bank.yaml:19:33: option id 'a' is already used by option 1; give the options distinct "
        "ids"]


def test_it_says_what_a_blank_is_when_it_is_written_wrongly() -> None:
    assert cloze_problems('"{{1}} {{2}} {{3}} {{4}} {{5}}"', """\
  1: {shorttext: x}
  2: {short_text: x, numeric: 3}
  3: Paris
  4: {short_text: {answers: [x], case_sensitiv: true}}
  5: {weight: 2}
""") == [
        "bank.yaml:15:15: unknown key 'shorttext'; did you mean 'short_text'?",
        "bank.yaml:16:39: a blank is one thing: give 'short_text' or 'numeric', not both",
        'bank.yaml:17:14: write a blank as a mapping: {short_text: Paris}, '
        '{numeric: "1.41 +- 0.01"} or {choice: ["[x] 3", "[ ] 4"]}',
        "bank.yaml:18:42: unknown key 'case_sensitiv'; did you mean 'case_sensitive'?",
        "bank.yaml:19:14: a blank needs one of 'short_text', 'numeric' or 'choice'"]


def test_it_refuses_blank_numbers_that_are_not_numbers_and_empty_blanks() -> None:
    assert cloze_problems('"{{1}}"', "  1: {short_text: y}\n  x1: {short_text: y}\n") == [
        "bank.yaml:16:15: 'x1' is not a blank number: number the blanks 1, 2, 3, ... as in the "
        "text's {{1}}, {{2}}, {{3}}"]
    assert cloze_problems('"{{1}}"', " {}") == [
        "bank.yaml:15:10: a cloze question needs at least 1 blank"]
    assert cloze_problems('"{{1}}"', "  - {short_text: y}\n") == [
        "bank.yaml:15:11: 'blanks' must be a mapping (key: value lines), not a list"]


def test_it_refuses_a_blank_weight_of_zero() -> None:
    assert cloze_problems('"{{1}}"', "  1: {short_text: y, weight: 0}\n") == [
        "bank.yaml:15:38: 'weight' must be more than 0, not 0"]


# The bank: normalization (contracts.md §1)

def test_it_lists_the_blanks_in_reading_order_with_their_kinds_rules(
        capitals: dict[str, Any]) -> None:
    assert capitals["shuffle_options"] is True
    assert [(b["id"], b["kind"], b["weight"]) for b in capitals["blanks"]] == [
        ("2", "short_text", 1.0), ("1", "numeric", 2.0), ("3", "choice", 1.0)]
    text, number, menu = capitals["blanks"]
    assert text == {"id": "2", "kind": "short_text", "weight": 1.0,
                    "answers": [{"match": "exact", "value": "Paris", "weight": 100.0},
                                {"match": "exact", "value": "Lutetia", "weight": 50.0}],
                    "case_sensitive": False, "whitespace": "normalize", "max_length": 200}
    assert number == {"id": "1", "kind": "numeric", "weight": 2.0, "unit": None,
                      "answers": [{"min": 1.4, "max": 1.42, "weight": 100.0}]}
    assert menu["options"] == [
        {"id": "a", "text": "2", "correct": False, "weight": 0.0, "feedback": None},
        {"id": "b", "text": "3", "correct": True, "weight": 100.0, "feedback": None},
        {"id": "c", "text": "4", "correct": False, "weight": 25.0, "feedback": "Off by one."}]


def test_it_reads_the_full_forms_of_typed_blanks() -> None:
    normalized = question("""
        id: full-forms
        type: cloze
        prompt: Fill in.
        text: "{{1}} {{2}}"
        shuffle_options: false
        blanks:
          1:
            short_text: {answers: [{regex: "^colou?r$"}], case_sensitive: true, max_length: 9}
          2:
            numeric: {answers: [250, {value: 240, tolerance: 5, weight: 50}], unit: ms}
    """)
    assert normalized["shuffle_options"] is False
    assert normalized["blanks"][0]["answers"] == [
        {"match": "regex", "value": "^colou?r$", "weight": 100.0}]
    assert normalized["blanks"][0]["max_length"] == 9
    assert normalized["blanks"][1]["answers"] == [
        {"min": 250.0, "max": 250.0, "weight": 100.0}, {"min": 235.0, "max": 245.0, "weight": 50.0}]
    assert normalized["blanks"][1]["unit"] == "ms"


# The draw (contracts.md §3)

def test_it_shuffles_each_menu_alone_and_repeats_with_the_seed(capitals: dict[str, Any]) -> None:
    orders = {tuple(CLOZE.draw_order(capitals, random.Random(seed)) or ()) for seed in range(30)}
    assert all(sorted(order) == ["3:a", "3:b", "3:c"] for order in orders)
    assert len(orders) > 1
    assert CLOZE.draw_order(capitals, random.Random(7)) == CLOZE.draw_order(
        capitals, random.Random(7))
    assert CLOZE.draw_order({**capitals, "shuffle_options": False}, random.Random(1)) is None


# Answers (contracts.md §2), from the page script's JSON and from the form

def test_it_keeps_the_answered_blanks_and_calls_nothing_unanswered(
        capitals: dict[str, Any]) -> None:
    assert CLOZE.parse_json(capitals, {"2": "Paris", "1": " ", "3": ""}) == {"2": "Paris"}
    assert CLOZE.parse_json(capitals, {"3": "b", "1": "1,41"}) == {"1": "1,41", "3": "b"}
    assert CLOZE.parse_json(capitals, {"1": "", "2": "  "}) is None
    assert CLOZE.parse_json(capitals, {}) is None
    assert CLOZE.parse_json(capitals, None) is None


def test_it_reads_the_form_fields_of_the_blanks(capitals: dict[str, Any]) -> None:
    form = MultiDict({"blank-1": " 1.41 ", "blank-2": "Lutetia", "blank-3": "", "answer": "x"})
    assert CLOZE.parse_form(capitals, form) == {"1": "1.41", "2": "Lutetia"}
    assert CLOZE.parse_form(capitals, MultiDict()) is None


@pytest.mark.parametrize(("answer", "message"), [
    ({"1": "about 1.4"}, "Blank 2: Enter a number, for example 42, -3.5 or 3,5."),
    ({"3": "z"}, "Blank 3: Choose one of the options shown."),
    ({"2": "x" * 201}, "Blank 1: Your answer is 201 characters long; the limit is 200."),
    ({"9": "Paris"}, "These answers do not fit this question's blanks; reload the page."),
    ({"2": 7}, "These answers do not fit this question's blanks; reload the page."),
    (["Paris"], "These answers do not fit this question's blanks; reload the page."),
    ("Paris", "These answers do not fit this question's blanks; reload the page."),
])
def test_it_refuses_an_answer_naming_the_blank_by_its_place(
        capitals: dict[str, Any], answer: object, message: str, app: Flask) -> None:
    with app.test_request_context("/"), pytest.raises(AnswerError) as refused:
        CLOZE.parse_json(capitals, answer)
    assert refused.value.message == message


# Grading

def test_it_averages_the_blanks_credits_by_their_weights(capitals: dict[str, Any]) -> None:
    credit = CLOZE.compile(capitals)  # weights: blank 1 (a number) 2, the others 1
    assert credit({"1": "1,41", "2": "paris", "3": "b"}) == 1.0
    assert credit({"1": "1,41"}) == 0.5
    assert credit({"2": "Lutetia", "3": "c"}) == pytest.approx((0.5 + 0.25) / 4)
    assert credit({"1": "2", "2": "Rome", "3": "a"}) == 0.0
    assert credit({"1": "1.41", "9": "anything", "extra": ["x"]}) == 0.5  # unknown parts ignored
    assert credit({"2": "   "}) == 0.0
    assert credit(["Paris"]) == 0.0


def _blank(kind: str, key: str, weight: float, right: str) -> dict[str, Any]:
    blank: dict[str, Any] = {"id": key, "kind": kind, "weight": weight}
    if kind == "short_text":
        return {**blank, "case_sensitive": False, "whitespace": "normalize", "max_length": 20,
                "answers": [{"match": "exact", "value": right, "weight": 100.0},
                            {"match": "regex", "value": "^half.*$", "weight": 50.0}]}
    if kind == "numeric":
        return {**blank, "unit": None, "answers": [
            {"min": float(right), "max": float(right), "weight": 100.0},
            {"min": float(right) - 1, "max": float(right) + 1, "weight": 50.0}]}
    return {**blank, "options": [
        {"id": "r", "text": right, "correct": True, "weight": 100.0, "feedback": None},
        {"id": "p", "text": "close", "correct": False, "weight": 40.0, "feedback": None},
        {"id": "w", "text": "wrong", "correct": False, "weight": 0.0, "feedback": None}]}


RIGHT = {"short_text": "Kyiv", "numeric": "42", "choice": "r"}


@st.composite
def cloze_questions(draw: st.DrawFn) -> dict[str, Any]:
    kinds = draw(st.lists(st.sampled_from(list(RIGHT)), min_size=1, max_size=6))
    keys = draw(st.permutations([str(n) for n in range(1, len(kinds) + 1)]))
    weights = st.sampled_from([0.1, 0.2, 0.3, 0.5, 1.0, 1.0, 2.0, 7.5])
    return {"id": "q", "type": "cloze", "points": 1.0, "prompt": "?", "explanation": None,
            "text": " ".join(f"{{{{{key}}}}}" for key in keys), "shuffle_options": True,
            "blanks": [_blank(kind, key, draw(weights), RIGHT[kind])
                       for kind, key in zip(kinds, keys, strict=True)]}


_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=6)
PART_VALUES = st.one_of(
    st.sampled_from(["Kyiv", "kyiv ", "half way", "42", "42,0", "41.5", "r", "p", "w", "", " "]),
    _SCALARS, st.lists(_SCALARS, max_size=2), st.dictionaries(st.text(max_size=2), _SCALARS))
ANSWERS = st.dictionaries(st.text(alphabet="0123456789x", max_size=2), PART_VALUES, max_size=8)
PROPERTIES = settings(max_examples=150, deadline=None)


def _right(question: dict[str, Any]) -> dict[str, str]:
    return {blank["id"]: RIGHT[blank["kind"]] for blank in question["blanks"]}


@PROPERTIES
@given(question=cloze_questions(), answer=ANSWERS | _SCALARS | st.lists(_SCALARS))
def test_credit_stays_within_0_and_1_and_never_raises(question: dict[str, Any],
                                                      answer: object) -> None:
    assert 0.0 <= CLOZE.compile(question)(answer) <= 1.0


@PROPERTIES
@given(question=cloze_questions(), junk=ANSWERS)
def test_every_blank_right_earns_exactly_1_whatever_else_is_sent(
        question: dict[str, Any], junk: dict[str, Any]) -> None:
    keys = {blank["id"] for blank in question["blanks"]}
    unknown = {key: value for key, value in junk.items() if key not in keys}
    assert CLOZE.compile(question)({**unknown, **_right(question)}) == 1.0


@PROPERTIES
@given(question=cloze_questions(), answer=ANSWERS, data=st.data())
def test_the_credit_is_the_sum_of_each_blanks_share(question: dict[str, Any],
                                                     answer: dict[str, Any],
                                                     data: st.DataObject) -> None:
    credit = CLOZE.compile(question)
    keys = [blank["id"] for blank in question["blanks"]]
    full = {key: data.draw(PART_VALUES) for key in keys} | {
        key: value for key, value in answer.items() if key not in keys}
    split = data.draw(st.sets(st.sampled_from(keys)))
    first = {key: value for key, value in full.items() if key in split}
    rest = {key: value for key, value in full.items() if key not in split}
    total = sum(blank["weight"] for blank in question["blanks"])
    alone = sum(credit({blank["id"]: full[blank["id"]]}) for blank in question["blanks"])
    assert math.isclose(credit(full), credit(first) + credit(rest), abs_tol=1e-9)
    assert math.isclose(credit(full), alone, abs_tol=1e-9)
    # A blank right alone earns exactly its weight's share.
    blank = data.draw(st.sampled_from(question["blanks"]))
    assert math.isclose(credit({blank["id"]: RIGHT[blank["kind"]]}), blank["weight"] / total)


# The pages

@pytest.fixture
def page(app: Flask) -> Iterator[None]:
    with app.test_request_context("/"):
        yield


def take_html(question: dict[str, Any], answer: object = None,
              submitted: MultiDict[str, str] | None = None, order: list[str] | None = None,
              error: str | None = None) -> str:
    frame = QuestionView(
        id=question["id"], type="cloze", number=1, count=1, prompt=Markup("<p>?</p>"),
        flagged=False, answered=False, take_template=CLOZE.take_template,
        script_answer=CLOZE.script_answer,
        view=CLOZE.take_view(question, order, answer, submitted))
    return render_template(CLOZE.take_template, question=frame, described="prompt",
                           error=error)


def test_it_puts_a_labelled_field_at_each_blank_in_reading_order(
        capitals: dict[str, Any], page: None) -> None:
    html = take_html(capitals, {"1": "1,41", "3": "c"}, order=["3:c", "3:a", "3:b"])
    fields = re.findall(r'<(input|select)[^>]*name="blank-(\d)"[^>]*aria-label="([^"]+)"', html)
    assert fields == [("input", "2", "Blank 1 of 3"), ("input", "1", "Blank 2 of 3"),
                      ("select", "3", "Blank 3 of 3")]
    assert 'data-part="1"' in html and 'value="1,41"' in html and 'inputmode="decimal"' in html
    assert 'maxlength="200"' in html
    options = re.findall(r'<option value="(\w*)"( selected)?>([^<]*)</option>', html)
    assert options == [("", "", "Choose…"), ("c", " selected", "4"), ("a", "", "2"),
                       ("b", "", "3")]
    assert "The capital of France is <input" in html
    assert "<code>len([1, 2, 3])</code> is <select" in html


def test_after_a_refused_submit_it_shows_what_was_sent_and_marks_the_blank(
        capitals: dict[str, Any], page: None) -> None:
    sent = MultiDict({"blank-1": "about 1.4", "blank-2": "Paris", "blank-3": "b"})
    html = take_html(capitals, {"2": "Rome"}, submitted=sent, error="Blank 2: ...")
    assert 'value="Paris"' in html and 'value="about 1.4"' in html
    invalid = re.findall(r'name="blank-(\d)"[^>]*aria-invalid="true" '
                         r'aria-describedby="answer-error"', html)
    assert invalid == ["1"]


def test_a_blank_in_inline_code_splits_the_code_around_its_field(page: None) -> None:
    normalized = question("""
        id: in-code
        type: cloze
        prompt: Complete the loop.
        text: "`for i in {{1}}(3):`"
        blanks:
          1: {short_text: range}
    """)
    html = take_html(normalized)
    assert re.search(r"<code>for i in </code><input [^>]*name=\"blank-1\"[^>]*><code>\(3\):"
                     r"</code>", html)


@pytest.mark.parametrize(("text", "shown"), [
    # Markers where no field may go stay as written (a bank that skipped validation).
    ("[a {{1}}](https://example.com) {{2}}", '<a href="https://example.com"'),
    ("![x {{1}}](x.png) {{2}}", 'alt="x {{1}}"'),
    ("[a](https://e.com/{{1}}) {{2}}", 'href="https://e.com/%7B%7B1%7D%7D"'),
    ("```\n{{1}}\n```\n\n{{2}}", "<pre><code>{{1}}\n</code></pre>"),
    ("{{2}} and {{2}} again, {{1}}", "and {{2}} again"),  # the first one only
])
def test_a_marker_where_no_field_may_go_is_left_as_written(text: str, shown: str) -> None:
    segments = read_text(text).segments
    html = "".join(chunk for chunk, _ in segments)
    assert shown in html
    assert [key for _, key in segments if key] in (["2"], ["2", "1"])
    assert "<input" not in html


def test_markdown_around_the_blanks_is_sanitized_and_cannot_forge_a_field() -> None:
    text = ('<script>alert(1)</script> {{1}} <img src=x onerror=alert(1)> \ue0009\ue001 '
            "[x](javascript:alert(1)) **bold**")
    segments = read_text(text).segments
    html = "".join(chunk for chunk, _ in segments)
    assert [key for _, key in segments] == ["1", None]
    assert "<script" not in html and "onerror" not in html.replace("onerror=alert", "")
    assert "&lt;script&gt;" in html and 'href="javascript' not in html
    assert "\ue000" not in html and "<strong>bold</strong>" in html


def test_the_replay_says_for_each_blank_what_was_given_accepted_and_earned(
        capitals: dict[str, Any], page: None) -> None:
    view = CLOZE.replay_view(capitals, ["3:c", "3:a", "3:b"], {"2": "Lutetia", "3": "c"})
    rows = [(b.number, b.answer_text, b.accepted, b.status, b.percent) for b in view.blanks]
    assert rows == [(1, "Lutetia", ["Paris", "Lutetia"], "partial", 50),
                    (2, None, ["1.4 … 1.42"], "unanswered", 0),
                    (3, "4", ["3", "4 (25%)"], "partial", 25)]
    assert view.blanks[2].feedback_html == Markup("Off by one.")
    assert [number for _, number in view.segments if number] == [1, 2, 3]

    replay = QuestionReplay(
        number=5, section_id="s", section_title="S", id="capitals", type="cloze",
        label=CLOZE.label, prompt_html=Markup("<p>?</p>"), explanation_html=None, points=1.0,
        max_points=4.0, status="partial", answered=True, flagged=False,
        time_spent_seconds=3.0, replay_template=CLOZE.replay_template, view=view)
    html = render_template(CLOZE.replay_template, q=replay)
    assert "Blanks of question 5" in html
    assert "The capital of France is <strong>[1]</strong>" in html
    assert "Partly correct</span> (50%)" in html and "Not answered" in html
    assert "No answer" in html and "Off by one." in html


def test_the_replay_escapes_what_the_candidate_typed(capitals: dict[str, Any],
                                                     page: None) -> None:
    view = CLOZE.replay_view(capitals, None, {"2": "<b>Paris</b>"})
    replay = QuestionReplay(
        number=1, section_id="s", section_title="S", id="capitals", type="cloze",
        label=CLOZE.label, prompt_html=Markup(""), explanation_html=None, points=0.0,
        max_points=4.0, status="incorrect", answered=True, flagged=False,
        time_spent_seconds=0.0, replay_template=CLOZE.replay_template, view=view)
    html = render_template(CLOZE.replay_template, q=replay)
    assert "&lt;b&gt;Paris&lt;/b&gt;" in html and "<b>Paris" not in html


# Saving, through the page script's JSON and the page's form (both databases)

@pytest.fixture
def started(client: FlaskClient, organization: Organization,
            capitals: dict[str, Any]) -> tuple[Taking, Attempt]:
    test = make_test(definition(section("only", {**capitals, "shuffle_options": False})))
    invitation, link = invite(organization, [test])
    taking = Taking(client=client, link=link)
    with time_machine.travel(NOW, tick=False):
        taking.start()
    return taking, attempt_of(invitation)


def saved(attempt: Attempt) -> object:
    return next((r.answer for r in attempt_of(attempt.invitation).responses), None)


def test_a_partly_filled_answer_is_saved_and_a_refused_one_changes_nothing(
        started: tuple[Taking, Attempt]) -> None:
    taking, attempt = started
    with time_machine.travel(NOW, tick=False):
        response = taking.api(attempt, "answer", {"question_id": "capitals",
                                                  "answer": {"1": "", "2": "Paris", "3": ""}})
        assert response.status_code == 200
        assert saved(attempt) == {"2": "Paris"}
        response = taking.api(attempt, "answer", {"question_id": "capitals",
                                                  "answer": {"1": "x", "2": "Paris"}})
        assert response.status_code == 422
        assert response.json["message"] == "Blank 2: Enter a number, for example 42, -3.5 or 3,5."
        assert saved(attempt) == {"2": "Paris"}


def test_the_form_saves_the_blanks_and_a_refused_form_marks_its_blank(
        started: tuple[Taking, Attempt]) -> None:
    taking, attempt = started
    url = f"/take/{attempt.public_id}/0/0"
    with time_machine.travel(NOW, tick=False):
        refused = taking.answer(url, "capitals", move="stay", **{
            "blank-1": "about 1.4", "blank-2": "Paris", "blank-3": "c"})
        assert refused.status_code == 422
        html = refused.get_data(as_text=True)
        assert 'name="blank-1" data-part="1" aria-label="Blank 2 of 3" aria-invalid="true"' in html
        assert saved(attempt) is None
        taking.answer(url, "capitals", move="stay", **{"blank-1": "1,41", "blank-3": "c"})
    assert saved(attempt) == {"1": "1,41", "3": "c"}
