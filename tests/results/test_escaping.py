"""Whatever a candidate typed (a name, an answer, a browser string) is shown, never run."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient

from app.models import Invitation, Test
from tests.results.conftest import ANSWERS, add_events, link, take

SCRIPT = "<script>alert(1)</script>"


def test_it_escapes_a_hostile_candidate_name_and_answers(
        client: FlaskClient, make_invitation: Callable[..., Invitation], review_test: Test) -> None:
    invitation = make_invitation(review_test, first_name=SCRIPT, last_name="<i>x</i>")
    attempt = take(invitation.attempts[0], {**ANSWERS, "word": "<img src=x onerror=alert(2)>",
                                            "essay": f"{SCRIPT}\n<b>bold</b> & more"})
    add_events(attempt)
    html = client.get(link(invitation)).text
    assert SCRIPT not in html
    assert "<img src=x" not in html and "<b>bold</b>" not in html and "<i>x</i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;i&gt;x&lt;/i&gt;" in html  # name, title too
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in html
    assert "<img src=x onerror=alert(1)>" not in html  # a browser string from the events


def test_it_escapes_the_grader_name_and_note(
        client: FlaskClient, make_invitation: Callable[..., Invitation], review_test: Test) -> None:
    from app.extensions import db
    from app.models import utcnow
    from app.services.grading import grade_response

    attempt = take(make_invitation(review_test).attempts[0])
    grade_response(db.session, attempt, "essay", [1, 1], SCRIPT, "<b>Grace</b>", utcnow())
    db.session.commit()
    html = client.get(link(attempt.invitation)).text
    assert SCRIPT not in html and "<b>Grace</b>" not in html
    assert "by &lt;b&gt;Grace&lt;/b&gt; on" in html
