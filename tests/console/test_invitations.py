"""GET /console/invitations: the list's GET form, its rows and pages, bad filters."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from app.domain import AttemptState
from app.models import Organization, Test
from tests.console.conftest import sign_in
from tests.console.invitation_factory import make_invitation
from tests.fixtures.definitions import NOW


@pytest.fixture
def listed(organization: Organization, basics_test: Test):  # type: ignore[no-untyped-def]
    ada = make_invitation(organization, [basics_test], first_name="Ada", last_name="Lovelace",
                          preferred_name="Countess", state=AttemptState.COMPLETED, score=87.5,
                          source="greenhouse", created_at=NOW - timedelta(days=1))
    bob = make_invitation(organization, [basics_test], first_name="Bob", last_name="Builder",
                          created_at=NOW)
    return ada, bob


def test_it_lists_each_invitation_with_its_facts_and_links(client, recruiter, listed) -> None:
    ada, _bob = listed
    sign_in(client, recruiter)
    page = client.get("/console/invitations")
    assert page.status_code == 200
    text = page.text
    assert "Ada Lovelace" in text and "prefers Countess" in text
    assert ada.candidate_email in text and "Basics" in text
    assert "Completed" in text and "87.5 %" in text and "Greenhouse" in text
    assert f'href="/console/invitations/{ada.public_id}"' in text
    assert re.search(rf'href="http://assay.test/results/{ada.public_id}\?sig=[A-Za-z0-9_-]{{43}}"',
                     text)
    assert "1–2 of 2 invitations" in text
    assert text.index("Bob Builder") < text.index("Ada Lovelace")  # newest first


def test_it_filters_from_the_query_string(client, recruiter, listed) -> None:
    sign_in(client, recruiter)
    page = client.get("/console/invitations?status=completed&q=LOVE&sort=name&order=asc")
    assert "Ada Lovelace" in page.text and "Bob Builder" not in page.text
    assert '<option value="completed" selected>' in page.text
    assert 'value="LOVE"' in page.text


def test_a_bad_filter_is_reported_and_the_others_still_apply(client, recruiter, listed) -> None:
    sign_in(client, recruiter)
    page = client.get("/console/invitations?status=completed&sent_from=31/12/2026"
                      "&score_min=abc&test=nope")
    assert page.status_code == 422
    assert "Enter a date like 2026-03-31." in page.text
    assert "Enter a score from 0 to 100." in page.text
    assert "Choose one of the tests." in page.text
    assert 'value="31/12/2026"' in page.text and 'value="abc"' in page.text  # kept as typed
    assert 'aria-describedby="f-sent_from-error"' in page.text
    assert "Ada Lovelace" in page.text and "Bob Builder" not in page.text  # status applies


def test_a_reversed_range_is_refused(client, recruiter, listed) -> None:
    sign_in(client, recruiter)
    page = client.get("/console/invitations?score_min=90&score_max=10"
                      "&sent_from=2026-03-05&sent_to=2026-03-01")
    assert page.status_code == 422
    assert "The highest score is below the lowest." in page.text
    assert "The end date is before the start date." in page.text


def test_pages_have_links_that_keep_the_filters(client, recruiter, organization,
                                                 basics_test) -> None:
    for number in range(51):
        make_invitation(organization, [basics_test], first_name=f"P{number:02d}",
                        last_name="Person", created_at=NOW + timedelta(minutes=number))
    sign_in(client, recruiter)
    first = client.get("/console/invitations?q=person")
    assert "1–50 of 51 invitations" in first.text
    assert 'aria-label="Pages of the list"' in first.text
    assert 'href="/console/invitations?q=person&amp;page=2" rel="next"' in first.text
    second = client.get("/console/invitations?q=person&page=2")
    assert "51–51 of 51 invitations" in second.text and "P00 Person" in second.text
    assert 'aria-current="page"><span class="vh">Page </span>2<' in second.text


def test_an_empty_selection_says_so(client, recruiter, listed) -> None:
    sign_in(client, recruiter)
    page = client.get("/console/invitations?q=nobody-like-this")
    assert "No invitation matches these filters." in page.text


def test_another_organizations_invitations_are_not_listed(client, outsider, listed) -> None:
    sign_in(client, outsider)
    page = client.get("/console/invitations")
    assert "Ada Lovelace" not in page.text and "No invitation matches" in page.text
