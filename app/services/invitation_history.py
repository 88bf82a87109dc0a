"""An invitation's history for its console page, assembled from what is already stored.

Nothing is written for the history's sake: what the candidate did is read from the
invitation and its attempts, grades from Grade rows, deliveries from the outbox rows
about the invitation, and what the team did from InvitationEvent rows. Five statements,
however long the history. Labels are worded here (in the request's language) so every
reader of the history says the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from app.database import DbSession
from app.models import Grade, Invitation, InvitationEvent, OutboxMessage, Response, User
from app.models.outbox import FAILED, SENT
from app.services.completion import GREENHOUSE_PATCH
from app.services.mail import EMAIL_KIND
from app.webhooks import WEBHOOK


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    kind: str  # sent, opened, started, submitted, timed_out, scored, graded, email_queued, ...
    label: str  # one sentence, translated
    detail: str | None = None  # an error message, as the receiver gave it


def _sent_label(invitation: Invitation, sender: str | None) -> str:
    if sender:
        return _("Invitation sent by %(member)s", member=sender)
    return {
        "greenhouse": _("Invitation sent from Greenhouse"),
        "api": _("Invitation sent through the API"),
        "cli": _("Invitation sent from the command line"),
    }.get(invitation.source, _("Invitation sent from the console"))


def _members(session: DbSession, ids: set[int | None]) -> dict[int, str]:
    wanted = {member_id for member_id in ids if member_id is not None}
    if not wanted:
        return {}
    rows = session.execute(select(User.id, User.email).where(User.id.in_(wanted)))
    return {row.id: row.email for row in rows}


def _attempt_entries(invitation: Invitation) -> list[HistoryEntry]:
    entries = []
    for attempt in invitation.attempts:
        test = attempt.test.name
        if attempt.started_at:
            entries.append(HistoryEntry(attempt.started_at, "started",
                                        _("Started %(test)s", test=test)))
        if attempt.finished_at:
            if attempt.finish_reason == "timed_out":
                entries.append(HistoryEntry(attempt.finished_at, "timed_out",
                                            _("Time ran out on %(test)s", test=test)))
            else:
                entries.append(HistoryEntry(attempt.finished_at, "submitted",
                                            _("Submitted %(test)s", test=test)))
        if attempt.completed_at and attempt.completed_at != attempt.finished_at:
            # Final only after a person graded the essays; otherwise it was at submission.
            entries.append(HistoryEntry(attempt.completed_at, "scored",
                                        _("Result of %(test)s is final", test=test)))
    return entries


def _grade_entries(session: DbSession, invitation: Invitation) -> list[HistoryEntry]:
    names = {attempt.id: attempt.test.name for attempt in invitation.attempts}
    rows = session.execute(
        select(Grade.graded_at, Grade.grader_name, Response.attempt_id, Response.question_id)
        .join(Response, Response.id == Grade.response_id)
        .where(Response.attempt_id.in_(names)))
    return [HistoryEntry(row.graded_at, "graded", _(
        "Question %(question)s of %(test)s graded by %(grader)s", question=row.question_id,
        test=names[row.attempt_id], grader=row.grader_name)) for row in rows]


def _outbox_entries(session: DbSession, invitation: Invitation) -> list[HistoryEntry]:
    entries = []
    for message in session.scalars(select(OutboxMessage)
                                   .where(OutboxMessage.invitation_id == invitation.id)):
        to = message.recipient or ""
        if message.kind == EMAIL_KIND:
            words = (_("Email to %(to)s queued", to=to), _("Email to %(to)s delivered", to=to),
                     _("Email to %(to)s failed", to=to))
        elif message.kind == GREENHOUSE_PATCH:
            words = (_("Result for Greenhouse queued"), _("Result delivered to Greenhouse"),
                     _("Result could not be delivered to Greenhouse"))
        elif message.kind == WEBHOOK:
            words = (_("Webhook to %(host)s queued", host=to),
                     _("Webhook to %(host)s delivered", host=to),
                     _("Webhook to %(host)s failed", host=to))
        else:
            continue
        entries.append(HistoryEntry(message.created_at, f"{message.kind}_queued", words[0]))
        if message.status == SENT and message.sent_at:
            entries.append(HistoryEntry(message.sent_at, f"{message.kind}_delivered", words[1]))
        elif message.status == FAILED and message.failed_at:
            entries.append(HistoryEntry(message.failed_at, f"{message.kind}_failed", words[2],
                                        message.last_error))
    return entries


def _event_label(event: InvitationEvent, actor: str, members: dict[int, str]) -> str:
    detail: dict[str, Any] = event.detail or {}
    if event.kind == "resent":
        return _("Invitation email sent again with a new link by %(member)s", member=actor)
    if event.kind == "extended":
        return _("Expiry moved to %(date)s by %(member)s",
                 date=str(detail.get("expires_at", ""))[:10], member=actor)
    if event.kind == "cancelled":
        return _("Invitation cancelled by %(member)s", member=actor)
    if event.kind == "reminded":
        return _("Reminder before expiry queued")
    if event.kind == "results_link_reissued":
        return _("Results link reissued by %(member)s; earlier links stopped working",
                 member=actor)
    reviewer = members.get(detail.get("reviewer_id") or 0)
    if reviewer:
        return _("%(reviewer)s assigned to review by %(member)s", reviewer=reviewer,
                 member=actor)
    return _("Reviewer unassigned by %(member)s", member=actor)


def _event_entries(session: DbSession, invitation: Invitation) -> list[HistoryEntry]:
    events = list(session.scalars(select(InvitationEvent)
                                  .where(InvitationEvent.invitation_id == invitation.id)))
    members = _members(session, {event.actor_id for event in events}
                       | {(event.detail or {}).get("reviewer_id") for event in events})
    nobody = _("Assay")  # the worker or the command line: no member acted
    return [HistoryEntry(event.occurred_at, event.kind, _event_label(
        event, members.get(event.actor_id or 0, nobody), members)) for event in events]


def invitation_history(session: DbSession, invitation: Invitation) -> list[HistoryEntry]:
    """Everything that happened to ``invitation``, oldest first (equal times keep the order
    in which things happen: sent before opened before started)."""
    sender = _members(session, {invitation.created_by_id}).get(invitation.created_by_id or 0)
    entries = [HistoryEntry(invitation.created_at, "sent", _sent_label(invitation, sender))]
    if invitation.opened_at:
        entries.append(HistoryEntry(invitation.opened_at, "opened",
                                    _("The candidate opened the link")))
    entries += _attempt_entries(invitation)
    entries += _grade_entries(session, invitation)
    entries += _outbox_entries(session, invitation)
    entries += _event_entries(session, invitation)
    return sorted(entries, key=lambda entry: entry.at)  # stable: ties keep the order above
