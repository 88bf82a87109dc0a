"""GET /results/<invitation_public_id>?sig=...: only the signed link opens the page."""

from __future__ import annotations

from flask.testing import FlaskClient

from app.models import Attempt
from app.security.results_links import signature
from tests.results.conftest import link


def test_it_opens_with_the_signed_link(client: FlaskClient, finished_attempt: Attempt) -> None:
    response = client.get(link(finished_attempt.invitation))
    assert response.status_code == 200
    assert "Ada Lovelace" in response.text


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
    answers = {
        "bad signature": _not_found(client, f"/results/{public_id}?sig={'0' * 32}"),
        "no signature": _not_found(client, f"/results/{public_id}"),
        "empty signature": _not_found(client, f"/results/{public_id}?sig="),
        "another invitation's signature":
            _not_found(client, f"/results/{public_id}?sig={signature(other.public_id)}"),
        "unknown invitation, validly signed":
            _not_found(client, f"/results/iv_nosuch?sig={signature('iv_nosuch')}"),
    }
    first = answers["bad signature"]
    assert first[0] == 404
    assert "This link is not available" in first[1]
    assert "Ada" not in first[1]
    for case, answer in answers.items():
        assert answer == first, case


def test_a_grade_post_with_a_bad_signature_is_the_same_404(
        client: FlaskClient, finished_attempt: Attempt) -> None:
    url = (f"/results/{finished_attempt.invitation.public_id}/attempts/"
           f"{finished_attempt.public_id}/questions/essay/grade?sig={'0' * 32}")
    response = client.post(url, data={"points": "3", "grader_name": "Grace"})
    assert response.status_code == 404
    assert "This link is not available" in response.text
