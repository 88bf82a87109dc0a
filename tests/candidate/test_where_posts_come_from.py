"""Browser POSTs: the CSRF token stays required, over HTTPS the Referer must be our own,
and a POST that the browser says came from another site is refused before any view runs."""

from __future__ import annotations

import time_machine

from tests.candidate.conftest import NOW, attempt_of

HTTPS = {"base_url": "https://localhost"}
OWN_PAGE = "https://localhost/t/landing"


def test_a_post_from_another_site_is_refused_and_starts_nothing(
        client, invited_candidate) -> None:
    invitation, link = invited_candidate
    with time_machine.travel(NOW, tick=False):
        response = client.post(f"{link}/start", data={"tz": "UTC"},
                               headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 400
    assert attempt_of(invitation).state == "not_started"


def test_a_post_from_a_sibling_subdomain_is_refused(client, invited_candidate) -> None:
    invitation, link = invited_candidate
    with time_machine.travel(NOW, tick=False):
        response = client.post(f"{link}/start", data={"tz": "UTC"},
                               headers={"Sec-Fetch-Site": "same-site"})
    assert response.status_code == 400
    assert attempt_of(invitation).state == "not_started"


def test_a_post_from_our_own_page_over_https_starts_the_test(client, invited_candidate) -> None:
    invitation, link = invited_candidate
    with time_machine.travel(NOW, tick=False):
        response = client.post(f"{link}/start", data={"tz": "UTC"}, **HTTPS,
                               headers={"Sec-Fetch-Site": "same-origin", "Referer": OWN_PAGE})
    assert response.status_code == 302
    assert attempt_of(invitation).state == "in_progress"


def test_over_https_a_post_without_a_referer_is_still_refused(
        client, invited_candidate) -> None:
    # The pages send Referrer-Policy: same-origin so that browsers do send one: the
    # strict check stays on.
    invitation, link = invited_candidate
    with time_machine.travel(NOW, tick=False):
        response = client.post(f"{link}/start", data={"tz": "UTC"}, **HTTPS)
    assert response.status_code == 400
    assert attempt_of(invitation).state == "not_started"


def test_over_https_a_post_with_a_foreign_referer_is_refused(client, invited_candidate) -> None:
    invitation, link = invited_candidate
    with time_machine.travel(NOW, tick=False):
        response = client.post(f"{link}/start", data={"tz": "UTC"}, **HTTPS,
                               headers={"Referer": "https://evil.example/page"})
    assert response.status_code == 400
    assert attempt_of(invitation).state == "not_started"


def test_the_token_is_still_required_from_our_own_page(client, invited_candidate) -> None:
    invitation, link = invited_candidate
    with time_machine.travel(NOW, tick=False):
        response = client.post(f"{link}/start", data={"tz": "UTC"}, no_csrf=True, **HTTPS,
                               headers={"Sec-Fetch-Site": "same-origin", "Referer": OWN_PAGE})
    assert response.status_code == 400
    assert attempt_of(invitation).state == "not_started"
