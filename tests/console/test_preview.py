"""The preview of a test: each drawn question as the candidate sees it, from a seed, with
nothing written anywhere."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import Organization, User
from tests.console.conftest import sign_in
from tests.fixtures.definitions import definition, essay, section, single
from tests.fixtures.factories import make_test


@pytest.fixture
def signed_in_recruiter(client: FlaskClient, recruiter: User) -> FlaskClient:
    sign_in(client, recruiter)
    return client


def row_counts() -> dict[str, int]:
    """Rows in every table of the schema."""
    return {table.name: db.session.scalar(select(func.count()).select_from(table)) or 0
            for table in db.metadata.sorted_tables}


def _outline(page: str) -> list[str]:
    """The questions the outline lists, in order."""
    outline = page[page.index('id="outline-title"'):]
    return re.findall(r'<li><a href="[^"]*"[^>]*>([^<]*)</a></li>', outline)


def test_it_shows_the_first_question_as_the_candidate_sees_it(
        signed_in_recruiter: FlaskClient) -> None:
    make_test(definition())
    page = signed_in_recruiter.get("/console/tests/basics/preview").text
    assert "Preview — answers are not saved" in page
    assert "Question 1 of 3" in page and "Section 1 of 2: First" in page
    assert '<div class="prompt" id="prompt"><p>Pick <strong>one</strong>.</p>' in page
    assert '<input type="radio" name="answer" id="choice-1" value="a"' in page
    assert "css/assay.css" in page and "Read each question <em>carefully</em>." in page


def test_nothing_can_be_sent_to_the_candidate_pages(signed_in_recruiter: FlaskClient) -> None:
    make_test(definition())
    page = signed_in_recruiter.get("/console/tests/basics/preview?question=5").text
    assert "<form" not in page.split('<main id="main"', 1)[1]
    assert "/t/" not in page and "take.js" not in page
    assert '<input type="text" id="answer" name="answer"' in page  # it can be typed in


def test_opening_every_page_writes_no_row(signed_in_recruiter: FlaskClient,
                                          organization: Organization) -> None:
    make_test(definition())
    before = row_counts()
    for number in range(1, 7):
        assert signed_in_recruiter.get(
            f"/console/tests/basics/preview?question={number}&seed=42").status_code == 200
    assert row_counts() == before


def test_it_steps_through_the_whole_draw(signed_in_recruiter: FlaskClient) -> None:
    make_test(definition())
    first = signed_in_recruiter.get("/console/tests/basics/preview?seed=5").text
    assert _outline(first) == ["Pick one.", "Pick all primes.", "The sky is blue.",
                               "What is √2 (2 decimals)?", "Capital of France?",
                               "Order by size."]
    assert 'href="/console/tests/basics/preview?version=1&amp;seed=5&amp;question=2"' in first
    last = signed_in_recruiter.get("/console/tests/basics/preview?seed=5&question=6").text
    assert "Question 3 of 3" in last and "Section 2 of 2: Second" in last
    assert "Next question" not in last and "Previous question" in last
    assert '<select id="position-1" name="position-' in last


def _pooled_definition() -> dict[str, object]:
    return definition({**section("only", single("fixed", "Always here.")), "items": [
        {"kind": "question", "question": single("fixed", "Always here.")},
        {"kind": "pool", "id": "pool", "pick": 2,
         "questions": [single(f"p{n}", f"Pool question {n}.") for n in range(1, 7)]}]})


def test_a_seed_gives_one_draw_and_another_seed_may_give_another(
        signed_in_recruiter: FlaskClient) -> None:
    make_test(_pooled_definition())
    draws = {tuple(_outline(signed_in_recruiter.get(
        f"/console/tests/basics/preview?seed={seed}").text)) for seed in range(12)}
    assert all(len(draw) == 3 and draw[0] == "Always here." for draw in draws)
    assert len(draws) > 1
    again = signed_in_recruiter.get("/console/tests/basics/preview?seed=3").text
    assert tuple(_outline(again)) in draws
    link = re.search(r'href="/console/tests/basics/preview\?version=1&amp;seed=(\d+)&amp;'
                     r'question=1">Draw again', again)
    assert link and 0 <= int(link.group(1)) < 2**63


def test_an_essay_shows_its_text_area(signed_in_recruiter: FlaskClient) -> None:
    make_test(definition(section("only", essay("e1"))))
    page = signed_in_recruiter.get("/console/tests/basics/preview").text
    assert '<textarea id="answer" name="answer"' in page


def test_an_older_version_can_be_previewed(signed_in_recruiter: FlaskClient) -> None:
    old = make_test(definition(section("only", single("q1", "Old wording."))))
    old.is_latest = False
    make_test(definition(section("only", single("q1", "New wording."))), version=2)
    assert "New wording." in signed_in_recruiter.get("/console/tests/basics/preview").text
    assert "Old wording." in signed_in_recruiter.get(
        "/console/tests/basics/preview?version=1").text


@pytest.mark.parametrize("query", ["question=0", "question=7", "question=x", "seed=-1",
                                   "seed=9223372036854775808", "version=9"])
def test_a_page_outside_the_draw_is_not_found(signed_in_recruiter: FlaskClient,
                                              query: str) -> None:
    make_test(definition())
    assert signed_in_recruiter.get(f"/console/tests/basics/preview?{query}").status_code == 404
