"""GET /results/<invitation_public_id>?sig=...: only the signed link opens the page."""

from __future__ import annotations

import hashlib
import hmac
import re

from flask.testing import FlaskClient

from app.models import Attempt
from app.security.results_links import signature
from app.security.tokens import hmac_key
from tests.results.conftest import link


def _signature_before_itsdangerous(public_id: str) -> str:
    """The ``sig`` of links handed out until 2026-12 (Greenhouse and old emails keep them)."""
    mac = hmac.new(hmac_key(), b"results-link:" + public_id.encode(), hashlib.sha256)
    return mac.hexdigest()[:32]


def test_it_opens_with_the_signed_link(client: FlaskClient, finished_attempt: Attempt) -> None:
    response = client.get(link(finished_attempt.invitation))
    assert response.status_code == 200
    assert "Ada Lovelace" in response.text


def test_the_signature_it_issues_is_url_safe_and_opens_only_its_invitation(
        finished_attempt: Attempt, make_invitation, review_test) -> None:  # type: ignore[no-untyped-def]
    mine = signature(finished_attempt.invitation.public_id)
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", mine)
    assert mine == signature(finished_attempt.invitation.public_id)
    assert mine != signature(make_invitation(review_test).public_id)


def test_a_link_handed_out_before_itsdangerous_still_opens_the_page(
        client: FlaskClient, finished_attempt: Attempt) -> None:
    public_id = finished_attempt.invitation.public_id
    response = client.get(f"/results/{public_id}?sig={_signature_before_itsdangerous(public_id)}")
    assert response.status_code == 200
    assert "Ada Lovelace" in response.text


def test_the_page_reached_by_an_old_link_issues_the_new_form(
        client: FlaskClient, finished_attempt: Attempt) -> None:
    public_id = finished_attempt.invitation.public_id
    old = _signature_before_itsdangerous(public_id)
    page = client.get(f"/results/{public_id}?sig={old}").text
    # Its own links and forms carry the signature it was opened with, which keeps working.
    assert f"sig={old}" in page
    assert signature(public_id) != old


def test_it_keeps_the_link_private(client: FlaskClient, finished_attempt: Attempt) -> None:
    response = client.get(link(finished_attempt.invitation))
    # same-origin: no Referer ever leaves the site (our own POSTs need one; see
    # app.web.security_headers)
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "noindex" in response.headers["X-Robots-Tag"]
    assert '<meta name="robots" content="noindex, nofollow">' in response.text
    assert '<meta name="referrer" content="same-origin">' in response.text


def _not_found(client: FlaskClient, url: str) -> tuple[int, str, str, str]:
    response = client.get(url)
    return (response.status_code, response.text, response.headers["Cache-Control"],
            response.headers["Referrer-Policy"])


def test_every_failed_check_gives_the_same_neutral_404(
        client: FlaskClient, finished_attempt: Attempt, make_invitation, review_test) -> None:  # type: ignore[no-untyped-def]
    invitation = finished_attempt.invitation
    other = make_invitation(review_test)
    public_id = invitation.public_id
    valid = signature(public_id)
    old_form = _signature_before_itsdangerous
    answers = {
        "bad signature": _not_found(client, f"/results/{public_id}?sig={'0' * 32}"),
        "no signature": _not_found(client, f"/results/{public_id}"),
        "empty signature": _not_found(client, f"/results/{public_id}?sig="),
        "another invitation's signature":
            _not_found(client, f"/results/{public_id}?sig={signature(other.public_id)}"),
        "unknown invitation, validly signed":
            _not_found(client, f"/results/iv_nosuch?sig={signature('iv_nosuch')}"),
        "another invitation's signature of the old form": _not_found(
            client, f"/results/{public_id}?sig={old_form(other.public_id)}"),
        "the old form in capitals": _not_found(
            client, f"/results/{public_id}?sig={old_form(public_id).upper()}"),
        "one character changed": _not_found(
            client, f"/results/{public_id}?sig={valid[:-1]}{'A' if valid[-1] != 'A' else 'B'}"),
        "cut short": _not_found(client, f"/results/{public_id}?sig={valid[:-1]}"),
        "base64 padding added": _not_found(client, f"/results/{public_id}?sig={valid}%3D"),
        "a non-ASCII character slipped in": _not_found(
            client, f"/results/{public_id}?sig={valid[:20]}%C3%A9{valid[20:]}"),
        "punctuation slipped in": _not_found(
            client, f"/results/{public_id}?sig={valid[:20]}!{valid[20:]}"),
        "the whole signed value, not the signature": _not_found(
            client, f"/results/{public_id}?sig={public_id}.{valid}"),
    }
    first = answers["bad signature"]
    assert first[0] == 404
    assert "This link is not available" in first[1]
    assert "Ada" not in first[1]
    for case, answer in answers.items():
        assert answer == first, case


def test_a_post_to_the_old_grading_address_is_the_same_404(
        client: FlaskClient, finished_attempt: Attempt) -> None:
    url = (f"/results/{finished_attempt.invitation.public_id}/attempts/"
           f"{finished_attempt.public_id}/questions/essay/grade?sig={'0' * 32}")
    response = client.post(url, data={"points": "3", "grader_name": "Grace"})
    assert response.status_code == 404
    assert "This link is not available" in response.text
