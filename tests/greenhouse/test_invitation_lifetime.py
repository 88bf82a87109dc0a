"""A send_test invitation's link lasts the organization's chosen days (console settings),
else INVITATION_VALID_DAYS."""

from __future__ import annotations

from datetime import timedelta

from app.extensions import db
from app.models import Invitation
from tests.greenhouse.conftest import send_test_body


def _lifetime() -> timedelta:
    invitation = db.session.scalars(db.select(Invitation)).one()
    return invitation.expires_at - invitation.created_at


def test_the_link_lasts_the_default_days(greenhouse, quiz) -> None:  # type: ignore[no-untyped-def]
    assert greenhouse("post", "send_test", json=send_test_body()).status_code == 200
    assert _lifetime() == timedelta(days=30)


def test_the_link_lasts_the_organizations_days(greenhouse, quiz, organization) -> None:  # type: ignore[no-untyped-def]
    organization.invitation_valid_days = 5
    db.session.commit()
    assert greenhouse("post", "send_test", json=send_test_body()).status_code == 200
    assert _lifetime() == timedelta(days=5)
