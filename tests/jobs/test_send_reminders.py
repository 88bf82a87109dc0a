"""The reminder job: one email, before the link expires, to candidates who have not
started, in organizations that turned reminders on; never twice, even from two workers."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.extensions import db
from app.jobs import send_reminders
from app.models import Invitation, InvitationEvent, Organization, OutboxMessage, Test
from app.scoring import draw
from tests.fixtures.definitions import NOW, invite

EXPIRES = NOW + timedelta(days=7)  # definitions.invite: links last 7 days
DUE = EXPIRES - timedelta(hours=47)  # within the 48 hours before expiry


@pytest.fixture
def reminding(organization: Organization) -> Organization:
    organization.reminder_hours_before = 48
    db.session.commit()
    return organization


def _reminders() -> list[dict[str, object]]:
    return [message.open_payload() for message in db.session.scalars(
        select(OutboxMessage).order_by(OutboxMessage.id))
        if message.open_payload()["template"] == "invitation_reminder"]


def _reloaded(invitation: Invitation) -> Invitation:
    db.session.expire_all()
    found = db.session.get(Invitation, invitation.id)
    assert found is not None
    return found


def test_it_reminds_a_candidate_who_has_not_started_once(reminding, basics_test: Test) -> None:
    invitation, link = invite(reminding, [basics_test])

    assert send_reminders.run_once(now=DUE) is True
    assert send_reminders.run_once(now=DUE) is False
    assert send_reminders.run_once(now=DUE + timedelta(hours=40)) is False

    [reminder] = _reminders()
    assert reminder["to"] == "olena@example.test"
    assert reminder["reply_to"] == "hr@acme.test"
    assert reminder["subject"] == "Reminder: your test from Acme Corp is waiting"
    text = " ".join(str(reminder["text"]).replace("\u202f", " ").split())  # CLDR: 9:00\u202fAM
    assert f"- {basics_test.name} " in text
    assert "Your link works until March 9, 2026, 9:00 AM UTC." in text
    assert ('the email "Your test invitation from Acme Corp" that we sent to this address '
            "on March 2, 2026, 9:00 AM UTC") in text
    # No link: the invitation's link stays the only one, and keeps working.
    assert link.removeprefix("/t/") not in text and "/t/" not in str(reminder["html"])
    invitation = _reloaded(invitation)
    assert invitation.reminder_sent_at == DUE
    [event] = db.session.scalars(select(InvitationEvent)).all()
    assert (event.invitation_id, event.kind, event.occurred_at, event.actor_id) == (
        invitation.id, "reminded", DUE, None)
    [message] = list(db.session.scalars(select(OutboxMessage)))
    assert message.invitation_id == invitation.id


def test_the_reminder_is_in_the_candidates_language(reminding, basics_test: Test) -> None:
    invite(reminding, [basics_test], language="uk")
    send_reminders.run_once(now=DUE)
    [reminder] = _reminders()
    assert reminder["language"] == "uk"
    assert '<html lang="uk"' in str(reminder["html"])


@pytest.mark.parametrize(("now", "due"), [
    (EXPIRES - timedelta(hours=48), True),  # exactly the window: due
    (EXPIRES - timedelta(hours=48, seconds=1), False),  # a second early
    (EXPIRES - timedelta(seconds=1), True),
    (EXPIRES, False),  # expired
])
def test_the_window_opens_at_the_organizations_hours_and_closes_at_expiry(
        reminding, basics_test: Test, now: datetime, due: bool) -> None:
    invite(reminding, [basics_test])
    assert send_reminders.run_once(now=now) is due
    assert len(_reminders()) == int(due)


def test_an_organization_without_reminders_sends_none(organization, basics_test: Test) -> None:
    invite(organization, [basics_test])
    assert send_reminders.run_once(now=DUE) is False
    assert _reminders() == []


def test_only_organizations_with_reminders_send_them(reminding, other_org_invitation,
                                                    basics_test: Test) -> None:
    invitation, _ = invite(reminding, [basics_test])
    assert send_reminders.run_once(now=DUE) is True
    assert [r["to"] for r in _reminders()] == ["olena@example.test"]
    assert _reloaded(other_org_invitation).reminder_sent_at is None
    assert _reloaded(invitation).reminder_sent_at == DUE


@pytest.fixture
def other_org_invitation(app: Flask, basics_test: Test) -> Invitation:
    globex = Organization(slug="globex", name="Globex", hr_email="hr@globex.test")
    db.session.add(globex)
    return invite(globex, [basics_test])[0]


def test_a_started_test_means_no_reminder(reminding, basics_test: Test) -> None:
    invitation, _ = invite(reminding, [basics_test])
    attempt = invitation.attempts[0]
    attempt.start(now=NOW, seed=1, layout=draw(basics_test.definition, 1),
                  time_limit_seconds=600)
    db.session.commit()
    assert send_reminders.run_once(now=DUE) is False
    assert _reminders() == []


def test_a_battery_with_one_test_done_gets_no_reminder(reminding, basics_test: Test) -> None:
    """They started: they know where the link is, and the break page told them the date."""
    from app.services.completion import finalize_attempt

    invitation, _ = invite(reminding, [basics_test, basics_test])
    first = invitation.attempts[0]
    first.start(now=NOW, seed=1, layout=draw(basics_test.definition, 1), time_limit_seconds=600)
    finalize_attempt(db.session, first, now=NOW, reason="submitted")
    db.session.commit()
    assert send_reminders.run_once(now=DUE) is False


def test_a_cancelled_invitation_gets_no_reminder(reminding, basics_test: Test) -> None:
    invitation, _ = invite(reminding, [basics_test])
    invitation.cancel(NOW)
    db.session.commit()
    assert send_reminders.run_once(now=DUE) is False


def test_an_expired_invitation_gets_no_reminder(reminding, basics_test: Test) -> None:
    invite(reminding, [basics_test], valid_days=1)
    assert send_reminders.run_once(now=NOW + timedelta(days=1, minutes=1)) is False


def test_an_invitation_already_reminded_gets_no_second_one(reminding, basics_test: Test) -> None:
    invitation, _ = invite(reminding, [basics_test])
    invitation.reminder_sent_at = NOW
    db.session.commit()
    assert send_reminders.run_once(now=DUE) is False
    assert _reminders() == []


def test_a_worker_that_chose_an_invitation_another_worker_reminded_sends_nothing(
        reminding, basics_test: Test) -> None:
    invitation, _ = invite(reminding, [basics_test])
    chosen = send_reminders.due_invitation_ids(db.session, DUE)  # worker B, before A claims
    assert chosen == [invitation.id]
    assert send_reminders.run_once(now=DUE) is True  # worker A
    assert send_reminders.remind(db.session, invitation.id, DUE) is False  # worker B
    assert len(_reminders()) == 1
    assert len(db.session.scalars(select(InvitationEvent)).all()) == 1


@pytest.mark.committing  # two workers, each with its own session and connection
def test_two_workers_racing_send_each_reminder_once(app: Flask, reminding,
                                                    basics_test: Test) -> None:
    invitations = [invite(reminding, [basics_test])[0] for _ in range(6)]
    start = threading.Barrier(2)
    sent: dict[str, int] = {}
    errors: list[BaseException] = []

    def worker(name: str) -> None:
        try:
            with app.app_context(), Session(db.engine) as session:
                due = send_reminders.due_invitation_ids(session, DUE)
                session.commit()
                start.wait()  # both chose every invitation before either claims one
                sent[name] = sum(send_reminders.remind(session, invitation_id, DUE)
                                 for invitation_id in due)
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(name,)) for name in ("w1", "w2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sent["w1"] + sent["w2"] == len(invitations)
    assert sorted(str(r["to"]) for r in _reminders()) == ["olena@example.test"] * 6
    assert len(db.session.scalars(select(InvitationEvent)).all()) == 6


def test_after_a_resend_it_points_to_the_newest_invitation_email(reminding,
                                                                 basics_test: Test) -> None:
    invitation, _ = invite(reminding, [basics_test])
    db.session.add(InvitationEvent(invitation_id=invitation.id, kind="resent",
                                   occurred_at=NOW + timedelta(days=3)))
    db.session.commit()
    send_reminders.run_once(now=DUE)
    [reminder] = _reminders()
    assert "that we sent to this address on March 5, 2026" in str(reminder["text"])
