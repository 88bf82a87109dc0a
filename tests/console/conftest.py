"""Console test data: two organizations, a member of each role, signing in without the
password form (tests of the form itself use ``sign_in_with_password``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import Organization, OutboxMessage, Role, User, utcnow
from app.security import tokens
from app.security.passwords import hash_password
from tests.console.grading_data import essay_test, submit  # noqa: F401  (fixtures)

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
def password_hash() -> str:
    """One argon2 hash for every member who has a password: hashing is slow on purpose."""
    return hash_password(PASSWORD)


MakeMember = Callable[..., User]


@pytest.fixture
def make_member(app: Flask, password_hash: str) -> MakeMember:
    def make(organization: Organization, role: Role, email: str, *,
             password: bool = True, active: bool = True) -> User:
        member = User(public_id=tokens.public_id("usr"), organization=organization,
                      email=email, role=role.value, active=active,
                      password_hash=password_hash if password else None, created_at=utcnow())
        db.session.add(member)
        db.session.commit()
        return member
    return make


@pytest.fixture
def other_org(app: Flask) -> Organization:
    """Another hiring company, whose members and data Acme's must never reach."""
    org = Organization(slug="globex", name="Globex", hr_email="hr@globex.test")
    db.session.add(org)
    db.session.commit()
    return org


@pytest.fixture
def admin(organization: Organization, make_member: MakeMember) -> User:
    return make_member(organization, Role.ADMIN, "ada.admin@acme.test")


@pytest.fixture
def recruiter(organization: Organization, make_member: MakeMember) -> User:
    return make_member(organization, Role.RECRUITER, "rita.recruiter@acme.test")


@pytest.fixture
def reviewer(organization: Organization, make_member: MakeMember) -> User:
    return make_member(organization, Role.REVIEWER, "rob.reviewer@acme.test")


@pytest.fixture
def outsider(other_org: Organization, make_member: MakeMember) -> User:
    """Globex's administrator."""
    return make_member(other_org, Role.ADMIN, "otto@globex.test")


def sign_in(client: FlaskClient, member: User) -> None:
    """The session signing in leaves, without the (slow) password check."""
    with client.session_transaction() as session:
        session["_user_id"] = member.get_id()
        session["_fresh"] = True
        session["signed_in_at"] = int(time.time())


def sign_in_with_password(client: FlaskClient, email: str, password: str = PASSWORD,
                          **kwargs: Any):  # type: ignore[no-untyped-def]
    return client.post("/console/sign-in", data={"email": email, "password": password},
                       **kwargs)


def emails_to(address: str) -> list[dict[str, Any]]:
    """The payloads of the emails queued for ``address``, oldest first."""
    rows = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == address)
                              .order_by(OutboxMessage.id))
    return [row.open_payload() for row in rows]


def link_in(payload: dict[str, Any]) -> str:
    """The set-password link's path in an email."""
    for word in payload["text"].split():
        if "/console/password/" in word:
            return word[word.index("/console/password/"):]
    raise AssertionError("no set-password link in the email")
