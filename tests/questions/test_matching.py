"""matching: the bank format and its ``file:line:col`` messages, the normalized shape, the
draw, answers from the page's form and script, grading (with hypothesis properties), the
candidate's menus, the results replay, and a candidate matching through the pages."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from datetime import timedelta
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
from app.extensions import db
from app.models import Attempt, Organization
from app.questions.base import AnswerError
from app.questions.matching import MatchingType
from app.results.replay import QuestionReplay
from app.security.results_links import results_url
from app.services.completion import finalize_attempt
from tests.banks.helpers import bank_with, problems, question
from tests.fixtures.definitions import NOW, definition, invite, section
from tests.fixtures.factories import make_test
from tests.scoring.builders import score_one

MATCHING = MatchingType()

HTTP_CODES = """
id: http-codes
type: matching
points: 3
prompt: Match each status code to its meaning.
pairs:
  - prompt: "`200`"
    answer: OK
  - prompt: "`301`"
    answer: "**Moved** Permanently"
  - prompt: "`404`"
    answer: Not Found
distractors:
  - I'm a teapot
"""


@pytest.fixture(scope="module")
def codes() -> dict[str, Any]:
    return question(HTTP_CODES)


def ids_by_text(matching: dict[str, Any]) -> dict[str, str]:
    """Every prompt's and answer's id, by its Markdown text."""
    return {**{pair["prompt"]: pair["id"] for pair in matching["pairs"]},
            **{answer["text"]: answer["id"] for answer in matching["answers"]}}


@pytest.fixture(scope="module")
def ids(codes: dict[str, Any]) -> dict[str, str]:
    return ids_by_text(codes)


def right(ids: dict[str, str], *prompts: str) -> dict[str, str]:
    """The correct matches of ``prompts`` of the HTTP question."""
    meaning = {"`200`": "OK", "`301`": "**Moved** Permanently", "`404`": "Not Found"}
    return {ids[prompt]: ids[meaning[prompt]] for prompt in prompts}


# The bank: what an author writes, and what they are told (the question starts on line 10,
# its keys at column 9, a pair's keys at column 13).

def test_it_reports_fewer_than_two_pairs() -> None:
    assert problems(bank_with("""
        id: one-pair
        type: matching
        prompt: Match.
        pairs:
          - {prompt: a, answer: one}
        distractors: [two]
    """)) == ["bank.yaml:14:11: a matching question needs at least 2 pairs"]


def test_it_reports_a_repeated_prompt_at_its_second_use() -> None:
    assert problems(bank_with("""
        id: same-prompt
        type: matching
        prompt: Match.
        pairs:
          - {prompt: "`len`", answer: counts}
          - {prompt: "`sum`", answer: adds}
          - {prompt: "`len` ", answer: sorts}
    """)) == [("bank.yaml:16:22: pair 3 repeats the prompt of pair 1; a candidate could not "
              "tell them apart")]


def test_it_lets_prompts_share_an_answer() -> None:
    shared = question("""
        id: mutability
        type: matching
        prompt: Mutable or not?
        pairs:
          - {prompt: "`list`", answer: mutable}
          - {prompt: "`dict`", answer: mutable}
          - {prompt: "`tuple`", answer: immutable}
    """)
    assert [answer["text"] for answer in shared["answers"]] == ["mutable", "immutable"]
    assert shared["pairs"][0]["answer"] == shared["pairs"][1]["answer"]


def test_it_refuses_a_shared_answer_when_each_answer_matches_one_prompt() -> None:
    assert problems(bank_with("""
        id: mutability
        type: matching
        unique: true
        prompt: Mutable or not?
        pairs:
          - {prompt: "`list`", answer: mutable}
          - {prompt: "`tuple`", answer: immutable}
          - {prompt: "`dict`", answer: mutable}
    """)) == [("bank.yaml:17:40: pair 3 has the same answer as pair 1, but with 'unique: true' "
              "each answer matches one prompt only")]


def test_it_needs_two_different_answers() -> None:
    assert problems(bank_with("""
        id: all-mutable
        type: matching
        prompt: Mutable?
        pairs:
          - {prompt: "`list`", answer: mutable}
          - {prompt: "`dict`", answer: mutable}
        distractors: [immutable]
    """)) == [("bank.yaml:14:11: every pair has the same answer; a matching question needs at "
              "least two different answers")]


def test_it_reports_answers_that_read_the_same_in_the_menu() -> None:
    # A menu shows answers as plain text: `OK` and OK would be two identical entries.
    assert problems(bank_with("""
        id: look-alike
        type: matching
        prompt: Match.
        pairs:
          - {prompt: "200", answer: OK}
          - {prompt: "204", answer: "`OK`"}
    """)) == [("bank.yaml:15:37: the answers of pairs 1 and 2 read the same in the menu ('OK'); "
              "a candidate could not tell them apart")]


def test_it_reports_an_answer_that_shows_nothing_in_the_menu() -> None:
    assert problems(bank_with("""
        id: blank-menu
        type: matching
        prompt: Match.
        pairs:
          - {prompt: a logo, answer: "![logo](https://example.test/logo.png)"}
          - {prompt: b, answer: two}
    """)) == [("bank.yaml:14:38: the answer of pair 1 shows nothing in the menu, which lists "
              "answers as plain text; write it in words")]


def test_it_reports_a_distractor_that_matches_a_prompt() -> None:
    assert problems(bank_with("""
        id: distracted
        type: matching
        prompt: Match.
        pairs:
          - {prompt: "`200`", answer: OK}
          - {prompt: "`404`", answer: Not Found}
        distractors: [Gone, Not Found]
    """)) == [("bank.yaml:16:29: distractor 2 reads the same as the answer of pair 2 "
              "('Not Found'); a distractor must match no prompt")]


def test_it_reports_a_repeated_distractor() -> None:
    assert problems(bank_with("""
        id: distracted
        type: matching
        prompt: Match.
        pairs:
          - {prompt: "`200`", answer: OK}
          - {prompt: "`404`", answer: Not Found}
        distractors:
          - Gone
          - Teapot
          - "*Gone*"
    """)) == ["bank.yaml:19:13: distractor 3 repeats distractor 1 ('Gone')"]


def test_it_reports_every_problem_of_a_question_at_once() -> None:
    assert problems(bank_with("""
        id: many-problems
        type: matching
        prompt: Match.
        scoring: most
        unique: yes
        pairs:
          - {prompt: a, answr: one}
          - {prompt: b, answer: ""}
        distractors: [""]
    """)) == [
        "bank.yaml:13:18: 'scoring' must be one of: partial, all_or_nothing; not 'most'",
        "bank.yaml:14:17: 'unique' must be true or false, not the text 'yes'",
        "bank.yaml:16:13: missing required key 'answer'",
        "bank.yaml:16:25: unknown key 'answr'; did you mean 'answer'?",
        "bank.yaml:17:33: 'answer' must not be blank",
        "bank.yaml:18:23: entry 1 of 'distractors' must not be blank",
    ]


# The normalized question (contracts.md §1)

def test_it_normalizes_pairs_to_prompt_and_answer_ids(codes: dict[str, Any],
                                                      ids: dict[str, str]) -> None:
    assert codes["pairs"] == [
        {"id": ids["`200`"], "prompt": "`200`", "answer": ids["OK"]},
        {"id": ids["`301`"], "prompt": "`301`", "answer": ids["**Moved** Permanently"]},
        {"id": ids["`404`"], "prompt": "`404`", "answer": ids["Not Found"]},
    ]
    # The pairs' answers, then the distractors: the menu lists them all.
    assert [answer["text"] for answer in codes["answers"]] == [
        "OK", "**Moved** Permanently", "Not Found", "I'm a teapot"]
    assert (codes["scoring"], codes["unique"]) == ("partial", False)


def test_its_ids_come_from_the_text_so_they_do_not_give_the_matches_away(
        codes: dict[str, Any]) -> None:
    reordered = question("""
        id: http-codes
        type: matching
        prompt: Match each status code to its meaning.
        pairs:
          - {prompt: "`404`", answer: Not Found}
          - {prompt: "`200`", answer: OK}
          - {prompt: "`301`", answer: "**Moved** Permanently"}
        distractors:
          - I'm a teapot
    """)
    assert ids_by_text(reordered) == ids_by_text(codes)  # pairs moved, same ids
    assert all(re.fullmatch(r"[0-9a-f]{8,}", item_id) for item_id in ids_by_text(codes).values())
    other = question(HTTP_CODES.replace("id: http-codes", "id: http-codes-again"))
    assert set(ids_by_text(other).values()).isdisjoint(ids_by_text(codes).values())


def test_a_prompt_and_an_answer_of_the_same_text_get_different_ids() -> None:
    mirror = question("""
        id: mirror
        type: matching
        prompt: Match each word to its opposite.
        pairs:
          - {prompt: up, answer: down}
          - {prompt: down, answer: up}
    """)
    prompt_ids = {pair["id"] for pair in mirror["pairs"]}
    assert prompt_ids.isdisjoint(answer["id"] for answer in mirror["answers"])


# The draw (contracts.md §3)

def test_it_shuffles_every_answer_for_the_menus(codes: dict[str, Any]) -> None:
    answer_ids = [answer["id"] for answer in codes["answers"]]
    orders = {tuple(MATCHING.draw_order(codes, random.Random(seed))) for seed in range(200)}
    assert all(sorted(order) == sorted(answer_ids) for order in orders)
    assert len(orders) == 24  # every order of the 4 answers comes up
    assert MATCHING.draw_order(codes, random.Random(5)) == MATCHING.draw_order(
        codes, random.Random(5))


# Answers from the page (contracts.md §2)

@pytest.fixture
def page(app: Flask) -> Iterator[None]:
    with app.test_request_context("/"):
        yield


def form(ids: dict[str, str], **matches: str) -> MultiDict[str, str]:
    """The page's form: prompt text -> answer text ("" for "Choose…")."""
    return MultiDict({f"match-{ids[prompt]}": ids.get(answer, answer)
                      for prompt, answer in matches.items()})


