"""Saving answers (page forms and background saves) and heartbeats.

Every answer is saved the moment it reaches the server, unless it arrives too late:
after the test deadline plus the grace, or for a section that is locked (finished, or
past its own deadline plus the grace). Rejected answers are not stored; answers saved
before are kept and scored. Background requests also report connection gaps, which the
organization's policy may credit back (``clock.gap_credit_seconds``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.database import DbSession
from app.models import Attempt
from app.models.attempt import IN_PROGRESS
from app.services import clock, integrity
from app.services.attempt_layout import position_of, question_ids
from app.services.attempt_locks import hold
from app.services.taking import Outcome, Visit, accrue_time, response_for, settle

# Passed as ``answer`` to leave the saved answer as it is (e.g. an invalid one at time-out).
KEEP = object()

# Navigation a page form asks for after saving.
MOVES = ("next", "prev", "stay", "flag", "review", "timeout", "go")


class UnknownQuestion(LookupError):
    """The question id is not part of this attempt's layout (or not of that section)."""


@dataclass(frozen=True)
class SaveResult:
    saved: bool
    reason: str | None = None  # when not saved: too_late, section_closed, finished


def rejection(attempt: Attempt, section: int, visit: Visit, grace: int) -> str | None:
    """Why an answer to a question of ``section`` may not be stored now, or None."""
    if attempt.state != IN_PROGRESS:
        return "finished"
    if clock.test_time_is_up(attempt, visit.now, grace):
        return "too_late"
    if section != attempt.current_section or clock.section_time_is_up(attempt, visit.now, grace):
        return "section_closed"
    return None


def store_answer(attempt: Attempt, question_id: str, answer: Any, flagged: bool | None,
                 visit: Visit) -> None:
    """Write the answer (and flag) of a question; bump the revision when anything changed."""
    response = response_for(attempt, question_id, visit.now)
    # A row nothing was saved in yet (made empty, e.g. to count time) takes its first save
    # as revision 1: the revision counts saves.
    never_saved = response.revision == 1 and response.answer is None and not response.flagged
    changed = False
    if answer is not KEEP and response.answer != answer:
        response.answer = answer
        changed = True
    if flagged is not None and response.flagged != flagged:
        response.flagged = flagged
        changed = True
    if changed:
        if not never_saved:
            response.revision += 1
        response.saved_at = visit.now


def save_page(session: DbSession, attempt: Attempt, *, question_id: str, answer: Any,
              move: str, go_to: int | None, visit: Visit, grace: int) -> Outcome:
    """A question page was submitted (no JavaScript, or a button): save its answer, then
    move as asked. ``move`` is one of MOVES; ``flag`` toggles the flag and stays.

    Raises UnknownQuestion when the question is not in the attempt.
    """
    hold(session, attempt)
    if attempt.state != IN_PROGRESS:
        return Outcome("done")
    position = position_of(attempt.drawn, question_id)
    if position is None:
        raise UnknownQuestion(question_id)
    section, index = position
    integrity.observe_visit(session, attempt, now=visit.now, ip=visit.ip,
                            user_agent=visit.user_agent, device=visit.device)
    refused = rejection(attempt, section, visit, grace)
    if refused is None:
        flagged = None
        if move == "flag":
            flagged = not response_for(attempt, question_id, visit.now).flagged
        store_answer(attempt, question_id, answer, flagged, visit)
    accrue_time(attempt, visit.now)
    notice = settle(session, attempt, visit.now)
    if refused is not None:
        notice = refused
    if attempt.state != IN_PROGRESS:
        return Outcome("done", notice=notice)
    if attempt.current_section != section:
        return Outcome("question", attempt.current_section, attempt.current_question, notice)
    count = len(question_ids(attempt.drawn, section))
    target = _target(move, index, go_to, count)
    if target is None:
        return Outcome("review", section, index, notice)
    attempt.current_question = target
    return Outcome("question", section, target, notice)


