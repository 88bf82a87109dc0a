"""Taking a test: entering through the link, starting, moving between questions, finishing.

Use cases with explicit arguments (``now`` comes in with the :class:`Visit`); they change
the attempt and add rows to ``session`` but never commit: the view's single commit does.
Time decisions come from :mod:`app.services.clock`; answers and heartbeats live in
:mod:`app.services.answering`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import inspect, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.database import DbSession
from app.models import Attempt, Invitation, Response
from app.models.attempt import IN_PROGRESS, NOT_STARTED
from app.scoring import draw, new_seed
from app.services import clock, integrity
from app.services.attempt_layout import drawn_question, question_ids, section_definition
from app.services.attempt_locks import hold, hold_invitation, lock_attempt
from app.services.completion import finalize_attempt


@dataclass(frozen=True)
class Visit:
    """Who is calling and when: the facts a view passes in from the request."""

    now: datetime
    ip: str | None = None
    user_agent: str | None = None
    device: str | None = None  # a random id kept in the candidate's session


@dataclass(frozen=True)
class Outcome:
    """Where the candidate goes next.

    ``destination`` is ``question`` (at ``section``/``question``), ``review`` (of the
    current section) or ``done`` (the attempt is over: the next test, a break or thanks).
    ``notice`` says why, when it is not the candidate's own choice: ``time_up``,
    ``section_time_up``, ``too_late`` (an answer arrived after the grace and was not
    saved), ``section_closed`` (an answer to a locked section, not saved).
    """

    destination: str
    section: int = 0
    question: int = 0
    notice: str | None = None


class NothingToStart(Exception):
    """The invitation has no test that may be started now (expired, cancelled, all taken)."""


def running_attempt(invitation: Invitation) -> Attempt | None:
    return next((a for a in invitation.attempts if a.state == IN_PROGRESS), None)


def next_attempt(invitation: Invitation) -> Attempt | None:
    """The first test of the battery not started yet."""
    return next((a for a in invitation.attempts if a.state == NOT_STARTED), None)


def can_start_next(invitation: Invitation, now: datetime) -> bool:
    """A further test may start: none running, one waiting, the link neither cancelled nor
    expired (an expiry never cuts a running test short, but stops new ones)."""
    return (invitation.cancelled_at is None and now < invitation.expires_at
            and running_attempt(invitation) is None and next_attempt(invitation) is not None)


def settled_running_attempt(session: DbSession, invitation: Invitation,
                            now: datetime) -> tuple[Attempt | None, str | None]:
    """The running attempt after the clock is applied (None when it just ended), and the
    notice of what the clock did."""
    running = running_attempt(invitation)
    if running is None:
        return None, None
    notice = settle(session, running, now)
    return (running if running.state == IN_PROGRESS else None), notice


def enter(session: DbSession, invitation: Invitation, visit: Visit) -> Attempt | None:
    """The Start/Resume button of the landing page: resume the running test (recording a
    new device or browser) or start the next one. None when nothing is left to take now
    (e.g. the running test just ran out of time)."""
    hold_invitation(session, invitation)
    running = running_attempt(invitation)
    if running is not None:
        settle(session, running, visit.now)
        if running.state != IN_PROGRESS:
            return None
        integrity.observe_visit(session, running, now=visit.now, ip=visit.ip,
                                user_agent=visit.user_agent, device=visit.device)
        return running
    if can_start_next(invitation, visit.now):
        return start_next(session, invitation, visit)
    return None


def start_next(session: DbSession, invitation: Invitation, visit: Visit) -> Attempt:
    """Start the next test: fix its seed, draw its layout, set its deadline (with the
    invitation's extra time) and enter its first section.

    Raises NothingToStart when :func:`can_start_next` is false.
    """
    if not can_start_next(invitation, visit.now):
        raise NothingToStart()
    attempt = next_attempt(invitation)
    assert attempt is not None
    test = attempt.test
    seed = new_seed()
    attempt.start(now=visit.now, seed=seed, layout=draw(test.definition, seed),
                  time_limit_seconds=clock.scaled_seconds(test.time_limit_seconds,
                                                          invitation.extra_time_factor))
    integrity.observe_visit(session, attempt, now=visit.now, ip=visit.ip,
                            user_agent=visit.user_agent, device=visit.device)
    enter_section(session, attempt, 0, visit.now)
    return attempt


def enter_section(session: DbSession, attempt: Attempt, index: int, now: datetime, *,
                  reason: str = "submitted") -> None:
    """Move to section ``index`` (skipping sections that drew no question) and start its
    clock; past the last section the attempt is finalized with ``reason``."""
    layout = attempt.drawn
    while index < len(layout) and not layout[index].questions:
        index += 1
    if index >= len(layout):
        finalize(session, attempt, now, reason)
        return
    attempt.current_section = index
    attempt.current_question = 0
    section = section_definition(attempt.test.definition, layout[index].section)
    attempt.section_deadline_at = clock.section_deadline(
        attempt, section, now, attempt.invitation.extra_time_factor)


def finalize(session: DbSession, attempt: Attempt, now: datetime, reason: str) -> None:
    """Score what was saved and end the attempt (``submitted`` or ``timed_out``).

    Two requests may both find the attempt running and both end it (a double click on
    Submit; the page's own submit at zero beside a heartbeat): once it holds the attempt's
    row, a request reads the state again, so only the first one scores the attempt and
    queues the emails and the Greenhouse PATCH; the other takes the ended attempt as is.
    """
    if inspect(attempt).persistent:
        lock_attempt(session, attempt)
        with session.no_autoflush:
            state = session.scalar(select(Attempt.state).where(Attempt.id == attempt.id))
        if state != IN_PROGRESS:
            session.refresh(attempt)
            return
    accrue_time(attempt, now)
    finalize_attempt(session, attempt, now=now, reason=reason)


def settle(session: DbSession, attempt: Attempt, now: datetime, grace: int = 0) -> str | None:
    """Apply what the clock decided since the last request: finish the attempt past its
    deadline, lock a timed section past its deadline and move to the next one.

    ``grace`` (seconds) delays both, for requests that carry answers. Returns a notice
    (``time_up`` or ``section_time_up``) when something happened.
    """
    if attempt.state != IN_PROGRESS:
        return None
    if clock.test_time_is_up(attempt, now, grace):
        finalize(session, attempt, now, "timed_out")
        return "time_up"
    notice = None
    while attempt.state == IN_PROGRESS and clock.section_time_is_up(attempt, now, grace):
        accrue_time(attempt, now)
        enter_section(session, attempt, attempt.current_section + 1, now, reason="timed_out")
        notice = "section_time_up"
    return notice if attempt.state == IN_PROGRESS else "time_up"


def response_for(attempt: Attempt, question_id: str, now: datetime) -> Response:
    """The candidate's response row to a question, created empty on first need.

    Two requests of one attempt may both find no row yet: the row is inserted at once with
    ``ON CONFLICT DO NOTHING`` and read back, so the later request takes the row the
    earlier one made instead of failing on UNIQUE(attempt_id, question_id).
    """
    for response in attempt.responses:
        if response.question_id == question_id:
            return response
    session = Session.object_session(attempt)
    if session is None or not inspect(attempt).persistent:  # not stored (unit tests)
        response = Response(question_id=question_id, answer=None, flagged=False, revision=1,
                            time_spent_ms=0, saved_at=now)
        attempt.responses.append(response)
        return response
    lock_attempt(session, attempt)
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    with session.no_autoflush:
        session.execute(
            insert(Response)
            .values(attempt_id=attempt.id, question_id=question_id, flagged=False, revision=1,
                    time_spent_ms=0, saved_at=now)
            .on_conflict_do_nothing(index_elements=[Response.attempt_id, Response.question_id]))
        response = session.scalars(select(Response).where(
            Response.attempt_id == attempt.id, Response.question_id == question_id)).one()
    attempt.responses.append(response)
    return response


def accrue_time(attempt: Attempt, now: datetime) -> None:
    """Add the time since the last contact to the question the candidate was on.

    Measured on the server between page views, saves and heartbeats, so it works without
    JavaScript; one stretch counts at most ``clock.MAX_QUESTION_INTERVAL``. Callers hold
    the attempt first (:func:`app.services.attempt_locks.hold`), so requests that arrive
    together take turns and each measures from the last contact committed before it: no
    stretch is counted twice.
    """
    session = Session.object_session(attempt)
    if attempt.last_seen_at is not None and now > attempt.last_seen_at:
        elapsed = min(now - attempt.last_seen_at, clock.MAX_QUESTION_INTERVAL)
        current = drawn_question(attempt.drawn, attempt.current_section,
                                 attempt.current_question)
        if current is not None:
            response = response_for(attempt, current.id, now)
            _add_time(session, response, int(elapsed.total_seconds() * 1000))
    if attempt.last_seen_at is None or now > attempt.last_seen_at:
        attempt.last_seen_at = now


def _add_time(session: DbSession | None, response: Response, milliseconds: int) -> None:
    if session is None or response.id is None:
        response.time_spent_ms += milliseconds
        return
    # Added in SQL: another request may have added its own stretch since this row was read.
    session.execute(update(Response).where(Response.id == response.id)
                    .values(time_spent_ms=Response.time_spent_ms + milliseconds)
                    .execution_options(synchronize_session=False))
    session.expire(response, ["time_spent_ms"])


def _arrive(session: DbSession, attempt: Attempt, visit: Visit, *,
            observe: bool = True) -> str | None:
    """The start of every page request of a running attempt: hold its row, apply the
    clock (the notice of what it did is returned) and, while it still runs, note the
    visit's address, browser and device when ``observe``."""
    hold(session, attempt)
    notice = settle(session, attempt, visit.now)
    if observe and attempt.state == IN_PROGRESS:
        integrity.observe_visit(session, attempt, now=visit.now, ip=visit.ip,
                                user_agent=visit.user_agent, device=visit.device)
    return notice


def view_question(session: DbSession, attempt: Attempt, section: int, question: int,
                  visit: Visit) -> Outcome:
    """A question page is shown: settle the clock, keep the candidate within the current
    section (sections are taken in order), and start timing this question."""
    notice = _arrive(session, attempt, visit)
    if attempt.state != IN_PROGRESS:
        return Outcome("done", notice=notice)
    count = len(question_ids(attempt.drawn, attempt.current_section))
    if section != attempt.current_section or not 0 <= question < count:
        return Outcome("question", attempt.current_section, attempt.current_question, notice)
    accrue_time(attempt, visit.now)
    attempt.current_question = question
    return Outcome("question", section, question, notice)


def view_section_page(session: DbSession, attempt: Attempt, visit: Visit) -> Outcome:
    """The review or confirmation page of the current section is shown."""
    notice = _arrive(session, attempt, visit)
    if attempt.state != IN_PROGRESS:
        return Outcome("done", notice=notice)
    accrue_time(attempt, visit.now)
    return Outcome("review", attempt.current_section, attempt.current_question, notice)


def finish_section(session: DbSession, attempt: Attempt, section: int, visit: Visit) -> Outcome:
    """The candidate confirmed finishing section ``section``: it locks; the next section
    opens, or the whole test is submitted after the last one."""
    notice = _arrive(session, attempt, visit, observe=False)
    if attempt.state != IN_PROGRESS:
        return Outcome("done", notice=notice)
    if section != attempt.current_section:  # a stale page: the section already moved on
        return Outcome("question", attempt.current_section, attempt.current_question, notice)
    accrue_time(attempt, visit.now)
    enter_section(session, attempt, section + 1, visit.now, reason="submitted")
    if attempt.state != IN_PROGRESS:
        return Outcome("done")
    return Outcome("question", attempt.current_section, 0)