def test_it_reads_each_prompts_menu_from_the_form(page: None, codes: dict[str, Any],
                                                  ids: dict[str, str]) -> None:
    sent = MultiDict({f"match-{ids['`200`']}": ids["OK"], f"match-{ids['`301`']}": "",
                      f"match-{ids['`404`']}": ids["I'm a teapot"], "move": "next"})
    assert MATCHING.parse_form(codes, sent) == {ids["`200`"]: ids["OK"],
                                                ids["`404`"]: ids["I'm a teapot"]}


def test_it_keeps_a_partial_answer_and_calls_no_match_unanswered(
        page: None, codes: dict[str, Any], ids: dict[str, str]) -> None:
    assert MATCHING.parse_json(codes, {ids["`301`"]: ids["Not Found"]}) == {
        ids["`301`"]: ids["Not Found"]}
    assert MATCHING.parse_json(codes, {ids["`200`"]: "", ids["`301`"]: ""}) is None
    assert MATCHING.parse_json(codes, {}) is None
    assert MATCHING.parse_form(codes, MultiDict({f"match-{ids['`200`']}": ""})) is None


@pytest.mark.parametrize("value", [
    ["OK"], "OK", {"`200`": "OK"}, {"unknown": "46da2da0"}, {"PROMPT": "not-an-answer"},
    {"PROMPT": 1}, {"PROMPT": None}, {"PROMPT": ["ANSWER"]},
])
def test_it_refuses_anything_but_answers_from_the_list_for_its_prompts(
        page: None, codes: dict[str, Any], ids: dict[str, str], value: Any) -> None:
    if isinstance(value, dict):
        value = {ids["`200`"] if key == "PROMPT" else key:
                 [ids["OK"]] if item == ["ANSWER"] else item for key, item in value.items()}
    with pytest.raises(AnswerError) as refused:
        MATCHING.parse_json(codes, value)
    assert refused.value.message == "Choose an answer from the list for each item."


