"""A public API invitation's link lasts the organization's chosen days (console
settings), else INVITATION_VALID_DAYS."""

from __future__ import annotations

from datetime import timedelta

from app.extensions import db
from app.models import Invitation
from tests.api.conftest import numbered_test, seed_body


def test_the_link_lasts_the_organizations_days_else_the_default(api, organization) -> None:  # type: ignore[no-untyped-def]
    numbered_test(5, "python-basics")
    numbered_test(200001, "sql-basics")
    assert api("post", "/tests/invitations/candidates", json=seed_body()).status_code == 202
    organization.invitation_valid_days = 9
    db.session.commit()
    assert api("post", "/tests/invitations/candidates", json=seed_body()).status_code == 202
    lifetimes = [invitation.expires_at - invitation.created_at for invitation in
                 db.session.scalars(db.select(Invitation).order_by(Invitation.id))]
    assert lifetimes == [timedelta(days=30), timedelta(days=9)]
