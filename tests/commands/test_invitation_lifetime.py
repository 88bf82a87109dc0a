"""`assay invite`: the link lasts the organization's chosen days (console settings), else
INVITATION_VALID_DAYS."""

from __future__ import annotations

from datetime import timedelta

from app.extensions import db
from app.models import Invitation


def test_the_link_lasts_the_organizations_days_else_the_default(  # type: ignore[no-untyped-def]
        runner, organization, basics_test) -> None:
    args = ["invite", "--org", "acme", "--test", "basics", "--email", "ada@example.org",
            "--first-name", "Ada", "--last-name", "Lovelace"]
    assert runner.invoke(args=args).exit_code == 0
    organization.invitation_valid_days = 2
    db.session.commit()
    assert runner.invoke(args=args).exit_code == 0
    lifetimes = [invitation.expires_at - invitation.created_at for invitation in
                 db.session.scalars(db.select(Invitation).order_by(Invitation.id))]
    assert lifetimes == [timedelta(days=30), timedelta(days=2)]