def test_it_refuses_an_answer_used_twice_only_when_answers_are_unique(
        page: None, codes: dict[str, Any], ids: dict[str, str]) -> None:
    twice = {ids["`200`"]: ids["OK"], ids["`404`"]: ids["OK"]}
    assert MATCHING.parse_json(codes, twice) == twice
    with pytest.raises(AnswerError) as refused:
        MATCHING.parse_json({**codes, "unique": True}, twice)
    assert refused.value.message == "Use each answer at most once."


# Grading

def test_it_gives_full_points_when_every_prompt_is_matched(codes: dict[str, Any],
                                                           ids: dict[str, str]) -> None:
    assert score_one(codes, right(ids, "`200`", "`301`", "`404`")) == (3.0, 3.0, "correct")


def test_it_gives_each_right_match_its_share_and_a_wrong_one_nothing(
        codes: dict[str, Any], ids: dict[str, str]) -> None:
    two_right = {**right(ids, "`200`", "`301`"), ids["`404`"]: ids["I'm a teapot"]}
    assert score_one(codes, two_right) == (2.0, 3.0, "partial")
    assert score_one(codes, right(ids, "`404`")) == (1.0, 3.0, "partial")  # two unmatched
    assert score_one(codes, {ids["`200`"]: ids["Not Found"]}) == (0.0, 3.0, "incorrect")


