"""``assay grade`` and ``assay results show``: grading essays and reading results from a shell."""

from __future__ import annotations

import getpass
import json

import click
from flask import current_app

from app.domain import AttemptState
from app.extensions import db
from app.models import Attempt, Invitation, utcnow
from app.results.queries import find_attempt, invitation_report, load_invitation
from app.results.report import AttemptReport, InvitationReport
from app.security.results_links import results_url
from app.services.grading import GradingError, drawn_question_ids, grade_response

STATUS_WORDS = {state.value: state.value.replace("_", " ") for state in AttemptState}


def _lookup(ref: str) -> tuple[Invitation, Attempt | None]:
    """An invitation id (iv_...) or attempt id (at_...) to its invitation (and attempt)."""
    attempt = find_attempt(db.session, ref)
    invitation = load_invitation(db.session, attempt.invitation.public_id if attempt else ref)
    if invitation is None:
        raise click.ClickException(f"No invitation or attempt {ref!r}.")
    return invitation, attempt


def _attempt_with_question(invitation: Invitation, question_id: str) -> Attempt:
    matches = [a for a in invitation.attempts if question_id in drawn_question_ids(a)]
    if not matches:
        raise click.ClickException(f"No test of invitation {invitation.public_id} drew the "
                                   f"question {question_id!r}.")
    if len(matches) > 1:
        ids = ", ".join(a.public_id for a in matches)
        raise click.ClickException(f"Several tests drew {question_id!r}; give the attempt id "
                                   f"({ids}).")
    return matches[0]


@click.command("grade")
@click.argument("ref", metavar="INVITATION_OR_ATTEMPT_ID")
@click.argument("question_id")
@click.argument("points", nargs=-1, required=True, type=float)
@click.option("--note", help="A note for the hiring team.")
@click.option("--grader", help="Who grades (default: your login name).")
def grade(ref: str, question_id: str, points: tuple[float, ...], note: str | None,
          grader: str | None) -> None:
    """Grade the essay QUESTION_ID: POINTS are one number per rubric criterion, in the
    rubric's order (a question without a rubric takes one total); 2.5 is fine.

    Regrading is allowed and kept in the grade history; the last essay graded completes
    the attempt, which queues the completion email and, for Greenhouse invitations, the
    result PATCH. Console members grade in the console; this records the typed name.
    """
    invitation, attempt = _lookup(ref)
    attempt = attempt or _attempt_with_question(invitation, question_id)
    try:
        given = grade_response(db.session, attempt, question_id, list(points), note,
                               grader or _login_name(), utcnow())
    except GradingError as error:
        db.session.rollback()
        raise click.ClickException(_criterion_error(error)) from None
    db.session.commit()
    click.echo(f"Graded {question_id} of {attempt.public_id}: {given.points:g} point(s).")
    if attempt.state == AttemptState.COMPLETED:
        click.echo(f"The attempt is completed: {attempt.score_percent:g}% "
                   f"({'pass' if attempt.passed else 'fail'}).")
    else:
        pending = sum(1 for q in (attempt.result or {}).get("questions", {}).values()
                      if q.get("status") == "pending")
        click.echo(f"Score so far {attempt.score_percent:g}%; {pending} essay(s) still to grade.")


def _criterion_error(error: GradingError) -> str:
    """The service's sentence, saying which criterion (counted from 1) it is about."""
    if error.field.startswith("criterion-"):
        return f"Criterion {int(error.field.removeprefix('criterion-')) + 1}: {error}"
    return str(error)


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "command line"


@click.group("results")
def results() -> None:
    """Results of invitations."""


@results.command("show")
@click.argument("ref", metavar="INVITATION_OR_ATTEMPT_ID")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def show(ref: str, as_json: bool) -> None:
    """Print the result summary of an invitation (every test) and its results link."""
    invitation, _attempt = _lookup(ref)
    report = invitation_report(
        db.session, invitation,
        percentile_minimum=current_app.config["PERCENTILE_MIN_CANDIDATES"])
    link = results_url(current_app.config["BASE_URL"], invitation.public_id,
                       invitation.results_link_version)
    if as_json:
        click.echo(json.dumps({**report.to_dict(), "results_url": link}))
        return
    for line in _summary_lines(report):
        click.echo(line)
    click.echo(f"Results page: {link}")


def _summary_lines(report: InvitationReport) -> list[str]:
    lines = [f"{report.candidate_name} <{report.candidate_email}>, {report.organization_name}",
             f"Invitation {report.invitation_id}"
             + (" (cancelled)" if report.cancelled_at else "")]
    for attempt in report.attempts:
        lines.extend(_attempt_lines(attempt))
    return lines


def _attempt_lines(attempt: AttemptReport) -> list[str]:
    lines = ["", (f"{attempt.test_name} (v{attempt.test_version}), attempt {attempt.attempt_id}: "
                  f"{STATUS_WORDS.get(attempt.state, attempt.state)}")]
    if not attempt.is_finished:
        return lines
    verdict = ("pass" if attempt.passed else "fail") if attempt.passed is not None else \
        f"provisional, {attempt.essays_to_grade} essay(s) to grade"
    lines.append(f"  Score {attempt.score_percent:g}% ({verdict}; pass mark "
                 f"{attempt.pass_mark:g}%), {attempt.points:g} of {attempt.max_points:g} points")
    for section in attempt.sections:
        lines.append(f"  - {section.title}: {section.points:g}/{section.max_points:g} "
                     f"({section.percent:g}%, weight {section.weight:g})")
    if attempt.percentile is not None:
        lines.append(f"  Percentile {attempt.percentile.rank:g} among "
                     f"{attempt.percentile.candidates} other candidates")
    timing, used = attempt.timing, attempt.time_used  # capped at the time allowed
    if used.used_seconds is not None:
        reason = {"submitted": "submitted", "timed_out": "time ran out"}.get(
            timing.finish_reason or "", timing.finish_reason or "")
        lines.append(f"  Time used {used.used_seconds / 60:.1f} of "
                     f"{used.allowed_seconds / 60:.1f} min; {reason}")
    return lines


COMMANDS = [grade, results]
