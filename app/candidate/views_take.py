"""Taking a test: question pages (plain forms that save first), review, finish, breaks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from flask import current_app, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from werkzeug.wrappers import Response

from app.candidate import bp
from app.candidate.access import attempt_required, candidate_required, current_visit
from app.candidate.presenters import (
    NavEntry,
    clock_view,
    navigator,
    question_view,
    review_entries,
    section_view,
    test_summary,
)
from app.domain import AttemptState
from app.extensions import db
from app.models import Attempt
from app.questions import AnswerError, type_of
from app.services import answering, taking
from app.services.attempt_layout import drawn_question, questions_by_id
from app.services.taking import Outcome
from app.web.boundary import MAX_INDEX, whole_number

NOTICES = ("time_up", "section_time_up", "too_late", "section_closed", "section_finished")


def _notice() -> str | None:
    notice = request.args.get("notice")
    return notice if notice in NOTICES else None


def destination(attempt: Attempt, outcome: Outcome) -> str:
    """The URL an outcome of a service leads to."""
    notice = outcome.notice if outcome.notice in NOTICES else None
    if outcome.destination == "done":
        return url_for("candidate.take", notice=notice)
    if outcome.destination == "review":
        return url_for("candidate.review", attempt_id=attempt.public_id, notice=notice)
    return url_for("candidate.question", attempt_id=attempt.public_id, section=outcome.section,
                   question=outcome.question, notice=notice)


def _page_context(attempt: Attempt, now: datetime) -> dict[str, object]:
    section = attempt.current_section
    return {"attempt": attempt, "test": attempt.test, "invitation": attempt.invitation,
            "section": section_view(attempt, section), "clock": clock_view(attempt, now),
            "last_section": section + 1 >= len(attempt.drawn), "notice": _notice()}


@bp.get("/take")
@candidate_required
def take() -> Response | str:
    """Where the candidate stands: the running test's question, a break before the next
    test, or the end."""
    invitation = g.invitation
    now = current_visit().now
    running, notice = taking.settled_running_attempt(db.session, invitation, now)
    db.session.commit()
    if running is not None:
        return redirect(destination(running, Outcome(
            "question", running.current_section, running.current_question, notice)))
    notice = notice or _notice()
    finished = [a for a in invitation.attempts if a.is_finished]
    if taking.can_start_next(invitation, now):
        upcoming = taking.next_attempt(invitation)
        return render_template("candidate/break.html", invitation=invitation, notice=notice,
                               finished=finished, upcoming=upcoming,
                               next_test=upcoming and test_summary(
                                   upcoming, len(finished) + 1, str(get_locale())),
                               position=len(finished) + 1, total=len(invitation.attempts))
    return render_template("candidate/done.html", invitation=invitation, notice=notice,
                           finished=finished)


def entered(attempt: Attempt | None) -> str:
    """Where Start (or the next test's button) leads: straight to the running test's
    question, one redirect instead of two on a slow phone; else /take, which says where
    the candidate stands. Built before the commit, which would expire the attempt."""
    if attempt is None or attempt.state != AttemptState.IN_PROGRESS:
        return url_for("candidate.take")
    return destination(attempt, Outcome("question", attempt.current_section,
                                        attempt.current_question))


@bp.post("/take/next")
@candidate_required
def next_test() -> Response:
    try:
        started: Attempt | None = taking.start_next(db.session, g.invitation, current_visit())
    except taking.NothingToStart:
        started = None  # a second click, or the invitation expired meanwhile
    location = entered(started)
    db.session.commit()
    return redirect(location)


@bp.get("/take/<id:attempt_id>/<index:section>/<index:question>")
@attempt_required()
def question(attempt: Attempt, section: int, question: int) -> Response | tuple[str, int]:
    visit = current_visit()
    outcome = taking.view_question(db.session, attempt, section, question, visit)
    if outcome != Outcome("question", section, question, outcome.notice):
        db.session.commit()
        return redirect(destination(attempt, outcome))
    # Rendered from what this request holds, then committed: a commit first would make the
    # page read the attempt, its test and answers, the invitation and organization again.
    page = render_question(attempt, section, question, visit.now)
    db.session.commit()
    return page


def render_question(attempt: Attempt, section: int, index: int, now: datetime,
                    error: str | None = None, status: int = 200) -> tuple[str, int]:
    submitted = request.form if error else None
    return render_template(
        "candidate/question.html", question=question_view(attempt, section, index, submitted),
        navigator=navigator(attempt, section, index), error=error,
        **_page_context(attempt, now)), status


def _move() -> tuple[str, int | None]:
    go = whole_number(request.form.get("go", ""), MAX_INDEX)
    if go is not None:
        return "go", go
    move = request.form.get("move", "stay")
    return (move if move in answering.MOVES else "stay"), None


@bp.post("/take/<id:attempt_id>/<index:section>/<index:question>")
@attempt_required()
def save(attempt: Attempt, section: int, question: int) -> Response | tuple[str, int]:
    """A question page's form: save the answer first, then go where the button says."""
    visit = current_visit()
    drawn = drawn_question(attempt.drawn, section, question)
    if drawn is None or drawn.id != request.form.get("question_id"):
        return redirect(url_for("candidate.take"))  # a stale or altered form
    move, go_to = _move()
    definition = questions_by_id(attempt.test.definition)[drawn.id]
    try:
        answer = type_of(definition).parse_form(definition, request.form)
    except AnswerError as error:
        if move != "timeout" and attempt.state == AttemptState.IN_PROGRESS:
            return render_question(attempt, section, question, visit.now, error.message, 422)
        answer = answering.KEEP
    outcome = answering.save_page(
        db.session, attempt, question_id=drawn.id, answer=answer, move=move, go_to=go_to,
        visit=visit, grace=current_app.config["ANSWER_GRACE_SECONDS"])
    db.session.commit()
    if outcome.notice in ("too_late", "section_closed"):
        return render_template("candidate/late.html", reason=outcome.notice, attempt=attempt,
                               invitation=attempt.invitation,
                               next_url=destination(attempt, Outcome(
                                   outcome.destination, outcome.section, outcome.question))), 409
    return redirect(destination(attempt, outcome))


@bp.get("/take/<id:attempt_id>/review")
@attempt_required()
def review(attempt: Attempt) -> Response | str:
    """Every question of the section, unanswered and flagged ones listed first."""
    return _section_page(attempt, "candidate/review.html", detailed=True)


@bp.get("/take/<id:attempt_id>/finish")
@attempt_required()
def confirm_finish(attempt: Attempt) -> Response | str:
    """The confirmation before a section is locked (or the test submitted)."""
    return _section_page(attempt, "candidate/confirm.html")


def _section_page(attempt: Attempt, template: str, *, detailed: bool = False) -> Response | str:
    """``detailed``: each question with its prompt's start and its answer (the review)."""
    visit = current_visit()
    outcome = taking.view_section_page(db.session, attempt, visit)
    db.session.commit()
    if outcome.destination == "done":
        return redirect(destination(attempt, outcome))
    section = attempt.current_section
    entries: Sequence[NavEntry] = (review_entries(attempt, section) if detailed
                                   else navigator(attempt, section, None))
    return render_template(template, entries=entries,
                           unanswered=[e for e in entries if not e.answered],
                           flagged=[e for e in entries if e.flagged],
                           **_page_context(attempt, visit.now))


@bp.post("/take/<id:attempt_id>/finish")
@attempt_required()
def finish(attempt: Attempt) -> Response:
    section = whole_number(request.form.get("section", ""), MAX_INDEX)
    if section is None:
        return redirect(url_for("candidate.confirm_finish", attempt_id=attempt.public_id))
    outcome = taking.finish_section(db.session, attempt, section, current_visit())
    db.session.commit()
    if outcome.destination == "question" and outcome.notice is None:
        outcome = Outcome("question", outcome.section, outcome.question, "section_finished")
    return redirect(destination(attempt, outcome))
