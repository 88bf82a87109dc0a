"""A signed-in member reading a results page finds their way back to the console: the
invitation's page for those who manage invitations, the grading queue for reviewers.
Someone arriving by the signed link alone gets no console link."""

from __future__ import annotations

from app.extensions import db
from tests.console.conftest import sign_in
from tests.results.conftest import link


def test_a_recruiter_gets_a_link_to_the_invitation_in_the_console(client, recruiter,
                                                                  finished_attempt) -> None:
    sign_in(client, recruiter)
    invitation = finished_attempt.invitation
    page = client.get(f"/results/{invitation.public_id}").text
    assert f'href="/console/invitations/{invitation.public_id}"' in page


def test_a_reviewer_gets_a_link_back_to_the_grading_queue(client, reviewer,
                                                         finished_attempt) -> None:
    finished_attempt.invitation.reviewer_id = reviewer.id
    db.session.commit()
    sign_in(client, reviewer)
    page = client.get(f"/results/{finished_attempt.invitation.public_id}").text
    assert 'href="/console/grading"' in page
    assert "/console/invitations/" not in page


def test_the_signed_link_alone_shows_no_console_link(client, finished_attempt) -> None:
    page = client.get(link(finished_attempt.invitation)).text
    assert "/console/" not in page.replace("/console/grading/", "")
