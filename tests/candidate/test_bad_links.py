"""Every unusable link (unknown, expired, cancelled) gives the same neutral 404; a finished
one tells its candidate when they submitted."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from app.extensions import db
from tests.candidate.conftest import NOW, attempt_of


def _gone(client, link: str, when=NOW) -> tuple[int, str]:
    with time_machine.travel(when, tick=False):
        response = client.get(link)
        start = client.post(f"{link}/start", data={})
    assert start.status_code == response.status_code
    return response.status_code, response.text


@pytest.fixture
def neutral_page(client, organization) -> str:
    status, text = _gone(client, "/t/" + "x" * 43)
    assert status == 404
    return text


def test_an_unknown_token_gets_the_neutral_page(neutral_page) -> None:
    assert "This link is not available" in neutral_page
    assert "expired" not in neutral_page.lower()


def test_an_expired_link_looks_the_same(client, invited_candidate, neutral_page) -> None:
    _, link = invited_candidate
    assert _gone(client, link, NOW + timedelta(days=8)) == (404, neutral_page)


def test_a_cancelled_link_looks_the_same(client, invited_candidate, neutral_page) -> None:
    invitation, link = invited_candidate
    invitation.cancel(NOW)
    db.session.commit()
    assert _gone(client, link) == (404, neutral_page)


def test_a_finished_link_says_when_it_was_submitted_instead(taking, invited_candidate,
                                                            neutral_page) -> None:
    # The one link that is not neutral: only its holder can open it, and a candidate
    # who finished should not think their answers were lost (tests/candidate/test_reopening.py).
    invitation, link = invited_candidate
    with time_machine.travel(NOW, tick=False):
        taking.start()
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        taking.client.get("/take")  # the clock ran out: the attempt is finalized
    assert attempt_of(invitation).is_finished
    page = taking.client.get(link)
    assert page.status_code == 200 and "Your answers were submitted on" in page.text
    assert neutral_page not in page.text
    assert taking.client.post(f"{link}/start", data={}).status_code == 404


def test_a_token_of_a_wrong_length_looks_the_same(client, neutral_page) -> None:
    assert _gone(client, "/t/short") == (404, neutral_page)


def test_the_neutral_page_keeps_its_url_from_other_sites(client, organization) -> None:
    assert client.get("/t/" + "y" * 43).headers["Referrer-Policy"] == "same-origin"