def test_all_or_nothing_needs_every_match(codes: dict[str, Any], ids: dict[str, str]) -> None:
    strict = {**codes, "scoring": "all_or_nothing"}
    assert score_one(strict, right(ids, "`200`", "`301`", "`404`")) == (3.0, 3.0, "correct")
    assert score_one(strict, right(ids, "`200`", "`301`")) == (0.0, 3.0, "incorrect")


def test_a_shared_answer_is_right_for_each_prompt_it_matches() -> None:
    shared = question("""
        id: mutability
        type: matching
        prompt: Mutable or not?
        pairs:
          - {prompt: "`list`", answer: mutable}
          - {prompt: "`dict`", answer: mutable}
          - {prompt: "`tuple`", answer: immutable}
    """)
    mutable, immutable = (answer["id"] for answer in shared["answers"])
    lst, dct, tpl = (pair["id"] for pair in shared["pairs"])
    assert score_one(shared, {lst: mutable, dct: mutable, tpl: immutable}).status == "correct"
    assert score_one(shared, {lst: mutable, dct: immutable}).points == 0.3333


def test_it_refuses_a_scoring_it_does_not_know(codes: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="unknown matching scoring"):
        MATCHING.compile({**codes, "scoring": "weighted"})


@st.composite
def matchings(draw: st.DrawFn) -> dict[str, Any]:
    """A normalized matching question: 2-6 prompts, answers possibly shared, distractors."""
    count = draw(st.integers(2, 6))
    answer_count = draw(st.integers(2, count)) + draw(st.integers(0, 3))
    answers = [{"id": f"a{n}", "text": f"Answer {n}"} for n in range(answer_count)]
    used = min(count, answer_count)
    pairs = [{"id": f"p{n}", "prompt": f"Prompt {n}",
              "answer": f"a{n}" if n < used else draw(st.sampled_from(answers[:used]))["id"]}
             for n in range(count)]
    return {"id": "m", "type": "matching", "points": 1.0, "prompt": "Match.",
            "explanation": None, "pairs": pairs, "answers": answers,
            "scoring": draw(st.sampled_from(["partial", "all_or_nothing"])), "unique": False}


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=4),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=3), inner, max_size=3), max_leaves=6)


