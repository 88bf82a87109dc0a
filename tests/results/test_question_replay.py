"""The page replays each drawn question as the candidate saw it, with what they answered."""

from __future__ import annotations

from flask.testing import FlaskClient

from app.models import Attempt
from tests.results.conftest import link
from tests.results.html import Page


def _page(client: FlaskClient, attempt: Attempt) -> Page:
    return Page(client.get(link(attempt.invitation)).text)


def _question(page: Page, attempt: Attempt, question_id: str):  # type: ignore[no-untyped-def]
    return page.by_id(f"q-{attempt.public_id}-{question_id}")


def test_it_lists_the_questions_in_the_order_the_candidate_saw_them(
        client: FlaskClient, finished_attempt: Attempt) -> None:
    page = _page(client, finished_attempt)
    ids = [article.attrs["id"].split("-", 2)[2] for article in page.all("article", "question")]
    assert ids == ["choice", "multi", "truth", "number", "word", "order", "essay"]
    titles = [h.squashed() for h in page.all("h4") if h.attrs.get("id", "").startswith("q-")]
    assert titles[0] == "Question 1 · Basics" and titles[6] == "Question 7 · Writing"


def test_it_shows_options_in_the_candidates_order_with_choice_and_correct_answer(
        client: FlaskClient, finished_attempt: Attempt) -> None:
    page = _page(client, finished_attempt)
    choice = _question(page, finished_attempt, "choice")
    assert page.table_rows("choices", choice) == [
        ["dict", "Not chosen", "Not correct"],
        ["tuple", "● Chosen", "✓ Correct"],
        ["list", "Not chosen", "Not correct"],
    ]
    multi = _question(page, finished_attempt, "multi")
    assert page.table_rows("choices", multi) == [
        ["Option b", "Not chosen", "✓ Correct"],
        ["Option c", "Not chosen", "Not correct"],
        ["Option a", "● Chosen", "✓ Correct"],
    ]


def test_it_shows_the_score_status_time_and_flag_of_each_question(
        client: FlaskClient, finished_attempt: Attempt) -> None:
    page = _page(client, finished_attempt)
    meta = {qid: [li.squashed() for li in page.all("li", within=page.all(
        "ul", "qmeta", _question(page, finished_attempt, qid))[0])]
        for qid in ("choice", "multi", "number", "essay")}
    assert meta["choice"] == ["✓ Correct", "1 of 1 points", "Single choice", "Time spent: 30 s"]
    assert meta["multi"] == ["◐ Partly correct", "1 of 2 points", "Multiple choice",
                             "Time spent: 1 min"]
    assert meta["number"] == ["✗ Incorrect", "0 of 1 points", "Number",
                              "Time spent: 2 min", "⚑ Flagged by the candidate"]
    assert meta["essay"] == ["… Awaiting grading", "0 of 4 points", "Essay",
                             "Time spent: 3 min 30 s"]


def test_it_shows_true_false_ordering_and_typed_answers(
        client: FlaskClient, finished_attempt: Attempt) -> None:
    page = _page(client, finished_attempt)
    truth = _question(page, finished_attempt, "truth")
    assert page.table_rows("choices", truth) == [["True", "● Chosen", "✓ Correct"],
                                                 ["False", "Not chosen", "Not correct"]]
    order = _question(page, finished_attempt, "order")
    assert page.table_rows("ordering", order) == [["1", "Item b", "2"], ["2", "Item a", "1"],
                                                  ["3", "Item c", "3 ✓"]]
    number = _question(page, finished_attempt, "number")
    assert page.all("div", "answer-text", number)[0].squashed() == "5"
    assert page.all("p", "accepted", number)[0].squashed() == "Accepted answers: 4"
    word = _question(page, finished_attempt, "word")
    assert page.all("div", "answer-text", word)[0].squashed() == "Dict"


def test_it_renders_the_bank_markdown_of_prompts_options_and_explanations(
        client: FlaskClient, finished_attempt: Attempt) -> None:
    html = client.get(link(finished_attempt.invitation)).text
    assert "<strong>immutable</strong>" in html
    assert "**immutable**" not in html
    assert "<code>tuple</code>" in html
    assert "<em>tuple</em> cannot change." in html
    assert "```" not in html
    prompt = Page(html).all("div", "prompt", _question(Page(html), finished_attempt, "choice"))[0]
    assert Page(html).all("pre", within=prompt)  # the fenced code block, highlighted
    assert "x = (1, 2)" in prompt.text()


def test_it_keeps_the_essays_whitespace_and_shows_its_rubric(
        client: FlaskClient, finished_attempt: Attempt) -> None:
    page = _page(client, finished_attempt)
    essay = _question(page, finished_attempt, "essay")
    answer = page.all("div", "answer-text", essay)[0].text()
    assert answer == "First line <b>bold?</b>\n\n    indented & kept"
    assert page.table_rows("rubric", essay) == [["Clarity", "Says it plainly.", "2"],
                                                ["Correctness", "", "2"]]
    assert "6 words" in essay.squashed()
