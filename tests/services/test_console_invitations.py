"""Which invitations count as still open when the console asks before inviting the same
person to the same test again."""

from __future__ import annotations

from datetime import timedelta

from app.extensions import db
from app.models import Organization, Test
from app.scoring import draw
from app.services.console_invitations import open_invitations
from tests.fixtures.attempts import finished
from tests.fixtures.definitions import NOW, definition, invite
from tests.fixtures.factories import make_test

EMAIL = "OLENA@example.test"  # invite() uses olena@example.test: the case does not matter


def _open(organization: Organization, test: Test, days_later: float = 1):  # type: ignore[no-untyped-def]
    db.session.flush()
    return open_invitations(db.session, organization, [EMAIL], [test],
                            NOW + timedelta(days=days_later))


def test_an_unstarted_invitation_is_open_until_it_expires(organization, basics_test) -> None:
    invitation, _ = invite(organization, [basics_test])  # expires 7 days after NOW
    assert _open(organization, basics_test) == {"olena@example.test": [invitation]}
    assert _open(organization, basics_test, days_later=7) == {}


def test_a_test_under_way_stays_open_past_the_expiry(organization, basics_test) -> None:
    invitation, _ = invite(organization, [basics_test])
    attempt = invitation.attempts[0]
    attempt.start(now=NOW, seed=3, layout=draw(basics_test.definition, 3),
                  time_limit_seconds=basics_test.time_limit_seconds)
    assert _open(organization, basics_test, days_later=8) == {
        "olena@example.test": [invitation]}


def test_a_finished_invitation_is_not_open(organization, basics_test) -> None:
    finished(organization, basics_test, {})
    assert _open(organization, basics_test) == {}


def test_an_earlier_version_of_the_same_bank_counts(organization, basics_test) -> None:
    invitation, _ = invite(organization, [basics_test])
    basics_test.is_latest = False
    db.session.flush()
    newer = make_test(definition(name="Basics, revised"), version=2)
    assert _open(organization, newer) == {"olena@example.test": [invitation]}


def test_another_test_or_organization_does_not_count(organization, basics_test) -> None:
    other_org = Organization(slug="globex", name="Globex", hr_email="hr@globex.test")
    db.session.add(other_org)
    invite(other_org, [basics_test])
    invite(organization, [make_test(definition(slug="other"))])
    assert _open(organization, basics_test) == {}