@st.composite
def matchings_and_answers(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A question and a mapping mixing its prompt and answer ids with unknown ones."""
    matching = draw(matchings())
    keys = st.sampled_from([pair["id"] for pair in matching["pairs"]]) | st.text(max_size=3)
    values = st.sampled_from([answer["id"] for answer in matching["answers"]]) | JSON
    return matching, draw(st.dictionaries(keys, values, max_size=8))


def right_share(matching: dict[str, Any], answer: dict[str, Any]) -> float:
    right = [pair for pair in matching["pairs"] if answer.get(pair["id"]) == pair["answer"]]
    return len(right) / len(matching["pairs"])


@settings(max_examples=300, deadline=None)
@given(matchings_and_answers())
def test_credit_is_the_share_of_right_matches_within_0_and_1(
        case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    matching, answer = case
    credit = MATCHING.compile(matching)(answer)
    share = right_share(matching, answer)
    assert 0.0 <= credit <= 1.0
    if matching["scoring"] == "partial":
        assert credit == pytest.approx(share)
    else:
        assert credit == (1.0 if share == 1.0 else 0.0)


@settings(max_examples=200, deadline=None)
@given(matchings())
def test_every_right_match_earns_full_credit(matching: dict[str, Any]) -> None:
    answer = {pair["id"]: pair["answer"] for pair in matching["pairs"]}
    assert MATCHING.compile(matching)(answer) == 1.0


@settings(max_examples=200, deadline=None)
@given(matchings_and_answers(), st.randoms(use_true_random=False))
def test_moving_wrong_answers_between_wrongly_matched_prompts_changes_nothing(
        case: tuple[dict[str, Any], dict[str, Any]], rng: random.Random) -> None:
    matching, answer = case
    wrong = [pair["id"] for pair in matching["pairs"]
             if pair["id"] in answer and answer[pair["id"]] != pair["answer"]]
    moved = [answer[prompt_id] for prompt_id in wrong]
    rng.shuffle(moved)
    shuffled = {**answer, **dict(zip(wrong, moved, strict=True))}
    if right_share(matching, shuffled) == right_share(matching, answer):  # no wrong became right
        credit = MATCHING.compile(matching)
        assert credit(shuffled) == credit(answer)


@settings(max_examples=200, deadline=None)
@given(matchings(), st.dictionaries(st.text(max_size=4), st.text(max_size=4), max_size=6))
def test_unknown_ids_earn_nothing(matching: dict[str, Any], answer: dict[str, str]) -> None:
    known = {pair["id"] for pair in matching["pairs"]} | {a["id"] for a in matching["answers"]}
    unknown = {key: value for key, value in answer.items()
               if key not in known and value not in known}
    assert MATCHING.compile(matching)(unknown) == 0.0


@settings(max_examples=200, deadline=None)
@given(matchings(), JSON)
def test_any_stored_answer_is_graded_without_raising(matching: dict[str, Any],
                                                     answer: object) -> None:
    assert 0.0 <= MATCHING.compile(matching)(answer) <= 1.0


# The candidate's page and the results page

def take_page(codes: dict[str, Any], order: list[str], answer: Any = None,
              submitted: MultiDict[str, str] | None = None, error: str | None = None) -> str:
    view = MATCHING.take_view(codes, order, answer, submitted)
    frame = QuestionView(id=codes["id"], type="matching", number=1, count=1,
                         prompt=Markup("<p>?</p>"), flagged=False, answered=answer is not None,
                         take_template=MATCHING.take_template,
                         script_answer=MATCHING.script_answer, view=view)
    return render_template(MATCHING.take_template, question=frame, described="prompt",
                           error=error)


def menus(html: str) -> list[tuple[str, str, list[str], str | None]]:
    """Each select: its label's text, its name, its options' texts, the selected text."""
    found = []
    for label_for, label, select_id, name, body in re.findall(
            r'<label for="([^"]+)">(.*?)</label>\s*<select id="([^"]+)" name="([^"]+)"'
            r'[^>]*>(.*?)</select>', html, re.DOTALL):
        assert label_for == select_id
        options = re.findall(r"<option[^>]*>(.*?)</option>", body)
        selected = re.findall(r"<option[^>]* selected>(.*?)</option>", body)
        found.append((re.sub(r"<[^>]+>", "", label), name, options,
                      selected[0] if selected else None))
    return found


def test_each_prompt_labels_a_menu_of_every_answer_in_the_drawn_order(
        page: None, codes: dict[str, Any], ids: dict[str, str]) -> None:
    order = [ids["Not Found"], ids["I'm a teapot"], ids["OK"], ids["**Moved** Permanently"]]
    html = take_page(codes, order, right(ids, "`301`"))
    listed = ["Choose…", "Not Found", "I&#39;m a teapot", "OK", "Moved Permanently"]
    assert menus(html) == [("200", f"match-{ids['`200`']}", listed, None),
                           ("301", f"match-{ids['`301`']}", listed, "Moved Permanently"),
                           ("404", f"match-{ids['`404`']}", listed, None)]
    assert html.count('<option value="">Choose…</option>') == 3
    assert len(re.findall(r'data-part="[0-9a-f]+"', html)) == 3  # the page script's parts
    assert "You may choose the same answer for more than one item." in html


def test_a_refused_form_shows_what_was_sent_and_marks_the_menus(
        page: None, codes: dict[str, Any], ids: dict[str, str]) -> None:
    html = take_page({**codes, "unique": True}, [], right(ids, "`200`"),
                     submitted=form(ids, **{"`200`": "OK", "`404`": "OK"}), error="Not saved")
    assert [selected for *_, selected in menus(html)] == ["OK", None, "OK"]
    assert html.count('aria-invalid="true"') == 3
    assert "Use each answer at most once." in html


def test_the_replay_says_in_words_what_was_chosen_and_what_was_right(
        page: None, codes: dict[str, Any], ids: dict[str, str]) -> None:
    answer = {**right(ids, "`200`"), ids["`301`"]: ids["I'm a teapot"]}
    order = [ids["I'm a teapot"], ids["OK"], ids["Not Found"], ids["**Moved** Permanently"]]
    replay = QuestionReplay(
        number=4, section_id="s", section_title="S", id="http-codes", type="matching",
        label=MATCHING.label, prompt_html=Markup("<p>?</p>"), explanation_html=None,
        points=1.0, max_points=3.0, status="partial", answered=True, flagged=False,
        time_spent_seconds=0.0, replay_template=MATCHING.replay_template,
        view=MATCHING.replay_view(codes, order, answer))
    html = render_template(MATCHING.replay_template, q=replay)
    rows = [[re.sub(r"<[^>]+>|\s+", " ", cell).split() for cell in
             re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.DOTALL)]
            for row in re.findall(r"<tr>(.*?)</tr>", html, re.DOTALL)]
    assert [[" ".join(cell) for cell in row] for row in rows] == [
        ["Item", "Candidate's answer", "Correct answer"],
        ["200", "OK ✓ Correct", "OK"],
        ["301", "I'm a teapot ✗ Not correct", "Moved Permanently"],
        ["404", "No answer", "Not Found"],
    ]
    assert "<strong>Moved</strong> Permanently" in html  # Markdown kept on the results page
    assert "Answers that match no item: I'm a teapot" in re.sub(r"&#39;", "'", html)


# Through the pages: the form without JavaScript, the page script's save, the results

@pytest.fixture
def attempt(app: Flask, client: FlaskClient, organization: Organization,
            codes: dict[str, Any]) -> Attempt:
    test = make_test(definition(section("only", codes)))
    invitation, link = invite(organization, [test])
    with time_machine.travel(NOW, tick=False):
        client.post(f"{link}/start", data={"tz": "UTC"})
    db.session.expire_all()
    return invitation.attempts[0]


def saved_answer(attempt: Attempt) -> Any:
    db.session.expire_all()
    return next((r.answer for r in attempt.responses if r.question_id == "http-codes"), None)


def test_a_candidate_matches_without_javascript_then_with_it(
        client: FlaskClient, attempt: Attempt, ids: dict[str, str]) -> None:
    url = f"/take/{attempt.public_id}/0/0"
    with time_machine.travel(NOW + timedelta(seconds=20), tick=False):
        shown = client.get(url).text
        assert len(menus(shown)) == 3 and 'data-answer="parts"' in shown
        sent = client.post(url, data={"question_id": "http-codes", "move": "stay",
                                      **form(ids, **{"`200`": "OK", "`301`": ""})})
        assert sent.status_code == 302
        assert saved_answer(attempt) == right(ids, "`200`")  # a partial answer is kept
        assert [m[3] for m in menus(client.get(url).text)] == ["OK", None, None]

        refused = client.post(url, data={"question_id": "http-codes", "move": "stay",
                                         f"match-{ids['`200`']}": "0000beef"})
        assert refused.status_code == 422
        assert "Choose an answer from the list for each item." in refused.text

        api = f"/take/{attempt.public_id}/api/answer"
        headers = {"X-CSRFToken": client.csrf_token()}  # type: ignore[attr-defined]
        everything = right(ids, "`200`", "`301`", "`404`")
        saved = client.post(api, json={"question_id": "http-codes", "answer": {
            **everything, ids["`404`"]: ""}}, headers=headers)
        assert saved.status_code == 200, saved.text
        assert saved_answer(attempt) == right(ids, "`200`", "`301`")
        client.post(api, json={"question_id": "http-codes", "answer": everything},
                    headers=headers)
    assert saved_answer(attempt) == everything

    finalize_attempt(db.session, attempt, now=NOW + timedelta(minutes=1), reason="submitted")
    db.session.commit()
    results = client.get(results_url("", attempt.invitation.public_id)).text
    assert "Matching" in results and "✓ </span>Correct" in results
    assert attempt.result is not None and attempt.result["percent"] == 100.0
