"""The item statistics page: per question of a test version, the figures over the viewing
organization's candidates only, in the reader's language."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from app.models import Organization, Test, User
from tests.console.conftest import sign_in
from tests.fixtures.attempts import finished
from tests.fixtures.definitions import definition, section, single, true_false
from tests.fixtures.factories import make_test

THREE = definition(section("only", single("q1", "Which is **first**?"), true_false("q2"),
                           single("q3")))
SIX = [(1, 1, 1), (1, 1, 0), (1, 1, 1), (0, 0, 0), (0, 1, 0), (0, 0, 0)]
ANSWERS = {1: ("a", True, "a"), 0: ("b", False, "c")}


def _six(organization: Organization, test: Test) -> None:
    for n, row in enumerate(SIX):
        answers = {f"q{i + 1}": ANSWERS[right][i] for i, right in enumerate(row)}
        finished(organization, test, answers, times_ms={"q1": (n + 1) * 20_000})


@pytest.fixture
def signed_in_admin(client: FlaskClient, admin: User) -> FlaskClient:
    sign_in(client, admin)
    return client


def _question_row(page: str, question_id: str) -> str:
    found = re.search(rf"<tr>\s*<td>\d+</td>\s*<th scope=\"row\">(?:(?!</tr>).)*"
                      rf"<code>{question_id}</code>.*?</tr>", page, re.S)
    assert found, f"no row for {question_id}"
    return found.group(0)


def test_it_shows_each_questions_figures(signed_in_admin: FlaskClient,
                                         organization: Organization) -> None:
    _six(organization, make_test(THREE))
    page = signed_in_admin.get("/console/tests/basics/statistics").text
    assert "6 finished attempts." in page
    q1 = _question_row(page, "q1")
    assert "Which is first?" in q1 and "Single choice" in q1
    cells = re.findall(r'<td class="num">([^<]*)', q1)
    assert [cell.strip() for cell in cells] == ["6", "50%", "+0.82", "1 min 10 s"]


def test_choice_options_have_their_own_table(signed_in_admin: FlaskClient,
                                             organization: Organization) -> None:
    _six(organization, make_test(THREE))
    page = signed_in_admin.get("/console/tests/basics/statistics").text
    assert "<caption id=\"options-1\">Question 1: Which is first?</caption>" in page
    alpha = re.search(r'<th scope="row">Alpha</th>(.*?)</tr>', page, re.S)
    assert alpha and re.findall(r'<td class="num">([^<]*)', alpha.group(1)) == ["3", "50%"]
    assert '<th scope="row">True</th>' in page


def test_it_flags_what_an_author_should_look_at(signed_in_admin: FlaskClient,
                                                organization: Organization) -> None:
    test = make_test(THREE)
    for _ in range(5):
        finished(organization, test, {"q1": "a", "q2": False, "q3": "a"})
    page = signed_in_admin.get("/console/tests/basics/statistics").text
    assert "Everyone correct" in _question_row(page, "q1")
    assert "Nobody correct" in _question_row(page, "q2")
    assert "What the figures mean" in page and "point-biserial" in page


def test_too_few_candidates_is_said_plainly(signed_in_admin: FlaskClient,
                                            organization: Organization) -> None:
    finished(organization, make_test(THREE), {"q1": "a"})
    page = signed_in_admin.get("/console/tests/basics/statistics").text
    assert "Too few candidates" in _question_row(page, "q1")


def test_it_counts_only_the_viewing_organizations_candidates(
        signed_in_admin: FlaskClient, organization: Organization,
        other_org: Organization) -> None:
    """A library test is shared: Globex's candidates never show in Acme's figures."""
    test = make_test(THREE)
    _six(organization, test)
    for _ in range(4):
        finished(other_org, test, {"q1": "c", "q2": False, "q3": "c"})
    page = signed_in_admin.get("/console/tests/basics/statistics").text
    assert "6 finished attempts." in page
    assert [c.strip() for c in re.findall(r'<td class="num">([^<]*)',
                                          _question_row(page, "q1"))][:2] == ["6", "50%"]


def test_an_organization_without_candidates_sees_none(
        client: FlaskClient, outsider: User, organization: Organization) -> None:
    _six(organization, make_test(THREE))
    sign_in(client, outsider)
    page = client.get("/console/tests/basics/statistics").text
    assert "0 finished attempts." in page and "No candidate of your organization" in page


def test_it_shows_the_version_asked_for(signed_in_admin: FlaskClient,
                                        organization: Organization) -> None:
    old = make_test(THREE)
    old.is_latest = False
    _six(organization, old)
    make_test(THREE, version=2)
    assert "0 finished attempts." in signed_in_admin.get("/console/tests/basics/statistics").text
    page = signed_in_admin.get("/console/tests/basics/statistics?version=1").text
    assert "6 finished attempts." in page and "Version 1." in page
    assert '<option value="1" selected>1</option>' in page


@pytest.mark.parametrize("query", ["version=3", "version=x", "version=-1", "version=²"])
def test_a_version_that_does_not_exist_is_not_found(signed_in_admin: FlaskClient,
                                                    query: str) -> None:
    make_test(THREE)
    assert signed_in_admin.get(f"/console/tests/basics/statistics?{query}").status_code == 404


def test_numbers_are_written_the_readers_way(signed_in_admin: FlaskClient,
                                             organization: Organization) -> None:
    _six(organization, make_test(THREE))
    page = signed_in_admin.get("/console/tests/basics/statistics",
                               headers={"Accept-Language": "ru"}).text
    cells = [c.strip() for c in re.findall(r'<td class="num">([^<]*)',
                                           _question_row(page, "q1"))]
    assert cells[1] == "50\xa0%" and cells[2] == "+0,82"
