"""GET /console/invitations/<id> and its actions: send again with a new link, extend,
cancel (after a confirmation step), reissue the results link, assign a reviewer. Each
changes the invitation, records who did it, and refuses clearly when it cannot."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.domain import AttemptState
from app.extensions import db
from app.models import Invitation, InvitationEvent, Organization, OutboxMessage, Test, utcnow
from app.security.results_links import signed_version
from app.services.invitations import find_by_token, queue_invitation_email
from app.webhooks import WEBHOOK
from tests.api.conftest import make_client
from tests.console.conftest import sign_in
from tests.console.invitation_factory import make_invitation


@pytest.fixture
def waiting(organization: Organization, basics_test: Test) -> Invitation:
    """Sent an hour ago from the command line; valid for a week; not started."""
    return make_invitation(organization, [basics_test], first_name="Ada", last_name="Lovelace",
                           created_at=utcnow() - timedelta(hours=1))


def events(invitation: Invitation) -> list[tuple[str, int | None]]:
    rows = db.session.scalars(select(InvitationEvent).where(
        InvitationEvent.invitation_id == invitation.id).order_by(InvitationEvent.id))
    return [(row.kind, row.actor_id) for row in rows]


def url(invitation: Invitation, action: str = "") -> str:
    return f"/console/invitations/{invitation.public_id}{action}"


def test_the_page_shows_the_candidate_tests_expiry_results_and_history(
        client, recruiter, waiting) -> None:
    queue_invitation_email(db.session, waiting, "http://assay.test/t/x")
    db.session.commit()
    sign_in(client, recruiter)
    page = client.get(url(waiting))
    assert page.status_code == 200
    assert "<h1>Ada Lovelace" in page.text and waiting.candidate_email in page.text
    assert "Basics" in page.text and "Not started" in page.text
    assert "Link expires" in page.text
    assert re.search(rf'href="http://assay.test/results/{waiting.public_id}\?sig=', page.text)
    history = page.text[page.text.index('class="history"'):]
    assert history.index("Invitation sent from the command line") < history.index(
        f"Email to {waiting.candidate_email} queued")


def test_sending_again_issues_a_new_link_and_ends_the_old_one(client, recruiter, organization,
                                                              basics_test) -> None:
    from tests.fixtures.definitions import invite

    invitation, old_path = invite(organization, [basics_test], now=utcnow())
    sign_in(client, recruiter)
    response = client.post(url(invitation, "/resend"), data={})
    assert response.status_code == 302
    assert find_by_token(db.session, old_path.removeprefix("/t/")) is None
    email = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.invitation_id == invitation.id)).one().open_payload()
    assert email["to"] == invitation.candidate_email
    new_token = re.search(r"/t/(\S+)", email["text"]).group(1)  # type: ignore[union-attr]
    assert find_by_token(db.session, new_token) == invitation
    assert events(invitation) == [("resent", recruiter.id)]
    page = client.get(response.headers["Location"])
    assert "the earlier link no longer works" in page.text


def test_a_cancelled_invitation_is_not_sent_again(client, recruiter, waiting) -> None:
    waiting.cancel(utcnow())
    db.session.commit()
    sign_in(client, recruiter)
    page = client.post(url(waiting, "/resend"), data={}, follow_redirects=True)
    assert "its email cannot be sent again" in page.text
    assert db.session.scalars(select(OutboxMessage)).all() == []
    assert events(waiting) == []


def test_extending_by_days_moves_the_expiry_from_the_current_one(client, admin,
                                                                 waiting) -> None:
    before = waiting.expires_at
    waiting.reminder_sent_at = utcnow()
    db.session.commit()
    sign_in(client, admin)
    page = client.post(url(waiting, "/extend"), data={"days": "3"}, follow_redirects=True)
    assert "The invitation now expires on" in page.text
    db.session.refresh(waiting)
    assert waiting.expires_at == before + timedelta(days=3)
    assert waiting.reminder_sent_at is None  # a reminder may come again before the new date
    assert events(waiting) == [("extended", admin.id)]
    assert "Expiry moved to" in page.text


def test_extending_to_a_date(client, recruiter, waiting) -> None:
    target = (utcnow() + timedelta(days=30)).date()
    sign_in(client, recruiter)
    client.post(url(waiting, "/extend"), data={"until": target.isoformat()})
    db.session.refresh(waiting)
    assert waiting.expires_at.date() == target


@pytest.mark.parametrize(("data", "message"), [
    ({}, "Enter a number of days or a date."),
    ({"days": "0"}, "Enter a whole number of days from 1 to 365."),
    ({"days": "abc"}, "Enter a whole number of days from 1 to 365."),
    ({"until": "tomorrow"}, "Enter a date like 2026-03-31."),
    ({"until": "2020-01-01"}, "Choose a new expiry in the future."),
    ({"until": "2099-01-01"}, "Choose a new expiry within 365 days from today."),
])
def test_a_bad_expiry_is_refused_next_to_its_field(client, recruiter, waiting, data,
                                                   message: str) -> None:
    before = waiting.expires_at
    sign_in(client, recruiter)
    page = client.post(url(waiting, "/extend"), data=data)
    assert page.status_code == 422
    assert message in page.text and 'aria-invalid="true"' in page.text
    for value in data.values():
        assert f'value="{value}"' in page.text  # kept as typed
    db.session.refresh(waiting)
    assert waiting.expires_at == before and events(waiting) == []


def test_an_expired_invitation_cannot_be_revived(client, recruiter, organization,
                                                 basics_test) -> None:
    invitation = make_invitation(organization, [basics_test], state=AttemptState.EXPIRED,
                                 created_at=utcnow() - timedelta(days=10))
    sign_in(client, recruiter)
    assert "cannot be revived" in client.get(url(invitation)).text
    page = client.post(url(invitation, "/extend"), data={"days": "3"}, follow_redirects=True)
    assert "has already expired and cannot be revived" in page.text
    assert events(invitation) == []


def test_an_expiry_passed_before_the_job_ran_can_still_be_extended(
        client, recruiter, organization, basics_test) -> None:
    invitation = make_invitation(organization, [basics_test], valid_days=1,
                                 created_at=utcnow() - timedelta(days=2))
    sign_in(client, recruiter)
    client.post(url(invitation, "/extend"), data={"days": "2"})
    db.session.refresh(invitation)
    assert invitation.expires_at > utcnow() and invitation.is_usable(utcnow())


def test_cancelling_asks_first_then_ends_the_link_and_tells_the_api_client(
        client, recruiter, organization, waiting) -> None:
    hooked = make_client(organization, webhook_url="https://hooks.example.com/assay")
    waiting.source, waiting.api_client_id = "api", hooked.client.id
    db.session.commit()
    sign_in(client, recruiter)
    confirm = client.get(url(waiting, "/cancel"))
    assert "Cancel the invitation of Ada Lovelace?" in confirm.text
    not_ticked = client.post(url(waiting, "/cancel"), data={})
    assert not_ticked.status_code == 422 and "Tick the box to confirm." in not_ticked.text
    assert waiting.cancelled_at is None
    page = client.post(url(waiting, "/cancel"), data={"confirm": "y"}, follow_redirects=True)
    assert "is cancelled: the link no longer works" in page.text
    db.session.refresh(waiting)
    assert waiting.cancelled_at is not None and waiting.status == "cancelled"
    assert not waiting.is_usable(utcnow())
    assert events(waiting) == [("cancelled", recruiter.id)]
    assert db.session.scalars(select(OutboxMessage.kind).where(
        OutboxMessage.invitation_id == waiting.id)).all() == [WEBHOOK]


def test_a_completed_invitation_cannot_be_cancelled(client, recruiter, organization,
                                                    basics_test) -> None:
    done = make_invitation(organization, [basics_test], state=AttemptState.COMPLETED,
                           score=80.0, created_at=utcnow())
    sign_in(client, recruiter)
    assert "Cancel this invitation" not in client.get(url(done)).text
    assert client.get(url(done, "/cancel")).headers["Location"] == url(done)
    page = client.post(url(done, "/cancel"), data={"confirm": "y"}, follow_redirects=True)
    assert "cannot be cancelled" in page.text
    db.session.refresh(done)
    assert done.cancelled_at is None and events(done) == []


def test_reissuing_the_results_link_revokes_the_earlier_ones(app, client, admin,
                                                            waiting) -> None:
    sign_in(client, admin)
    old = client.get(url(waiting)).text
    old_sig = re.search(r"results/[^?]+\?sig=([^\"&]+)", old).group(1)  # type: ignore[union-attr]
    page = client.post(url(waiting, "/results-link"), data={})
    assert page.status_code == 200
    new_sig = re.search(r'id="new-results-link"[^>]*value="[^"]+\?sig=([^"]+)"',
                        page.text).group(1)  # type: ignore[union-attr]
    db.session.refresh(waiting)
    assert waiting.results_link_version == 2
    assert signed_version(waiting.public_id, new_sig) == 2
    assert signed_version(waiting.public_id, old_sig) == 1  # valid, but of a revoked version
    signed_out = app.test_client()  # a signed-in member opens the results without a link
    assert signed_out.get(f"/results/{waiting.public_id}?sig={old_sig}").status_code == 404
    assert signed_out.get(f"/results/{waiting.public_id}?sig={new_sig}").status_code == 200
    assert events(waiting) == [("results_link_reissued", admin.id)]


def test_assigning_a_reviewer_and_unassigning(client, recruiter, reviewer, waiting) -> None:
    sign_in(client, recruiter)
    page = client.get(url(waiting))
    assert f'<option value="{reviewer.public_id}">{reviewer.email}</option>' in page.text
    assert recruiter.email not in page.text.split('id="reviewer"')[1].split("</select>")[0]
    done = client.post(url(waiting, "/reviewer"), data={"reviewer": reviewer.public_id},
                       follow_redirects=True)
    assert f"{reviewer.email} is assigned to review." in done.text
    assert f"{reviewer.email} assigned to review by {recruiter.email}" in done.text
    db.session.refresh(waiting)
    assert waiting.reviewer_id == reviewer.id
    client.post(url(waiting, "/reviewer"), data={"reviewer": ""})
    db.session.refresh(waiting)
    assert waiting.reviewer_id is None
    assert events(waiting) == [("reviewer_assigned", recruiter.id)] * 2


def test_only_an_active_reviewer_of_the_team_can_be_assigned(client, recruiter, outsider,
                                                             waiting) -> None:
    sign_in(client, recruiter)
    for member in (recruiter, outsider):
        page = client.post(url(waiting, "/reviewer"), data={"reviewer": member.public_id})
        assert page.status_code == 422
        assert "Choose an active reviewer or administrator of your team." in page.text
    db.session.refresh(waiting)
    assert waiting.reviewer_id is None and events(waiting) == []


def test_actions_need_the_csrf_token(client, recruiter, waiting) -> None:
    sign_in(client, recruiter)
    client.post(url(waiting, "/results-link"), data={}, no_csrf=True)
    client.post(url(waiting, "/resend"), data={}, no_csrf=True)
    db.session.refresh(waiting)
    assert waiting.results_link_version == 1 and events(waiting) == []