def _target(move: str, index: int, go_to: int | None, count: int) -> int | None:
    """The question index to show next; None for the section's review page."""
    if move == "review" or (move == "next" and index + 1 >= count):
        return None
    if move == "next":
        return index + 1
    if move == "prev":
        return max(0, index - 1)
    if move == "go" and go_to is not None:
        return min(max(0, go_to), count - 1)
    return index


def save_answer(session: DbSession, attempt: Attempt, *, question_id: str, answer: Any,
                flagged: bool | None, visit: Visit, grace: int,
                offline_ms: int = 0) -> SaveResult:
    """A background save from the page's script.

    Raises UnknownQuestion when the question is not in the attempt.
    """
    hold(session, attempt)
    position = position_of(attempt.drawn, question_id)
    if position is None:
        raise UnknownQuestion(question_id)
    if attempt.state != IN_PROGRESS:
        return SaveResult(saved=False, reason="finished")
    note_contact(session, attempt, visit, offline_ms)
    refused = rejection(attempt, position[0], visit, grace)
    if refused is None:
        store_answer(attempt, question_id, answer, flagged, visit)
    accrue_time(attempt, visit.now)
    settle(session, attempt, visit.now, grace)
    return SaveResult(saved=refused is None, reason=refused)


def heartbeat(session: DbSession, attempt: Attempt, *, visit: Visit, grace: int,
              offline_ms: int, events: object) -> None:
    """The page is alive: record its batched integrity events, observe connection gaps and
    time on the current question, and settle the clock (with the grace, since answers may
    still be on their way)."""
    hold(session, attempt)
    if attempt.state != IN_PROGRESS:
        return
    note_contact(session, attempt, visit, offline_ms)
    integrity.record_client_events(session, attempt, events, visit.now)
    accrue_time(attempt, visit.now)
    settle(session, attempt, visit.now, grace)


def is_quiet_contact(attempt: Attempt, visit: Visit, grace: int, offline_ms: int) -> bool:
    """True when a background request would change nothing on the attempt but its answers
    and the time counted: it is in progress, no deadline (with the grace) has passed so
    :func:`settle` does nothing, and :func:`note_contact` records no gap and no change of
    address, browser or device. app.services.quick_contact serves such requests."""
    if attempt.state != IN_PROGRESS:
        return False
    if clock.test_time_is_up(attempt, visit.now, grace) or clock.section_time_is_up(
            attempt, visit.now, grace):
        return False
    if (attempt.last_seen_at is not None and visit.now - attempt.last_seen_at > clock.GAP_THRESHOLD
            and max(0, int(offline_ms)) // 1000 >= 1):
        return False
    return integrity.visit_is_known(attempt, ip=visit.ip, user_agent=visit.user_agent,
                                    device=visit.device)


def note_contact(session: DbSession, attempt: Attempt, visit: Visit, offline_ms: int) -> None:
    """A background request arrived: record a connection gap when the page was silent for
    longer than ``clock.GAP_THRESHOLD`` *and* says it could not reach us (a sleeping laptop
    or a throttled background tab is silence, not a broken connection), and credit it back
    when the organization's policy says so. Also notes address, browser and device."""
    if attempt.last_seen_at is not None:
        silence = visit.now - attempt.last_seen_at
        client_offline = max(0, int(offline_ms)) // 1000
        if silence > clock.GAP_THRESHOLD and client_offline >= 1:
            server_gap = int(silence.total_seconds())
            organization = attempt.invitation.organization
            credit = clock.gap_credit_seconds(
                server_gap_seconds=server_gap, client_offline_seconds=client_offline,
                already_credited=attempt.credited_seconds,
                enabled=organization.credit_connection_gaps,
                max_total=organization.max_gap_credit_seconds)
            if credit:
                attempt.credit_time(credit)
            integrity.record_gap(session, attempt, now=visit.now, server_gap_seconds=server_gap,
                                 client_offline_seconds=min(client_offline, server_gap),
                                 credited_seconds=credit,
                                 policy_enabled=organization.credit_connection_gaps)
    integrity.observe_visit(session, attempt, now=visit.now, ip=visit.ip,
                            user_agent=visit.user_agent, device=visit.device)
