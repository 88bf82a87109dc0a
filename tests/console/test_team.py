"""/console/team: admins invite members, change their roles and deactivate them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Role, User
from app.services.accounts import AccountError, change_role, deactivate
from tests.console.conftest import emails_to, link_in, sign_in, sign_in_with_password

NEW_PASSWORD = "the newcomer's passphrase"


def test_it_lists_the_team(client, admin, recruiter, outsider) -> None:
    sign_in(client, admin)
    page = client.get("/console/team")
    assert page.status_code == 200
    assert admin.email in page.text and recruiter.email in page.text
    assert outsider.email not in page.text


def test_an_invitation_emails_a_link_that_sets_the_first_password(client, admin) -> None:
    sign_in(client, admin)
    response = client.post("/console/team/invite",
                           data={"email": "Newcomer@Acme.test", "role": "reviewer"})
    assert response.headers["Location"] == "/console/team"
    member = db.session.scalar(select(User).where(User.email == "newcomer@acme.test"))
    assert member is not None and member.role == "reviewer" and member.password_hash is None
    [email] = emails_to("newcomer@acme.test")
    assert email["template"] == "team_invitation"
    assert "ada.admin@acme.test added you to Acme Corp's team on Assay as reviewer" in (
        email["text"])
    client.post("/console/sign-out", data={})
    client.post(link_in(email), data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert sign_in_with_password(client, member.email, NEW_PASSWORD).status_code == 302


def test_an_address_that_has_an_account_is_not_invited_again(client, admin, outsider) -> None:
    sign_in(client, admin)
    page = client.post("/console/team/invite", data={"email": outsider.email, "role": "admin"})
    assert page.status_code == 422
    assert "already belongs to an Assay account" in page.text
    assert emails_to(outsider.email) == []


def test_an_invitation_needs_an_address_and_a_known_role(client, admin) -> None:
    sign_in(client, admin)
    assert client.post("/console/team/invite",
                       data={"email": "nope", "role": "admin"}).status_code == 422
    assert client.post("/console/team/invite",
                       data={"email": "x@acme.test", "role": "owner"}).status_code == 422
    assert db.session.scalar(select(User).where(User.email == "x@acme.test")) is None


def test_it_changes_a_members_role(client, admin, recruiter) -> None:
    sign_in(client, admin)
    client.post(f"/console/team/{recruiter.public_id}/role", data={"role": "admin"})
    db.session.refresh(recruiter)
    assert recruiter.role == "admin"


def test_an_admin_cannot_change_their_own_role(client, admin) -> None:
    sign_in(client, admin)
    client.post(f"/console/team/{admin.public_id}/role", data={"role": "reviewer"})
    db.session.refresh(admin)
    assert admin.role == "admin"
    assert "You cannot change your own role" in client.get("/console/team").text


def test_an_admin_demotes_another_admin(client, admin, organization, make_member) -> None:
    second = make_member(organization, Role.ADMIN, "second@acme.test")
    sign_in(client, admin)
    client.post(f"/console/team/{second.public_id}/role", data={"role": "recruiter"})
    db.session.refresh(second)
    assert second.role == "recruiter"


def test_the_service_never_leaves_a_team_without_an_active_admin(admin, recruiter) -> None:
    # The pages cannot get there (an admin cannot demote or deactivate themselves); the
    # service refuses anyway, whoever asks.
    with pytest.raises(AccountError) as demoted:
        change_role(db.session, recruiter, admin, Role.REVIEWER)
    with pytest.raises(AccountError) as deactivated:
        deactivate(db.session, recruiter, admin)
    assert demoted.value.reason == deactivated.value.reason == "last_admin"


def test_deactivating_a_member_signs_them_out_and_reactivating_lets_them_back(
        app, client, admin, recruiter) -> None:
    theirs = app.test_client()
    sign_in(theirs, recruiter)
    sign_in(client, admin)
    client.post(f"/console/team/{recruiter.public_id}/deactivate", data={})
    assert theirs.get("/console").status_code == 302
    assert "Deactivated" in client.get("/console/team").text
    client.post(f"/console/team/{recruiter.public_id}/reactivate", data={})
    db.session.refresh(recruiter)
    assert recruiter.active
    assert sign_in_with_password(theirs, recruiter.email).status_code == 302


def test_an_admin_cannot_deactivate_themselves(client, admin) -> None:
    sign_in(client, admin)
    client.post(f"/console/team/{admin.public_id}/deactivate", data={})
    db.session.refresh(admin)
    assert admin.active


def test_a_member_who_lost_their_invitation_gets_a_new_one(client, admin, organization,
                                                           make_member) -> None:
    sign_in(client, admin)
    client.post("/console/team/invite", data={"email": "late@acme.test", "role": "recruiter"})
    member = db.session.scalar(select(User).where(User.email == "late@acme.test"))
    assert member is not None
    client.post(f"/console/team/{member.public_id}/resend", data={})
    first, second = emails_to("late@acme.test")
    assert second["template"] == "team_invitation"
    assert client.get(link_in(first)).status_code == 404
    assert client.get(link_in(second)).status_code == 200


def test_no_new_invitation_for_a_member_who_has_a_password(client, admin, recruiter) -> None:
    sign_in(client, admin)
    client.post(f"/console/team/{recruiter.public_id}/resend", data={})
    assert emails_to(recruiter.email) == []
    assert "has already chosen a password" in client.get("/console/team").text
