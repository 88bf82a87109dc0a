"""GET /t/<token>: the emailed link's landing page. It shows everything and changes nothing."""

from __future__ import annotations

from datetime import timedelta

import time_machine

from app.extensions import db
from app.models import AttemptEvent
from tests.candidate.conftest import NOW, attempt_of, definition, invite, section, single
from tests.fixtures.factories import make_test


def test_it_shows_the_company_the_test_and_its_time_limit(client, invited_candidate) -> None:
    _, link = invited_candidate
    with time_machine.travel(NOW, tick=False):
        page = client.get(link)
    assert page.status_code == 200
    assert "Acme Corp" in page.text
    assert "Basics" in page.text
    assert "6 questions" in page.text
    assert "30 minutes" in page.text
    assert "Read each question <em>carefully</em>." in page.text  # instructions, as Markdown


def test_it_discloses_what_is_recorded(client, invited_candidate) -> None:
    _, link = invited_candidate
    with time_machine.travel(NOW, tick=False):
        page = client.get(link).text
    assert "What is recorded during the test" in page
    for signal in ("loses focus", "paste", "copy text of a question", "IP address",
                   "time you spend on each question", "Gaps in your connection"):
        assert signal in page


def test_it_says_until_when_the_link_works_and_in_which_zone(client, invited_candidate) -> None:
    _, link = invited_candidate
    with time_machine.travel(NOW, tick=False):
        page = client.get(link).text
    assert "This link works until" in page
    assert " (UTC)." in page  # before Start the candidate's zone is not known yet


def test_it_offers_a_start_form_with_csrf_and_a_timezone_field(client, invited_candidate) -> None:
    _, link = invited_candidate
    with time_machine.travel(NOW, tick=False):
        page = client.get(link).text
    assert f'action="{link}/start"' in page
    assert 'method="post"' in page
    assert 'name="csrf_token"' in page
    assert 'name="tz" value="UTC"' in page


def test_it_changes_nothing_on_get(client, invited_candidate) -> None:
    invitation, link = invited_candidate
    with time_machine.travel(NOW, tick=False):
        for _ in range(3):
            assert client.get(link).status_code == 200
    attempt = attempt_of(invitation)
    assert attempt.state == "not_started"
    assert attempt.seed is None and attempt.deadline_at is None
    assert db.session.query(AttemptEvent).count() == 0
    with client.session_transaction() as session:
        assert "candidate" not in session


def test_it_applies_and_states_extra_time(client, organization, basics_test) -> None:
    _, link = invite(organization, [basics_test], extra_time=1.5)
    with time_machine.travel(NOW, tick=False):
        page = client.get(link).text
    assert "45 minutes" in page
    assert "standard time 30 min" in page
    assert "You have extra time" in page


def test_it_lists_the_tests_of_a_battery_in_order(client, organization, basics_test) -> None:
    second = make_test(definition(section("only", single("z1")), slug="second", name="Second test",
                                  time_limit=600))
    _, link = invite(organization, [basics_test, second])
    with time_machine.travel(NOW, tick=False):
        page = client.get(link).text
    assert page.index("Basics") < page.index("Second test")
    assert "10 minutes" in page
    assert "take a break" in page


def test_it_keeps_the_link_out_of_other_sites_referers(client, invited_candidate) -> None:
    _, link = invited_candidate
    with time_machine.travel(NOW, tick=False):
        response = client.get(link)
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"


def test_it_escapes_the_candidates_name(client, organization, basics_test) -> None:
    _, link = invite(organization, [basics_test], first_name="<script>alert(1)</script>")
    with time_machine.travel(NOW, tick=False):
        page = client.get(link).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_it_offers_to_resume_a_running_test(taking, invited_candidate) -> None:
    _, link = invited_candidate
    with time_machine.travel(NOW, tick=False):
        taking.start()
    with time_machine.travel(NOW + timedelta(minutes=5), tick=False):
        page = taking.client.get(link).text
    assert "Resume Basics" in page
    assert "In progress" in page


def test_it_says_when_a_tests_questions_are_in_another_language_than_the_page(
        client, organization, basics_test) -> None:
    _, link = invite(organization, [basics_test], language="uk")  # an English test
    with time_machine.travel(NOW, tick=False):
        page = client.get(link).text
    assert page.count('class="hint language-note"') == 1
    assert '<strong lang="en">Basics</strong>' in page  # read out in its own language


def test_it_says_nothing_of_language_when_the_page_speaks_the_tests(
        client, organization, basics_test) -> None:
    for language in (None, "en"):
        _, link = invite(organization, [basics_test], language=language)
        with time_machine.travel(NOW, tick=False):
            page = client.get(link).text
        assert "language-note" not in page
        assert "The questions of this test are in" not in page


def test_start_comes_before_the_instructions_and_the_rules(client, invited_candidate) -> None:
    _, link = invited_candidate
    with time_machine.travel(NOW, tick=False):
        page = client.get(link).text
    start = page.index('<form method="post"')
    assert start < page.index('class="instructions"') < page.index("Before you start")
    assert page.index("6 questions") < start
