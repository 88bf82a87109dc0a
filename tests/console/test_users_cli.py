"""``assay users create`` adds a member and prints their one-time set-password link."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.extensions import db
from app.models import PasswordLink, User, utcnow
from tests.console.conftest import sign_in_with_password

PASSWORD = "first password of the admin"


def test_it_adds_a_member_and_prints_a_link_that_sets_the_password(runner, client,
                                                                   organization) -> None:
    result = runner.invoke(args=["users", "create", "--org", "acme", "--email",
                                 "Boss@Acme.test", "--role", "admin"])
    assert result.exit_code == 0, result.output
    member = db.session.scalar(select(User).where(User.email == "boss@acme.test"))
    assert member is not None and member.role == "admin"
    [url] = re.findall(r"http://assay\.test(/console/password/\S+)", result.output)
    client.post(url, data={"password": PASSWORD, "confirm": PASSWORD})
    assert sign_in_with_password(client, "boss@acme.test", PASSWORD).status_code == 302


def test_its_link_lasts_longer_than_a_reset_link(runner, organization) -> None:
    runner.invoke(args=["users", "create", "--org", "acme", "--email", "r@acme.test",
                        "--role", "recruiter"])
    link = db.session.scalar(select(PasswordLink))
    assert link is not None and link.purpose == "invite"
    assert (link.expires_at - utcnow()).days == 6  # 7 days, less the seconds since


def test_it_refuses_an_address_that_has_an_account(runner, organization) -> None:
    args = ["users", "create", "--org", "acme", "--email", "a@acme.test", "--role", "admin"]
    runner.invoke(args=args)
    result = runner.invoke(args=args)
    assert result.exit_code == 1 and "already has an account" in result.output


def test_it_refuses_an_unknown_organization_and_role(runner, organization) -> None:
    result = runner.invoke(args=["users", "create", "--org", "nope", "--email", "a@acme.test",
                                 "--role", "admin"])
    assert result.exit_code == 1 and "No organization 'nope'" in result.output
    result = runner.invoke(args=["users", "create", "--org", "acme", "--email", "a@acme.test",
                                 "--role", "owner"])
    assert result.exit_code == 2


def test_it_lists_the_members(runner, organization) -> None:
    runner.invoke(args=["users", "create", "--org", "acme", "--email", "a@acme.test",
                        "--role", "reviewer"])
    result = runner.invoke(args=["users", "list", "--org", "acme"])
    assert "a@acme.test" in result.output and "invited" in result.output


def test_it_prints_a_new_link_for_a_member_and_the_older_one_stops_working(
        runner, client, admin) -> None:
    first = runner.invoke(args=["users", "link", "--email", admin.email]).output
    second = runner.invoke(args=["users", "link", "--email", admin.email]).output
    [old] = re.findall(r"http://assay\.test(/console/password/\S+)", first)
    [new] = re.findall(r"http://assay\.test(/console/password/\S+)", second)
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_it_prints_no_link_for_an_unknown_address(runner, organization) -> None:
    result = runner.invoke(args=["users", "link", "--email", "nobody@acme.test"])
    assert result.exit_code == 1 and "No active member" in result.output
